//! 备份: a backup of the office to a folder (checked, rotated), the backups in a folder, and a
//! check of one. Restoring replaces the open database, so it runs with the app closed
//! (`xinfang backup restore`).

use std::path::PathBuf;

use tauri::State;
use xinfang::desk::backup::{self, BackupCheck, BackupCreated, BackupInfo};
use xinfang::domain::retention::Rotation;

use super::sync::path_arg;
use crate::error::UiResult;
use crate::state::DeskState;

#[tauri::command(rename_all = "snake_case")]
pub async fn backup_create(
    state: State<'_, DeskState>,
    folder: String,
    rotation: Option<Rotation>,
) -> UiResult<BackupCreated> {
    let folder = path_arg(&folder, "folder", "备份文件夹")?;
    Ok(state
        .desk()?
        .backup_create(&folder, rotation.unwrap_or_default())
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn backup_list(folder: String) -> UiResult<Vec<BackupInfo>> {
    let folder: PathBuf = path_arg(&folder, "folder", "备份文件夹")?;
    Ok(backup::backup_list(&folder)?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn backup_verify(path: String) -> UiResult<BackupCheck> {
    let path = path_arg(&path, "path", "备份")?;
    Ok(backup::backup_verify(&path).await?)
}
