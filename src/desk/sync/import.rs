//! Import: applying a verified package to the store, inside the caller's one transaction.
//!
//! The package has passed every check of `sync::verify` and the sequence check before this
//! runs; here each record is checked once more against what only the store knows (who owns
//! it, whether its case exists) and applied idempotently by id and version. Any error ends the
//! import and the caller's transaction rolls back: a package is applied whole or not at all.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::Path;

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;
use sqlx::SqliteConnection;
use ts_rs::TS;
use uuid::Uuid;

use super::export::SyncProgress;
use super::failure::SyncFailure;
use crate::domain::account::Actor;
use crate::domain::calendar::{cn_date, office_date};
use crate::domain::case::{AuthorityKind, Case, Channel, Disposal, NewCase};
use crate::domain::office::Office;
use crate::domain::policy::Policy;
use crate::domain::registration;
use crate::domain::workflow::ActionKind;
use crate::store::attachments::Attachment;
use crate::store::documents::IssuedDocument;
use crate::store::events::{record, Happening};
use crate::store::events::{EventJson, TimelineEvent};
use crate::store::sync::{BaseRow, ConflictRow, LocalState, Upsert};
use crate::store::{self};
use crate::sync::audit::{check_segment, unchained_problem, AuditEntry, AuditHead};
use crate::sync::conflict::{self, Held, Plan};
use crate::sync::records::{
    attachment_file_name, case_hash, document_file_name, AssignmentLink, OfficeRecord,
    KIND_ASSIGNMENTS, KIND_ATTACHMENTS, KIND_AUDIT, KIND_CASES, KIND_DOCUMENTS, KIND_EVENTS,
    KIND_OFFICES,
};
use crate::sync::{RecordEnvelope, VerifiedPackage};
use crate::Error;

/// The kinds this program applies, in the order it applies them (cases before the events and
/// links that refer to them).
pub const KNOWN_KINDS: [&str; 7] = [
    KIND_OFFICES,
    KIND_AUDIT,
    KIND_CASES,
    KIND_EVENTS,
    KIND_ASSIGNMENTS,
    KIND_DOCUMENTS,
    KIND_ATTACHMENTS,
];

const PROGRESS_EVERY: u64 = 1000;
/// Records applied together: one lookup of what is held, a few multi-row statements.
const APPLY_BATCH: usize = 1000;

/// What happened to the records of one kind.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KindCounts {
    /// Lines in the package.
    pub received: u64,
    /// New here.
    pub inserted: u64,
    /// A newer version replaced the one held.
    pub updated: u64,
    /// Held already as it is (a repeat).
    pub unchanged: u64,
    /// Older than the version held; kept what is held.
    pub stale: u64,
    /// Changed here and not by the owner since; the local change stays.
    pub kept_local: u64,
    /// Changed on both sides: waiting in the conflict list.
    pub conflicts: u64,
}

/// The result of applying a package's records.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Applied {
    pub counts: BTreeMap<String, KindCounts>,
    pub conflicts: u64,
    /// Case numbers of the referred cases registered here for cases assigned (交办) to this
    /// office.
    pub referred_cases: Vec<String>,
    /// What the check of the writer's audit chain found (none: the package carried no chain).
    pub audit: Option<AuditFindings>,
}

/// The check of the writer's audit chain against the head held from its earlier packages.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AuditFindings {
    /// The writer's chain head the package brought: the next package must extend it.
    #[ts(type = "number")]
    pub head_seq: i64,
    pub head_hash: Option<String>,
    /// Empty: the chain is whole and extends what was held.
    pub problems: Vec<String>,
}

/// Who is applying what.
pub struct ApplyContext<'a> {
    /// The office running this copy.
    pub local: &'a Office,
    /// The office that wrote the package (never the local one).
    pub package_office: &'a str,
    pub package_office_name: &'a str,
    pub package_seq: u64,
    pub actor: &'a Actor,
    pub now: DateTime<Utc>,
    pub policy: &'a Policy,
    /// This office's document folder: other offices' PDFs go to `<office code>/` inside it.
    pub documents_folder: &'a Path,
}

