//! 法定途径清单 and the routing proposal: the list in use, its .xlsx import and export, the rows
//! proposed for a case, and the directory of authorities.

use std::path::PathBuf;

use tauri::State;
use xinfang::desk::ChannelImport;
use xinfang::domain::authorities::Directory;
use xinfang::domain::channels::ChannelList;
use xinfang::domain::routing::{FieldAccuracy, Proposal};

use crate::error::UiResult;
use crate::state::DeskState;

#[tauri::command(rename_all = "snake_case")]
pub async fn channels_list(state: State<'_, DeskState>) -> UiResult<ChannelList> {
    Ok(state.desk()?.channel_list().await?)
}

/// Imports a list from an .xlsx or .json file as a new version (`version` names it when the
/// sheet does not).
#[tauri::command(rename_all = "snake_case")]
pub async fn channels_import(
    state: State<'_, DeskState>,
    path: PathBuf,
    version: Option<String>,
) -> UiResult<ChannelImport> {
    let version = version.filter(|v| !v.trim().is_empty());
    Ok(state
        .desk()?
        .import_channels_file(&path, version.as_deref())
        .await?)
}

/// Writes the list in use to an .xlsx (or .json) file, for Excel.
#[tauri::command(rename_all = "snake_case")]
pub async fn channels_export(state: State<'_, DeskState>, path: PathBuf) -> UiResult<ChannelList> {
    Ok(state.desk()?.export_channels_file(&path).await?)
}

/// The directory of authorities decisions and letters pick names from.
#[tauri::command(rename_all = "snake_case")]
pub async fn authorities_list(state: State<'_, DeskState>) -> UiResult<Directory> {
    Ok(state.desk()?.authorities().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_propose(state: State<'_, DeskState>, case_no: String) -> UiResult<Vec<Proposal>> {
    Ok(state.desk()?.propose_routing(&case_no).await?)
}

/// How often the clerks took the first proposal, or one of the three, on classified cases.
#[tauri::command(rename_all = "snake_case")]
pub async fn routing_accuracy(state: State<'_, DeskState>) -> UiResult<FieldAccuracy> {
    Ok(state.desk()?.routing_accuracy().await?)
}

/// The rows proposed for a registration as it is typed (before it has a case number).
#[tauri::command(rename_all = "snake_case")]
pub async fn registration_propose(
    state: State<'_, DeskState>,
    title: String,
    content: String,
) -> UiResult<Vec<Proposal>> {
    Ok(state
        .desk()?
        .propose_routing_for_text(&title, &content)
        .await?)
}
