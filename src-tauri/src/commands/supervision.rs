//! 督查督办: today's suggestions, confirmed into a letter or dismissed; the supervisions by organ.

use tauri::State;

use xinfang::desk::SupervisionRow;
use xinfang::domain::case::Case;
use xinfang::domain::supervision::{Suggestion, SupervisionSettings, SupervisionTrigger};

use crate::error::UiResult;
use crate::state::DeskState;

#[tauri::command(rename_all = "snake_case")]
pub async fn supervision_suggestions(state: State<'_, DeskState>) -> UiResult<Vec<Suggestion>> {
    Ok(state.desk()?.supervision_suggestions().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supervision_confirm(
    state: State<'_, DeskState>,
    case_no: String,
    trigger: SupervisionTrigger,
    basis: String,
    note: Option<String>,
    authority: Option<String>,
) -> UiResult<Case> {
    Ok(state
        .desk()?
        .confirm_suggestion(&case_no, trigger, &basis, note, authority)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supervision_dismiss(
    state: State<'_, DeskState>,
    case_no: String,
    trigger: SupervisionTrigger,
    basis: String,
    reason: String,
) -> UiResult<()> {
    Ok(state
        .desk()?
        .dismiss_suggestion(&case_no, trigger, &basis, &reason)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supervisions_list(state: State<'_, DeskState>) -> UiResult<Vec<SupervisionRow>> {
    Ok(state.desk()?.supervisions().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supervision_settings(state: State<'_, DeskState>) -> UiResult<SupervisionSettings> {
    Ok(state.desk()?.supervision_settings().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn supervision_settings_set(
    state: State<'_, DeskState>,
    settings: SupervisionSettings,
) -> UiResult<SupervisionSettings> {
    Ok(state.desk()?.set_supervision_settings(settings).await?)
}
