//! 设置 › 审计: the office's record checked against its hash chain.

use tauri::State;
use xinfang::desk::ChainReport;

use crate::error::UiResult;
use crate::state::DeskState;

#[tauri::command(rename_all = "snake_case")]
pub async fn audit_verify(state: State<'_, DeskState>) -> UiResult<ChainReport> {
    Ok(state.desk()?.audit_verify().await?)
}