/// Applies every record of `pkg` through `conn` (an open write transaction).
pub async fn apply(
    conn: &mut SqliteConnection,
    pkg: &mut VerifiedPackage,
    ctx: &ApplyContext<'_>,
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
) -> Result<Applied, SyncFailure> {
    if let Some(kind) = pkg.record_kinds().find(|k| !KNOWN_KINDS.contains(k)) {
        // Within one format version the kinds are fixed; an unknown kind is a newer writer
        // (or a crafted file), and skipping it would lose what it carries.
        return Err(SyncFailure::bad_record(
            kind,
            0,
            "本程序不认识这种记录，请升级本程序后再导入",
        ));
    }
    let totals: BTreeMap<String, u64> = pkg.manifest().record_counts.clone();
    let mut applied = Applied::default();
    let at = store::instant_text(ctx.now);

    apply_offices(conn, pkg, ctx, &at, &mut applied).await?;
    let mut audit = read_audit(conn, pkg, ctx).await?;
    apply_cases(conn, pkg, ctx, &totals, progress, &mut applied).await?;
    apply_events(
        conn,
        pkg,
        ctx,
        &totals,
        progress,
        &mut applied,
        audit.as_mut(),
    )
    .await?;
    applied.audit = audit.map(|a| {
        let mut findings = a.findings;
        findings
            .problems
            .extend(unchained_problem(a.unchained, a.before_chain));
        findings
    });
    apply_assignments(conn, pkg, ctx, &at, &mut applied).await?;
    apply_documents(conn, pkg, ctx, &mut applied).await?;
    apply_attachments(conn, pkg, ctx, &mut applied).await?;
    applied.conflicts = applied.counts.values().map(|c| c.conflicts).sum();
    Ok(applied)
}

/// The writer's audit chain as the package carries it, while its events are applied.
struct AuditCheck {
    findings: AuditFindings,
    /// Ids of the events the segment chains.
    chained: HashSet<String>,
    /// Events of the package the segment does not chain.
    unchained: u64,
    before_chain: u64,
}

/// Reads the package's audit segment and checks it against the head held from the writer.
async fn read_audit(
    conn: &mut SqliteConnection,
    pkg: &mut VerifiedPackage,
    ctx: &ApplyContext<'_>,
) -> Result<Option<AuditCheck>, SyncFailure> {
    let Some(segment) = pkg.manifest().audit.clone() else {
        return Ok(None);
    };
    let held = store::sync::audit_head(conn, ctx.package_office)
        .await?
        .map(|(seq, hash)| AuditHead { seq, hash });
    let mut entries = Vec::new();
    for item in pkg.records::<AuditEntry>(KIND_AUDIT)? {
        entries.push(item?);
    }
    let problems = check_segment(held.as_ref(), &segment, &entries);
    let chained = entries
        .into_iter()
        .filter(|e| e.entity == "event")
        .map(|e| e.entity_id)
        .collect();
    Ok(Some(AuditCheck {
        findings: AuditFindings {
            head_seq: segment.head_seq,
            head_hash: segment.head_hash.clone(),
            problems,
        },
        chained,
        unchained: 0,
        before_chain: segment.before_chain,
    }))
}

/// Checks the envelope rules every kind shares: the record belongs to the office that wrote
/// the package (a package never carries another office's records).
fn check_envelope<T>(
    kind: &str,
    line: u64,
    env: &RecordEnvelope<T>,
    package_office: &str,
) -> Result<(), SyncFailure> {
    if env.origin_office != package_office {
        return Err(SyncFailure::bad_record(
            kind,
            line,
            format!(
                "记录属于机构 {}，而同步包由机构 {} 导出；同步包只能携带导出机构自己的记录",
                env.origin_office, package_office
            ),
        ));
    }
    if env.deleted {
        return Err(SyncFailure::bad_record(
            kind,
            line,
            "本格式版本中信访记录不会删除，不接受删除标记",
        ));
    }
    Ok(())
}

fn counts<'a>(applied: &'a mut Applied, kind: &str) -> &'a mut KindCounts {
    applied.counts.entry(kind.to_owned()).or_default()
}

async fn apply_offices(
    conn: &mut SqliteConnection,
    pkg: &mut VerifiedPackage,
    ctx: &ApplyContext<'_>,
    at: &str,
    applied: &mut Applied,
) -> Result<(), SyncFailure> {
    let mut line = 0;
    for item in pkg.records::<RecordEnvelope<OfficeRecord>>(KIND_OFFICES)? {
        let env = item?;
        line += 1;
        check_envelope(KIND_OFFICES, line, &env, ctx.package_office)?;
        if env.data.code != ctx.package_office || env.id != env.data.code {
            return Err(SyncFailure::bad_record(
                KIND_OFFICES,
                line,
                "机构记录不是导出机构本身",
            ));
        }
        let done = store::sync::upsert_foreign_office(
            conn,
            &env.data.code,
            &env.data.name,
            &env.data.doc_prefix,
            at,
        )
        .await?;
        let c = counts(applied, KIND_OFFICES);
        c.received += 1;
        match done {
            Upsert::Inserted => c.inserted += 1,
            Upsert::Updated => c.updated += 1,
            Upsert::Unchanged => c.unchanged += 1,
        }
    }
    Ok(())
}

/// Batches read ahead of the one being written.
const READ_AHEAD: usize = 2;

