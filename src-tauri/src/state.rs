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
