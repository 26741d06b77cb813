//! 重复信访: the earlier cases a registration being typed, or a registered case, may repeat.

use tauri::State;
use xinfang::domain::repeats::{RepeatCandidate, RepeatProbe};

use crate::error::UiResult;
use crate::state::DeskState;

/// The candidates for a registration as it is typed (before it has a case number).
#[tauri::command(rename_all = "snake_case")]
pub async fn registration_repeats(
    state: State<'_, DeskState>,
    probe: RepeatProbe,
) -> UiResult<Vec<RepeatCandidate>> {
    Ok(state.desk()?.repeat_candidates(&probe).await?)
}

/// The earlier cases a registered case may repeat.
#[tauri::command(rename_all = "snake_case")]
pub async fn case_repeats(
    state: State<'_, DeskState>,
    case_no: String,
) -> UiResult<Vec<RepeatCandidate>> {
    Ok(state.desk()?.repeat_candidates_of(&case_no).await?)
}
