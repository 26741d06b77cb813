//! The scheduled backup (设置 › 备份): the office's minute timer (`timer`) asks the core
//! whether it is due (`Desk::backup_if_due`, which decides with the pure `backup_due_at` and
//! records what happened for the settings screen), and tells the window when one ran.

use tauri::{AppHandle, Emitter, Manager};

use crate::state::DeskState;

/// The event the window listens to: a scheduled backup was written or failed.
pub const EVENT: &str = "backup-scheduled";

pub async fn check(app: &AppHandle) {
    let state = app.state::<DeskState>();
    let Ok(desk) = state.desk() else {
        return;
    };
    // Off, not due, or before the first start's setup (no office yet): nothing to say.
    if let Ok(Some(_)) = desk.backup_if_due(desk.now()).await {
        let _ = app.emit(EVENT, ());
    }
}
