//! Accounts, roles and what each role may do. The desk checks every use-case against the
//! signed-in [`Actor`]; the UI only hides what the core would refuse anyway.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::Case;
use super::workflow::ActionKind;

/// The account old events carry: they were written before accounts existed.
pub const HISTORICAL_ACCOUNT: &str = "历史数据";

/// Consecutive wrong passwords that lock an account, and for how long.
pub const MAX_FAILED_SIGN_INS: i64 = 5;
pub const SIGN_IN_LOCK_MINUTES: i64 = 15;
/// The window locks after this much inactivity unless the office set otherwise.
pub const DEFAULT_IDLE_LOCK_MINUTES: u32 = 15;
/// How long a `xinfang login` session lasts.
pub const SESSION_HOURS: i64 = 12;
pub const MIN_PASSWORD_CHARS: usize = 8;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Role {
    Registrar,
    Handler,
    SectionHead,
    Director,
    Admin,
    Auditor,
}

impl Role {
    pub const ALL: [Role; 6] = [
        Role::Registrar,
        Role::Handler,
        Role::SectionHead,
        Role::Director,
        Role::Admin,
        Role::Auditor,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Registrar => "registrar",
            Role::Handler => "handler",
            Role::SectionHead => "section_head",
            Role::Director => "director",
            Role::Admin => "admin",
            Role::Auditor => "auditor",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s || r.label() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Registrar => "登记员",
            Role::Handler => "承办人",
            Role::SectionHead => "科室负责人",
            Role::Director => "局领导",
            Role::Admin => "管理员",
            Role::Auditor => "审计",
        }
    }

    /// Whether the role holds `p` at all (a handler's [`Permission::Handle`] is further
    /// limited to the cases assigned to them: [`Actor::may_handle`]).
    pub fn allows(self, p: Permission) -> bool {
        use Permission::*;
        match self {
            Role::Registrar => matches!(p, ViewCases | Register | Unmask),
            Role::Handler => matches!(p, ViewCases | Register | Unmask | Handle),
            Role::SectionHead => matches!(
                p,
                ViewCases
                    | Register
                    | Unmask
                    | Handle
                    | Extend
                    | SignDocuments
                    | Supervise
                    | Sync
                    | AssignHandlers
            ),
            Role::Director => !matches!(p, ManageAccounts | ManageSettings | Backup | Audit),
            Role::Admin => matches!(
                p,
                ViewCases | ManageAccounts | ManageSettings | Backup | Sync | Audit
            ),
            Role::Auditor => matches!(p, ViewCases | Audit),
        }
    }
}

/// What a use-case needs of the one who calls it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Permission {
    /// Read cases, documents and the due list (personal data masked).
    ViewCases,
    /// Register and classify petitions.
    Register,
    /// Take the handling steps of a case: disposal, conclusion, reply, review.
    Handle,
    /// Approve an extension of the handling period.
    Extend,
    /// Issue, void and reissue formal documents.
    SignDocuments,
    /// Supervise (督办) a case.
    Supervise,
    /// Revoke opinions and sign off (销号).
    Approve,
    /// See full resident ID and phone numbers, with a reason that is recorded.
    Unmask,
    /// Export and import sync packages.
    Sync,
    ManageAccounts,
    /// The office, its period rules, calendar, statutory-channel list and authority directory.
    ManageSettings,
    Backup,
    /// Check the audit chain.
    Audit,
    /// Give a case to a 承办人 (the handler who then handles it).
    AssignHandlers,
}

impl Permission {
    pub const ALL: [Permission; 14] = [
        Permission::ViewCases,
        Permission::Register,
        Permission::Handle,
        Permission::Extend,
        Permission::SignDocuments,
        Permission::Supervise,
        Permission::Approve,
        Permission::Unmask,
        Permission::Sync,
        Permission::ManageAccounts,
        Permission::ManageSettings,
        Permission::Backup,
        Permission::Audit,
        Permission::AssignHandlers,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Permission::ViewCases => "查阅信访件",
            Permission::Register => "登记信访件",
            Permission::Handle => "办理信访件",
            Permission::Extend => "审批延期",
            Permission::SignDocuments => "签发文书",
            Permission::Supervise => "督办",
            Permission::Approve => "审批撤销、销号",
            Permission::Unmask => "查看完整身份证号和电话",
            Permission::Sync => "同步导出导入",
            Permission::ManageAccounts => "管理账号",
            Permission::ManageSettings => "修改机构设置和清单",
            Permission::Backup => "备份和恢复",
            Permission::Audit => "核验审计记录",
            Permission::AssignHandlers => "分派承办人",
        }
    }

    /// What an action on a case needs.
    pub fn for_action(kind: ActionKind) -> Permission {
        use ActionKind::*;
        match kind {
            Register | Classify | LinkRepeat | MergePetitioners | SplitCase | Attach
            | WithdrawAttachment => Permission::Register,
            Extend => Permission::Extend,
            Supervise | RespondSupervision => Permission::Supervise,
            Revoke => Permission::Approve,
            IssueDocument | VoidDocument => Permission::SignDocuments,
            RecomputeDeadlines => Permission::ManageSettings,
            AssignHandler => Permission::AssignHandlers,
            Accept | Decline | Forward | SeparateLitigation | DeclineLevelSkip | Assign
            | OrganReceipt | OrganObjection | OrganAcceptance | RefuseRepeat | Conclude | Reply
            | RateSatisfaction | RequestReview | ConcludeReview | RequestReReview
            | ConcludeReReview | Settle | Hearing => Permission::Handle,
        }
    }
}

