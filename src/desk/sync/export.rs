//! Export: the office's own changes since its last package (or all of them) streamed from the
//! change log into a signed package.
//!
//! Records are read page by page (by change-log cursor) inside one read transaction, so the
//! package is a consistent snapshot and memory stays flat however many cases there are. Only
//! records the office owns are written: records of other offices that arrived by sync are
//! theirs to send, and a package never relays them (docs/sync-format.md §12).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;

use super::failure::SyncFailure;
use crate::domain::case::Case;
use crate::domain::identity;
use crate::domain::office::Office;
use crate::store::{self, Db};
use crate::sync::audit::{AuditEntry, AuditSegment};
use crate::sync::records::{
    attachment_file_name, document_file_name, OfficeRecord, KIND_ASSIGNMENTS, KIND_ATTACHMENTS,
    KIND_AUDIT, KIND_CASES, KIND_DOCUMENTS, KIND_EVENTS, KIND_OFFICES,
};
use crate::sync::{
    OfficeKey, PackageHeader, PackageWriter, RecordEnvelope, SyncError, PACKAGE_EXTENSION,
};
use crate::Error;

/// Records read per query while streaming.
const PAGE: usize = 500;
/// Page cache of the export's connection (see `store::sync::bulk_connection`).
const EXPORT_CACHE_MIB: i64 = 32;
/// How often (in records) progress is reported.
const PROGRESS_EVERY: u64 = 1000;

/// Progress of a long export or import, for a progress bar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncProgress {
    /// Record kind being written or applied (`cases`, `events`, …).
    pub kind: String,
    pub done: u64,
    pub total: u64,
}

/// What an export wrote. `path` is `None` when there was nothing new to export: no package is
/// written then, and no sequence number is used up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncExport {
    pub path: Option<PathBuf>,
    pub seq: Option<u64>,
    pub full: bool,
    pub from_cursor: i64,
    pub to_cursor: i64,
    /// Record kind → number of records in the package.
    pub record_counts: BTreeMap<String, u64>,
    /// Size of the package file in bytes.
    pub size: u64,
    pub manifest_hash: Option<String>,
    /// ID and phone numbers masked (the office's setting).
    pub masked: bool,
}

/// What a package carries.
#[derive(Debug, Clone, Copy)]
pub struct What {
    /// Every record the office owns (from cursor 0) rather than the changes since the last
    /// package.
    pub full: bool,
    /// Petitioners' ID and phone numbers masked, in cases and in the events' details.
    pub masked: bool,
}

