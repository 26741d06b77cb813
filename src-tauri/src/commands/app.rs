use serde::Serialize;
use tauri::State;

use crate::error::UiResult;
use crate::DbPath;

#[derive(Debug, Serialize)]
pub struct AppInfo {
    pub version: String,
    pub db_path: String,
}

/// Version of the program and the database it works on.
#[tauri::command]
pub fn app_info(db: State<'_, DbPath>) -> UiResult<AppInfo> {
    Ok(AppInfo {
        version: env!("CARGO_PKG_VERSION").to_string(),
        db_path: db.0.display().to_string(),
    })
}
