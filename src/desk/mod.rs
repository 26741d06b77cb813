//! `Desk`: an opened office database and its use-cases. The CLI and the desktop shell
//! call these methods and nothing below them.

mod accounts;
mod agenda;
mod attachments;
mod audit;
pub mod backup;
pub mod backup_schedule;
mod calendar;
mod case_list;
mod cases;
mod channels;
mod counter;
pub mod demo;
mod documents;
mod handlers;
mod health;
mod level_skip;
mod localities;
mod office;
mod petitioners;
mod repeats;
mod split;
mod supervision;
pub mod sync;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};

pub use accounts::TokenInfo;
pub use agenda::{Agenda, AgendaDay, AGENDA_MAX_DAYS};
pub use calendar::{read_calendar, CalendarImport, ChangedDue};
pub use case_list::CaseListExport;
pub use cases::{CaseDetail, CaseListPage, CaseRow, DeadlineView, DueCounts, DueItem, DueList};
pub use channels::ChannelImport;
pub use counter::{CounterPaperFile, LedgerFile, REGISTER_MAX_DAYS};
pub use health::StartupCheck;
pub use supervision::{SupervisionRow, SupervisionState};

use crate::domain::calendar::Calendar;
use crate::domain::clock::Clock;
use crate::domain::period::RuleSet;
// What the CLI and the shell see of the layers below: the types of Desk's own methods.
pub use crate::documents::counter::CounterPaper;
pub use crate::documents::issue::{DocumentChoice, DocumentSettings, IssueReceipt, VerifyReport};
pub use crate::domain::account::{Account, Actor, NewAccount, Permission, Role};
pub use crate::domain::attachment::AttachmentKind;
pub use crate::domain::document::DocumentKind;
pub use crate::domain::office::Office;
pub use crate::domain::policy::Policy;
pub use crate::store::attachments::Attachment;
pub use crate::store::chain::{ChainBreak, ChainReport};
pub use crate::store::documents::IssuedDocument;
pub(crate) use crate::store::events::{record, record_new, Happening};
pub use crate::store::query::{CaseQuery, CaseSummary, SortKey};
use crate::store::{self, Db};
use crate::Error;

pub struct Desk {
    db: Db,
    policy: RwLock<Arc<Policy>>,
    clock: Clock,
    /// The signed-in actor every use-case checks (`Desk::actor`).
    session: RwLock<Option<accounts::ActiveSession>>,
    idle_lock: RwLock<Option<std::time::Duration>>,
    /// Who was signed in when the desk locked, to ask for the same password again.
    locked_account: RwLock<Option<String>>,
}

impl Desk {
    /// Opens the office database at `path`, creating and migrating it when needed, on the
    /// system's clock.
    pub async fn open(path: &Path) -> Result<Desk, Error> {
        Desk::open_with_clock(path, Clock::system()).await
    }

    /// [`Desk::open`] on a given clock: a replayed day (`XINFANG_NOW`) or a test's.
    pub async fn open_with_clock(path: &Path, clock: Clock) -> Result<Desk, Error> {
        Desk::open_as(path, store::OpenMode::Create, clock).await
    }

    /// Opens an office database that must exist already (every command but `init` and
    /// `demo`): a mistyped path or another program's SQLite file is refused untouched.
    pub async fn open_existing(path: &Path, clock: Clock) -> Result<Desk, Error> {
        Desk::open_as(path, store::OpenMode::Existing, clock).await
    }

    async fn open_as(path: &Path, mode: store::OpenMode, clock: Clock) -> Result<Desk, Error> {
        let db = store::open_as(path, mode).await?;
        let desk = Desk {
            db,
            clock,
            session: RwLock::new(None),
            idle_lock: RwLock::new(None),
            locked_account: RwLock::new(None),
            policy: RwLock::new(Arc::new(Policy {
                calendar: Calendar::shipped(),
                rules: RuleSet::default(),
                office: None,
            })),
        };
        desk.reload_policy().await?;
        Ok(desk)
    }

    pub fn path(&self) -> &Path {
        &self.db.path
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Closes the database: see [`Db::close`].
    pub async fn close(&self) {
        self.db.close().await;
    }

    pub fn policy(&self) -> Arc<Policy> {
        self.policy.read().expect("policy lock").clone()
    }

    async fn reload_policy(&self) -> Result<(), Error> {
        let calendar = store::calendar::load(&self.db.pool).await?;
        let office = store::office::local(&self.db.pool).await?;
        let rules = match &office {
            Some(o) => store::settings::get(&self.db.pool, &o.code, store::settings::PERIOD_RULES)
                .await?
                .unwrap_or_default(),
            None => RuleSet::default(),
        };
        *self.policy.write().expect("policy lock") = Arc::new(Policy {
            calendar,
            rules,
            office,
        });
        Ok(())
    }

    /// The local office, or `NotInitialized`.
    pub async fn office(&self) -> Result<Office, Error> {
        store::office::local(&self.db.pool)
            .await?
            .ok_or(Error::NotInitialized)
    }

    /// The local office as cached in the policy, looked up again if another process set it
    /// up after this one opened the database.
    pub(crate) async fn cached_office(&self) -> Result<Office, Error> {
        if let Some(office) = self.policy().office.clone() {
            return Ok(office);
        }
        self.reload_policy().await?;
        self.policy().office.clone().ok_or(Error::NotInitialized)
    }

    pub fn clock(&self) -> &Clock {
        &self.clock
    }

    pub fn now(&self) -> DateTime<Utc> {
        self.clock.now()
    }

    /// Today's date in the office, on the desk's clock.
    pub fn today(&self) -> NaiveDate {
        self.clock.today()
    }
}

/// Where the office database lives unless `--db` or `XINFANG_DB` says otherwise.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("xinfang-desk")
        .join("office.sqlite")
}
