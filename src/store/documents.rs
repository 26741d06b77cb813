//! Issued documents (migration 0002): the row per number taken, voiding, and the reads for
//! lists and verification.

use serde::{Deserialize, Serialize};
use sqlx::{SqliteConnection, SqliteExecutor};
use ts_rs::TS;
use uuid::Uuid;

use super::{instant_text, parse_instant};
use crate::domain::document::DocumentKind;
use crate::Error;

/// One issued document as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IssuedDocument {
    pub id: Uuid,
    pub office_code: String,
    pub case_id: Uuid,
    pub case_no: String,
    pub kind: DocumentKind,
    pub kind_label: String,
    pub doc_no: String,
    pub year: i32,
    pub seq: i64,
    pub title: String,
    /// Relative to the office's document folder, `/`-separated.
    pub path: String,
    pub sha256: String,
    pub size: i64,
    pub issued_at: chrono::DateTime<chrono::Utc>,
    pub actor: String,
    /// The fields the clerk changed or added when issuing.
    pub fields: std::collections::BTreeMap<String, String>,
    /// The voided document this one replaces.
    pub replaces: Option<Uuid>,
    pub voided_at: Option<chrono::DateTime<chrono::Utc>>,
    pub void_reason: Option<String>,
    pub voided_by: Option<String>,
    pub version: i64,
}

impl IssuedDocument {
    pub fn is_voided(&self) -> bool {
        self.voided_at.is_some()
    }
}

pub async fn insert(conn: &mut SqliteConnection, d: &IssuedDocument) -> Result<(), Error> {
    let fields = serde_json::to_string(&d.fields).map_err(|e| Error::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO issued_documents (id, office_code, case_id, kind, doc_no, year, seq, title,
            path, sha256, size, issued_at, actor, fields, replaces, voided_at, void_reason,
            voided_by, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL, ?)",
    )
    .bind(d.id.to_string())
    .bind(&d.office_code)
    .bind(d.case_id.to_string())
    .bind(d.kind.as_str())
    .bind(&d.doc_no)
    .bind(d.year)
    .bind(d.seq)
    .bind(&d.title)
    .bind(&d.path)
    .bind(&d.sha256)
    .bind(d.size)
    .bind(instant_text(d.issued_at))
    .bind(&d.actor)
    .bind(fields)
    .bind(d.replaces.map(|r| r.to_string()))
    .bind(d.version)
    .execute(&mut *conn)
    .await?;
    super::chain::seal(conn, super::chain::Entity::Document, 1).await
}

/// Marks a document void; it keeps its number, file and hash.
pub async fn void(
    conn: &mut SqliteConnection,
    id: Uuid,
    at: chrono::DateTime<chrono::Utc>,
    reason: &str,
    by: &str,
) -> Result<(), Error> {
    let done = sqlx::query(
        "UPDATE issued_documents SET voided_at = ?, void_reason = ?, voided_by = ?,
            version = version + 1
         WHERE id = ? AND voided_at IS NULL",
    )
    .bind(instant_text(at))
    .bind(reason)
    .bind(by)
    .bind(id.to_string())
    .execute(conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Error::Corrupt(format!("文书{id}已被其他操作作废")));
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
    doc_no: String,
    year: i32,
    seq: i64,
    title: String,
    path: String,
    sha256: String,
    size: i64,
    issued_at: String,
    actor: String,
    fields: String,
    replaces: Option<String>,
    voided_at: Option<String>,
    void_reason: Option<String>,
    voided_by: Option<String>,
    version: i64,
}

const COLUMNS: &str = "d.id, d.office_code, d.case_id, c.case_no, d.kind, d.doc_no, d.year,
    d.seq, d.title, d.path, d.sha256, d.size, d.issued_at, d.actor, d.fields, d.replaces,
    d.voided_at, d.void_reason, d.voided_by, d.version";

