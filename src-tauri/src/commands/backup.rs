//! 备份: a backup of the office to a folder (checked, rotated), the backups in a folder, a check
//! of one, and a restore that replaces the open database (`DeskState::restore`).

use std::path::PathBuf;

use tauri::{AppHandle, State};
use xinfang::desk::backup::{self, BackupCheck, BackupCreated, BackupInfo, Restored};
use xinfang::desk::backup_schedule::{BackupSchedule, BackupScheduleStatus};
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

/// 恢复: replaces the office's database with a checked backup of the same office; nobody is
/// signed in to the restored database afterwards.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_restore(
    app: AppHandle,
    state: State<'_, DeskState>,
    path: String,
) -> UiResult<Restored> {
    let path = path_arg(&path, "path", "备份")?;
    let restored = state.restore(&path).await?;
    crate::health::recheck(app);
    Ok(restored)
}

/// 定时备份: the schedule, what it last did and when it is next due.
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_schedule(state: State<'_, DeskState>) -> UiResult<BackupScheduleStatus> {
    Ok(state.desk()?.backup_schedule_status().await?)
}

/// Turns the scheduled backup on (a folder, a time of day, a rotation) or off (no folder).
#[tauri::command(rename_all = "snake_case")]
pub async fn backup_schedule_set(
    state: State<'_, DeskState>,
    schedule: BackupSchedule,
) -> UiResult<BackupScheduleStatus> {
    let folder = match schedule.folder.as_deref() {
        Some(folder) if !folder.trim().is_empty() => Some(
            path_arg(folder, "folder", "备份文件夹")?
                .display()
                .to_string(),
        ),
        _ => None,
    };
    let schedule = BackupSchedule { folder, ..schedule };
    Ok(state.desk()?.set_backup_schedule(schedule).await?)
}
