//! The timeline (append-only events) and the change log that sync reads by cursor.

use std::borrow::Cow;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use sqlx::SqliteConnection;
use ts_rs::TS;
use uuid::Uuid;

use super::script::Script;
use crate::domain::account::{Actor, HISTORICAL_ACCOUNT};
use crate::domain::case::Case;
use crate::Error;

/// One entry of a case's timeline: who did what when, and what changed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TimelineEvent {
    pub id: Uuid,
    pub case_id: Uuid,
    pub office_code: String,
    pub seq: i64,
    /// The account's display name when it acted (the typed name, before accounts).
    pub actor: String,
    /// The account that acted ([`HISTORICAL_ACCOUNT`] before accounts existed).
    #[serde(default = "historical_account")]
    pub account: String,
    /// How the account signed in ([`Credential::as_text`]).
    #[serde(default)]
    pub credential: Option<String>,
    pub at: chrono::DateTime<chrono::Utc>,
    pub action: String,
    pub summary: String,
    /// What the actor submitted.
    #[ts(type = "unknown")]
    pub details: Value,
    /// The case's fields that changed, before and after.
    #[ts(type = "Record<string, unknown>")]
    pub before: Value,
    #[ts(type = "Record<string, unknown>")]
    pub after: Value,
}

fn historical_account() -> String {
    HISTORICAL_ACCOUNT.to_string()
}

/// Appends timeline events, many rows per statement.
pub async fn append_many(
    conn: &mut SqliteConnection,
    events: &[TimelineEvent],
) -> Result<(), Error> {
    let mut script = Script::new();
    push_append(&mut script, events);
    script.run(&mut *conn).await?;
    super::chain::seal(conn, super::chain::Entity::Event, events.len()).await
}

/// Adds the inserts of `events` to a script.
pub fn push_append<'s>(script: &mut Script<'s>, events: &'s [TimelineEvent]) {
    script.insert_rows(INSERT_EVENTS, events, |row, e| {
        let json = [&e.details, &e.before, &e.after].map(|v| Cow::Owned(v.to_string()));
        bind_event(row, e, json)
    });
}

/// An event's JSON columns as the table stores them, taken out of the event and written
/// out once: an import does it on its reading thread, where the parsed values are also
/// freed, instead of on the thread that binds the rows (docs/performance.md, Sync).
pub struct EventJson([String; 3]);

impl EventJson {
    /// Takes `details`, `before` and `after` out of `event` (leaving nulls) as text.
    pub fn take(event: &mut TimelineEvent) -> Self {
        EventJson(
            [&mut event.details, &mut event.before, &mut event.after]
                .map(|v| std::mem::take(v).to_string()),
        )
    }

    /// The columns as JSON text already: a registration writes its details straight from
    /// the submission rather than through a `Value` tree (docs/performance.md, Store).
    pub fn new(details: String, before: String, after: String) -> Self {
        EventJson([details, before, after])
    }
}

/// Appends timeline events whose JSON columns are text already ([`EventJson`]).
pub async fn append_taken(
    conn: &mut SqliteConnection,
    events: &[(TimelineEvent, EventJson)],
) -> Result<(), Error> {
    let mut script = Script::new();
    push_taken(&mut script, events);
    script.run(&mut *conn).await?;
    super::chain::seal(conn, super::chain::Entity::Event, events.len()).await
}

/// Adds the inserts of events whose JSON columns are text already ([`EventJson`]).
pub fn push_taken<'s>(script: &mut Script<'s>, events: &'s [(TimelineEvent, EventJson)]) {
    script.insert_rows(INSERT_EVENTS, events, |row, (e, json)| {
        bind_event(row, e, json.0.each_ref().map(|s| Cow::Borrowed(s.as_str())))
    });
}

const INSERT_EVENTS: &str =
    "INSERT INTO events (id, case_id, office_code, seq, actor, account, credential, at, action, summary, details, before, after) ";

/// Binds one event's row; `json` holds its details, before and after as text.
fn bind_event<'a>(
    mut row: sqlx::query_builder::Separated<'_, 'a, sqlx::Sqlite, &'static str>,
    e: &'a TimelineEvent,
    json: [Cow<'a, str>; 3],
) {
    let [details, before, after] = json;
    row.push_bind(e.id.to_string())
        .push_bind(e.case_id.to_string())
        .push_bind(&e.office_code)
        .push_bind(e.seq)
        .push_bind(&e.actor)
        .push_bind(&e.account)
        .push_bind(&e.credential)
        .push_bind(super::instant_text(e.at))
        .push_bind(&e.action)
        .push_bind(&e.summary)
        .push_bind(details)
        .push_bind(before)
        .push_bind(after);
}

pub async fn next_seq(conn: &mut SqliteConnection, case_id: Uuid) -> Result<i64, Error> {
    let n: i64 =
        sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) + 1 FROM events WHERE case_id = ?")
            .bind(case_id.to_string())
            .fetch_one(conn)
            .await?;
    Ok(n)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    id: String,
    office_code: String,
    seq: i64,
    actor: String,
    account: String,
    credential: Option<String>,
    at: String,
    action: String,
    summary: String,
    details: String,
    before: String,
    after: String,
}

