//! The start-up check, run in the background once the window is up: the database's quick
//! check and every document's hash. The window asks for the result after signing in.

use std::sync::Mutex;
use std::time::Duration;

use tauri::{AppHandle, Manager};
use xinfang::desk::StartupCheck;

use crate::error::{UiError, UiResult};
use crate::state::DeskState;

/// Not to compete with the first screen for the disk.
const AFTER: Duration = Duration::from_secs(2);

#[derive(Default)]
pub struct Health {
    /// `None` while the check runs.
    result: Mutex<Option<UiResult<StartupCheck>>>,
}

pub fn start(app: AppHandle) {
    check_after(app, AFTER);
}

/// Checks again, as on a start: the database was replaced by a restore.
pub fn recheck(app: AppHandle) {
    *app.state::<Health>().result.lock().expect("health lock") = None;
    check_after(app, Duration::ZERO);
}

fn check_after(app: AppHandle, after: Duration) {
    tauri::async_runtime::spawn(async move {
        tokio::time::sleep(after).await;
        let state = app.state::<DeskState>();
        let result = match state.desk() {
            Ok(desk) => desk.startup_check().await.map_err(UiError::from),
            Err(e) => Err(e),
        };
        *app.state::<Health>().result.lock().expect("health lock") = Some(result);
    });
}

/// The start-up check's result, `None` while it runs.
#[tauri::command(rename_all = "snake_case")]
pub fn startup_check(health: tauri::State<'_, Health>) -> UiResult<Option<StartupCheck>> {
    match &*health.result.lock().expect("health lock") {
        None => Ok(None),
        Some(Ok(check)) => Ok(Some(check.clone())),
        Some(Err(e)) => Err(e.clone()),
    }
}
