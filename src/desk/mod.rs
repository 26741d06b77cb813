//! `Desk`: an opened office database and its use-cases. The CLI and the desktop shell
//! call these methods and nothing below them.

mod calendar;
mod cases;
pub mod demo;
mod documents;
mod office;
pub mod sync;

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use chrono::{DateTime, NaiveDate, Utc};
use serde_json::Value;
use sqlx::SqliteConnection;
use uuid::Uuid;

pub use calendar::{CalendarImport, ChangedDue};
pub use cases::{CaseDetail, DeadlineView, DueCounts, DueItem, DueList};

use crate::domain::calendar::Calendar;
use crate::domain::clock::Clock;
use crate::domain::period::RuleSet;
pub use crate::store::office::Office;
use crate::store::script::Script;
use crate::store::{self, events, Db};
use crate::Error;

/// The calendar and period rules in force; reloaded whenever the office changes either.
#[derive(Debug, Clone)]
pub struct Policy {
    pub calendar: Calendar,
    pub rules: RuleSet,
    /// The local office; its code never changes once set, so registrations read it here.
    pub office: Option<Office>,
}

pub struct Desk {
    db: Db,
    policy: RwLock<Arc<Policy>>,
    clock: Clock,
}

impl Desk {
    /// Opens the office database at `path`, creating and migrating it when needed, on the
    /// system's clock.
    pub async fn open(path: &Path) -> Result<Desk, Error> {
        Desk::open_with_clock(path, Clock::system()).await
    }

    /// [`Desk::open`] on a given clock: a replayed day (`XINFANG_NOW`) or a test's.
    pub async fn open_with_clock(path: &Path, clock: Clock) -> Result<Desk, Error> {
        let db = store::open(path).await?;
        let desk = Desk {
            db,
            clock,
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

/// Who acts when nobody says (`XINFANG_ACTOR`, else the login name): the CLI and the app alike.
pub fn default_actor() -> String {
    ["XINFANG_ACTOR", "USER", "USERNAME"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .map(|s| s.trim().to_string())
        .find(|s| !s.is_empty())
        .unwrap_or_else(|| "登记员".to_string())
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

impl Happening<'_> {
    /// The timeline event this makes as the `seq`-th event of `case`.
    fn event(self, case: &crate::domain::case::Case, seq: i64) -> events::TimelineEvent {
        events::TimelineEvent {
            id: Uuid::now_v7(),
            case_id: case.id,
            office_code: case.office_code.clone(),
            seq,
            actor: self.actor.to_string(),
            at: self.at,
            action: self.action.to_string(),
            summary: self.summary,
            details: self.details,
            before: self.before,
            after: self.after,
        }
    }
}

/// The change-log rows for a case at its current version and one event of its timeline.
fn changes<'a>(
    case: &'a crate::domain::case::Case,
    event: &events::TimelineEvent,
) -> [events::Change<'a>; 2] {
    let at = store::instant_text(event.at);
    [
        events::Change {
            office_code: &case.office_code,
            entity: "case",
            entity_id: case.id.to_string(),
            version: case.version,
            op: if event.seq == 1 { "insert" } else { "update" },
            at: at.clone(),
        },
        events::Change {
            office_code: &case.office_code,
            entity: "event",
            entity_id: event.id.to_string(),
            version: 1,
            op: "insert",
            at,
        },
    ]
}

/// Appends a timeline event to an existing case, with the change-log rows for both.
pub(crate) async fn record(
    conn: &mut SqliteConnection,
    case: &crate::domain::case::Case,
    h: Happening<'_>,
) -> Result<(), Error> {
    let seq = events::next_seq(conn, case.id).await?;
    let event = [h.event(case, seq)];
    let log = changes(case, &event[0]);
    let mut script = Script::new();
    events::push_append(&mut script, &event);
    events::push_changes(&mut script, &log);
    script.run(conn).await
}

/// Stores newly registered cases with their first timeline event and change-log rows, in
/// one round trip to SQLite.
pub(crate) async fn record_new(
    conn: &mut SqliteConnection,
    cases: &[crate::domain::case::Case],
    events: Vec<(events::TimelineEvent, events::EventJson)>,
) -> Result<(), Error> {
    let rows = store::cases::InsertRows::new(cases);
    let log: Vec<events::Change> = cases
        .iter()
        .zip(&events)
        .flat_map(|(c, (e, _))| changes(c, e))
        .collect();
    let mut script = Script::new();
    rows.push(&mut script);
    events::push_taken(&mut script, &events);
    events::push_changes(&mut script, &log);
    script.run(conn).await
}