/// How the actor proved who they are, recorded on every event beside the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
#[ts(export)]
pub enum Credential {
    /// A password typed now (the window, or `XINFANG_PASSWORD` for one command).
    Password,
    /// A `xinfang login` session.
    Session,
    /// A named token an administrator issued for scheduled scripts.
    Token(String),
    /// The program itself: the demo office it builds, an upgrade.
    System,
}

impl Credential {
    /// As the events table stores it.
    pub fn as_text(&self) -> String {
        match self {
            Credential::Password => "password".into(),
            Credential::Session => "session".into(),
            Credential::Token(name) => format!("token:{name}"),
            Credential::System => "system".into(),
        }
    }
}

/// A signed-in account: only the desk makes one, after checking a credential.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Actor {
    pub account: String,
    pub display_name: String,
    pub role: Role,
    /// An auditor granted the sight of personal data (others have it by role).
    pub may_unmask: bool,
    pub credential: Credential,
}

impl Actor {
    pub(crate) fn new(account: &Account, credential: Credential) -> Actor {
        Actor {
            account: account.name.clone(),
            display_name: account.display_name.clone(),
            role: account.role,
            may_unmask: account.may_unmask,
            credential,
        }
    }

    pub fn allows(&self, p: Permission) -> bool {
        self.role.allows(p) || (p == Permission::Unmask && self.may_unmask)
    }

    /// Everything the actor may do (the window shows only these).
    pub fn permissions(&self) -> Vec<Permission> {
        Permission::ALL
            .into_iter()
            .filter(|p| self.allows(*p))
            .collect()
    }

    /// A handler handles the cases assigned to them; section heads and directors any case.
    pub fn may_handle(&self, case: &Case) -> bool {
        self.allows(Permission::Handle)
            && (self.role != Role::Handler
                || case.handler.as_deref() == Some(self.account.as_str()))
    }

    /// Whether the actor may take `kind` on `case`.
    pub fn may_act(&self, kind: ActionKind, case: &Case) -> bool {
        match Permission::for_action(kind) {
            Permission::Handle => self.may_handle(case),
            p => self.allows(p),
        }
    }
}

/// An account as the office keeps it (without its password hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Account {
    /// The sign-in name: letters, digits, `.`, `_` or `-`; fixed once created.
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    pub may_unmask: bool,
}

/// A new account as the administrator types it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewAccount {
    pub name: String,
    pub display_name: String,
    pub role: Role,
    pub password: String,
    #[serde(default)]
    pub may_unmask: bool,
}

/// Why an account's name or password is refused, as the administrator reads it.
pub fn check_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.chars().count() > 32 {
        return Err("账号名应为1至32个字符".into());
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    {
        return Err("账号名只能用英文字母、数字和 . _ -".into());
    }
    Ok(())
}

pub fn check_password(password: &str) -> Result<(), String> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        return Err(format!("密码至少{MIN_PASSWORD_CHARS}位，实际为{n}位"));
    }
    if n > 128 {
        return Err("密码不能超过128位".into());
    }
    let kinds = [
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| c.is_alphabetic()),
        password
            .chars()
            .any(|c| !c.is_alphanumeric() && !c.is_whitespace()),
    ];
    if kinds.iter().filter(|k| **k).count() < 2 {
        return Err("密码应至少包含字母、数字、符号中的两类".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn admins_take_no_case_actions_and_directors_touch_no_accounts() {
        for kind in ActionKind::ALL {
            let p = Permission::for_action(kind);
            if p != Permission::ManageSettings {
                assert!(!Role::Admin.allows(p), "{kind:?}");
            }
            assert!(Role::Director.allows(p) || p == Permission::ManageSettings);
        }
        assert!(!Role::Director.allows(Permission::ManageAccounts));
        assert!(!Role::Auditor.allows(Permission::Unmask));
        assert!(Role::Registrar.allows(Permission::Register));
        assert!(!Role::Registrar.allows(Permission::Handle));
        assert!(!Role::Handler.allows(Permission::SignDocuments));
        assert!(Role::SectionHead.allows(Permission::SignDocuments));
        assert!(!Role::SectionHead.allows(Permission::Approve));
    }

    #[test]
    fn roles_parse_by_code_and_by_chinese_name() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.as_str()), Some(r));
            assert_eq!(Role::parse(r.label()), Some(r));
        }
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn weak_passwords_and_odd_names_are_refused() {
        assert!(check_password("short1").is_err());
        assert!(check_password("abcdefgh").is_err());
        assert!(check_password("xinfang-2026").is_ok());
        assert!(check_name("wang.fang").is_ok());
        assert!(check_name("王芳").is_err());
        assert!(check_name("").is_err());
    }
}
