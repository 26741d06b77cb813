//! The SQL of sync: reading the change log by cursor for export, applying foreign records on
//! import, and the sync tables of migration 0003 (history, trusted keys, sync base, conflicts,
//! assignment links). The rules that decide what to apply live in `crate::sync`; this file
//! only reads and writes.

use std::collections::HashMap;

use serde_json::Value;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection, SqliteExecutor};
use uuid::Uuid;

use super::documents::IssuedDocument;
use super::events::TimelineEvent;
use super::{in_list, instant_text, parse_instant, IN_LIST_BATCH as BATCH};
pub use crate::domain::case::AssignmentLink;
use crate::domain::case::Case;
use crate::Error;

// ---------------------------------------------------------------------------------------------
// Trusted keys

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PeerRow {
    pub office_code: String,
    pub office_name: String,
    pub public_key: String,
    pub fingerprint: String,
    pub trusted_at: String,
}

pub async fn peers<'e>(ex: impl SqliteExecutor<'e>) -> Result<Vec<PeerRow>, Error> {
    Ok(sqlx::query_as(
        "SELECT office_code, office_name, public_key, fingerprint, trusted_at
         FROM sync_peers ORDER BY office_code",
    )
    .fetch_all(ex)
    .await?)
}

pub async fn insert_peer(conn: &mut SqliteConnection, peer: &PeerRow) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO sync_peers (office_code, office_name, public_key, fingerprint, trusted_at)
         VALUES (?, ?, ?, ?, ?)",
    )
    .bind(&peer.office_code)
    .bind(&peer.office_name)
    .bind(&peer.public_key)
    .bind(&peer.fingerprint)
    .bind(&peer.trusted_at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn remove_peer(conn: &mut SqliteConnection, office_code: &str) -> Result<bool, Error> {
    let done = sqlx::query("DELETE FROM sync_peers WHERE office_code = ?")
        .bind(office_code)
        .execute(conn)
        .await?;
    Ok(done.rows_affected() > 0)
}

// ---------------------------------------------------------------------------------------------
// Export history

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ExportRow {
    pub seq: i64,
    pub from_cursor: i64,
    pub to_cursor: i64,
    pub full: bool,
    pub path: String,
    pub manifest_hash: String,
    pub size: i64,
    pub record_counts: String,
    pub created_at: String,
    /// The last audit-chain entry the package carried (none before format 3).
    pub audit_seq: Option<i64>,
    pub masked: bool,
}

const EXPORT_COLUMNS: &str = "seq, from_cursor, to_cursor, full, path, manifest_hash, size,
    record_counts, created_at, audit_seq, masked";

pub async fn last_export<'e>(ex: impl SqliteExecutor<'e>) -> Result<Option<ExportRow>, Error> {
    Ok(sqlx::query_as(&format!(
        "SELECT {EXPORT_COLUMNS} FROM sync_exports ORDER BY seq DESC LIMIT 1"
    ))
    .fetch_optional(ex)
    .await?)
}

