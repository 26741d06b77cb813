//! 重复信访 and 越级访: the earlier cases a registration being typed, or a registered case, may
//! repeat, and whether a visit skips the level that should take it.

use tauri::State;
use xinfang::domain::case::Channel;
use xinfang::domain::level_skip::LevelSkip;
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

/// 越级访: whether this office should take a visit as it is typed (its locality, the repeat it
/// was linked to).
#[tauri::command(rename_all = "snake_case")]
pub async fn registration_level_skip(
    state: State<'_, DeskState>,
    channel: Channel,
    locality_code: String,
    repeat_of: Option<String>,
) -> UiResult<Option<LevelSkip>> {
    Ok(state
        .desk()?
        .level_skip_probe(channel, &locality_code, repeat_of.as_deref())
        .await?)
}
