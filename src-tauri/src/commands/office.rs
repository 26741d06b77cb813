use tauri::State;
use xinfang::desk::demo::DemoSummary;
use xinfang::desk::{NewAccount, Office};

use crate::error::UiResult;
use crate::state::DeskState;

/// First start: set up the office running this copy.
#[tauri::command(rename_all = "snake_case")]
pub async fn office_init(
    state: State<'_, DeskState>,
    office: Office,
    admin: NewAccount,
) -> UiResult<Office> {
    Ok(state.desk()?.init_office(office, admin).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn office_update(state: State<'_, DeskState>, office: Office) -> UiResult<Office> {
    Ok(state.desk()?.update_office(office).await?)
}

/// First start, instead of the setup: the demo office with a year of cases.
#[tauri::command(rename_all = "snake_case")]
pub async fn demo_load(state: State<'_, DeskState>, count: Option<u32>) -> UiResult<DemoSummary> {
    Ok(state.desk()?.load_demo(count.unwrap_or(360)).await?)
}
