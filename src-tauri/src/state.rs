//! The office database, opened when the window starts and held in Tauri state; replaced whole
//! when a backup is restored from the window.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use xinfang::desk::backup::Restored;
use xinfang::{Clock, Desk, Error};

use crate::error::{UiError, UiResult};

pub struct DeskState {
    path: PathBuf,
    /// The opened database, or why it could not be opened (shown by the UI instead of a crash).
    desk: RwLock<Result<Arc<Desk>, UiError>>,
}

fn unavailable(path: &Path, e: &Error) -> UiError {
    UiError::new(
        "database_unavailable",
        format!("无法打开案件数据库 {}：{e}", path.display()),
    )
}

/// The window locks after the office's idle time (15 minutes until it is set).
async fn with_idle_lock(desk: Desk) -> Arc<Desk> {
    let minutes = desk
        .idle_lock_minutes()
        .await
        .unwrap_or(xinfang::domain::account::DEFAULT_IDLE_LOCK_MINUTES);
    desk.set_idle_lock(Some(std::time::Duration::from_secs(
        u64::from(minutes) * 60,
    )));
    Arc::new(desk)
}

impl DeskState {
    pub fn open(path: PathBuf) -> DeskState {
        let desk = match Clock::from_env() {
            Ok(clock) => tauri::async_runtime::block_on(async {
                match Desk::open_with_clock(&path, clock).await {
                    Ok(desk) => Ok(with_idle_lock(desk).await),
                    Err(e) => Err(unavailable(&path, &e)),
                }
            }),
            Err(e) => Err(UiError::new("invalid_clock", e.to_string())),
        };
        DeskState {
            path,
            desk: RwLock::new(desk),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn desk(&self) -> UiResult<Arc<Desk>> {
        match self.desk.read() {
            Ok(d) => d.clone(),
            Err(_) => Err(UiError::new("internal", "程序内部状态损坏，请重新启动")),
        }
    }

    pub fn open_error(&self) -> Option<UiError> {
        self.desk().err()
    }

    fn replace(&self, desk: Result<Arc<Desk>, UiError>) {
        if let Ok(mut d) = self.desk.write() {
            *d = desk;
        }
    }

    /// Restores `backup` over the open database and holds the result; commands that arrive
    /// meanwhile are told to wait.
    pub async fn restore(&self, backup: &Path) -> UiResult<Restored> {
        let desk = self.desk()?;
        self.replace(Err(UiError::new(
            "restoring",
            "正在从备份恢复数据库，请稍候再试",
        )));
        let restore = desk.restore_in_place(backup).await;
        match restore.reopened {
            None => self.replace(Ok(desk)),
            Some(Ok(reopened)) => self.replace(Ok(with_idle_lock(reopened).await)),
            Some(Err(e)) => self.replace(Err(unavailable(&self.path, &e))),
        }
        Ok(restore.outcome?)
    }
}
