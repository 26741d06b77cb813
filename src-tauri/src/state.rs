//! The office database, opened once when the window starts and held in Tauri state.

use std::path::{Path, PathBuf};

use xinfang::Desk;

use crate::error::{UiError, UiResult};

pub struct DeskState {
    path: PathBuf,
    /// The opened database, or why it could not be opened (shown by the UI instead of a crash).
    desk: Result<Desk, UiError>,
}

impl DeskState {
    pub fn open(path: PathBuf) -> DeskState {
        let desk = tauri::async_runtime::block_on(Desk::open(&path)).map_err(|e| {
            UiError::new(
                "database_unavailable",
                format!("无法打开案件数据库 {}：{e}", path.display()),
            )
        });
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