/// Writes the next package of `office` into `out_dir`. Issued PDFs are read from
/// `documents_folder`.
#[allow(clippy::too_many_arguments)]
pub async fn export(
    db: &Db,
    office: &Office,
    key: &OfficeKey,
    out_dir: &Path,
    What { full, masked }: What,
    documents_folder: &Path,
    now: DateTime<Utc>,
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
) -> Result<SyncExport, SyncFailure> {
    std::fs::create_dir_all(out_dir).map_err(|e| crate::sync::SyncError::Io {
        path: out_dir.to_owned(),
        source: e,
    })?;
    // A read transaction: every page sees the same snapshot, and the cursor range written
    // in the manifest is exactly what the records reflect.
    let mut conn = store::sync::bulk_connection(&db.pool, EXPORT_CACHE_MIB).await?;
    let mut snapshot = sqlx::Connection::begin(&mut *conn).await?;
    let last = store::sync::last_export(&mut *snapshot).await?;
    let seq = last.as_ref().map_or(1, |l| l.seq as u64 + 1);
    let prev_package_hash = last.as_ref().map(|l| l.manifest_hash.clone());
    let from_cursor = match (&last, full) {
        (Some(l), false) => l.to_cursor,
        _ => 0,
    };
    let to_cursor = store::sync::max_cursor(&mut snapshot)
        .await?
        .max(from_cursor);

    let mut totals = BTreeMap::new();
    for (kind, entity) in [
        (KIND_CASES, "case"),
        (KIND_EVENTS, "event"),
        (KIND_ASSIGNMENTS, "assignment"),
        (KIND_DOCUMENTS, "document"),
        (KIND_ATTACHMENTS, "attachment"),
    ] {
        let n =
            store::sync::count_changed(&mut snapshot, entity, &office.code, from_cursor, to_cursor)
                .await?;
        totals.insert(kind, n);
    }
    if !full && totals.values().all(|n| *n == 0) {
        return Ok(SyncExport {
            path: None,
            seq: None,
            full,
            from_cursor,
            to_cursor: from_cursor,
            record_counts: BTreeMap::new(),
            size: 0,
            manifest_hash: None,
            masked,
        });
    }

    let last_audit = last.as_ref().and_then(|l| l.audit_seq).filter(|_| !full);
    let audit = audit_segment(
        &mut snapshot,
        last_audit,
        &office.code,
        from_cursor,
        to_cursor,
    )
    .await?;

    let path = out_dir.join(format!("{}-{seq:06}.{PACKAGE_EXTENSION}", office.code));
    let writer = PackageWriter::create(
        &path,
        PackageHeader {
            office_code: office.code.clone(),
            office_name: office.name.clone(),
            seq,
            from_cursor,
            to_cursor,
            prev_package_hash,
            full,
            created_at: now,
            audit: audit.clone(),
            masked,
        },
    )?;

    // Reading (SQLite, on its own thread) and writing (JSON and deflate, on a blocking
    // thread) overlap: the records go over a short channel, a page at a time.
    let (sink, writing) = Sink::start(writer);
    let range = Range {
        office: &office.code,
        from: from_cursor,
        to: to_cursor,
        masked,
    };
    let produced = async {
        let office_record = RecordEnvelope {
            id: office.code.clone(),
            version: 1,
            origin_office: office.code.clone(),
            deleted: false,
            data: OfficeRecord {
                code: office.code.clone(),
                name: office.name.clone(),
                doc_prefix: office.doc_prefix.clone(),
            },
        };
        sink.run(move |w| w.write_record(KIND_OFFICES, &office_record))
            .await?;
        write_audit(&mut snapshot, &sink, &audit).await?;
        write_cases(&mut snapshot, &sink, &range, totals[KIND_CASES], progress).await?;
        write_events(&mut snapshot, &sink, &range, totals[KIND_EVENTS], progress).await?;
        write_assignments(&mut snapshot, &sink, &range).await?;
        if totals[KIND_DOCUMENTS] > 0 {
            write_documents(&mut snapshot, &sink, &range, documents_folder).await?;
        }
        if totals[KIND_ATTACHMENTS] > 0 {
            write_attachments(&mut snapshot, &sink, &range, documents_folder).await?;
        }
        Ok::<(), SyncFailure>(())
    }
    .await;
    drop(sink);
    let written = writing
        .await
        .map_err(|e| Error::Io(std::io::Error::other(e)))?;
    drop(snapshot);
    // The writer's own error explains a producer that found the channel closed.
    let writer = match (produced, written) {
        (_, Err(e)) => return Err(e.into()),
        (Err(e), Ok(_)) => return Err(e),
        (Ok(()), Ok(writer)) => writer,
    };

    let finished = writer.finish(key)?;
    let record_counts = finished.manifest.record_counts.clone();
    let row = store::sync::ExportRow {
        seq: seq as i64,
        from_cursor,
        to_cursor,
        full,
        path: path.display().to_string(),
        manifest_hash: finished.manifest_hash.clone(),
        size: finished.size as i64,
        record_counts: serde_json::to_string(&record_counts).unwrap_or_default(),
        created_at: store::instant_text(now),
        audit_seq: Some(audit.head_seq),
        masked,
    };
    if let Err(e) = record_export(db, &row).await {
        // Without its history row the package's number would be handed out again: withdraw it.
        let _ = std::fs::remove_file(&finished.path);
        return Err(e);
    }
    Ok(SyncExport {
        path: Some(finished.path),
        seq: Some(seq),
        full,
        from_cursor,
        to_cursor,
        record_counts,
        size: finished.size,
        manifest_hash: Some(finished.manifest_hash),
        masked,
    })
}