/// `kind`'s records in batches of `APPLY_BATCH` as `(line, record, digest)`, read on a thread
/// of their own from a second handle on the package: each checked against its envelope and
/// by `check` (which says, in Chinese, what does not match) and digested by `digest` there
/// (which may also take out of the record what only the digest needs).
/// Decompressing, parsing and hashing then run on one core while SQLite writes the batch
/// before on the other; taking turns on one task, each waited for the other, and an import
/// used one core of two. A failure is the last item sent; the thread also stops when the
/// receiver is dropped.
fn read_ahead<T, D>(
    pkg: &VerifiedPackage,
    kind: &'static str,
    package_office: &str,
    check: fn(&RecordEnvelope<T>) -> Result<(), &'static str>,
    digest: fn(&mut T) -> D,
) -> Result<RecordBatches<T, D>, SyncFailure>
where
    T: serde::de::DeserializeOwned + Send + 'static,
    D: Send + 'static,
{
    let mut pkg = pkg.reopen()?;
    let package_office = package_office.to_owned();
    let (tx, batches) = tokio::sync::mpsc::channel(READ_AHEAD);
    let reader = tokio::task::spawn_blocking(move || {
        let read = |line: u64, item: Result<RecordEnvelope<T>, crate::sync::SyncError>| {
            let mut env = item?;
            check_envelope(kind, line, &env, &package_office)?;
            check(&env).map_err(|reason| SyncFailure::bad_record(kind, line, reason))?;
            let d = digest(&mut env.data);
            Ok((line, env.data, d))
        };
        let records = match pkg.records::<RecordEnvelope<T>>(kind) {
            Ok(records) => records,
            Err(e) => {
                let _ = tx.blocking_send(Err(e.into()));
                return;
            }
        };
        let mut batch = Vec::with_capacity(APPLY_BATCH);
        for (item, line) in records.zip(1..) {
            match read(line, item) {
                Ok(record) => batch.push(record),
                Err(e) => {
                    let _ = tx.blocking_send(Err(e));
                    return;
                }
            }
            if batch.len() == APPLY_BATCH {
                let full = std::mem::replace(&mut batch, Vec::with_capacity(APPLY_BATCH));
                if tx.blocking_send(Ok(full)).is_err() {
                    return;
                }
            }
        }
        if !batch.is_empty() {
            let _ = tx.blocking_send(Ok(batch));
        }
    });
    Ok(RecordBatches {
        batches,
        reader: Some(reader),
    })
}

/// Records as `(line, record, digest)`, in file order.
type RecordBatch<T, D> = Vec<(u64, T, D)>;

/// What [`read_ahead`] hands over.
struct RecordBatches<T, D> {
    batches: tokio::sync::mpsc::Receiver<Result<RecordBatch<T, D>, SyncFailure>>,
    /// Until the end of the batches has been seen.
    reader: Option<tokio::task::JoinHandle<()>>,
}

impl<T, D> RecordBatches<T, D> {
    /// The next batch; `None` once every record has been read. The end of the batches is
    /// the end of the records only if the reading thread ended well: had it panicked, the
    /// records after it would be silently missing, so its panic goes on here.
    async fn next(&mut self) -> Option<Result<RecordBatch<T, D>, SyncFailure>> {
        let batch = self.batches.recv().await;
        if batch.is_none() {
            if let Some(reader) = self.reader.take() {
                if let Err(e) = reader.await {
                    std::panic::resume_unwind(e.into_panic());
                }
            }
        }
        batch
    }
}

fn case_matches_envelope(env: &RecordEnvelope<Case>) -> Result<(), &'static str> {
    let case = &env.data;
    if env.id != case.id.to_string()
        || env.version != case.version as u64
        || case.office_code != env.origin_office
        || case.version < 1
    {
        return Err("记录的编号、版本或机构与信访件内容不一致");
    }
    Ok(())
}

fn event_matches_envelope(env: &RecordEnvelope<TimelineEvent>) -> Result<(), &'static str> {
    if env.id != env.data.id.to_string()
        || env.data.office_code != env.origin_office
        || env.version != 1
    {
        return Err("记录的编号、版本或机构与办理经过内容不一致");
    }
    Ok(())
}

async fn apply_cases(
    conn: &mut SqliteConnection,
    pkg: &mut VerifiedPackage,
    ctx: &ApplyContext<'_>,
    totals: &BTreeMap<String, u64>,
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
    applied: &mut Applied,
) -> Result<(), SyncFailure> {
    let total = totals.get(KIND_CASES).copied().unwrap_or(0);
    let mut batches = read_ahead(
        pkg,
        KIND_CASES,
        ctx.package_office,
        case_matches_envelope,
        |case| case_hash(case),
    )?;
    while let Some(batch) = batches.next().await {
        write_case_batch(conn, batch?, ctx, total, progress, applied).await?;
    }
    progress(&SyncProgress {
        kind: KIND_CASES.into(),
        done: counts(applied, KIND_CASES).received,
        total,
    });
    Ok(())
}

