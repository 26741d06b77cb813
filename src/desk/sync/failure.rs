//! Errors of export and import over the store: the package layer's [`SyncError`], the store's
//! [`Error`], and the refusals that only the store can decide (a record of the wrong office, an
//! event of an unknown case, one's own package).
//!
//! The CLI maps [`SyncFailure::is_refusal`] to exit code 2 and everything else to 1; the UI
//! shows `{code, message}` from [`SyncFailure::code`] and Display.

use crate::sync::SyncError;
use crate::Error;

#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncFailure {
    /// The package is unreadable, unsigned, altered, out of sequence… (checked before anything
    /// is written), or a key file cannot be used.
    #[error(transparent)]
    Package(#[from] SyncError),

    /// The database, or a rule of the core (not initialised, invalid input).
    #[error(transparent)]
    Store(#[from] Error),

    /// A package this office wrote itself: importing it would make its own cases foreign.
    #[error("这是本机构（{office_code}）自己导出的同步包，不能导入本机")]
    OwnPackage { office_code: String },

    /// A record that breaks a rule of the record format or of ownership. The whole package is
    /// refused and the transaction rolled back.
    #[error("同步包 {kind} 第 {line} 条记录被拒绝：{reason}，整个同步包未导入")]
    BadRecord {
        kind: String,
        line: u64,
        reason: String,
    },

    /// The office's own key cannot be trusted as another office's key.
    #[error("公钥文件属于本机构（{office_code}），无需登记为信任的外机构公钥")]
    OwnKey { office_code: String },

    /// No trusted key is registered for the office named.
    #[error("没有登记机构 {office_code} 的公钥")]
    NotTrusted { office_code: String },

    #[error("找不到编号为 {0} 的同步冲突")]
    ConflictNotFound(i64),

    #[error("同步冲突 {0} 已经处理过")]
    ConflictResolved(i64),
}

impl SyncFailure {
    /// True when the package, key file or request is refused (exit code 2), as opposed to a
    /// local failure (disk, database).
    pub fn is_refusal(&self) -> bool {
        match self {
            SyncFailure::Package(e) => e.is_refusal(),
            SyncFailure::Store(e) => e.is_bad_input(),
            SyncFailure::OwnPackage { .. }
            | SyncFailure::BadRecord { .. }
            | SyncFailure::OwnKey { .. }
            | SyncFailure::NotTrusted { .. }
            | SyncFailure::ConflictNotFound(_)
            | SyncFailure::ConflictResolved(_) => true,
        }
    }

    /// Stable snake_case name, for `{code, message}` in the UI and for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            SyncFailure::Package(e) => e.code(),
            SyncFailure::Store(e) => e.code(),
            SyncFailure::OwnPackage { .. } => "own_package",
            SyncFailure::BadRecord { .. } => "bad_record",
            SyncFailure::OwnKey { .. } => "own_key",
            SyncFailure::NotTrusted { .. } => "not_trusted",
            SyncFailure::ConflictNotFound(_) => "conflict_not_found",
            SyncFailure::ConflictResolved(_) => "conflict_resolved",
        }
    }

    pub(crate) fn bad_record(kind: &str, line: u64, reason: impl Into<String>) -> Self {
        SyncFailure::BadRecord {
            kind: kind.to_owned(),
            line,
            reason: reason.into(),
        }
    }
}

impl From<sqlx::Error> for SyncFailure {
    fn from(e: sqlx::Error) -> Self {
        SyncFailure::Store(Error::Database(e))
    }
}

impl From<std::io::Error> for SyncFailure {
    fn from(e: std::io::Error) -> Self {
        SyncFailure::Store(Error::Io(e))
    }
}
