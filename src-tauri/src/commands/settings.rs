use tauri::State;
use xinfang::desk::CalendarImport;
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

/// Imports a calendar file (whole years) and says which open due dates moved; one that takes
/// published days away needs `confirmed` (the UI asks first).
#[tauri::command(rename_all = "snake_case")]
pub async fn calendar_import(
    state: State<'_, DeskState>,
    json: String,
    source: String,
    confirmed: Option<bool>,
) -> UiResult<CalendarImport> {
    Ok(state
        .desk()?
        .import_calendar(&json, &source, confirmed.unwrap_or(false))
        .await?)
}