/// Adds the history row, unless another export took the number meanwhile (two exports at the
/// same moment: the later one fails rather than fork the chain).
async fn record_export(db: &Db, row: &store::sync::ExportRow) -> Result<(), SyncFailure> {
    let mut tx = db.begin_write().await?;
    let last = store::sync::last_export(&mut *tx).await?;
    if last.map_or(0, |l| l.seq) + 1 != row.seq {
        return Err(Error::invalid(
            "sync_export",
            "另一个导出同时进行并已使用了同一序号，请重新导出",
        )
        .into());
    }
    store::sync::insert_export(&mut tx, row).await?;
    tx.commit().await?;
    Ok(())
}

struct Range<'a> {
    office: &'a str,
    from: i64,
    to: i64,
    masked: bool,
}

type Job = Box<dyn FnOnce(&mut PackageWriter) -> Result<(), SyncError> + Send>;

/// The package writer on a blocking thread, fed writing jobs (a page of records each).
struct Sink {
    jobs: tokio::sync::mpsc::Sender<Job>,
}

impl Sink {
    fn start(
        mut writer: PackageWriter,
    ) -> (
        Sink,
        tokio::task::JoinHandle<Result<PackageWriter, SyncError>>,
    ) {
        // Two pages in flight: enough to keep both threads busy, little memory.
        let (jobs, mut rx) = tokio::sync::mpsc::channel::<Job>(2);
        let writing = tokio::task::spawn_blocking(move || {
            while let Some(job) = rx.blocking_recv() {
                job(&mut writer)?;
            }
            Ok(writer)
        });
        (Sink { jobs }, writing)
    }

    async fn run(
        &self,
        job: impl FnOnce(&mut PackageWriter) -> Result<(), SyncError> + Send + 'static,
    ) -> Result<(), SyncFailure> {
        self.jobs
            .send(Box::new(job))
            .await
            .map_err(|_| SyncFailure::from(Error::Io(std::io::Error::other("同步包写入已中止"))))
    }
}

async fn write_cases(
    conn: &mut SqliteConnection,
    sink: &Sink,
    range: &Range<'_>,
    total: u64,
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
) -> Result<(), SyncFailure> {
    sink.run(|w| w.begin_records(KIND_CASES)).await?;
    let mut after = range.from;
    let mut done = 0u64;
    loop {
        let page =
            store::sync::changed_page(conn, "case", range.office, after, range.to, PAGE).await?;
        let Some(&(last, _)) = page.last() else {
            break;
        };
        let ids: Vec<String> = page.into_iter().map(|(_, id)| id).collect();
        let mut cases = store::cases::load_many(conn, &ids).await?;
        if cases.len() != ids.len() {
            return Err(Error::Corrupt("变更记录中的信访件不存在".into()).into());
        }
        if range.masked {
            cases = cases.into_iter().map(Case::masked).collect();
        }
        let n = cases.len() as u64;
        sink.run(move |w| {
            for case in &cases {
                w.write_record(
                    KIND_CASES,
                    &RecordEnvelope {
                        id: case.id.to_string(),
                        version: case.version.max(1) as u64,
                        origin_office: case.office_code.clone(),
                        deleted: false,
                        data: case,
                    },
                )?;
            }
            Ok(())
        })
        .await?;
        report(progress, KIND_CASES, done, n, total);
        done += n;
        after = last;
    }
    progress(&SyncProgress {
        kind: KIND_CASES.into(),
        done,
        total,
    });
    Ok(())
}

/// Reports progress when a multiple of `PROGRESS_EVERY` was passed by `n` more records.
fn report(
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
    kind: &str,
    before: u64,
    n: u64,
    total: u64,
) {
    if (before + n) / PROGRESS_EVERY > before / PROGRESS_EVERY && before + n < total {
        progress(&SyncProgress {
            kind: kind.into(),
            done: before + n,
            total,
        });
    }
}