/// Applies one batch of cases: one query finds which of them are held here, the new ones are
/// written in a few multi-row statements, and their bases together.
async fn write_case_batch(
    conn: &mut SqliteConnection,
    batch: Vec<(u64, Case, String)>,
    ctx: &ApplyContext<'_>,
    total: u64,
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
    applied: &mut Applied,
) -> Result<(), SyncFailure> {
    let (Some(first), Some(last)) = (batch.first().map(|b| b.0), batch.last().map(|b| b.0)) else {
        return Ok(());
    };
    let ids: Vec<String> = batch.iter().map(|(_, c, _)| c.id.to_string()).collect();
    let held = store::sync::case_states(conn, &ids).await?;
    let mut bases = Vec::with_capacity(batch.len());
    let mut new_cases = Vec::new();
    for (line, case, hash) in batch {
        let state = held.get(&case.id.to_string());
        let plan = plan_case(conn, line, &case, &hash, state).await?;
        let c = counts(applied, KIND_CASES);
        c.received += 1;
        let base = BaseRow {
            entity_id: case.id.to_string(),
            office_code: case.office_code.clone(),
            version: case.version,
            hash,
        };
        match plan {
            CasePlan::Insert => {
                c.inserted += 1;
                bases.push(base);
                new_cases.push(case);
            }
            CasePlan::Apply => {
                c.updated += 1;
                bases.push(base);
                store::sync::replace_case(conn, &case)
                    .await
                    .map_err(|e| constraint_refusal(e, line, line, &case.case_no))?;
                register_assignment(conn, ctx, &case, applied).await?;
            }
            CasePlan::Unchanged => {
                c.unchanged += 1;
                bases.push(base);
            }
            CasePlan::Stale => c.stale += 1,
            CasePlan::KeepLocal => c.kept_local += 1,
            CasePlan::Conflict(local) => {
                c.conflicts += 1;
                record_conflict(conn, ctx, &local, &case).await?;
            }
        }
        let done = counts(applied, KIND_CASES).received;
        if done % PROGRESS_EVERY == 0 {
            progress(&SyncProgress {
                kind: KIND_CASES.into(),
                done,
                total,
            });
        }
    }
    store::cases::insert_many(conn, &new_cases)
        .await
        .map_err(|e| constraint_refusal(e, first, last, "（其中之一）"))?;
    for case in &new_cases {
        register_assignment(conn, ctx, case, applied).await?;
    }
    store::sync::set_bases(conn, "case", &bases).await?;
    Ok(())
}

/// [`Plan`] for a case, with the local case loaded when the plan needs it.
enum CasePlan {
    Insert,
    Apply,
    Unchanged,
    Stale,
    KeepLocal,
    Conflict(Box<Case>),
}

async fn plan_case(
    conn: &mut SqliteConnection,
    line: u64,
    case: &Case,
    hash: &str,
    state: Option<&LocalState>,
) -> Result<CasePlan, SyncFailure> {
    if let Some(state) = state {
        if state.office_code != case.office_code {
            return Err(SyncFailure::bad_record(
                KIND_CASES,
                line,
                format!(
                    "信访件 {} 的编号在本机属于机构 {}，不能由机构 {} 修改",
                    case.case_no, state.office_code, case.office_code
                ),
            ));
        }
    }
    let held = state.map(|s| Held {
        version: s.version,
        base: s.base.as_ref().map(|(v, h)| (*v, h.as_str())),
        hash: None,
    });
    let mut plan = conflict::plan(held, case.version, hash);
    let mut local = None;
    if plan == Plan::NeedLocalHash {
        let current = load_case(conn, &case.id.to_string()).await?;
        let local_hash = case_hash(&current);
        plan = conflict::plan(
            held.map(|h| Held {
                hash: Some(&local_hash),
                ..h
            }),
            case.version,
            hash,
        );
        local = Some(current);
    }
    Ok(match plan {
        Plan::Insert => CasePlan::Insert,
        Plan::Apply => CasePlan::Apply,
        Plan::Unchanged => CasePlan::Unchanged,
        Plan::Stale => CasePlan::Stale,
        Plan::KeepLocal => CasePlan::KeepLocal,
        Plan::Conflict => {
            let local = match local {
                Some(l) => l,
                None => load_case(conn, &case.id.to_string()).await?,
            };
            CasePlan::Conflict(Box::new(local))
        }
        Plan::NeedLocalHash => return Err(Error::Corrupt("同步比较缺少本机版本摘要".into()).into()),
    })
}

