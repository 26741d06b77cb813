//! The one error type of the core. Display is Chinese: it reaches clerks as it is.

use crate::domain::calendar::CalendarError;
use crate::domain::case::Status;
use crate::domain::workflow::{ActionKind, WorkflowError};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A field a person typed cannot be accepted.
    #[error("{}", crate::domain::wording::invalid_message(field, reason))]
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
    /// A calendar import that would take published days away (see `Desk::import_calendar`).
    #[error("{}", removed_days_text(.0))]
    CalendarRemovesDays(Vec<crate::domain::calendar::CalendarEntry>),
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
    #[error("数据库文件 {} 为只读：可以查看，不能登记或修改（如需办理，请检查文件的权限或所在磁盘）", .0.display())]
    ReadOnlyDatabase(std::path::PathBuf),
    #[error("数据库文件 {} 为只读，而它需要先升级到本程序的版本才能打开：请在可写的位置用本程序打开一次", .0.display())]
    ReadOnlyOutdated(std::path::PathBuf),
    #[error("数据库中的记录已损坏：{0}")]
    Corrupt(String),
    #[error("数据库操作失败：{0}")]
    Database(#[from] sqlx::Error),
    #[error("数据库升级失败：{0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("文件读写失败：{}", crate::domain::wording::io_reason(.0))]
    Io(#[from] std::io::Error),
    /// A sheet (.xlsx) that cannot be taken as it is, by row and column.
    #[error("{0}")]
    Sheet(#[from] crate::sheets::SheetError),
    /// Fonts, layout or PDF writing of a formal document.
    #[error("{0}")]
    Document(#[from] crate::documents::DocumentError),
    #[error("找不到文书“{0}”")]
    DocumentNotFound(String),
    /// Another office's document, received by sync: only its issuer voids or reissues it.
    #[error("文书“{doc_no}”属于机构 {office_code}，由同步导入，本机只能查看，不能作废或重新出具")]
    ForeignDocument { doc_no: String, office_code: String },
    /// The PDF of a new document would replace a file already there.
    #[error("文书文件 {} 已存在，未覆盖：请检查文书文件夹是否被其他数据库共用，或在设置中为本机构另选文书文件夹", .0.display())]
    DocumentFileExists(std::path::PathBuf),
    /// Stored documents whose file changed or went missing (`xinfang notice verify`).
    #[error("{count}份文书校验未通过：{names}")]
    DocumentsAltered { count: usize, names: String },
    #[error("{} 不是备份文件夹（其中没有 backup.json），未做任何改动", .0.display())]
    NoBackup(std::path::PathBuf),
    #[error("备份 {} 已损坏，不能恢复，未做任何改动：{problems}", path.display())]
    BackupDamaged {
        path: std::path::PathBuf,
        problems: String,
    },
    #[error("尚未登录：请先登录（命令行用 xinfang login，或为脚本设置 XINFANG_TOKEN）")]
    NotSignedIn,
    #[error("长时间未操作，已锁定：请重新输入密码")]
    Locked,
    #[error("账号或密码不正确{}", .left.map(|n| format!("（再错{n}次，账号将锁定{}分钟）", crate::domain::account::SIGN_IN_LOCK_MINUTES)).unwrap_or_default())]
    SignInFailed { left: Option<i64> },
    #[error("密码连续输错次数过多，账号已锁定至{0}：请稍后再试，或请管理员解锁")]
    AccountLocked(String),
    #[error("账号“{0}”已停用：请联系管理员")]
    AccountDisabled(String),
    #[error("登录已过期：请重新登录（xinfang login）")]
    SessionExpired,
    #[error("令牌无效或已被吊销：请向管理员重新申请")]
    TokenRefused,
    /// The actor's role does not hold what the use-case needs.
    #[error("您的角色“{role}”无权{what}")]
    NotPermitted {
        role: &'static str,
        what: &'static str,
    },
    #[error("审计链核验未通过：{count}处不符，第一处：{first}")]
    AuditChainBroken { count: usize, first: String },
    /// A handler acting on a case assigned to someone else.
    #[error("信访件“{0}”未分派给您：承办人只能办理分派给自己的信访件")]
    NotAssigned(String),
    #[error("该备份属于机构 {backup_office}，而本数据库属于机构 {office}：不能用其他机构的备份覆盖，未做任何改动")]
    BackupForeign {
        backup_office: String,
        office: String,
    },
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
            Error::CalendarRemovesDays(_) => "calendar_removes_days",
            Error::CaseNotFound(_) => "case_not_found",
            Error::NotInitialized => "not_initialized",
            Error::AlreadyInitialized(_) => "already_initialized",
            Error::NoDatabase(_) => "no_database",
            Error::ForeignDatabase(_) => "foreign_database",
            Error::ReadOnlyDatabase(_) => "read_only_database",
            Error::ReadOnlyOutdated(_) => "read_only_outdated",
            Error::Corrupt(_) => "corrupt_record",
            Error::Database(_) => "database",
            Error::Migrate(_) => "migration",
            Error::Io(_) => "io",
            Error::Document(_) => "document",
            Error::Sheet(_) => "invalid_sheet",
            Error::DocumentNotFound(_) => "document_not_found",
            Error::DocumentFileExists(_) => "document_file_exists",
            Error::ForeignDocument { .. } => "foreign_document",
            Error::DocumentsAltered { .. } => "documents_altered",
            Error::NoBackup(_) => "no_backup",
            Error::BackupDamaged { .. } => "backup_damaged",
            Error::BackupForeign { .. } => "backup_foreign",
            Error::NotSignedIn => "not_signed_in",
            Error::Locked => "locked",
            Error::SignInFailed { .. } => "sign_in_failed",
            Error::AccountLocked(_) => "account_locked",
            Error::AccountDisabled(_) => "account_disabled",
            Error::SessionExpired => "session_expired",
            Error::TokenRefused => "token_refused",
            Error::NotPermitted { .. } => "not_permitted",
            Error::NotAssigned(_) => "not_assigned",
            Error::AuditChainBroken { .. } => "audit_chain_broken",
        }
    }

    /// Whether the fault lies in what was asked (exit code 2) rather than in the machine.
    pub fn is_bad_input(&self) -> bool {
        matches!(
            self,
            Error::Invalid { .. }
                | Error::Forbidden { .. }
                | Error::Calendar(_)
                | Error::CalendarRemovesDays(_)
                | Error::CaseNotFound(_)
                | Error::NotInitialized
                | Error::NoDatabase(_)
                | Error::ForeignDatabase(_)
                | Error::ReadOnlyDatabase(_)
                | Error::AlreadyInitialized(_)
                | Error::DocumentNotFound(_)
                | Error::ForeignDocument { .. }
                | Error::NoBackup(_)
                | Error::BackupForeign { .. }
                | Error::NotSignedIn
                | Error::Locked
                | Error::SignInFailed { .. }
                | Error::AccountLocked(_)
                | Error::AccountDisabled(_)
                | Error::SessionExpired
                | Error::TokenRefused
                | Error::NotPermitted { .. }
                | Error::NotAssigned(_)
                | Error::Sheet(
                    crate::sheets::SheetError::Unreadable { .. }
                        | crate::sheets::SheetError::MissingColumn { .. }
                        | crate::sheets::SheetError::Cell { .. }
                )
                | Error::Document(
                    crate::documents::DocumentError::MissingGlyph { .. }
                        | crate::documents::DocumentError::MissingField(_)
                )
        )
    }
}

/// "导入将去掉已有的3个节假日安排：2026年1月1日休息（元旦）、…。请核对文件，确认无误后再导入".
fn removed_days_text(removed: &[crate::domain::calendar::CalendarEntry]) -> String {
    use crate::domain::calendar::DayKind;
    const SHOWN: usize = 8;
    let mut days: Vec<String> = removed
        .iter()
        .take(SHOWN)
        .map(|e| {
            let what = match e.kind {
                DayKind::DayOff if e.festival.is_empty() => "休息".to_string(),
                DayKind::DayOff => format!("休息（{}）", e.festival),
                DayKind::MakeUpWorkday => "调休上班".to_string(),
            };
            format!("{}{what}", crate::domain::cn_date(e.date))
        })
        .collect();
    if removed.len() > SHOWN {
        days.push(format!("等共{}天", removed.len()));
    }
    format!(
        "导入将去掉已有的{}个节假日安排：{}。请核对文件，确认无误后再导入",
        removed.len(),
        days.join("、")
    )
}