/// The segment of the office's audit chain the package carries: after the entry the previous
/// package ended at (`last`; none, or a full package: from the start), up to the chain's head,
/// with the export's own check of it.
async fn audit_segment(
    conn: &mut SqliteConnection,
    last: Option<i64>,
    office: &str,
    from_cursor: i64,
    to_cursor: i64,
) -> Result<AuditSegment, Error> {
    let (head_seq, head_hash) = match store::chain::head(conn).await? {
        Some((seq, hash)) => (seq, Some(hash)),
        None => (0, None),
    };
    let mut from_seq = last.unwrap_or(0);
    let mut from_hash = None;
    if from_seq > 0 {
        from_hash = store::chain::hash_at(conn, from_seq).await?;
    }
    // The entry the last package ended at is gone: send the whole chain, which the receiver
    // can still hold its head against.
    if from_seq > head_seq || (from_seq > 0 && from_hash.is_none()) {
        from_seq = 0;
        from_hash = None;
    }
    Ok(AuditSegment {
        from_seq,
        from_hash,
        head_seq,
        head_hash,
        breaks: store::chain::segment_breaks(conn, from_seq, head_seq).await?,
        before_chain: store::chain::events_before_chain(conn, office, from_cursor, to_cursor)
            .await?,
    })
}

async fn write_audit(
    conn: &mut SqliteConnection,
    sink: &Sink,
    audit: &AuditSegment,
) -> Result<(), SyncFailure> {
    if audit.head_seq == audit.from_seq {
        return Ok(());
    }
    sink.run(|w| w.begin_records(KIND_AUDIT)).await?;
    let mut after = audit.from_seq;
    loop {
        let page = store::chain::entries_page(conn, after, audit.head_seq, PAGE * 10).await?;
        let Some(last) = page.last().map(|e| e.0) else {
            break;
        };
        sink.run(move |w| {
            for (seq, entity, entity_id, prev_hash, hash) in page {
                let entry = AuditEntry {
                    seq,
                    entity,
                    entity_id,
                    prev_hash,
                    hash,
                };
                w.write_record(KIND_AUDIT, &entry)?;
            }
            Ok(())
        })
        .await?;
        after = last;
    }
    Ok(())
}

async fn write_events(
    conn: &mut SqliteConnection,
    sink: &Sink,
    range: &Range<'_>,
    total: u64,
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
) -> Result<(), SyncFailure> {
    sink.run(|w| w.begin_records(KIND_EVENTS)).await?;
    let mut after = range.from;
    let mut done = 0u64;
    loop {
        let mut page = store::sync::events_page(conn, range.office, after, range.to, PAGE).await?;
        let Some(&(last, _)) = page.last() else {
            break;
        };
        if range.masked {
            for (_, event) in &mut page {
                for json in [&mut event.details, &mut event.before, &mut event.after] {
                    identity::mask_json(json);
                }
            }
        }
        let n = page.len() as u64;
        sink.run(move |w| {
            for (_, event) in &page {
                w.write_record(
                    KIND_EVENTS,
                    &RecordEnvelope {
                        id: event.id.to_string(),
                        // Events never change: every event has one version.
                        version: 1,
                        origin_office: event.office_code.clone(),
                        deleted: false,
                        data: event,
                    },
                )?;
            }
            Ok(())
        })
        .await?;
        report(progress, KIND_EVENTS, done, n, total);
        done += n;
        after = last;
    }
    progress(&SyncProgress {
        kind: KIND_EVENTS.into(),
        done,
        total,
    });
    Ok(())
}

async fn write_assignments(
    conn: &mut SqliteConnection,
    sink: &Sink,
    range: &Range<'_>,
) -> Result<(), SyncFailure> {
    let mut after = range.from;
    let mut begun = false;
    loop {
        let page = store::sync::assignments_page(conn, range.office, after, range.to, PAGE).await?;
        let Some(&(last, _)) = page.last() else {
            break;
        };
        // The kind appears only in packages that carry links: most offices never get an
        // assignment from above.
        if !begun {
            sink.run(|w| w.begin_records(KIND_ASSIGNMENTS)).await?;
            begun = true;
        }
        sink.run(move |w| {
            for (_, link) in &page {
                w.write_record(
                    KIND_ASSIGNMENTS,
                    &RecordEnvelope {
                        id: link.case_id.clone(),
                        version: 1,
                        origin_office: link.office_code.clone(),
                        deleted: false,
                        data: link,
                    },
                )?;
            }
            Ok(())
        })
        .await?;
        after = last;
    }
    Ok(())
}