async fn record_conflict(
    conn: &mut SqliteConnection,
    ctx: &ApplyContext<'_>,
    local: &Case,
    remote: &Case,
) -> Result<(), SyncFailure> {
    store::sync::upsert_open_conflict(
        conn,
        &ConflictRow {
            id: 0,
            entity: "case".into(),
            entity_id: remote.id.to_string(),
            label: remote.case_no.clone(),
            office_code: remote.office_code.clone(),
            local_version: local.version,
            local_json: serde_json::to_string(local).unwrap_or_default(),
            remote_version: remote.version,
            remote_json: serde_json::to_string(remote).unwrap_or_default(),
            package_office: ctx.package_office.to_owned(),
            package_seq: ctx.package_seq as i64,
            status: "open".into(),
            detected_at: store::instant_text(ctx.now),
            resolved_at: None,
            resolved_by: None,
        },
    )
    .await?;
    Ok(())
}

/// A unique-constraint failure while storing a record is the package's fault (a case number
/// already used by another case here), not the machine's: report it as a refusal.
fn constraint_refusal(e: Error, first: u64, last: u64, case_no: &str) -> SyncFailure {
    match &e {
        Error::Database(sqlx::Error::Database(db)) if db.is_unique_violation() => {
            SyncFailure::BadRecord {
                kind: KIND_CASES.into(),
                line: first,
                reason: if first == last {
                    format!("信访件编号 {case_no} 已被本机另一信访件使用")
                } else {
                    format!("第 {first}–{last} 条中有信访件编号已被本机另一信访件使用")
                },
            }
        }
        _ => e.into(),
    }
}

pub(crate) async fn load_case(conn: &mut SqliteConnection, id: &str) -> Result<Case, Error> {
    let case_no = store::sync::case_no_of(conn, id)
        .await?
        .ok_or_else(|| Error::Corrupt(format!("信访件 {id} 不存在")))?;
    store::cases::load_by_no(conn, &case_no)
        .await?
        .ok_or_else(|| Error::CaseNotFound(case_no))
}

async fn apply_events(
    conn: &mut SqliteConnection,
    pkg: &mut VerifiedPackage,
    ctx: &ApplyContext<'_>,
    totals: &BTreeMap<String, u64>,
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
    applied: &mut Applied,
    mut audit: Option<&mut AuditCheck>,
) -> Result<(), SyncFailure> {
    let total = totals.get(KIND_EVENTS).copied().unwrap_or(0);
    let mut batches = read_ahead(
        pkg,
        KIND_EVENTS,
        ctx.package_office,
        event_matches_envelope,
        EventJson::take,
    )?;
    while let Some(batch) = batches.next().await {
        let batch = batch?;
        if let Some(audit) = audit.as_deref_mut() {
            audit.unchained += batch
                .iter()
                .filter(|(_, e, _)| !audit.chained.contains(&e.id.to_string()))
                .count() as u64;
        }
        write_event_batch(conn, batch, total, progress, applied).await?;
    }
    progress(&SyncProgress {
        kind: KIND_EVENTS.into(),
        done: counts(applied, KIND_EVENTS).received,
        total,
    });
    Ok(())
}

/// Applies one batch of events. Events of one case come together; the owners of the batch's
/// cases, and the events they hold, are looked up at once.
async fn write_event_batch(
    conn: &mut SqliteConnection,
    batch: Vec<(u64, TimelineEvent, EventJson)>,
    total: u64,
    progress: &mut (dyn FnMut(&SyncProgress) + Send),
    applied: &mut Applied,
) -> Result<(), SyncFailure> {
    let mut ids: Vec<String> = batch
        .iter()
        .map(|(_, e, _)| e.case_id.to_string())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    let owners = store::sync::case_owners(conn, &ids).await?;
    let mut held_ids = HashSet::new();
    let mut slots: HashMap<String, (HashSet<i64>, i64)> = HashMap::new();
    for (id, case_id, seq) in store::sync::event_slots(conn, &ids).await? {
        held_ids.insert(id);
        let slot = slots.entry(case_id).or_default();
        slot.0.insert(seq);
        slot.1 = slot.1.max(seq);
    }
    let mut new_events = Vec::with_capacity(batch.len());
    for (line, mut event, json) in batch {
        let case_id = event.case_id.to_string();
        match owners.get(&case_id) {
            None => {
                return Err(SyncFailure::bad_record(
                    KIND_EVENTS,
                    line,
                    format!("事件所属的信访件 {case_id} 既不在本机，也不在此同步包中"),
                ))
            }
            Some(owner) if *owner != event.office_code => {
                return Err(SyncFailure::bad_record(
                    KIND_EVENTS,
                    line,
                    format!("事件所属的信访件 {case_id} 在本机属于机构 {owner}"),
                ))
            }
            Some(_) => {}
        }
        let c = counts(applied, KIND_EVENTS);
        c.received += 1;
        // Union by id: an event held already is the same event (events never change).
        if !held_ids.insert(event.id.to_string()) {
            c.unchanged += 1;
        } else {
            // The office's numbering is kept unless this office numbered an event of the
            // case so itself (e.g. resolving a conflict): then it goes after the last.
            let slot = slots.entry(case_id).or_default();
            if slot.0.contains(&event.seq) {
                event.seq = slot.1 + 1;
            }
            slot.0.insert(event.seq);
            slot.1 = slot.1.max(event.seq);
            c.inserted += 1;
            new_events.push((event, json));
        }
        if c.received % PROGRESS_EVERY == 0 {
            let done = c.received;
            progress(&SyncProgress {
                kind: KIND_EVENTS.into(),
                done,
                total,
            });
        }
    }
    store::events::append_taken(conn, &new_events).await?;
    Ok(())
}

