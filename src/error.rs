//! The one error type of the core. Display is Chinese: it reaches clerks as it is.

use crate::domain::calendar::CalendarError;
use crate::domain::case::Status;
use crate::domain::workflow::{ActionKind, WorkflowError};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field a person typed cannot be accepted.
    #[error("{field}：{reason}")]
    Invalid { field: String, reason: String },
    /// The rules refuse the action in the case's current status.
    #[error("案件当前状态为“{}”，不能{}：{reason}", status.label(), action.label())]
    Forbidden {
        status: Status,
        action: ActionKind,
        reason: String,
    },
    #[error("{0}")]
    Calendar(#[from] CalendarError),
    #[error("找不到信访件“{0}”")]
    CaseNotFound(String),
    #[error("尚未设置本机信访机构，请先完成初始化")]
    NotInitialized,
    #[error("本机已设置为“{0}”，不能重复初始化")]
    AlreadyInitialized(String),
    #[error("找不到案件数据库 {}：请检查路径，或先用 xinfang init 初始化（xinfang demo 生成演示数据）", .0.display())]
    NoDatabase(std::path::PathBuf),
    #[error("{} 不是本程序的案件数据库（可能是其他程序的文件），未做任何改动", .0.display())]
    ForeignDatabase(std::path::PathBuf),
    #[error("数据库中的记录已损坏：{0}")]
    Corrupt(String),
    #[error("数据库操作失败：{0}")]
    Database(#[from] sqlx::Error),
    #[error("数据库升级失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("文件读写失败：{0}")]
    Io(#[from] std::io::Error),
    /// Fonts, layout or PDF writing of a formal document.
    #[error("{0}")]
    Document(#[from] crate::documents::DocumentError),
    #[error("找不到文书“{0}”")]
    DocumentNotFound(String),
    /// Stored documents whose file changed or went missing (`xinfang notice verify`).
    #[error("{count}份文书校验未通过：{names}")]
    DocumentsAltered { count: usize, names: String },
}

impl From<WorkflowError> for Error {
    fn from(e: WorkflowError) -> Self {
        match e {
            WorkflowError::Invalid { field, reason } => Error::Invalid { field, reason },
            WorkflowError::Forbidden {
                status,
                action,
                reason,
            } => Error::Forbidden {
                status,
                action,
                reason,
            },
        }
    }
}

impl Error {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Error {
        Error::Invalid {
            field: field.into(),
            reason: reason.into(),
        }
    }

    /// A stable machine-readable code for the UI and scripts.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid_input",
            Error::Forbidden { .. } => "forbidden_action",
            Error::Calendar(_) => "invalid_calendar",
            Error::CaseNotFound(_) => "case_not_found",
            Error::NotInitialized => "not_initialized",
            Error::AlreadyInitialized(_) => "already_initialized",
            Error::NoDatabase(_) => "no_database",
            Error::ForeignDatabase(_) => "foreign_database",
            Error::Corrupt(_) => "corrupt_record",
            Error::Database(_) => "database",
            Error::Migrate(_) => "migration",
            Error::Io(_) => "io",
            Error::Document(_) => "document",
            Error::DocumentNotFound(_) => "document_not_found",
            Error::DocumentsAltered { .. } => "documents_altered",
        }
    }

    /// Whether the fault lies in what was asked (exit code 2) rather than in the machine.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::Invalid { .. }
                | Error::Forbidden { .. }
                | Error::Calendar(_)
                | Error::CaseNotFound(_)
                | Error::NotInitialized
                | Error::NoDatabase(_)
                | Error::ForeignDatabase(_)
                | Error::AlreadyInitialized(_)
                | Error::DocumentNotFound(_)
                | Error::Document(
                    crate::documents::DocumentError::MissingGlyph { .. }
                        | crate::documents::DocumentError::MissingField(_)
                )
        )
    }
}
