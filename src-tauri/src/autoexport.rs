//! The automatic export (同步 → 设置): the office's minute timer (`timer`) checks
//! whether the office's automatic export is due (`Desk::sync_export_if_due`, which decides
//! with the pure `auto_export_is_due`) and writes the next package into the configured folder.
//!
//! Exports never overlap: the timer and the clerk's 导出 button share one lock. When the
//! clerk's export runs, the timer skips its turn; when the timer's runs, the button says so.
//! A package written (or a failure) is kept for the status screen and sent to the window as
//! the `sync-auto-export` event.

use std::sync::Mutex;

use chrono::{DateTime, Utc};
use serde::Serialize;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::{Mutex as AsyncMutex, MutexGuard};
use ts_rs::TS;
use xinfang::desk::sync::SyncExport;

use crate::error::{UiError, UiResult};
use crate::state::DeskState;

/// The event the window listens to.
pub const EVENT: &str = "sync-auto-export";

/// The outcome of the timer's last export that did something.
#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct AutoExportRun {
    pub at: DateTime<Utc>,
    /// The package written.
    pub export: Option<SyncExport>,
    /// Why it failed (it is tried again at the next check).
    pub error: Option<UiError>,
}

#[derive(Default)]
pub struct SyncRunner {
    /// Held while a package is written.
    busy: AsyncMutex<()>,
    last: Mutex<Option<AutoExportRun>>,
}

impl SyncRunner {
    /// The export lock, or a message for the clerk when an export is running already.
    pub fn begin_export(&self) -> UiResult<MutexGuard<'_, ()>> {
        self.busy.try_lock().map_err(|_| {
            UiError::new(
                "sync_busy",
                "正在导出同步包（可能是自动导出），请等它完成后再试",
            )
        })
    }

    pub fn exporting(&self) -> bool {
        self.busy.try_lock().is_err()
    }

    pub fn last_run(&self) -> Option<AutoExportRun> {
        self.last.lock().map(|l| l.clone()).unwrap_or(None)
    }

    fn remember(&self, run: AutoExportRun) {
        if let Ok(mut last) = self.last.lock() {
            *last = Some(run);
        }
    }
}

pub async fn check(app: &AppHandle) {
    let state = app.state::<DeskState>();
    let Ok(desk) = state.desk() else {
        return;
    };
    let runner = app.state::<SyncRunner>();
    // The clerk is exporting: this turn is skipped, the next check sees the new package.
    let Ok(_guard) = runner.busy.try_lock() else {
        return;
    };
    let now = desk.now();
    let run = match desk.sync_export_if_due(now).await {
        // Off, not due, or nothing new since the last package (no package is written then).
        Ok(None) => return,
        Ok(Some(export)) if export.path.is_none() => return,
        Ok(Some(export)) => AutoExportRun {
            at: now,
            export: Some(export),
            error: None,
        },
        // Before the first start's setup there is nothing to export.
        Err(xinfang::desk::sync::SyncFailure::Store(xinfang::Error::NotInitialized)) => return,
        Err(e) => AutoExportRun {
            at: now,
            export: None,
            error: Some(e.into()),
        },
    };
    runner.remember(run.clone());
    let _ = app.emit(EVENT, run);
}
