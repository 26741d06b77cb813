//! 同步: export and import of sync packages, keys, conflicts, history and the automatic export
//! (`Desk::sync_*`). Long exports and imports report progress through a Tauri channel.

use std::path::PathBuf;

use serde::Serialize;
use tauri::ipc::Channel;
use tauri::State;
use ts_rs::TS;
use xinfang::desk::sync::{
    Keep, KeyExport, KeyFileInfo, SyncConflict, SyncHistory, SyncImportReport, SyncSettings,
    SyncStatus, TrustResult,
};
use xinfang::desk::sync::{SyncExport, SyncProgress};

use crate::autoexport::{AutoExportRun, SyncRunner};
use crate::error::{UiError, UiResult};
use crate::state::DeskState;

/// A path typed by the clerk: required, and complete (the app's working folder means nothing
/// to the clerk).
pub(crate) fn path_arg(value: &str, field: &str, label: &str) -> UiResult<PathBuf> {
    let value = value.trim();
    let invalid = |message: String| UiError {
        field: Some(field.into()),
        ..UiError::new("invalid_input", message)
    };
    if value.is_empty() {
        return Err(invalid(format!("请填写{label}")));
    }
    let path = PathBuf::from(value);
    if !path.is_absolute() {
        return Err(invalid(format!(
            "{label}应为完整路径（如 /home/信访/同步包），不能是“{value}”"
        )));
    }
    Ok(path)
}

/// The screen's status: the automatic export's settings, last export and next due, open
/// conflicts, and what the app's timer did last.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct SyncScreenStatus {
    #[serde(flatten)]
    pub status: SyncStatus,
    /// An export is being written now (the clerk's or the timer's).
    pub exporting: bool,
    pub last_auto: Option<AutoExportRun>,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sync_status(
    state: State<'_, DeskState>,
    runner: State<'_, SyncRunner>,
) -> UiResult<SyncScreenStatus> {
    Ok(SyncScreenStatus {
        status: state.desk()?.sync_status().await?,
        exporting: runner.exporting(),
        last_auto: runner.last_run(),
    })
}

/// Writes the next package (or, with `full`, everything this office owns) into `out_dir`.
/// No package when nothing changed since the last one (`path` is null then).
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_export(
    state: State<'_, DeskState>,
    runner: State<'_, SyncRunner>,
    out_dir: String,
    full: bool,
    on_progress: Channel<SyncProgress>,
) -> UiResult<SyncExport> {
    let desk = state.desk()?;
    let out = path_arg(&out_dir, "out_dir", "导出文件夹")?;
    let _exporting = runner.begin_export()?;
    Ok(desk
        .sync_export(&out, full, move |p| {
            let _ = on_progress.send(p.clone());
        })
        .await?)
}

/// Verifies a package completely, then applies it in one transaction, or refuses it whole.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_import(
    state: State<'_, DeskState>,
    file: String,
    on_progress: Channel<SyncProgress>,
) -> UiResult<SyncImportReport> {
    let desk = state.desk()?;
    let file = path_arg(&file, "file", "同步包文件")?;
    Ok(desk
        .sync_import(&file, move |p| {
            let _ = on_progress.send(p.clone());
        })
        .await?)
}

/// Writes this office's public-key file (created with the office key on first use).
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_key_export(state: State<'_, DeskState>, file: String) -> UiResult<KeyExport> {
    let desk = state.desk()?;
    let file = path_arg(&file, "key_file", "公钥文件路径")?;
    Ok(desk.sync_key_export(&file).await?)
}

/// What a public-key file says (office, fingerprint), before it is trusted.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_key_file(state: State<'_, DeskState>, file: String) -> UiResult<KeyFileInfo> {
    let desk = state.desk()?;
    let file = path_arg(&file, "trust_file", "公钥文件")?;
    Ok(desk.sync_key_file(&file).await?)
}

/// Trusts another office's public-key file (after comparing its fingerprint by telephone).
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_trust(state: State<'_, DeskState>, file: String) -> UiResult<TrustResult> {
    let desk = state.desk()?;
    let file = path_arg(&file, "trust_file", "公钥文件")?;
    Ok(desk.sync_trust(&file).await?)
}

/// Forgets an office's key: the deliberate first step of replacing it.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_untrust(state: State<'_, DeskState>, office_code: String) -> UiResult<()> {
    Ok(state.desk()?.sync_untrust(&office_code).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sync_history(
    state: State<'_, DeskState>,
    limit: Option<u32>,
) -> UiResult<SyncHistory> {
    Ok(state.desk()?.sync_history(limit.unwrap_or(100)).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn sync_conflicts(
    state: State<'_, DeskState>,
    include_resolved: bool,
) -> UiResult<Vec<SyncConflict>> {
    Ok(state.desk()?.sync_conflicts(include_resolved).await?)
}

/// Keeps this office's or the other office's version: one transaction, on the timeline.
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_resolve(
    state: State<'_, DeskState>,
    id: i64,
    keep: Keep,
) -> UiResult<SyncConflict> {
    Ok(state.desk()?.sync_resolve(id, keep).await?)
}

/// Turns the automatic export on (a folder and every N hours) or off (no folder).
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_settings_set(
    state: State<'_, DeskState>,
    settings: SyncSettings,
) -> UiResult<SyncSettings> {
    let desk = state.desk()?;
    let settings = match settings.folder.as_deref() {
        Some(folder) if !folder.trim().is_empty() => {
            let folder = path_arg(folder, "folder", "自动导出文件夹")?;
            SyncSettings {
                folder: Some(folder.display().to_string()),
                ..settings
            }
        }
        _ => SyncSettings::default(),
    };
    Ok(desk.set_sync_settings(settings).await?)
}

/// Masks ID and phone numbers in the packages exported from now on (or stops masking).
#[tauri::command(rename_all = "snake_case")]
pub async fn sync_masking_set(state: State<'_, DeskState>, masked: bool) -> UiResult<bool> {
    Ok(state.desk()?.set_sync_masking(masked).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_required_and_complete() {
        let empty = path_arg("  ", "out_dir", "导出文件夹").unwrap_err();
        assert_eq!(empty.message, "请填写导出文件夹");
        assert_eq!(empty.field.as_deref(), Some("out_dir"));
        let relative = path_arg("同步包", "file", "同步包文件").unwrap_err();
        assert_eq!(
            relative.message,
            "同步包文件应为完整路径（如 /home/信访/同步包），不能是“同步包”"
        );
        assert_eq!(
            path_arg(" /mnt/u盘/同步 ", "out_dir", "导出文件夹").unwrap(),
            PathBuf::from("/mnt/u盘/同步")
        );
    }
}
