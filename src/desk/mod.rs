//! `Desk`: an opened office database and its use-cases. The CLI and the desktop shell
//! call these methods and nothing below them.

mod calendar;
mod cases;
pub mod demo;
mod office;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sqlx::SqliteConnection;
use uuid::Uuid;

pub use calendar::{CalendarImport, ChangedDue};
pub use cases::{CaseDetail, DeadlineView, DueCounts, DueItem, DueList};

use crate::domain::calendar::{office_today, Calendar};
use crate::domain::period::RuleSet;
pub use crate::store::office::Office;
use crate::store::{self, events, Db};
use crate::Error;

/// The calendar and period rules in force; reloaded whenever the office changes either.
#[derive(Debug, Clone)]
pub struct Policy {
    pub calendar: Calendar,
    pub rules: RuleSet,
}

pub struct Desk {
    db: Db,
    policy: RwLock<Arc<Policy>>,
}

impl Desk {
    /// Opens the office database at `path`, creating and migrating it when needed.
    pub async fn open(path: &Path) -> Result<Desk, Error> {
        let db = store::open(path).await?;
        let desk = Desk {
            db,
            policy: RwLock::new(Arc::new(Policy {
                calendar: Calendar::shipped(),
                rules: RuleSet::default(),
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

    pub fn policy(&self) -> Arc<Policy> {
        self.policy.read().expect("policy lock").clone()
    }

    async fn reload_policy(&self) -> Result<(), Error> {
        let calendar = store::calendar::load(&self.db.pool).await?;
        let rules = match store::office::local(&self.db.pool).await? {
            Some(o) => store::settings::get(&self.db.pool, &o.code, store::settings::PERIOD_RULES)
                .await?
                .unwrap_or_default(),
            None => RuleSet::default(),
        };
        *self.policy.write().expect("policy lock") = Arc::new(Policy { calendar, rules });
        Ok(())
    }

    /// The local office, or `NotInitialized`.
    pub async fn office(&self) -> Result<Office, Error> {
        store::office::local(&self.db.pool)
            .await?
            .ok_or(Error::NotInitialized)
    }

    pub fn today(&self) -> NaiveDate {
        office_today()
    }
}

/// Where the office database lives unless `--db` or `XINFANG_DB` says otherwise.
pub fn default_db_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("xinfang-desk")
        .join("office.sqlite")
}

/// What happened to a case, before it is numbered and stored as a timeline event.
pub(crate) struct Happening<'a> {
    pub actor: &'a str,
    pub at: DateTime<Utc>,
    pub action: &'a str,
    pub summary: String,
    pub details: Value,
    pub before: Value,
    pub after: Value,
}

/// Appends a timeline event and the change-log rows for the case and the event.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    case: &crate::domain::case::Case,
    h: Happening<'_>,
) -> Result<(), Error> {
    let seq = events::next_seq(conn, case.id).await?;
    let event = events::TimelineEvent {
        id: Uuid::now_v7(),
        case_id: case.id,
        office_code: case.office_code.clone(),
        seq,
        actor: h.actor.to_string(),
        at: h.at,
        action: h.action.to_string(),
        summary: h.summary,
        details: h.details,
        before: h.before,
        after: h.after,
    };
    events::append(conn, &event).await?;
    let at_text = store::instant_text(h.at);
    let op = if seq == 1 { "insert" } else { "update" };
    let case_id = case.id.to_string();
    events::log_change(
        conn,
        &case.office_code,
        "case",
        &case_id,
        case.version,
        op,
        &at_text,
    )
    .await?;
    events::log_change(
        conn,
        &case.office_code,
        "event",
        &event.id.to_string(),
        1,
        "insert",
        &at_text,
    )
    .await?;
    Ok(())
}
