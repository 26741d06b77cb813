use tauri::State;
use xinfang::desk::{read_calendar, CalendarImport};
use xinfang::domain::calendar::CalendarYear;
use xinfang::domain::localities::Localities;
use xinfang::domain::period::RuleSet;

use crate::error::UiResult;
use crate::state::DeskState;

#[tauri::command(rename_all = "snake_case")]
pub fn period_rules_get(state: State<'_, DeskState>) -> UiResult<RuleSet> {
    Ok(state.desk()?.period_rules())
}

#[tauri::command(rename_all = "snake_case")]
pub async fn period_rules_set(state: State<'_, DeskState>, rules: RuleSet) -> UiResult<RuleSet> {
    Ok(state.desk()?.set_period_rules(rules).await?)
}

/// The townships and villages 问题属地 is picked from.
#[tauri::command(rename_all = "snake_case")]
pub async fn localities_list(state: State<'_, DeskState>) -> UiResult<Localities> {
    Ok(state.desk()?.localities().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn localities_set(
    state: State<'_, DeskState>,
    localities: Localities,
) -> UiResult<Localities> {
    Ok(state.desk()?.set_localities(localities).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub fn calendar_year(state: State<'_, DeskState>, year: i32) -> UiResult<CalendarYear> {
    Ok(state.desk()?.calendar_year(year)?)
}

/// Imports a calendar (whole years) as the clerk picked or pasted it (`source` names it: an
/// .xlsx of days, a JSON file, or the State Council's notice as text) and says which open due
/// dates moved; `preview` changes nothing. One that takes published days away needs
/// `confirmed` (the UI shows the preview first).
#[tauri::command(rename_all = "snake_case")]
pub async fn calendar_import(
    state: State<'_, DeskState>,
    content: Vec<u8>,
    source: String,
    confirmed: Option<bool>,
    preview: Option<bool>,
) -> UiResult<CalendarImport> {
    let desk = state.desk()?;
    let file = read_calendar(&source, &content)?;
    if preview.unwrap_or(false) {
        return Ok(desk.preview_calendar(&file).await?);
    }
    Ok(desk
        .import_calendar(&file, &source, confirmed.unwrap_or(false))
        .await?)
}
