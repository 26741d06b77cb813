//! Attachments on a case (migration 0016): the row per file, withdrawal, and the reads.

use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqliteExecutor};
use ts_rs::TS;
use uuid::Uuid;

use super::{instant_text, parse_instant};
use crate::domain::attachment::AttachmentKind;
use crate::Error;

/// One attached file as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Attachment {
    pub id: Uuid,
    pub office_code: String,
    pub case_id: Uuid,
    pub case_no: String,
    pub kind: AttachmentKind,
    pub kind_label: String,
    /// The file's name as the clerk had it.
    pub name: String,
    /// Relative to the office's document folder, `/`-separated.
    pub path: String,
    pub sha256: String,
    pub size: i64,
    pub note: Option<String>,
    pub added_at: chrono::DateTime<chrono::Utc>,
    pub added_by: String,
    pub withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
    pub withdraw_reason: Option<String>,
    pub withdrawn_by: Option<String>,
    pub version: i64,
}

/// Stores an attachment as it is (another office's arrives withdrawn or not, at its version).
pub async fn insert(conn: &mut SqliteConnection, a: &Attachment) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO attachments (id, office_code, case_id, kind, name, path, sha256, size, note,
            added_at, added_by, withdrawn_at, withdraw_reason, withdrawn_by, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(a.id.to_string())
    .bind(&a.office_code)
    .bind(a.case_id.to_string())
    .bind(a.kind.as_str())
    .bind(&a.name)
    .bind(&a.path)
    .bind(&a.sha256)
    .bind(a.size)
    .bind(&a.note)
    .bind(instant_text(a.added_at))
    .bind(&a.added_by)
    .bind(a.withdrawn_at.map(instant_text))
    .bind(&a.withdraw_reason)
    .bind(&a.withdrawn_by)
    .bind(a.version)
    .execute(conn)
    .await?;
    Ok(())
}

/// Marks an attachment withdrawn; it keeps its file and hash.
pub async fn withdraw(
    conn: &mut SqliteConnection,
    id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
    reason: &str,
    by: &str,
) -> Result<(), Error> {
    let done = sqlx::query(
        "UPDATE attachments SET withdrawn_at = ?, withdraw_reason = ?, withdrawn_by = ?,
            version = version + 1
         WHERE id = ? AND withdrawn_at IS NULL",
    )
    .bind(instant_text(at))
    .bind(reason)
    .bind(by)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Error::Corrupt(format!("附件{id}已被其他操作撤回")));
    }
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: String,
    office_code: String,
    case_id: String,
    case_no: String,
    kind: String,
    name: String,
    path: String,
    sha256: String,
    size: i64,
    note: Option<String>,
    added_at: String,
    added_by: String,
    withdrawn_at: Option<String>,
    withdraw_reason: Option<String>,
    withdrawn_by: Option<String>,
    version: i64,
}

const COLUMNS: &str = "a.id, a.office_code, a.case_id, c.case_no, a.kind, a.name, a.path,
    a.sha256, a.size, a.note, a.added_at, a.added_by, a.withdrawn_at, a.withdraw_reason,
    a.withdrawn_by, a.version";

fn assemble(r: Row) -> Result<Attachment, Error> {
    let uuid = |s: &str| {
        Uuid::parse_str(s).map_err(|_| Error::Corrupt(format!("附件{}的编号“{s}”", r.name)))
    };
    let kind = AttachmentKind::parse(&r.kind)
        .ok_or_else(|| Error::Corrupt(format!("附件{}的类别“{}”", r.name, r.kind)))?;
    Ok(Attachment {
        id: uuid(&r.id)?,
        case_id: uuid(&r.case_id)?,
        office_code: r.office_code,
        case_no: r.case_no,
        kind,
        kind_label: kind.label().to_string(),
        path: r.path,
        sha256: r.sha256,
        size: r.size,
        note: r.note,
        added_at: parse_instant(&r.added_at)?,
        added_by: r.added_by,
        withdrawn_at: r.withdrawn_at.as_deref().map(parse_instant).transpose()?,
        withdraw_reason: r.withdraw_reason,
        withdrawn_by: r.withdrawn_by,
        version: r.version,
        name: r.name,
    })
}

/// A case's attachments, oldest first.
pub async fn for_case<'e>(
    ex: impl SqliteExecutor<'e>,
    case_id: Uuid,
) -> Result<Vec<Attachment>, Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM attachments a JOIN cases c ON c.id = a.case_id
         WHERE a.case_id = ? ORDER BY a.added_at, a.id"
    ))
    .bind(case_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(assemble).collect()
}

pub async fn by_id<'e>(ex: impl SqliteExecutor<'e>, id: Uuid) -> Result<Option<Attachment>, Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM attachments a JOIN cases c ON c.id = a.case_id WHERE a.id = ?"
    ))
    .bind(id.to_string())
    .fetch_optional(ex)
    .await?;
    row.map(assemble).transpose()
}

/// The owner and version of the attachment with `id`, if held here.
pub async fn state(conn: &mut SqliteConnection, id: Uuid) -> Result<Option<(String, i64)>, Error> {
    Ok(
        sqlx::query_as("SELECT office_code, version FROM attachments WHERE id = ?")
            .bind(id.to_string())
            .fetch_optional(conn)
            .await?,
    )
}

/// Another office's attachment at a newer version: withdrawal is the only change it sees.
pub async fn update_foreign(conn: &mut SqliteConnection, a: &Attachment) -> Result<(), Error> {
    sqlx::query(
        "UPDATE attachments SET withdrawn_at = ?, withdraw_reason = ?, withdrawn_by = ?,
            version = ? WHERE id = ?",
    )
    .bind(a.withdrawn_at.map(instant_text))
    .bind(&a.withdraw_reason)
    .bind(&a.withdrawn_by)
    .bind(a.version)
    .bind(a.id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}