async fn apply_assignments(
    conn: &mut SqliteConnection,
    pkg: &mut VerifiedPackage,
    ctx: &ApplyContext<'_>,
    at: &str,
    applied: &mut Applied,
) -> Result<(), SyncFailure> {
    let mut line = 0;
    for item in pkg.records::<RecordEnvelope<AssignmentLink>>(KIND_ASSIGNMENTS)? {
        let env = item?;
        line += 1;
        check_envelope(KIND_ASSIGNMENTS, line, &env, ctx.package_office)?;
        if env.data.office_code != env.origin_office || env.id != env.data.case_id {
            return Err(SyncFailure::bad_record(
                KIND_ASSIGNMENTS,
                line,
                "交办关系记录的编号或机构与内容不一致",
            ));
        }
        let added = store::sync::insert_assignment(conn, &env.data, at).await?;
        let c = counts(applied, KIND_ASSIGNMENTS);
        c.received += 1;
        if added {
            c.inserted += 1;
        } else {
            c.unchanged += 1;
        }
    }
    Ok(())
}

/// Issued documents: stored as their office issued them, at their version (voiding is the
/// only change a document sees), with the PDF extracted (and checked against the signed
/// manifest on the way) to `<office code>/<path>` in this office's document folder.
///
/// Files are written before the transaction commits; if the import then fails, a repeat finds
/// them in place with the right hash and uses them, and nothing in the database points to
/// them meanwhile.
async fn apply_documents(
    conn: &mut SqliteConnection,
    pkg: &mut VerifiedPackage,
    ctx: &ApplyContext<'_>,
    applied: &mut Applied,
) -> Result<(), SyncFailure> {
    if !pkg.manifest().record_counts.contains_key(KIND_DOCUMENTS) {
        return Ok(());
    }
    // A replacement may come before the document it replaces.
    store::sync::defer_foreign_keys(conn).await?;
    // Records first, files after: the records iterator borrows the package.
    let mut to_extract: Vec<(String, std::path::PathBuf, String)> = Vec::new();
    let mut line = 0;
    let mut records = pkg.records::<RecordEnvelope<IssuedDocument>>(KIND_DOCUMENTS)?;
    for item in records.by_ref() {
        let env = item?;
        line += 1;
        check_envelope(KIND_DOCUMENTS, line, &env, ctx.package_office)?;
        let doc = env.data;
        if env.id != doc.id.to_string()
            || env.version != doc.version as u64
            || doc.office_code != env.origin_office
            || doc.version < 1
        {
            return Err(SyncFailure::bad_record(
                KIND_DOCUMENTS,
                line,
                "记录的编号、版本或机构与文书内容不一致",
            ));
        }
        let case_id = doc.case_id.to_string();
        let owners = store::sync::case_owners(conn, std::slice::from_ref(&case_id)).await?;
        if owners.get(&case_id).map(String::as_str) != Some(env.origin_office.as_str()) {
            return Err(SyncFailure::bad_record(
                KIND_DOCUMENTS,
                line,
                format!("文书 {} 所属的信访件不在本机或不属于该机构", doc.doc_no),
            ));
        }
        let c = counts(applied, KIND_DOCUMENTS);
        c.received += 1;
        match store::sync::document_state(conn, &doc.id.to_string()).await? {
            None => {
                // A path the manifest accepted as an entry name is relative and has no `..`.
                let local_path = format!("{}/{}", doc.office_code, doc.path);
                store::sync::insert_foreign_document(conn, &doc, &local_path).await?;
                to_extract.push((
                    doc.path.clone(),
                    ctx.documents_folder.join(&local_path),
                    doc.sha256.clone(),
                ));
                c.inserted += 1;
            }
            Some((owner, _)) if owner != doc.office_code => {
                return Err(SyncFailure::bad_record(
                    KIND_DOCUMENTS,
                    line,
                    format!("文书编号在本机属于机构 {owner}"),
                ));
            }
            Some((_, version)) if version < doc.version => {
                store::sync::update_foreign_document(conn, &doc).await?;
                c.updated += 1;
            }
            Some((_, version)) if version == doc.version => c.unchanged += 1,
            Some(_) => c.stale += 1,
        }
    }
    drop(records);
    for (path, dest, sha256) in to_extract {
        let name = document_file_name(&path);
        extract_file(pkg, (KIND_DOCUMENTS, "文书"), &name, &dest, &sha256)?;
    }
    Ok(())
}

