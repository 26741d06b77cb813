//! The office's minute timer, started with the window: what the office scheduled runs on it,
//! one after the other (the automatic export, then the scheduled backup), so that two of them
//! never write at the same moment.

use std::time::Duration;

use tauri::AppHandle;

/// The first check, a little after the window opened (not to slow the start).
const FIRST_CHECK: Duration = Duration::from_secs(15);
/// Then every minute: the schedules are set in hours and minutes, a minute late is on time.
const CHECK_EVERY: Duration = Duration::from_secs(60);

/// Starts the timer; it lives as long as the app.
pub fn start(app: AppHandle) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(FIRST_CHECK).await;
        loop {
            crate::autoexport::check(&app).await;
            crate::autobackup::check(&app).await;
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}