pub async fn exports<'e>(ex: impl SqliteExecutor<'e>, limit: i64) -> Result<Vec<ExportRow>, Error> {
    Ok(sqlx::query_as(&format!(
        "SELECT {EXPORT_COLUMNS} FROM sync_exports ORDER BY seq DESC LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(ex)
    .await?)
}

pub async fn insert_export(conn: &mut SqliteConnection, row: &ExportRow) -> Result<(), Error> {
    sqlx::query(&format!(
        "INSERT INTO sync_exports ({EXPORT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(row.seq)
    .bind(row.from_cursor)
    .bind(row.to_cursor)
    .bind(row.full)
    .bind(&row.path)
    .bind(&row.manifest_hash)
    .bind(row.size)
    .bind(&row.record_counts)
    .bind(&row.created_at)
    .bind(row.audit_seq)
    .bind(row.masked)
    .execute(conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Import history

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ImportRow {
    pub office_code: String,
    pub seq: i64,
    pub office_name: String,
    pub manifest_hash: String,
    pub full: bool,
    pub from_cursor: i64,
    pub to_cursor: i64,
    pub file_name: String,
    pub counts: String,
    pub conflicts: i64,
    pub outcome: String,
    pub created_at: String,
    pub applied_at: String,
    /// The head of the writer's audit chain the package brought (none before format 3).
    pub audit_seq: Option<i64>,
    pub audit_hash: Option<String>,
    /// JSON array of what the chain check found wrong; none: the package carried no chain.
    pub audit_problems: Option<String>,
    pub masked: bool,
}

const IMPORT_COLUMNS: &str = "office_code, seq, office_name, manifest_hash, full, from_cursor,
    to_cursor, file_name, counts, conflicts, outcome, created_at, applied_at, audit_seq,
    audit_hash, audit_problems, masked";

/// The last head of `office_code`'s audit chain a package brought here.
pub async fn audit_head(
    conn: &mut SqliteConnection,
    office_code: &str,
) -> Result<Option<(i64, String)>, Error> {
    Ok(sqlx::query_as(
        "SELECT audit_seq, audit_hash FROM sync_imports
         WHERE office_code = ? AND audit_hash IS NOT NULL ORDER BY seq DESC LIMIT 1",
    )
    .bind(office_code)
    .fetch_optional(conn)
    .await?)
}

/// The last package applied from `office_code`: its seq and manifest hash.
pub async fn chain_head(
    conn: &mut SqliteConnection,
    office_code: &str,
) -> Result<Option<(i64, String)>, Error> {
    Ok(sqlx::query_as(
        "SELECT seq, manifest_hash FROM sync_imports WHERE office_code = ?
         ORDER BY seq DESC LIMIT 1",
    )
    .bind(office_code)
    .fetch_optional(conn)
    .await?)
}

pub async fn imports<'e>(ex: impl SqliteExecutor<'e>, limit: i64) -> Result<Vec<ImportRow>, Error> {
    Ok(sqlx::query_as(&format!(
        "SELECT {IMPORT_COLUMNS} FROM sync_imports ORDER BY applied_at DESC, office_code, seq DESC
         LIMIT ?"
    ))
    .bind(limit)
    .fetch_all(ex)
    .await?)
}

pub async fn insert_import(conn: &mut SqliteConnection, row: &ImportRow) -> Result<(), Error> {
    sqlx::query(&format!(
        "INSERT INTO sync_imports ({IMPORT_COLUMNS})
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    ))
    .bind(&row.office_code)
    .bind(row.seq)
    .bind(&row.office_name)
    .bind(&row.manifest_hash)
    .bind(row.full)
    .bind(row.from_cursor)
    .bind(row.to_cursor)
    .bind(&row.file_name)
    .bind(&row.counts)
    .bind(row.conflicts)
    .bind(&row.outcome)
    .bind(&row.created_at)
    .bind(&row.applied_at)
    .bind(row.audit_seq)
    .bind(&row.audit_hash)
    .bind(&row.audit_problems)
    .bind(row.masked)
    .execute(conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Connections for long exports and imports

/// A connection of its own for a long export or import, with a page cache of `cache_mib`: an
/// import's one transaction touches far more pages than SQLite's default cache holds, and
/// spilling them to the WAL and reading them back costs more than the work itself
/// (docs/performance.md, Sync). The connection is closed afterwards rather than returned to
/// the pool, so the pool's connections keep their small cache.
pub async fn bulk_connection(
    pool: &sqlx::SqlitePool,
    cache_mib: i64,
) -> Result<sqlx::pool::PoolConnection<Sqlite>, Error> {
    let mut conn = pool.acquire().await?;
    conn.close_on_drop();
    sqlx::query(&format!("PRAGMA cache_size = -{}", cache_mib * 1024))
        .execute(&mut *conn)
        .await?;
    Ok(conn)
}

// ---------------------------------------------------------------------------------------------
// Reading the change log for export

/// The newest change-log cursor (0 when the log is empty): the upper bound of an export.
pub async fn max_cursor(conn: &mut SqliteConnection) -> Result<i64, Error> {
    Ok(
        sqlx::query_scalar("SELECT COALESCE(MAX(cursor), 0) FROM change_log")
            .fetch_one(conn)
            .await?,
    )
}

/// How many distinct records of `entity` owned by `office_code` changed in (from, to].
pub async fn count_changed(
    conn: &mut SqliteConnection,
    entity: &str,
    office_code: &str,
    from: i64,
    to: i64,
) -> Result<u64, Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(DISTINCT entity_id) FROM change_log
         WHERE entity = ? AND office_code = ? AND cursor > ? AND cursor <= ?",
    )
    .bind(entity)
    .bind(office_code)
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await?;
    Ok(n.max(0) as u64)
}

/// One page of the records of `entity` owned by `office_code` that changed in (from, to],
/// each once, at its last change in the range, in cursor order after `after`. Paging by cursor
/// keeps memory flat and every page an index range scan.
pub async fn changed_page(
    conn: &mut SqliteConnection,
    entity: &str,
    office_code: &str,
    after: i64,
    to: i64,
    limit: usize,
) -> Result<Vec<(i64, String)>, Error> {
    Ok(sqlx::query_as(
        "SELECT c.cursor, c.entity_id FROM change_log c
         WHERE c.entity = ?1 AND c.office_code = ?2 AND c.cursor > ?3 AND c.cursor <= ?4
           AND NOT EXISTS (SELECT 1 FROM change_log d
                           WHERE d.entity = ?1 AND d.entity_id = c.entity_id
                             AND d.cursor > c.cursor AND d.cursor <= ?4)
         ORDER BY c.cursor LIMIT ?5",
    )
    .bind(entity)
    .bind(office_code)
    .bind(after)
    .bind(to)
    .bind(limit as i64)
    .fetch_all(conn)
    .await?)
}

/// The case number of the case with `id`, the key `store::cases` loads by.
pub async fn case_no_of(conn: &mut SqliteConnection, id: &str) -> Result<Option<String>, Error> {
    Ok(sqlx::query_scalar("SELECT case_no FROM cases WHERE id = ?")
        .bind(id)
        .fetch_optional(conn)
        .await?)
}

/// The ids and numbers of the events of the cases among `case_ids`: where incoming events
/// would collide.
pub async fn event_slots(
    conn: &mut SqliteConnection,
    case_ids: &[String],
) -> Result<Vec<(String, String, i64)>, Error> {
    let mut out = Vec::new();
    for chunk in case_ids.chunks(BATCH) {
        let mut qb = QueryBuilder::new("SELECT id, case_id, seq FROM events WHERE case_id");
        in_list(&mut qb, chunk);
        out.extend(
            qb.build_query_as::<(String, String, i64)>()
                .fetch_all(&mut *conn)
                .await?,
        );
    }
    Ok(out)
}

#[derive(sqlx::FromRow)]
struct EventRow {
    cursor: i64,
    id: String,
    case_id: String,
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

/// One page of the timeline events owned by `office_code` appended in (after, to], in cursor
/// order, with the cursor of each.
pub async fn events_page(
    conn: &mut SqliteConnection,
    office_code: &str,
    after: i64,
    to: i64,
    limit: usize,
) -> Result<Vec<(i64, TimelineEvent)>, Error> {
    let rows: Vec<EventRow> = sqlx::query_as(
        "SELECT c.cursor, e.id, e.case_id, e.office_code, e.seq, e.actor, e.account, e.credential, e.at, e.action,
                e.summary, e.details, e.before, e.after
         FROM change_log c JOIN events e ON e.id = c.entity_id
         WHERE c.entity = 'event' AND c.office_code = ? AND c.cursor > ? AND c.cursor <= ?
         ORDER BY c.cursor LIMIT ?",
    )
    .bind(office_code)
    .bind(after)
    .bind(to)
    .bind(limit as i64)
    .fetch_all(conn)
    .await?;
    let json = |s: &str| -> Result<Value, Error> {
        serde_json::from_str(s).map_err(|e| Error::Corrupt(format!("时间线记录：{e}")))
    };
    let uuid =
        |s: &str| Uuid::parse_str(s).map_err(|_| Error::Corrupt(format!("时间线记录的编号“{s}”")));
    rows.into_iter()
        .map(|r| {
            Ok((
                r.cursor,
                TimelineEvent {
                    id: uuid(&r.id)?,
                    case_id: uuid(&r.case_id)?,
                    office_code: r.office_code,
                    seq: r.seq,
                    actor: r.actor,
                    account: r.account,
                    credential: r.credential,
                    at: parse_instant(&r.at)?,
                    action: r.action,
                    summary: r.summary,
                    details: json(&r.details)?,
                    before: json(&r.before)?,
                    after: json(&r.after)?,
                },
            ))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Assignment links

impl<'r> sqlx::FromRow<'r, sqlx::sqlite::SqliteRow> for AssignmentLink {
    fn from_row(row: &'r sqlx::sqlite::SqliteRow) -> Result<Self, sqlx::Error> {
        use sqlx::Row;
        Ok(AssignmentLink {
            case_id: row.try_get("case_id")?,
            case_no: row.try_get("case_no")?,
            office_code: row.try_get("office_code")?,
            parent_case_id: row.try_get("parent_case_id")?,
            parent_case_no: row.try_get("parent_case_no")?,
            parent_office: row.try_get("parent_office")?,
        })
    }
}

pub async fn insert_assignment(
    conn: &mut SqliteConnection,
    link: &AssignmentLink,
    at: &str,
) -> Result<bool, Error> {
    let done = sqlx::query(
        "INSERT INTO sync_assignments (case_id, case_no, office_code, parent_case_id,
            parent_case_no, parent_office, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(&link.case_id)
    .bind(&link.case_no)
    .bind(&link.office_code)
    .bind(&link.parent_case_id)
    .bind(&link.parent_case_no)
    .bind(&link.parent_office)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Whether `office_code` already registered a referred case for the assigned case.
pub async fn assignment_exists(
    conn: &mut SqliteConnection,
    parent_case_id: &str,
    office_code: &str,
) -> Result<bool, Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sync_assignments WHERE parent_case_id = ? AND office_code = ?",
    )
    .bind(parent_case_id)
    .bind(office_code)
    .fetch_one(conn)
    .await?;
    Ok(n > 0)
}

#[derive(sqlx::FromRow)]
struct LinkAt {
    cursor: i64,
    #[sqlx(flatten)]
    link: AssignmentLink,
}

/// Links created by `office_code` in (after, to] of the change log, for export.
pub async fn assignments_page(
    conn: &mut SqliteConnection,
    office_code: &str,
    after: i64,
    to: i64,
    limit: usize,
) -> Result<Vec<(i64, AssignmentLink)>, Error> {
    let rows: Vec<LinkAt> = sqlx::query_as(
        "SELECT c.cursor, a.case_id, a.case_no, a.office_code, a.parent_case_id,
                a.parent_case_no, a.parent_office
         FROM change_log c JOIN sync_assignments a ON a.case_id = c.entity_id
         WHERE c.entity = 'assignment' AND c.office_code = ? AND c.cursor > ? AND c.cursor <= ?
         ORDER BY c.cursor LIMIT ?",
    )
    .bind(office_code)
    .bind(after)
    .bind(to)
    .bind(limit as i64)
    .fetch_all(conn)
    .await?;
    Ok(rows.into_iter().map(|r| (r.cursor, r.link)).collect())
}

/// A link with the referred case's status where this office holds it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AssignmentRow {
    #[sqlx(flatten)]
    pub link: AssignmentLink,
    pub status: Option<String>,
    pub created_at: String,
}

/// Every link, newest first.
pub async fn assignments<'e>(ex: impl SqliteExecutor<'e>) -> Result<Vec<AssignmentRow>, Error> {
    Ok(sqlx::query_as(
        "SELECT a.case_id, a.case_no, a.office_code, a.parent_case_id, a.parent_case_no,
                a.parent_office, c.status, a.created_at
         FROM sync_assignments a LEFT JOIN cases c ON c.id = a.case_id
         ORDER BY a.created_at DESC, a.case_no",
    )
    .fetch_all(ex)
    .await?)
}

// ---------------------------------------------------------------------------------------------
// Applying foreign records

/// What this office holds of a record that arrives: its owner and version, and the sync base
/// (the version last received from the owner and the hash of its JSON).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalState {
    pub office_code: String,
    pub version: i64,
    pub base: Option<(i64, String)>,
}

#[derive(sqlx::FromRow)]
struct StateRow {
    id: String,
    office_code: String,
    version: i64,
    base_version: Option<i64>,
    base_hash: Option<String>,
}

/// The local state of the cases among `ids` that exist here.
pub async fn case_states(
    conn: &mut SqliteConnection,
    ids: &[String],
) -> Result<HashMap<String, LocalState>, Error> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT c.id, c.office_code, c.version, b.version AS base_version,
                    b.hash AS base_hash FROM cases c
             LEFT JOIN sync_base b ON b.entity = 'case' AND b.entity_id = c.id
             WHERE c.id IN (",
        );
        let mut sep = qb.separated(", ");
        for id in chunk {
            sep.push_bind(id);
        }
        qb.push(")");
        let rows: Vec<StateRow> = qb.build_query_as().fetch_all(&mut *conn).await?;
        for r in rows {
            out.insert(
                r.id,
                LocalState {
                    office_code: r.office_code,
                    version: r.version,
                    base: r.base_version.zip(r.base_hash),
                },
            );
        }
    }
    Ok(out)
}

/// The owners of the cases among `ids` that exist here.
pub async fn case_owners(
    conn: &mut SqliteConnection,
    ids: &[String],
) -> Result<HashMap<String, String>, Error> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(BATCH) {
        let mut qb: QueryBuilder<Sqlite> =
            QueryBuilder::new("SELECT id, office_code FROM cases WHERE id IN (");
        let mut sep = qb.separated(", ");
        for id in chunk {
            sep.push_bind(id);
        }
        qb.push(")");
        let rows: Vec<(String, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        out.extend(rows);
    }
    Ok(out)
}

/// One row of the sync base.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseRow {
    pub entity_id: String,
    pub office_code: String,
    pub version: i64,
    pub hash: String,
}

/// Records what was last received of each record, many rows per statement.
pub async fn set_bases(
    conn: &mut SqliteConnection,
    entity: &str,
    rows: &[BaseRow],
) -> Result<(), Error> {
    for chunk in rows.chunks(BATCH) {
        let mut qb: QueryBuilder<Sqlite> = QueryBuilder::new(
            "INSERT INTO sync_base (entity, entity_id, office_code, version, hash) ",
        );
        qb.push_values(chunk, |mut b, row| {
            b.push_bind(entity)
                .push_bind(&row.entity_id)
                .push_bind(&row.office_code)
                .push_bind(row.version)
                .push_bind(&row.hash);
        });
        qb.push(
            " ON CONFLICT (entity, entity_id) DO UPDATE SET office_code = excluded.office_code,
              version = excluded.version, hash = excluded.hash",
        );
        qb.build().execute(&mut *conn).await?;
    }
    Ok(())
}

/// Replaces a stored case with `case` as a whole: facts, petitioners, deadlines and its search
/// entry. The rows are deleted and written again by `store::cases::insert_many`, so a case arriving
/// by sync is stored exactly as one registered here; the events referring to the case are
/// left alone (foreign keys are checked at commit instead of in between).
pub async fn replace_case(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    let id = case.id.to_string();
    defer_foreign_keys(conn).await?;
    super::search::remove(conn, &id).await?;
    for table in ["petitioners", "deadlines"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE case_id = ?"))
            .bind(&id)
            .execute(&mut *conn)
            .await?;
    }
    sqlx::query("DELETE FROM cases WHERE id = ?")
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    super::cases::insert_many(conn, std::slice::from_ref(case)).await
}

/// Records (or updates) another office as it describes itself in its packages. The local
/// office's own row is never touched.
/// What an upsert did to the row it was given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Upsert {
    Inserted,
    Updated,
    Unchanged,
}

/// Records another office's name and document prefix (never the local office's), and says
/// whether that was new, a change, or what was held already.
pub async fn upsert_foreign_office(
    conn: &mut SqliteConnection,
    code: &str,
    name: &str,
    doc_prefix: &str,
    at: &str,
) -> Result<Upsert, Error> {
    let held: Option<(String, String, bool)> =
        sqlx::query_as("SELECT name, doc_prefix, is_local FROM office WHERE code = ?")
            .bind(code)
            .fetch_optional(&mut *conn)
            .await?;
    let done = match held {
        Some((n, p, local)) if local || (n == name && p == doc_prefix) => Upsert::Unchanged,
        Some(_) => Upsert::Updated,
        None => Upsert::Inserted,
    };
    if done != Upsert::Unchanged {
        sqlx::query(
            "INSERT INTO office (code, name, doc_prefix, is_local, created_at) VALUES (?, ?, ?, 0, ?)
             ON CONFLICT (code) DO UPDATE SET name = excluded.name, doc_prefix = excluded.doc_prefix
             WHERE office.is_local = 0",
        )
        .bind(code)
        .bind(name)
        .bind(doc_prefix)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(done)
}

// ---------------------------------------------------------------------------------------------
// Conflicts

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ConflictRow {
    pub id: i64,
    pub entity: String,
    pub entity_id: String,
    pub label: String,
    pub office_code: String,
    pub local_version: i64,
    pub local_json: String,
    pub remote_version: i64,
    pub remote_json: String,
    pub package_office: String,
    pub package_seq: i64,
    pub status: String,
    pub detected_at: String,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
}

const CONFLICT_COLUMNS: &str = "id, entity, entity_id, label, office_code, local_version,
    local_json, remote_version, remote_json, package_office, package_seq, status, detected_at,
    resolved_at, resolved_by";

/// Records a conflict, or gives the open conflict of the same record the newer remote side.
/// Returns the conflict's id.
pub async fn upsert_open_conflict(
    conn: &mut SqliteConnection,
    row: &ConflictRow,
) -> Result<i64, Error> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO sync_conflicts (entity, entity_id, label, office_code, local_version,
            local_json, remote_version, remote_json, package_office, package_seq, status,
            detected_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?)
         ON CONFLICT (entity, entity_id) WHERE status = 'open' DO UPDATE SET
            label = excluded.label, local_version = excluded.local_version,
            local_json = excluded.local_json, remote_version = excluded.remote_version,
            remote_json = excluded.remote_json, package_office = excluded.package_office,
            package_seq = excluded.package_seq, detected_at = excluded.detected_at
         RETURNING id",
    )
    .bind(&row.entity)
    .bind(&row.entity_id)
    .bind(&row.label)
    .bind(&row.office_code)
    .bind(row.local_version)
    .bind(&row.local_json)
    .bind(row.remote_version)
    .bind(&row.remote_json)
    .bind(&row.package_office)
    .bind(row.package_seq)
    .bind(&row.detected_at)
    .fetch_one(conn)
    .await?;
    Ok(id)
}

pub async fn conflicts<'e>(
    ex: impl SqliteExecutor<'e>,
    include_resolved: bool,
) -> Result<Vec<ConflictRow>, Error> {
    let filter = if include_resolved {
        ""
    } else {
        "WHERE status = 'open'"
    };
    Ok(sqlx::query_as(&format!(
        "SELECT {CONFLICT_COLUMNS} FROM sync_conflicts {filter} ORDER BY id"
    ))
    .fetch_all(ex)
    .await?)
}