/// Attachments: stored as their office keeps them (withdrawal is the only change one sees),
/// the file extracted to `<office code>/<path>` in this office's document folder, as
/// [`apply_documents`] does for PDFs.
async fn apply_attachments(
    conn: &mut SqliteConnection,
    pkg: &mut VerifiedPackage,
    ctx: &ApplyContext<'_>,
    applied: &mut Applied,
) -> Result<(), SyncFailure> {
    if !pkg.manifest().record_counts.contains_key(KIND_ATTACHMENTS) {
        return Ok(());
    }
    let mut to_extract: Vec<(String, std::path::PathBuf, String)> = Vec::new();
    let mut line = 0;
    let mut records = pkg.records::<RecordEnvelope<Attachment>>(KIND_ATTACHMENTS)?;
    for item in records.by_ref() {
        let env = item?;
        line += 1;
        check_envelope(KIND_ATTACHMENTS, line, &env, ctx.package_office)?;
        let mut a = env.data;
        if env.id != a.id.to_string()
            || env.version != a.version as u64
            || a.office_code != env.origin_office
            || a.version < 1
        {
            return Err(SyncFailure::bad_record(
                KIND_ATTACHMENTS,
                line,
                "记录的编号、版本或机构与附件内容不一致",
            ));
        }
        let case_id = a.case_id.to_string();
        let owners = store::sync::case_owners(conn, std::slice::from_ref(&case_id)).await?;
        if owners.get(&case_id).map(String::as_str) != Some(env.origin_office.as_str()) {
            return Err(SyncFailure::bad_record(
                KIND_ATTACHMENTS,
                line,
                format!("附件 {} 所属的信访件不在本机或不属于该机构", a.name),
            ));
        }
        let c = counts(applied, KIND_ATTACHMENTS);
        c.received += 1;
        match store::attachments::state(conn, a.id).await? {
            None => {
                let name = attachment_file_name(&a.path);
                // A path the manifest accepted as an entry name is relative and has no `..`.
                let local_path = format!("{}/{}", a.office_code, a.path);
                to_extract.push((
                    name,
                    ctx.documents_folder.join(&local_path),
                    a.sha256.clone(),
                ));
                a.path = local_path;
                store::attachments::insert(conn, &a).await?;
                c.inserted += 1;
            }
            Some((owner, _)) if owner != a.office_code => {
                return Err(SyncFailure::bad_record(
                    KIND_ATTACHMENTS,
                    line,
                    format!("附件编号在本机属于机构 {owner}"),
                ));
            }
            Some((_, version)) if version < a.version => {
                store::attachments::update_foreign(conn, &a).await?;
                c.updated += 1;
            }
            Some((_, version)) if version == a.version => c.unchanged += 1,
            Some(_) => c.stale += 1,
        }
    }
    drop(records);
    for (name, dest, sha256) in to_extract {
        extract_file(pkg, (KIND_ATTACHMENTS, "附件"), &name, &dest, &sha256)?;
    }
    Ok(())
}

/// Extracts `files/<name>` to `dest`; `(kind, label)` name the record kind in a refusal.
fn extract_file(
    pkg: &mut VerifiedPackage,
    (kind, label): (&str, &str),
    name: &str,
    dest: &Path,
    sha256: &str,
) -> Result<(), SyncFailure> {
    if pkg
        .manifest()
        .entry(&format!("{}{name}", crate::sync::FILES_PREFIX))
        .is_none()
    {
        return Err(SyncFailure::bad_record(
            kind,
            0,
            format!("同步包中缺少{label}文件 {name}"),
        ));
    }
    if dest.exists() {
        // Left by an earlier attempt that was rolled back, or the same file again.
        let bytes = std::fs::read(dest).map_err(|e| crate::sync::SyncError::Io {
            path: dest.to_owned(),
            source: e,
        })?;
        use sha2::Digest as _;
        if hex::encode(sha2::Sha256::digest(&bytes)) == sha256 {
            return Ok(());
        }
        return Err(SyncFailure::bad_record(
            kind,
            0,
            format!(
                "本机已有文件 {}，内容与同步包中的{label}不同",
                dest.display()
            ),
        ));
    }
    if let Some(dir) = dest.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::sync::SyncError::Io {
            path: dir.to_owned(),
            source: e,
        })?;
    }
    pkg.extract_file(name, dest)?;
    Ok(())
}

/// Whether an authority named in an assignment is the office `code`: the package says
/// "assigned to office X" with a petition-office authority whose name is X's code, or ends
/// with it in parentheses, e.g. `揭阳市榕城区信访局（445202）` (docs/sync-format.md §12.4).
pub fn names_office(name: &str, code: &str) -> bool {
    let name = name.trim();
    if name == code {
        return true;
    }
    [('（', '）'), ('(', ')')].iter().any(|(open, close)| {
        name.strip_suffix(*close)
            .and_then(|n| n.strip_suffix(code))
            .is_some_and(|n| n.ends_with(*open))
    })
}

