//! The office database, opened once when the window starts and held in Tauri state.

use std::path::{Path, PathBuf};

use xinfang::{Clock, Desk};

use crate::error::{UiError, UiResult};

pub struct DeskState {
    path: PathBuf,
    /// The opened database, or why it could not be opened (shown by the UI instead of a crash).
    desk: Result<Desk, UiError>,
}

impl DeskState {
    pub fn open(path: PathBuf) -> DeskState {
        let desk = match Clock::from_env() {
            Ok(clock) => tauri::async_runtime::block_on(Desk::open_with_clock(&path, clock))
                .map_err(|e| {
                    UiError::new(
                        "database_unavailable",
                        format!("无法打开案件数据库 {}：{e}", path.display()),
                    )
                }),
            Err(e) => Err(UiError::new("invalid_clock", e.to_string())),
        };
        if let Ok(desk) = &desk {
            // The window locks after the office's idle time (15 minutes until it is set).
            let minutes = tauri::async_runtime::block_on(desk.idle_lock_minutes())
                .unwrap_or(xinfang::domain::account::DEFAULT_IDLE_LOCK_MINUTES);
            desk.set_idle_lock(Some(std::time::Duration::from_secs(
                u64::from(minutes) * 60,
            )));
        }
        DeskState { path, desk }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn desk(&self) -> UiResult<&Desk> {
        self.desk.as_ref().map_err(Clone::clone)
    }

    pub fn open_error(&self) -> Option<UiError> {
        self.desk.as_ref().err().cloned()
    }
}