pub async fn conflict(conn: &mut SqliteConnection, id: i64) -> Result<Option<ConflictRow>, Error> {
    Ok(sqlx::query_as(&format!(
        "SELECT {CONFLICT_COLUMNS} FROM sync_conflicts WHERE id = ?"
    ))
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

pub async fn mark_resolved(
    conn: &mut SqliteConnection,
    id: i64,
    status: &str,
    at: &str,
    by: &str,
) -> Result<(), Error> {
    sqlx::query(
        "UPDATE sync_conflicts SET status = ?, resolved_at = ?, resolved_by = ?
         WHERE id = ? AND status = 'open'",
    )
    .bind(status)
    .bind(at)
    .bind(by)
    .bind(id)
    .execute(conn)
    .await?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Issued documents

/// The number of the issued document with `id`, the key `store::documents` loads by.
pub async fn doc_no_of(conn: &mut SqliteConnection, id: &str) -> Result<Option<String>, Error> {
    Ok(
        sqlx::query_scalar("SELECT doc_no FROM issued_documents WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// The owner and version of the issued document with `id`, if held here.
pub async fn document_state(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<(String, i64)>, Error> {
    Ok(
        sqlx::query_as("SELECT office_code, version FROM issued_documents WHERE id = ?")
            .bind(id)
            .fetch_optional(conn)
            .await?,
    )
}

/// Stores another office's issued document as it is there (voided or not, at its version),
/// with `path` relative to this office's document folder.
pub async fn insert_foreign_document(
    conn: &mut SqliteConnection,
    d: &IssuedDocument,
    path: &str,
) -> Result<(), Error> {
    let fields = serde_json::to_string(&d.fields).map_err(|e| Error::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO issued_documents (id, office_code, case_id, kind, doc_no, year, seq, title,
            path, sha256, size, issued_at, actor, fields, replaces, voided_at, void_reason,
            voided_by, version)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(d.id.to_string())
    .bind(&d.office_code)
    .bind(d.case_id.to_string())
    .bind(d.kind.as_str())
    .bind(&d.doc_no)
    .bind(d.year)
    .bind(d.seq)
    .bind(&d.title)
    .bind(path)
    .bind(&d.sha256)
    .bind(d.size)
    .bind(instant_text(d.issued_at))
    .bind(&d.actor)
    .bind(fields)
    .bind(d.replaces.map(|r| r.to_string()))
    .bind(d.voided_at.map(instant_text))
    .bind(&d.void_reason)
    .bind(&d.voided_by)
    .bind(d.version)
    .execute(&mut *conn)
    .await?;
    super::chain::seal(conn, super::chain::Entity::Document, 1).await
}

/// Brings a held foreign document to the owner's newer version: only voiding changes a
/// document (the number, file and hash are fixed).
pub async fn update_foreign_document(
    conn: &mut SqliteConnection,
    d: &IssuedDocument,
) -> Result<(), Error> {
    sqlx::query(
        "UPDATE issued_documents SET voided_at = ?, void_reason = ?, voided_by = ?, version = ?
         WHERE id = ?",
    )
    .bind(d.voided_at.map(instant_text))
    .bind(&d.void_reason)
    .bind(&d.voided_by)
    .bind(d.version)
    .bind(d.id.to_string())
    .execute(conn)
    .await?;
    Ok(())
}

/// Checks foreign keys at commit rather than statement by statement, for the rest of the
/// transaction: a package's records may refer to each other in any order.
pub async fn defer_foreign_keys(conn: &mut SqliteConnection) -> Result<(), Error> {
    sqlx::query("PRAGMA defer_foreign_keys = ON")
        .execute(conn)
        .await?;
    Ok(())
}