/// The documents' records, then their PDFs: a package holds each record kind in one entry,
/// so the files come in a second pass over the same range rather than being remembered.
async fn write_documents(
    conn: &mut SqliteConnection,
    sink: &Sink,
    range: &Range<'_>,
    folder: &Path,
) -> Result<(), SyncFailure> {
    sink.run(|w| w.begin_records(KIND_DOCUMENTS)).await?;
    for pass in [Pass::Records, Pass::Files] {
        let mut after = range.from;
        loop {
            let page =
                store::sync::changed_page(conn, "document", range.office, after, range.to, PAGE)
                    .await?;
            let Some(&(last, _)) = page.last() else {
                break;
            };
            let mut docs = Vec::with_capacity(page.len());
            for (_, id) in &page {
                let doc_no = store::sync::doc_no_of(conn, id)
                    .await?
                    .ok_or_else(|| Error::Corrupt(format!("变更记录中的文书 {id} 不存在")))?;
                docs.push(
                    store::documents::by_doc_no(&mut *conn, range.office, &doc_no)
                        .await?
                        .ok_or_else(|| Error::Corrupt(format!("文书 {doc_no} 无法读取")))?,
                );
            }
            let folder = folder.to_owned();
            sink.run(move |w| {
                for doc in &docs {
                    match pass {
                        Pass::Records => w.write_record(
                            KIND_DOCUMENTS,
                            &RecordEnvelope {
                                id: doc.id.to_string(),
                                version: doc.version.max(1) as u64,
                                origin_office: doc.office_code.clone(),
                                deleted: false,
                                data: doc,
                            },
                        )?,
                        // A voided document keeps its file: the receiver archives it too.
                        Pass::Files => w.add_file_expecting(
                            &document_file_name(&doc.path),
                            &folder.join(&doc.path),
                            Some(&doc.sha256),
                        )?,
                    }
                }
                Ok(())
            })
            .await?;
            after = last;
        }
    }
    Ok(())
}

/// The attachments' records, then their files, as [`write_documents`] does.
async fn write_attachments(
    conn: &mut SqliteConnection,
    sink: &Sink,
    range: &Range<'_>,
    folder: &Path,
) -> Result<(), SyncFailure> {
    sink.run(|w| w.begin_records(KIND_ATTACHMENTS)).await?;
    for pass in [Pass::Records, Pass::Files] {
        let mut after = range.from;
        loop {
            let page =
                store::sync::changed_page(conn, "attachment", range.office, after, range.to, PAGE)
                    .await?;
            let Some(&(last, _)) = page.last() else {
                break;
            };
            let mut rows = Vec::with_capacity(page.len());
            for (_, id) in &page {
                let found = match uuid::Uuid::parse_str(id) {
                    Ok(uuid) => store::attachments::by_id(&mut *conn, uuid).await?,
                    Err(_) => None,
                };
                rows.push(
                    found.ok_or_else(|| Error::Corrupt(format!("变更记录中的附件 {id} 不存在")))?,
                );
            }
            let folder = folder.to_owned();
            sink.run(move |w| {
                for a in &rows {
                    match pass {
                        Pass::Records => w.write_record(
                            KIND_ATTACHMENTS,
                            &RecordEnvelope {
                                id: a.id.to_string(),
                                version: a.version.max(1) as u64,
                                origin_office: a.office_code.clone(),
                                deleted: false,
                                data: a,
                            },
                        )?,
                        // A withdrawn attachment keeps its file: the receiver keeps it too.
                        Pass::Files => w.add_file_expecting(
                            &attachment_file_name(&a.path),
                            &folder.join(&a.path),
                            Some(&a.sha256),
                        )?,
                    }
                }
                Ok(())
            })
            .await?;
            after = last;
        }
    }
    Ok(())
}

#[derive(Clone, Copy)]
enum Pass {
    Records,
    Files,
}