/// The assignment to `code` a case carries, if any: (assigned on, feedback due, note).
pub fn assignment_to(case: &Case, code: &str) -> Option<(NaiveDate, NaiveDate, Option<String>)> {
    match &case.progress.disposal {
        Some(Disposal::Assigned {
            on,
            authority,
            feedback_due,
            note,
        }) if authority.kind == AuthorityKind::Petition && names_office(&authority.name, code) => {
            Some((*on, *feedback_due, note.clone()))
        }
        _ => None,
    }
}

/// A case another office assigned (交办) to this one arrives as a referred case of this office:
/// registered here with its own number, channel `referred` and the feedback date of the
/// assignment, linked to the assigned case. It is this office's own record, so it and the link
/// go into the change log and travel back in this office's next package.
async fn register_assignment(
    conn: &mut SqliteConnection,
    ctx: &ApplyContext<'_>,
    parent: &Case,
    applied: &mut Applied,
) -> Result<(), SyncFailure> {
    let Some((on, feedback_due, note)) = assignment_to(parent, &ctx.local.code) else {
        return Ok(());
    };
    let parent_id = parent.id.to_string();
    if store::sync::assignment_exists(conn, &parent_id, &ctx.local.code).await? {
        return Ok(());
    }
    let now = ctx.now;
    let received_on = office_date(now);
    let year = received_on.year();
    let n = store::office::next_number(conn, &ctx.local.code, "case", year).await?;
    let case_no = format!("{}-{}-{:06}", ctx.local.code, year, n);
    let new = NewCase {
        channel: Channel::Referred,
        received_at: Some(now),
        petitioners: parent.petitioners.clone(),
        visit: None,
        letter: None,
        title: parent.title.clone(),
        content: parent.content.clone(),
        locality: parent.locality.clone(),
        matter_type: parent.matter_type.clone(),
        purpose: parent.purpose,
        litigation_related: parent.litigation_related,
        authority: parent.authority.clone(),
        repeat_of: None,
        repeat_candidates: Vec::new(),
        feedback_due: Some(feedback_due),
        handler: None,
    };
    // Not `registration::validate`: the facts were validated where they were registered, and
    // an assignment that arrives after its feedback date must still be registered (overdue)
    // rather than refused.
    let case = registration::build(
        new.clone(),
        Uuid::now_v7(),
        &ctx.local.code,
        case_no,
        now,
        &ctx.policy.rules,
        &ctx.policy.calendar,
    );
    store::cases::insert_many(conn, std::slice::from_ref(&case)).await?;
    let assigned_by = json!({
        "office_code": parent.office_code,
        "office_name": ctx.package_office_name,
        "case_id": parent_id,
        "case_no": parent.case_no,
        "assigned_on": on,
        "feedback_due": feedback_due,
        "note": note,
    });
    record(
        conn,
        &case,
        Happening {
            actor: ctx.actor,
            at: now,
            action: ActionKind::Register.as_str(),
            summary: format!(
                "登记上级交办件：{}交办（{}），{}前反馈",
                ctx.package_office_name,
                parent.case_no,
                cn_date(feedback_due)
            ),
            // As a registration here: the input in `details`, the new facts in `after`.
            details: json!({ "assigned_by": assigned_by, "registration": new }),
            before: json!({}),
            after: json!({ "case_no": case.case_no, "status": case.status }),
        },
    )
    .await?;
    let link = AssignmentLink {
        case_id: case.id.to_string(),
        case_no: case.case_no.clone(),
        office_code: ctx.local.code.clone(),
        parent_case_id: parent_id,
        parent_case_no: parent.case_no.clone(),
        parent_office: parent.office_code.clone(),
    };
    let at = store::instant_text(now);
    store::sync::insert_assignment(conn, &link, &at).await?;
    store::events::log_changes(
        conn,
        &[store::events::Change {
            office_code: &ctx.local.code,
            entity: "assignment",
            entity_id: link.case_id.clone(),
            version: 1,
            op: "insert",
            at,
        }],
    )
    .await?;
    applied.referred_cases.push(case.case_no);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::names_office;

    #[test]
    fn an_assignment_names_the_office_by_its_code() {
        assert!(names_office("445202", "445202"));
        assert!(names_office(" 445202 ", "445202"));
        assert!(names_office("揭阳市榕城区信访局（445202）", "445202"));
        assert!(names_office("榕城区信访局(445202)", "445202"));
        assert!(!names_office("揭阳市榕城区信访局", "445202"));
        assert!(!names_office("4452021", "445202"));
        assert!(!names_office("信访局（1445202）", "445202"));
        assert!(!names_office("信访局（445202", "445202"));
    }
}