pub async fn timeline(
    conn: &mut SqliteConnection,
    case_id: Uuid,
) -> Result<Vec<TimelineEvent>, Error> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT id, office_code, seq, actor, account, credential, at, action, summary, details, before, after
         FROM events WHERE case_id = ? ORDER BY seq",
    )
    .bind(case_id.to_string())
    .fetch_all(conn)
    .await?;
    let json = |s: &str| -> Result<Value, Error> {
        serde_json::from_str(s).map_err(|e| Error::Corrupt(format!("时间线记录：{e}")))
    };
    rows.into_iter()
        .map(|r| {
            Ok(TimelineEvent {
                id: Uuid::parse_str(&r.id)
                    .map_err(|_| Error::Corrupt(format!("事件编号“{}”", r.id)))?,
                case_id,
                office_code: r.office_code,
                seq: r.seq,
                actor: r.actor,
                account: r.account,
                credential: r.credential,
                at: super::parse_instant(&r.at)?,
                action: r.action,
                summary: r.summary,
                details: json(&r.details)?,
                before: json(&r.before)?,
                after: json(&r.after)?,
            })
        })
        .collect()
}

/// One change-log row: an entity of an office reached a version.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    pub office_code: &'a str,
    pub entity: &'static str,
    pub entity_id: String,
    pub version: i64,
    pub op: &'static str,
    pub at: String,
}

/// Records that entities changed; sync export reads these rows after its last cursor.
pub async fn log_changes(conn: &mut SqliteConnection, changes: &[Change<'_>]) -> Result<(), Error> {
    let mut script = Script::new();
    push_changes(&mut script, changes);
    script.run(conn).await
}

/// Adds the change-log inserts of `changes` to a script.
pub fn push_changes<'s>(script: &mut Script<'s>, changes: &'s [Change<'s>]) {
    script.insert_rows(
        "INSERT INTO change_log (office_code, entity, entity_id, version, op, at) ",
        changes,
        |mut row, c| {
            row.push_bind(c.office_code)
                .push_bind(c.entity)
                .push_bind(c.entity_id.as_str())
                .push_bind(c.version)
                .push_bind(c.op)
                .push_bind(c.at.as_str());
        },
    );
}

/// The top-level fields that differ between two JSON objects, as (before, after).
pub fn diff(before: &Value, after: &Value) -> (Value, Value) {
    let (mut b, mut a) = (serde_json::Map::new(), serde_json::Map::new());
    if let (Value::Object(old), Value::Object(new)) = (before, after) {
        for (k, v) in new {
            if matches!(k.as_str(), "version" | "updated_at") {
                continue;
            }
            let prev = old.get(k).cloned().unwrap_or(Value::Null);
            if &prev != v {
                b.insert(k.clone(), prev);
                a.insert(k.clone(), v.clone());
            }
        }
    }
    (Value::Object(b), Value::Object(a))
}

/// What happened to a case, before it is numbered and stored as a timeline event.
pub struct Happening<'a> {
    pub actor: &'a Actor,
    pub at: DateTime<Utc>,
    pub action: &'a str,
    pub summary: String,
    pub details: Value,
    pub before: Value,
    pub after: Value,
}

impl Happening<'_> {
    /// The timeline event this makes as the `seq`-th event of `case`.
    pub fn event(self, case: &Case, seq: i64) -> TimelineEvent {
        TimelineEvent {
            id: Uuid::now_v7(),
            case_id: case.id,
            office_code: case.office_code.clone(),
            seq,
            actor: self.actor.display_name.clone(),
            account: self.actor.account.clone(),
            credential: Some(self.actor.credential.as_text()),
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
fn changes<'a>(case: &'a Case, event: &TimelineEvent) -> [Change<'a>; 2] {
    let at = super::instant_text(event.at);
    [
        Change {
            office_code: &case.office_code,
            entity: "case",
            entity_id: case.id.to_string(),
            version: case.version,
            op: if event.seq == 1 { "insert" } else { "update" },
            at: at.clone(),
        },
        Change {
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
pub async fn record(
    conn: &mut SqliteConnection,
    case: &Case,
    h: Happening<'_>,
) -> Result<(), Error> {
    let seq = next_seq(conn, case.id).await?;
    let event = [h.event(case, seq)];
    let log = changes(case, &event[0]);
    let mut script = Script::new();
    push_append(&mut script, &event);
    push_changes(&mut script, &log);
    script.run(&mut *conn).await?;
    super::chain::seal(conn, super::chain::Entity::Event, 1).await
}

/// Stores newly registered cases with their first timeline event and change-log rows, in
/// one round trip to SQLite.
pub async fn record_new(
    conn: &mut SqliteConnection,
    cases: &[Case],
    events: Vec<(TimelineEvent, EventJson)>,
) -> Result<(), Error> {
    let rows = super::cases::InsertRows::new(cases);
    let log: Vec<Change> = cases
        .iter()
        .zip(&events)
        .flat_map(|(c, (e, _))| changes(c, e))
        .collect();
    let mut script = Script::new();
    rows.push(&mut script);
    push_taken(&mut script, &events);
    push_changes(&mut script, &log);
    script.run(&mut *conn).await?;
    super::chain::seal(conn, super::chain::Entity::Event, events.len()).await
}