fn assemble(r: Row) -> Result<IssuedDocument, Error> {
    let uuid = |s: &str| {
        Uuid::parse_str(s).map_err(|_| Error::Corrupt(format!("文书{}的编号“{s}”", r.doc_no)))
    };
    let kind = DocumentKind::parse(&r.kind)
        .ok_or_else(|| Error::Corrupt(format!("文书{}的种类“{}”", r.doc_no, r.kind)))?;
    Ok(IssuedDocument {
        id: uuid(&r.id)?,
        office_code: r.office_code.clone(),
        case_id: uuid(&r.case_id)?,
        case_no: r.case_no.clone(),
        kind,
        kind_label: kind.label().to_string(),
        year: r.year,
        seq: r.seq,
        title: r.title.clone(),
        path: r.path.clone(),
        sha256: r.sha256.clone(),
        size: r.size,
        issued_at: parse_instant(&r.issued_at)?,
        actor: r.actor.clone(),
        fields: serde_json::from_str(&r.fields)
            .map_err(|e| Error::Corrupt(format!("文书{}的字段：{e}", r.doc_no)))?,
        replaces: r.replaces.as_deref().map(uuid).transpose()?,
        voided_at: r.voided_at.as_deref().map(parse_instant).transpose()?,
        void_reason: r.void_reason.clone(),
        voided_by: r.voided_by.clone(),
        version: r.version,
        doc_no: r.doc_no,
    })
}

/// A document by its number, in the office that issued it.
pub async fn by_doc_no<'e>(
    ex: impl SqliteExecutor<'e>,
    office_code: &str,
    doc_no: &str,
) -> Result<Option<IssuedDocument>, Error> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM issued_documents d JOIN cases c ON c.id = d.case_id
         WHERE d.office_code = ? AND d.doc_no = ?"
    ))
    .bind(office_code)
    .bind(doc_no.trim())
    .fetch_optional(ex)
    .await?;
    row.map(assemble).transpose()
}

/// A case's documents, oldest first.
pub async fn for_case<'e>(
    ex: impl SqliteExecutor<'e>,
    case_id: Uuid,
) -> Result<Vec<IssuedDocument>, Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM issued_documents d JOIN cases c ON c.id = d.case_id
         WHERE d.case_id = ? ORDER BY d.issued_at, d.kind, d.seq"
    ))
    .bind(case_id.to_string())
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(assemble).collect()
}

/// The office that issued `doc_no`, when any office's document has that number.
pub async fn owner_of<'e>(
    ex: impl SqliteExecutor<'e>,
    doc_no: &str,
) -> Result<Option<String>, Error> {
    Ok(
        sqlx::query_scalar("SELECT office_code FROM issued_documents WHERE doc_no = ? LIMIT 1")
            .bind(doc_no.trim())
            .fetch_optional(ex)
            .await?,
    )
}

/// Whether a document of any office is stored at `path` (relative to the documents folder).
pub async fn path_taken<'e>(ex: impl SqliteExecutor<'e>, path: &str) -> Result<bool, Error> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM issued_documents WHERE path = ?)")
            .bind(path)
            .fetch_one(ex)
            .await?,
    )
}

/// Whether any document, this office's or another's, is recorded.
pub async fn any<'e>(ex: impl SqliteExecutor<'e>) -> Result<bool, Error> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM issued_documents)")
            .fetch_one(ex)
            .await?,
    )
}

/// Every document, for verification, in order of year, kind and number.
pub async fn all<'e>(ex: impl SqliteExecutor<'e>) -> Result<Vec<IssuedDocument>, Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM issued_documents d JOIN cases c ON c.id = d.case_id
         ORDER BY d.year, d.kind, d.seq"
    ))
    .fetch_all(ex)
    .await?;
    rows.into_iter().map(assemble).collect()
}

/// The number the next document of a sequence would get, without taking it (for previews).
pub async fn peek_number<'e>(
    ex: impl SqliteExecutor<'e>,
    office_code: &str,
    scope: &str,
    year: i32,
) -> Result<i64, Error> {
    let last: Option<i64> = sqlx::query_scalar(
        "SELECT value FROM counters WHERE office_code = ? AND scope = ? AND year = ?",
    )
    .bind(office_code)
    .bind(scope)
    .bind(year)
    .fetch_optional(ex)
    .await?;
    Ok(last.unwrap_or(0) + 1)
}
