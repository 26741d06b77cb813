//! Sync between offices over real SQLite files: export, verified import, chains of offices,
//! assignments (交办) down and results back, conflicts, and every refusal leaving the database
//! exactly as it was (compared by a full dump of every table before and after).

mod common;

use std::collections::BTreeMap;
use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use chrono::{Duration as Days, NaiveDate};
use common::cli::{xinfang, xinfang_as, Run};
use common::zip::{flip_byte_in_entry, read_entries, write_zip};
use serde_json::Value;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};
use tempfile::TempDir;
use xinfang::desk::demo::synthetic_cases;
use xinfang::desk::sync::{default_key_path, ImportOutcome, Keep, SyncFailure, SyncImportReport};
use xinfang::desk::Office;
use xinfang::domain::case::{
    Authority, AuthorityKind, Channel, Decision, Locality, NewCase, Status,
};
use xinfang::domain::period::DeadlineKind;
use xinfang::domain::workflow::Action;
use xinfang::store::query::CaseQuery;
use xinfang::sync::{
    OfficeKey, PackageHeader, PackageWriter, RecordEnvelope, FORMAT_VERSION, MANIFEST_ENTRY,
    SIGNATURE_ENTRY,
};
use xinfang::{Desk, Error};

// ---------------------------------------------------------------------------------------------
// Offices

struct Site {
    desk: Desk,
    dir: TempDir,
    code: String,
}

impl Site {
    async fn new(code: &str, name: &str) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let desk = common::open_desk(&dir.path().join("office.sqlite")).await;
        desk.init_demo_office(Office {
            code: code.into(),
            name: name.into(),
            doc_prefix: "信访".into(),
        })
        .await
        .unwrap();
        Site {
            desk,
            dir,
            code: code.into(),
        }
    }

    /// The demo office (445202): cases in every status, with real timelines.
    async fn demo(count: u32) -> Site {
        let dir = tempfile::tempdir().unwrap();
        let desk = common::open_desk(&dir.path().join("office.sqlite")).await;
        let summary = desk.load_demo(count).await.unwrap();
        common::sign_in(&desk, common::USER).await;
        Site {
            desk,
            dir,
            code: summary.office.code,
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("office.sqlite")
    }

    fn out(&self) -> PathBuf {
        self.dir.path().join("out")
    }

    async fn export(&self) -> PathBuf {
        let export = self
            .desk
            .sync_export(&self.out(), false, |_| {})
            .await
            .unwrap();
        export.path.expect("a package with the new changes")
    }

    /// The administrators exchange keys; the offices' directors work on.
    async fn trust(&self, other: &Site) {
        let file = other.dir.path().join(format!("{}.pub.json", other.code));
        common::sign_in(&other.desk, "admin").await;
        common::sign_in(&self.desk, "admin").await;
        other.desk.sync_key_export(&file).await.unwrap();
        self.desk.sync_trust(&file).await.unwrap();
        common::sign_in(&other.desk, common::USER).await;
        common::sign_in(&self.desk, common::USER).await;
    }

    /// Exports the changes since the last package, and `other` applies it.
    async fn applied_by(&self, other: &Site) -> SyncImportReport {
        other.applied(&self.export().await).await
    }

    async fn import(&self, path: &Path) -> Result<SyncImportReport, SyncFailure> {
        self.desk.sync_import(path, |_| {}).await
    }

    async fn applied(&self, path: &Path) -> SyncImportReport {
        let report = self.import(path).await.unwrap();
        assert_eq!(report.outcome, ImportOutcome::Applied, "{report:?}");
        report
    }

    async fn register(&self, batch: Vec<NewCase>) -> Vec<String> {
        self.desk
            .register_many(batch)
            .await
            .unwrap()
            .into_iter()
            .map(|c| c.case_no)
            .collect()
    }

    async fn case_nos(&self) -> Vec<String> {
        let mut nos: Vec<String> = self
            .desk
            .list_cases(&CaseQuery {
                page_size: 1000,
                ..Default::default()
            })
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|c| c.summary.case_no)
            .collect();
        nos.sort();
        nos
    }

    fn key(&self) -> OfficeKey {
        OfficeKey::load(&default_key_path(&self.db())).unwrap()
    }
}

fn new_case(title: &str, channel: Channel) -> NewCase {
    let mut case = common::letter(title);
    case.channel = channel;
    case.petitioners[0].name = "林秀英".into();
    case.petitioners[0].id_number = None;
    case.content = format!("{title}，请求依法处理。");
    case.locality = Locality {
        code: "445203".into(),
        name: "揭东区".into(),
    };
    case.matter_type = "劳动社保".into();
    case
}

fn today() -> NaiveDate {
    common::today()
}

fn accept() -> Action {
    Action::Accept {
        date: None,
        authority: None,
    }
}

fn conclude() -> Action {
    Action::Conclude {
        date: None,
        decision: Decision::Support,
        facts: "经查，反映属实。".into(),
        reasons: "用人单位应依法支付。".into(),
        legal_basis: "《劳动合同法》第三十条".into(),
    }
}

// ---------------------------------------------------------------------------------------------
// A full, ordered dump of every table: "unchanged" means this is equal before and after.

async fn dump(db: &Path) -> Vec<String> {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(db))
        .await
        .unwrap();
    let objects: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL ORDER BY type, name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    let mut out = Vec::new();
    for (kind, name, sql) in objects {
        out.push(format!("{kind} {name}: {sql}"));
        // The search index's own content lives in its shadow tables, dumped as tables.
        if kind != "table" || sql.starts_with("CREATE VIRTUAL") {
            continue;
        }
        let columns: Vec<String> =
            sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                .bind(&name)
                .fetch_all(&pool)
                .await
                .unwrap();
        let select = columns
            .iter()
            .map(|c| format!("quote(\"{c}\")"))
            .collect::<Vec<_>>()
            .join(" || '|' || ");
        let mut rows: Vec<String> = sqlx::query_scalar(&format!("SELECT {select} FROM \"{name}\""))
            .fetch_all(&pool)
            .await
            .unwrap();
        rows.sort();
        out.extend(rows.into_iter().map(|r| format!("{name}: {r}")));
    }
    pool.close().await;
    out
}

#[track_caller]
fn assert_same_dump(before: &[String], after: &[String]) {
    if before != after {
        let gone: Vec<&String> = before
            .iter()
            .filter(|l| !after.contains(l))
            .take(5)
            .collect();
        let new: Vec<&String> = after
            .iter()
            .filter(|l| !before.contains(l))
            .take(5)
            .collect();
        panic!("the database changed\nremoved: {gone:#?}\nadded: {new:#?}");
    }
}

/// Imports `path` into `site` expecting a refusal with `code`, and proves nothing changed.
async fn assert_refused(site: &Site, path: &Path, code: &str) -> String {
    let before = dump(&site.db()).await;
    let err = site
        .import(path)
        .await
        .expect_err("the package must be refused");
    assert_eq!(err.code(), code, "{err}");
    assert!(err.is_refusal(), "{err}");
    let message = err.to_string();
    assert!(
        message
            .chars()
            .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
        "{message}"
    );
    assert_same_dump(&before, &dump(&site.db()).await);
    message
}

// ---------------------------------------------------------------------------------------------
// Crafting packages

/// A copy of `src` with its entries changed by `edit`; with `sign_with`, the (possibly edited)
/// manifest is signed again by that key.
fn rewrite(
    src: &Path,
    dst: &Path,
    sign_with: Option<&OfficeKey>,
    edit: impl FnOnce(&mut Vec<(String, Vec<u8>)>),
) {
    let mut entries = read_entries(src);
    edit(&mut entries);
    if let Some(key) = sign_with {
        let manifest = entries
            .iter()
            .find(|(n, _)| n == MANIFEST_ENTRY)
            .unwrap()
            .1
            .clone();
        let sig = entries
            .iter_mut()
            .find(|(n, _)| n == SIGNATURE_ENTRY)
            .unwrap();
        sig.1 = key.sign(&manifest).into_bytes();
    }
    write_zip(dst, &entries);
}

/// The package's entries as a writer of format `version` (before the audit chain travelled)
/// would have written them.
fn as_older_format(entries: &mut Vec<(String, Vec<u8>)>, version: u32) {
    const AUDIT: &str = "records/audit_chain.jsonl";
    entries.retain(|(name, _)| name != AUDIT);
    let manifest = entries
        .iter_mut()
        .find(|(n, _)| n == MANIFEST_ENTRY)
        .unwrap();
    let mut json: Value = serde_json::from_slice(&manifest.1).unwrap();
    json["format_version"] = version.into();
    json.as_object_mut().unwrap().remove("audit");
    json["record_counts"]
        .as_object_mut()
        .unwrap()
        .remove("audit_chain");
    json["entries"]
        .as_array_mut()
        .unwrap()
        .retain(|e| e["name"] != AUDIT);
    manifest.1 = serde_json::to_vec_pretty(&json).unwrap();
}

fn manifest_of(path: &Path) -> Value {
    let entries = read_entries(path);
    let bytes = &entries.iter().find(|(n, _)| n == MANIFEST_ENTRY).unwrap().1;
    serde_json::from_slice(bytes).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Round trip

#[tokio::test(flavor = "multi_thread")]
async fn b_sees_a_cases_exactly_as_a_does_and_cannot_act_on_them() {
    let a = Site::demo(60).await;
    let b = Site::new("445200", "揭阳市信访局").await;
    b.trust(&a).await;

    let mut seen = Vec::new();
    let export = a
        .desk
        .sync_export(&a.out(), false, |p| seen.push(p.clone()))
        .await
        .unwrap();
    let package = export.path.clone().unwrap();
    assert_eq!(export.seq, Some(1));
    assert_eq!(
        package.file_name().unwrap().to_str().unwrap(),
        "445202-000001.xfsync"
    );
    assert_eq!(export.record_counts["cases"], 60);
    let last = seen.iter().rfind(|p| p.kind == "events").unwrap();
    assert_eq!(last.done, last.total, "progress ends at the total");

    let report = b.applied(&package).await;
    assert_eq!(report.office_code, "445202");
    // The office is new here on its first package (trusting its key records no office).
    assert_eq!(report.counts["offices"].inserted, 1);
    assert_eq!(report.counts["cases"].inserted, 60);
    assert_eq!(
        report.counts["events"].inserted,
        export.record_counts["events"]
    );
    assert_eq!(report.conflicts, 0);

    let nos = a.case_nos().await;
    assert_eq!(nos.len(), 60);
    assert_eq!(b.case_nos().await, nos, "B lists A's cases");
    // B finds A's cases by what A finds them by.
    let first = a.desk.case_detail(&nos[0]).await.unwrap().case;
    for text in [first.title.as_str(), first.petitioners[0].name.as_str()] {
        let search = CaseQuery {
            text: Some(text.into()),
            ..Default::default()
        };
        let at_a = a.desk.list_cases(&search).await.unwrap();
        let at_b = b.desk.list_cases(&search).await.unwrap();
        assert!(at_a.total > 0, "{text}");
        assert_eq!(at_b.total, at_a.total, "{text}");
    }
    for no in &nos {
        let at_a = a.desk.case_detail(no).await.unwrap();
        let at_b = b.desk.case_detail(no).await.unwrap();
        assert_eq!(at_b.case, at_a.case, "{no}");
        assert_eq!(at_b.timeline, at_a.timeline, "{no}");
        assert_eq!(at_b.deadlines, at_a.deadlines, "{no}");
    }

    // Issued documents come with their PDFs, filed under the office's code at B.
    let mut documents = 0;
    for no in &nos {
        let at_a = a.desk.list_documents(no).await.unwrap();
        let at_b = b.desk.list_documents(no).await.unwrap();
        assert_eq!(at_b.len(), at_a.len(), "{no}");
        for (da, db) in at_a.iter().zip(&at_b) {
            assert_eq!(db.path, format!("445202/{}", da.path));
            let same_but_path = xinfang::store::documents::IssuedDocument {
                path: da.path.clone(),
                ..db.clone()
            };
            assert_eq!(&same_but_path, da);
        }
        documents += at_a.len();
    }
    assert_eq!(
        report.counts.get("documents").map_or(0, |c| c.inserted) as usize,
        documents
    );
    let verified = b.desk.verify_documents().await.unwrap();
    assert_eq!(verified.checked, documents);
    assert!(verified.problems.is_empty(), "{:?}", verified.problems);

    // Read-only at B: the office that owns a case is the one that handles it.
    let mut registered = None;
    for no in &nos {
        if a.desk.case(no).await.unwrap().status == Status::Registered {
            registered = Some(no.clone());
            break;
        }
    }
    let no = &registered.expect("the demo has registered cases");
    let err = b.desk.act(no, accept()).await.unwrap_err();
    assert!(matches!(err, Error::Forbidden { .. }), "{err}");
    assert!(err.to_string().contains("本机只能查看"), "{err}");
    assert!(err.to_string().contains("445202"), "{err}");

    // Nothing new on either side: no package, no number used up.
    for site in [&a, &b] {
        let again = site
            .desk
            .sync_export(&site.out(), false, |_| {})
            .await
            .unwrap();
        assert_eq!(again.path, None);
    }

    // A repeat changes nothing and says so.
    let before = dump(&b.db()).await;
    let repeat = b.import(&package).await.unwrap();
    assert_eq!(repeat.outcome, ImportOutcome::AlreadyApplied);
    assert_same_dump(&before, &dump(&b.db()).await);

    // A's next change travels as package 2 and lands the same way.
    let case = b.desk.case(no).await.unwrap();
    let acted = a
        .desk
        .act(
            no,
            Action::Supervise {
                date: None,
                note: "请加快办理".into(),
                authority: None,
                step: None,
                reply_by: None,
                trigger: None,
                basis: None,
            },
        )
        .await;
    if acted.is_ok() {
        let second = a.export().await;
        assert!(second.ends_with("445202-000002.xfsync"));
        let report = b.applied(&second).await;
        assert_eq!(report.counts["cases"].updated, 1);
        // The supervision and the 督办函 issued with it.
        assert_eq!(report.counts["events"].inserted, 2);
        let office = report.counts.get("offices").cloned().unwrap_or_default();
        assert_eq!((office.inserted, office.updated), (0, 0), "{office:?}");
        let at_a = a.desk.case_detail(no).await.unwrap();
        let at_b = b.desk.case_detail(no).await.unwrap();
        assert_eq!(at_b.case, at_a.case);
        assert_eq!(at_b.timeline, at_a.timeline);
        assert!(at_b.case.version > case.version);
    }

    // Voiding is the one change a document sees; it travels like any other.
    if documents > 0 {
        let mut doc = None;
        for no in &nos {
            if let Some(d) = a.desk.list_documents(no).await.unwrap().into_iter().next() {
                doc = Some(d);
                break;
            }
        }
        let doc = doc.unwrap();
        a.desk
            .void_document(&doc.doc_no, "当事人姓名有误")
            .await
            .unwrap();
        let report = b.applied(&a.export().await).await;
        assert_eq!(report.counts["documents"].updated, 1);
        let at_b = b.desk.list_documents(&doc.case_no).await.unwrap();
        let voided = at_b.iter().find(|d| d.id == doc.id).unwrap();
        assert_eq!(voided.void_reason.as_deref(), Some("当事人姓名有误"));
        assert_eq!(voided.version, doc.version + 1);
        assert_eq!(
            b.desk.case_detail(&doc.case_no).await.unwrap().timeline,
            a.desk.case_detail(&doc.case_no).await.unwrap().timeline
        );
        // At B the document is A's to void or reissue, and B is told so, not "not found".
        for refused in [
            b.desk.void_document(&doc.doc_no, "误录").await.map(|_| ()),
            b.desk
                .reissue_document(&doc.doc_no, "误录", None)
                .await
                .map(|_| ()),
        ] {
            match refused {
                Err(e @ Error::ForeignDocument { .. }) => {
                    assert!(e.to_string().contains("445202"), "{e}");
                    assert!(e.is_bad_input());
                }
                other => panic!("{other:?}"),
            }
        }
    }

    let history = b.desk.sync_history(10).await.unwrap();
    assert_eq!(history.imports.first().unwrap().office_code, "445202");
    assert_eq!(history.trusted.len(), 1);
    let history = a.desk.sync_history(10).await.unwrap();
    assert_eq!(history.exports.last().unwrap().seq, 1);
    assert!(history.key_fingerprint.is_some());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_full_export_carries_everything_and_is_applied_idempotently() {
    let a = Site::new("445202", "揭阳市榕城区信访局").await;
    let b = Site::new("445200", "揭阳市信访局").await;
    b.trust(&a).await;
    a.register(synthetic_cases(30, 7, common::now())).await;
    let first = a.export().await;
    b.applied(&first).await;
    a.register(synthetic_cases(5, 8, common::now())).await;

    // A full package: seq 2, from cursor 0; the 30 already held are unchanged, 5 are new.
    let full = a.desk.sync_export(&a.out(), true, |_| {}).await.unwrap();
    assert!(full.full);
    assert_eq!(full.from_cursor, 0);
    assert_eq!(full.record_counts["cases"], 35);
    let report = b.applied(full.path.as_ref().unwrap()).await;
    assert_eq!(report.counts["cases"].inserted, 5);
    assert_eq!(report.counts["cases"].unchanged, 30);
    assert_eq!(report.counts["events"].inserted, 5);
    assert_eq!(report.counts["events"].unchanged, 30);
    assert_eq!(b.case_nos().await, a.case_nos().await);
}

// ---------------------------------------------------------------------------------------------
// Three counties and a city

#[tokio::test(flavor = "multi_thread")]
async fn counties_report_to_the_city_and_an_assignment_goes_down_and_its_result_back() {
    let city = Site::new("445200", "揭阳市信访局").await;
    let counties = [
        Site::new("445202", "揭阳市榕城区信访局").await,
        Site::new("445203", "揭阳市揭东区信访局").await,
        Site::new("445224", "惠来县信访局").await,
    ];
    for (i, county) in counties.iter().enumerate() {
        city.trust(county).await;
        county.trust(&city).await;
        county
            .register(synthetic_cases(12, 100 + i as u64, common::now()))
            .await;
    }

    // Up: every county's cases reach the city.
    for county in &counties {
        let package = county.export().await;
        let report = city.applied(&package).await;
        assert_eq!(report.counts["cases"].inserted, 12);
    }
    let at_city = city.case_nos().await;
    assert_eq!(at_city.len(), 36);
    for county in &counties {
        for no in county.case_nos().await {
            assert!(at_city.contains(&no));
            let here = county.desk.case_detail(&no).await.unwrap();
            let there = city.desk.case_detail(&no).await.unwrap();
            assert_eq!(there.case, here.case);
            assert_eq!(there.timeline, here.timeline);
        }
    }

    // Down: the city registers a letter and assigns it to 揭东 (445203).
    let no = city
        .register(vec![new_case("反映工地拖欠工资", Channel::Letter)])
        .await[0]
        .clone();
    let feedback_due = today() + Days::days(20);
    city.desk
        .act(
            &no,
            Action::Assign {
                date: None,
                authority: Authority {
                    name: "揭阳市揭东区信访局（445203）".into(),
                    kind: AuthorityKind::Petition,
                },
                feedback_due,
                note: Some("请于期限内反馈办理结果".into()),
            },
        )
        .await
        .unwrap();
    let down = city.export().await;
    let mut referred = None;
    for county in &counties {
        let report = county.applied(&down).await;
        assert_eq!(report.counts["cases"].inserted, 1);
        if county.code == "445203" {
            assert_eq!(report.referred_cases.len(), 1, "{report:?}");
            referred = Some(report.referred_cases[0].clone());
        } else {
            assert!(report.referred_cases.is_empty());
        }
        // The city's case itself is the city's: read-only in the county.
        assert!(county.desk.act(&no, conclude()).await.is_err());
    }
    let jiedong = &counties[1];
    let referred = referred.unwrap();
    assert!(referred.starts_with("445203-"));
    let detail = jiedong.desk.case_detail(&referred).await.unwrap();
    assert_eq!(detail.case.channel, Channel::Referred);
    assert_eq!(detail.case.office_code, "445203");
    assert_eq!(detail.case.status, Status::Registered);
    assert_eq!(detail.case.title, "反映工地拖欠工资");
    let feedback = detail
        .case
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::Feedback)
        .expect("a feedback deadline from the assignment");
    assert_eq!(feedback.due_on, feedback_due);
    assert_eq!(
        detail.timeline[0].details["assigned_by"]["case_no"],
        Value::String(no.clone())
    );

    // The city's next change to its case does not register the assignment twice.
    city.desk
        .act(
            &no,
            Action::Supervise {
                date: None,
                note: "请抓紧办理".into(),
                authority: Some("揭阳市揭东区信访局".into()),
                step: None,
                reply_by: None,
                trigger: None,
                basis: None,
            },
        )
        .await
        .unwrap();
    let again = city.export().await;
    let report = jiedong.applied(&again).await;
    assert_eq!(report.counts["cases"].updated, 1);
    assert!(report.referred_cases.is_empty());

    // The county handles it; its next export carries the result back up.
    jiedong.desk.act(&referred, accept()).await.unwrap();
    jiedong.desk.act(&referred, conclude()).await.unwrap();
    let up = jiedong.export().await;
    let report = city.applied(&up).await;
    assert_eq!(report.counts["assignments"].inserted, 1);
    let result = city.desk.case_detail(&referred).await.unwrap();
    assert_eq!(result.case.status, Status::Concluded);
    assert!(result.case.progress.opinion.is_some());
    let links = city.desk.sync_assignments().await.unwrap();
    assert_eq!(links.len(), 1);
    assert_eq!(links[0].link.parent_case_no, no);
    assert_eq!(links[0].link.case_no, referred);
    assert_eq!(links[0].status, Some(Status::Concluded));

    // The other counties never see the referred case: a package relays nothing.
    assert!(counties[0].desk.case(&referred).await.is_err());
}

// ---------------------------------------------------------------------------------------------
// Conflicts

/// Changes a case of another office here, as a local repair or recompute would: a new
/// version with other content.
async fn change_here(site: &Site, no: &str, handler: &str) {
    let pool = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(site.db()))
        .await
        .unwrap();
    sqlx::query("UPDATE cases SET handler = ?, version = version + 1 WHERE case_no = ?")
        .bind(handler)
        .bind(no)
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_record_changed_on_both_sides_waits_for_a_person_and_the_choice_is_applied() {
    let a = Site::new("445202", "揭阳市榕城区信访局").await;
    let b = Site::new("445200", "揭阳市信访局").await;
    b.trust(&a).await;
    let nos = a
        .register(vec![
            new_case("反映物业管理问题", Channel::Phone),
            new_case("反映噪音扰民问题", Channel::Letter),
        ])
        .await;
    b.applied(&a.export().await).await;

    // Both sides change both cases.
    for no in &nos {
        change_here(&b, no, "市局张三").await;
        a.desk.act(no, accept()).await.unwrap();
    }
    let package = a.export().await;
    let report = b.applied(&package).await;
    assert_eq!(report.conflicts, 2);
    assert_eq!(report.counts["cases"].conflicts, 2);
    // Nothing was overwritten: B still has its own change, and A's events are there.
    for no in &nos {
        let here = b.desk.case(no).await.unwrap();
        assert_eq!(here.handler.as_deref(), Some("市局张三"));
        assert_eq!(here.status, Status::Registered);
        assert_eq!(b.desk.case_detail(no).await.unwrap().timeline.len(), 2);
    }
    let conflicts = b.desk.sync_conflicts(false).await.unwrap();
    assert_eq!(conflicts.len(), 2);
    assert!(conflicts[0].fields.contains(&"status".to_string()));
    assert!(conflicts[0].fields.contains(&"handler".to_string()));

    // The first: keep A's version. B now holds exactly A's case.
    let first = conflicts.iter().find(|c| c.label == nos[0]).unwrap();
    let resolved = b.desk.sync_resolve(first.id, Keep::Remote).await.unwrap();
    assert_eq!(resolved.status, "kept_remote");
    assert_eq!(
        b.desk.case(&nos[0]).await.unwrap(),
        a.desk.case(&nos[0]).await.unwrap()
    );
    let timeline = b.desk.case_detail(&nos[0]).await.unwrap().timeline;
    assert_eq!(timeline.last().unwrap().action, "sync_resolve");
    assert!(matches!(
        b.desk.sync_resolve(first.id, Keep::Local).await,
        Err(SyncFailure::ConflictResolved(_))
    ));

    // The second: keep the local change, above both versions.
    let second = conflicts.iter().find(|c| c.label == nos[1]).unwrap();
    b.desk.sync_resolve(second.id, Keep::Local).await.unwrap();
    let kept = b.desk.case(&nos[1]).await.unwrap();
    assert_eq!(kept.handler.as_deref(), Some("市局张三"));
    assert_eq!(kept.version, 3);
    assert!(b.desk.sync_conflicts(false).await.unwrap().is_empty());
    assert_eq!(b.desk.sync_conflicts(true).await.unwrap().len(), 2);

    // Afterwards: A's next version of the first case applies cleanly; the second, changed
    // here and there again, is a conflict again rather than a silent overwrite.
    for no in &nos {
        a.desk
            .act(
                no,
                Action::Extend {
                    date: None,
                    days: 10,
                    reason: "案情复杂".into(),
                    approver: "局长".into(),
                },
            )
            .await
            .unwrap();
    }
    let report = b.applied(&a.export().await).await;
    assert_eq!(report.counts["cases"].updated, 1);
    assert_eq!(report.conflicts, 1);
    assert_eq!(
        b.desk.case(&nos[0]).await.unwrap(),
        a.desk.case(&nos[0]).await.unwrap()
    );
    assert_eq!(b.desk.sync_conflicts(false).await.unwrap()[0].label, nos[1]);
}

// ---------------------------------------------------------------------------------------------
// Refusals: each with its reason, each leaving the database as it was

struct Refusals {
    a: Site,
    b: Site,
    first: PathBuf,
    scratch: TempDir,
}

async fn refusal_setup() -> Refusals {
    let a = Site::new("445202", "揭阳市榕城区信访局").await;
    let b = Site::new("445200", "揭阳市信访局").await;
    b.trust(&a).await;
    a.register(synthetic_cases(20, 3, common::now())).await;
    let first = a.export().await;
    b.applied(&first).await;
    a.register(synthetic_cases(10, 4, common::now())).await;
    Refusals {
        a,
        b,
        first,
        scratch: tempfile::tempdir().unwrap(),
    }
}

impl Refusals {
    fn path(&self, name: &str) -> PathBuf {
        self.scratch.path().join(name)
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn damaged_packages_are_refused_and_change_nothing() {
    let r = refusal_setup().await;
    let good = r.a.export().await;

    let truncated = r.path("truncated.xfsync");
    let bytes = fs::read(&good).unwrap();
    fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    assert_refused(&r.b, &truncated, "unreadable").await;

    let flipped = r.path("flipped.xfsync");
    fs::copy(&good, &flipped).unwrap();
    flip_byte_in_entry(&flipped, "records/cases.jsonl");
    let message = assert_refused(&r.b, &flipped, "entry_corrupt").await;
    assert!(message.contains("records/cases.jsonl"), "{message}");

    // A zip bomb: the cases entry decompresses far beyond the size the signed manifest
    // declares. Reading stops one byte past it.
    let bomb = r.path("bomb.xfsync");
    rewrite(&good, &bomb, None, |entries| {
        let cases = entries
            .iter_mut()
            .find(|(n, _)| n == "records/cases.jsonl")
            .unwrap();
        cases.1 = vec![b' '; 64 << 20];
    });
    assert!(
        fs::metadata(&bomb).unwrap().len() < 1 << 20,
        "it is small on disk"
    );
    let message = assert_refused(&r.b, &bomb, "entry_corrupt").await;
    assert!(message.contains("压缩炸弹"), "{message}");

    for (name, evil) in [
        ("dotdot", "../../etc/cron.d/evil"),
        ("absolute", "/etc/passwd"),
    ] {
        let path = r.path(&format!("{name}.xfsync"));
        rewrite(&good, &path, None, |entries| {
            entries.push((evil.to_owned(), b"* * * * * root true\n".to_vec()));
        });
        let message = assert_refused(&r.b, &path, "unsafe_entry_name").await;
        assert!(message.contains(evil), "{message}");
    }

    // The untouched package still applies afterwards.
    let report = r.b.applied(&good).await;
    assert_eq!(report.counts["cases"].inserted, 10);
}

#[tokio::test(flavor = "multi_thread")]
async fn packages_not_from_a_trusted_signed_office_are_refused_and_change_nothing() {
    let r = refusal_setup().await;
    let good = r.a.export().await;

    let forged = r.path("forged.xfsync");
    rewrite(&good, &forged, Some(&OfficeKey::generate()), |_| {});
    let message = assert_refused(&r.b, &forged, "bad_signature").await;
    assert!(message.contains("签名"), "{message}");

    // An office whose key nobody registered here.
    let stranger = Site::new("445281", "普宁市信访局").await;
    let message = assert_refused(&stranger, &good, "unknown_office").await;
    assert!(message.contains("445202"), "{message}");

    // Properly signed by A, but written by a newer program.
    let future = r.path("future.xfsync");
    rewrite(&good, &future, Some(&r.a.key()), |entries| {
        let manifest = entries
            .iter_mut()
            .find(|(n, _)| n == MANIFEST_ENTRY)
            .unwrap();
        let mut json: Value = serde_json::from_slice(&manifest.1).unwrap();
        json["format_version"] = (FORMAT_VERSION + 1).into();
        manifest.1 = serde_json::to_vec_pretty(&json).unwrap();
    });
    let message = assert_refused(&r.b, &future, "unsupported_version").await;
    assert!(
        message.contains(&(FORMAT_VERSION + 1).to_string()) && message.contains("升级"),
        "{message}"
    );

    // One's own package.
    let before = dump(&r.a.db()).await;
    let err = r.a.import(&good).await.unwrap_err();
    assert_eq!(err.code(), "own_package");
    assert_same_dump(&before, &dump(&r.a.db()).await);

    r.b.applied(&good).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_gap_in_the_sequence_names_the_missing_package() {
    let r = refusal_setup().await;
    let second = r.a.export().await;
    r.a.register(synthetic_cases(3, 5, common::now())).await;
    let third = r.a.export().await;
    assert_eq!(manifest_of(&third)["seq"], 3);

    let message = assert_refused(&r.b, &third, "sequence_gap").await;
    assert!(message.contains("第 2 号同步包"), "{message}");
    assert!(message.contains("445202"), "{message}");

    r.b.applied(&second).await;
    r.b.applied(&third).await;
    assert_eq!(r.b.case_nos().await, r.a.case_nos().await);
    // The first again: older than the last applied, skipped.
    let old = r.b.import(&r.first).await.unwrap();
    assert_eq!(old.outcome, ImportOutcome::AlreadyApplied);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_signed_package_with_a_bad_record_is_rolled_back_whole() {
    let r = refusal_setup().await;
    let head = r.a.desk.sync_history(1).await.unwrap().exports[0].clone();
    let key = r.a.key();

    // Valid records first (a new case and its event), then one that breaks a rule: the whole
    // package is refused after part of it was written inside the transaction.
    let valid = r.a.export().await;
    let entries = read_entries(&valid);
    let cases_jsonl = &entries
        .iter()
        .find(|(n, _)| n == "records/cases.jsonl")
        .unwrap()
        .1;
    let first_case: RecordEnvelope<Value> =
        serde_json::from_slice(cases_jsonl.split(|b| *b == b'\n').next().unwrap()).unwrap();

    for (name, code, bad) in [
        (
            "foreign",
            "bad_record",
            serde_json::json!({
                "id": "0190f7a1-0000-7000-8000-00000000abcd",
                "version": 1,
                "origin_office": "445203",
                "data": first_case.data,
            }),
        ),
        (
            "mismatch",
            "bad_record",
            serde_json::json!({
                "id": "0190f7a1-0000-7000-8000-00000000abcd",
                "version": 1,
                "origin_office": "445202",
                "data": first_case.data,
            }),
        ),
    ] {
        let path = r.path(&format!("{name}.xfsync"));
        let mut writer = PackageWriter::create(
            &path,
            PackageHeader {
                office_code: "445202".into(),
                office_name: "揭阳市榕城区信访局".into(),
                seq: head.seq + 1,
                from_cursor: head.to_cursor,
                to_cursor: head.to_cursor + 10,
                prev_package_hash: Some(head.manifest_hash.clone()),
                full: false,
                created_at: common::now(),
                audit: Default::default(),
                masked: false,
            },
        )
        .unwrap();
        for line in cases_jsonl.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
            let record: Value = serde_json::from_slice(line).unwrap();
            writer.write_record("cases", &record).unwrap();
        }
        writer.write_record("cases", &bad).unwrap();
        writer.finish(&key).unwrap();
        let message = assert_refused(&r.b, &path, code).await;
        assert!(message.contains("cases"), "{message}");
    }

    // An event of a case that exists nowhere.
    let path = r.path("orphan.xfsync");
    let mut writer = PackageWriter::create(
        &path,
        PackageHeader {
            office_code: "445202".into(),
            office_name: "揭阳市榕城区信访局".into(),
            seq: head.seq + 1,
            from_cursor: head.to_cursor,
            to_cursor: head.to_cursor + 1,
            prev_package_hash: Some(head.manifest_hash.clone()),
            full: false,
            created_at: common::now(),
            audit: Default::default(),
            masked: false,
        },
    )
    .unwrap();
    // The new cases are written inside the transaction before the event is refused.
    for line in cases_jsonl.split(|b| *b == b'\n').filter(|l| !l.is_empty()) {
        let record: Value = serde_json::from_slice(line).unwrap();
        writer.write_record("cases", &record).unwrap();
    }
    writer
        .write_record(
            "events",
            &serde_json::json!({
                "id": "0190f7a1-0000-7000-8000-0000000000ee",
                "version": 1,
                "origin_office": "445202",
                "data": {
                    "id": "0190f7a1-0000-7000-8000-0000000000ee",
                    "case_id": "0190f7a1-0000-7000-8000-0000000000cc",
                    "office_code": "445202",
                    "seq": 1,
                    "actor": "x",
                    "at": "2026-03-01T00:00:00Z",
                    "action": "register",
                    "summary": "登记",
                    "details": {},
                    "before": {},
                    "after": {}
                }
            }),
        )
        .unwrap();
    writer.finish(&key).unwrap();
    let message = assert_refused(&r.b, &path, "bad_record").await;
    assert!(message.contains("既不在本机"), "{message}");

    // The real next package is still the next one.
    r.b.applied(&valid).await;
}

// ---------------------------------------------------------------------------------------------
// The command line, and a crash in the middle of an import

#[tokio::test(flavor = "multi_thread")]
async fn the_cli_exports_trusts_imports_and_refuses_with_exit_codes() {
    let a = Site::new("445202", "揭阳市榕城区信访局").await;
    let b = Site::new("445200", "揭阳市信访局").await;
    a.register(synthetic_cases(8, 11, common::now())).await;
    let out = a.out();
    let out = out.to_str().unwrap();

    let Run {
        code,
        stdout,
        stderr,
    } = xinfang(&a.db(), &["sync", "export", "--out", out]);
    assert_eq!(code, 0, "{stderr}");
    let package = PathBuf::from(stdout.trim());
    assert!(package.is_file(), "stdout is the package path: {stdout}");
    assert!(stderr.contains("第 1 号同步包"), "{stderr}");

    let key = a.dir.path().join("a.pub.json");
    let Run { code, stdout, .. } = xinfang_as(
        "admin",
        &a.db(),
        &["sync", "key", "export", key.to_str().unwrap()],
    );
    assert_eq!(code, 0);
    assert!(stdout.contains("指纹"), "{stdout}");

    // Not trusted yet: refused, exit 2, the reason on stderr.
    let pkg = package.to_str().unwrap();
    let Run { code, stderr, .. } = xinfang(&b.db(), &["sync", "import", pkg]);
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("公钥"), "{stderr}");

    let Run {
        code,
        stdout,
        stderr,
    } = xinfang_as("admin", &b.db(), &["sync", "trust", key.to_str().unwrap()]);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("445202"), "{stdout}");

    let Run {
        code,
        stdout,
        stderr,
    } = xinfang(&b.db(), &["sync", "import", pkg, "--json"]);
    assert_eq!(code, 0, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["outcome"], "applied");
    assert_eq!(report["counts"]["cases"]["inserted"], 8);

    let Run { code, stdout, .. } = xinfang(&b.db(), &["sync", "import", pkg]);
    assert_eq!(code, 0);
    assert!(stdout.contains("已经导入过"), "{stdout}");

    // Nothing new: no path on stdout, still success.
    let Run {
        code,
        stdout,
        stderr,
    } = xinfang(&a.db(), &["sync", "export", "--out", out]);
    assert_eq!((code, stdout.as_str()), (0, ""), "{stderr}");
    assert!(stderr.contains("没有新的变更"));

    let forged = a.dir.path().join("forged.xfsync");
    rewrite(&package, &forged, Some(&OfficeKey::generate()), |_| {});
    let Run { code, stderr, .. } = xinfang(&b.db(), &["sync", "import", forged.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(stderr.contains("签名"), "{stderr}");

    // Acting on another office's case: refused like any forbidden action.
    let no = a.case_nos().await[0].clone();
    let Run { code, stderr, .. } = xinfang(&b.db(), &["case", "act", &no, "accept"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("本机只能查看"), "{stderr}");

    let Run { code, stdout, .. } = xinfang(&b.db(), &["sync", "history", "--json"]);
    assert_eq!(code, 0);
    let history: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(history["imports"][0]["office_code"], "445202");
    assert_eq!(
        history["trusted"][0]["fingerprint"].as_str().unwrap().len(),
        19
    );
    let Run { code, stdout, .. } = xinfang(&b.db(), &["sync", "conflicts"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("没有待处理"));
    let Run { code, stderr, .. } = xinfang(&b.db(), &["sync", "resolve", "99", "--keep", "local"]);
    assert_eq!(code, 2);
    assert!(stderr.contains("99"), "{stderr}");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_import_killed_midway_leaves_the_database_as_before() {
    const CASES: usize = 12_000;
    let a = Site::new("445202", "揭阳市榕城区信访局").await;
    let b = Site::new("445200", "揭阳市信访局").await;
    b.trust(&a).await;
    for chunk in synthetic_cases(CASES, 21, common::now()).chunks(2000) {
        a.register(chunk.to_vec()).await;
    }
    let package = a.export().await;
    let db = b.db();
    b.desk.db().pool.close().await;
    drop(b.desk);
    // Opening a database refreshes the planner's statistics (sqlite_stat1) where stale: let
    // one harmless command settle them, so the dump compares what the import could change.
    assert_eq!(xinfang(&db, &["sync", "history"]).code, 0);
    let before = dump(&db).await;

    let mut child = common::cli::cli()
        .arg("--db")
        .arg(&db)
        .args(["sync", "import"])
        .arg(&package)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Progress lines come while records are being applied inside the transaction: kill the
    // process at the first one, well before the end.
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let started = Instant::now();
    let mut killed_at = None;
    for line in stderr.lines() {
        let line = line.unwrap();
        if line.contains("导入 信访件") {
            child.kill().unwrap();
            killed_at = Some(line);
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(300));
    }
    let status = child.wait().unwrap();
    let killed_at = killed_at.expect("a progress line before the import finished");
    assert!(!status.success(), "killed at {killed_at}");
    assert!(killed_at.contains(&format!("/{CASES}")), "{killed_at}");

    // As before, byte for byte of every table; and the import works afterwards.
    assert_same_dump(&before, &dump(&db).await);
    let b = common::open_desk(&db).await;
    let report = b.sync_import(&package, |_| {}).await.unwrap();
    assert_eq!(report.outcome, ImportOutcome::Applied);
    assert_eq!(report.counts["cases"].inserted, CASES as u64);
    let counts: BTreeMap<String, u64> = report
        .counts
        .iter()
        .map(|(k, c)| (k.clone(), c.received))
        .collect();
    assert_eq!(counts["events"], CASES as u64);
}

// ---------------------------------------------------------------------------------------------
// The automatic export

#[tokio::test(flavor = "multi_thread")]
async fn the_automatic_export_runs_when_due_into_its_folder() {
    use xinfang::desk::sync::SyncSettings;
    let a = Site::new("445202", "揭阳市榕城区信访局").await;
    a.register(synthetic_cases(4, 31, common::now())).await;
    let now = common::now();

    // Off by default: never due.
    assert_eq!(
        a.desk.sync_settings().await.unwrap(),
        SyncSettings::default()
    );
    assert!(a.desk.sync_export_if_due(now).await.unwrap().is_none());
    assert!(a.desk.sync_status().await.unwrap().next_due_at.is_none());

    common::sign_in(&a.desk, "admin").await;
    let err = a
        .desk
        .set_sync_settings(SyncSettings {
            folder: Some("/tmp/x".into()),
            every_hours: 0,
        })
        .await
        .unwrap_err();
    assert!(
        err.is_refusal() && err.to_string().contains("小时"),
        "{err}"
    );

    let folder = a.dir.path().join("shared");
    a.desk
        .set_sync_settings(SyncSettings {
            folder: Some(folder.display().to_string()),
            every_hours: 6,
        })
        .await
        .unwrap();
    // Never exported: due at once.
    let first = a.desk.sync_export_if_due(now).await.unwrap().unwrap();
    assert!(first.path.unwrap().starts_with(&folder));
    let status = a.desk.sync_status().await.unwrap();
    assert_eq!(status.last_export.as_ref().unwrap().seq, 1);
    let due = status.next_due_at.unwrap();
    assert!(due > now + Days::hours(5) && due <= a.desk.now() + Days::hours(6));
    assert!(a.desk.sync_export_if_due(now).await.unwrap().is_none());
    // Due again six hours later; with nothing new it writes nothing.
    let later = a.desk.sync_export_if_due(due).await.unwrap().unwrap();
    assert_eq!(later.path, None);

    let Run { code, stdout, .. } = xinfang_as("admin", &a.db(), &["sync", "auto"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("每6小时"), "{stdout}");
    let Run { code, stdout, .. } = xinfang_as("admin", &a.db(), &["sync", "auto", "--off"]);
    assert_eq!(code, 0);
    assert!(stdout.contains("关闭"), "{stdout}");
}

/// The desktop shell runs these from Tauri commands, which need `Send` futures.
#[allow(dead_code)]
fn sync_futures_are_send(desk: &Desk, path: &Path) {
    fn send<T: Send>(_: T) {}
    send(desk.sync_import(path, |_| {}));
    send(desk.sync_export(path, false, |_| {}));
    send(desk.sync_resolve(1, Keep::Local));
    send(desk.sync_export_if_due(common::now()));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_forwarded_case_followed_to_its_result_reaches_the_city_and_version_1_still_imports() {
    let a = Site::new("445202", "揭阳市榕城区信访局").await;
    let b = Site::new("445200", "揭阳市信访局").await;
    b.trust(&a).await;
    let no = a
        .register(vec![new_case("反映小区物业管理混乱问题", Channel::Letter)])
        .await[0]
        .clone();
    let organ = Authority {
        name: "揭阳市榕城区住房和城乡建设局".into(),
        kind: AuthorityKind::Administrative,
    };
    for action in [
        Action::Forward {
            date: None,
            authority: organ.clone(),
            note: None,
        },
        Action::OrganReceipt { date: None },
        Action::OrganAcceptance { date: None },
    ] {
        a.desk.act(&no, action).await.unwrap();
    }
    let first = a.export().await;
    // The same package as a version-1 writer would have labelled it: still read.
    let as_v1 = a.dir.path().join("as-v1.xfsync");
    rewrite(&first, &as_v1, Some(&a.key()), |entries| {
        as_older_format(entries, 1)
    });
    b.applied(&as_v1).await;
    let seen = b.desk.case(&no).await.unwrap();
    assert_eq!(seen, a.desk.case(&no).await.unwrap());
    let progress = seen.progress.organ.expect("the organ's facts travel");
    assert_eq!(progress.accepted_on, Some(today()));
    // The organ's handling period shows in the city's due list under the organ's name.
    let due = b.desk.due(today() + Days::days(70), 50).await.unwrap();
    let item = due
        .items
        .iter()
        .find(|i| i.case_no == no && i.kind == DeadlineKind::OrganHandling)
        .expect("the organ's period is due");
    assert_eq!(item.owed_by.as_deref(), Some(organ.name.as_str()));
    assert_eq!(manifest_of(&first)["format_version"], FORMAT_VERSION);
}

// ---------------------------------------------------------------------------------------------
// The writer's audit chain

/// Runs `sql` on `db` on a connection of its own, as someone with the file and `sqlite3` would.
async fn behind_the_programs_back(db: &Path, sql: &str) -> sqlx::SqliteConnection {
    use sqlx::Connection;
    let mut conn = sqlx::SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    sqlx::raw_sql(sql).execute(&mut conn).await.unwrap();
    conn
}

#[tokio::test]
async fn packages_carry_the_audit_chain_and_the_city_tells_one_rebuilt_to_hide_an_edit() {
    let county = Site::new("445202", "揭阳市榕城区信访局").await;
    let city = Site::new("445200", "揭阳市信访局").await;
    city.trust(&county).await;
    county
        .register(vec![common::letter("反映拖欠工资问题"); 3])
        .await;
    let first = county.applied_by(&city).await;
    assert_eq!(first.audit_problems, Some(vec![]), "{first:?}");
    county
        .register(vec![common::letter("反映道路积水问题"); 2])
        .await;
    assert_eq!(county.applied_by(&city).await.audit_problems, Some(vec![]));

    // An exported event is edited, and the chain rebuilt from the rows so that the county's
    // own check finds nothing.
    let mut conn = behind_the_programs_back(
        &county.db(),
        "DROP TRIGGER events_append_only_update;
         UPDATE events SET summary = '已办结' WHERE rowid = 1;
         DROP TRIGGER audit_chain_append_only_delete;
         DELETE FROM audit_chain;",
    )
    .await;
    for entity in xinfang::store::chain::Entity::ALL {
        let rows: i64 = sqlx::query_scalar(match entity {
            xinfang::store::chain::Entity::Event => "SELECT COUNT(*) FROM events",
            xinfang::store::chain::Entity::Document => "SELECT COUNT(*) FROM issued_documents",
            xinfang::store::chain::Entity::Disclosure => "SELECT COUNT(*) FROM disclosures",
        })
        .fetch_one(&mut conn)
        .await
        .unwrap();
        xinfang::store::chain::seal(&mut conn, entity, rows as usize)
            .await
            .unwrap();
    }
    let own = xinfang::store::chain::verify(&mut conn).await.unwrap();
    assert!(
        own.breaks.is_empty(),
        "the rebuilt chain checks out locally"
    );
    sqlx::Connection::close(conn).await.unwrap();

    county
        .register(vec![common::letter("反映噪音扰民问题")])
        .await;
    let third = county.applied_by(&city).await;
    let problems = third.audit_problems.unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains("不衔接"), "{problems:?}");

    // The history keeps what each import found; the CLI shows it.
    let history = city.desk.sync_history(10).await.unwrap();
    let found: Vec<_> = history
        .imports
        .iter()
        .map(|i| i.audit_problems.clone())
        .collect();
    assert_eq!(found[0].as_deref(), Some(&problems[..]));
    assert_eq!(found[1], Some(vec![]));
    let shown = xinfang(&city.db(), &["sync", "history"]).ok();
    assert!(
        shown.stdout.contains("审计链警示：审计链与上次收到的"),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("审计链：完整"), "{}", shown.stdout);
}

#[tokio::test]
async fn an_event_edited_or_added_outside_the_program_before_export_is_named_at_the_city() {
    let county = Site::new("445202", "揭阳市榕城区信访局").await;
    let city = Site::new("445200", "揭阳市信访局").await;
    city.trust(&county).await;
    county
        .register(vec![common::letter("反映拖欠工资问题")])
        .await;
    county.applied_by(&city).await;

    county
        .register(vec![common::letter("反映道路积水问题")])
        .await;
    let conn = behind_the_programs_back(
        &county.db(),
        "DROP TRIGGER events_append_only_update;
         UPDATE events SET summary = '已办结' WHERE rowid = (SELECT MAX(rowid) FROM events);
         INSERT INTO events (id, case_id, office_code, seq, actor, account, credential, at,
                             action, summary, details, before, after)
             SELECT '0190f7a1-0000-7000-8000-0000000000ff', case_id, office_code, seq + 1,
                    actor, account, credential, at, action, '补记', details, before, after
             FROM events WHERE rowid = (SELECT MAX(rowid) FROM events);
         INSERT INTO change_log (office_code, entity, entity_id, version, op, at)
             VALUES ('445202', 'event', '0190f7a1-0000-7000-8000-0000000000ff', 1, 'insert',
                     '2026-03-02T02:15:00Z');",
    )
    .await;
    sqlx::Connection::close(conn).await.unwrap();
    let report = county.applied_by(&city).await;
    let problems = report.audit_problems.unwrap();
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("自检发现 1 条"), "{problems:?}");
    assert!(problems[1].starts_with("1 条办理记录"), "{problems:?}");
}

#[tokio::test]
async fn a_package_of_format_2_still_imports_and_says_it_carries_no_chain() {
    let county = Site::new("445202", "揭阳市榕城区信访局").await;
    let city = Site::new("445200", "揭阳市信访局").await;
    city.trust(&county).await;
    county
        .register(vec![common::letter("反映拖欠工资问题")])
        .await;
    let v3 = county.export().await;
    let path = county.dir.path().join("v2.xfsync");
    rewrite(&v3, &path, Some(&county.key()), |entries| {
        as_older_format(entries, 2)
    });
    let report = city.applied(&path).await;
    assert_eq!(report.audit_problems, None);
    assert_eq!(report.counts["cases"].inserted, 1);
}

// ---------------------------------------------------------------------------------------------
// Personal data in packages

/// Every byte of every entry of the package at `path`, as text.
fn package_text(path: &Path) -> String {
    read_entries(path)
        .into_iter()
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect()
}

#[tokio::test]
async fn an_office_whose_receiver_is_not_entitled_masks_id_and_phone_numbers_in_its_packages() {
    const ID: &str = "11010519491231002X";
    const PHONE: &str = "13800000000";
    let county = Site::new("445202", "揭阳市榕城区信访局").await;
    let city = Site::new("445200", "揭阳市信访局").await;
    city.trust(&county).await;
    county
        .register(vec![common::letter("反映拖欠工资问题")])
        .await;
    // By default the package goes to the superior office whole.
    let whole = county.export().await;
    let text = package_text(&whole);
    assert!(text.contains(ID) && text.contains(PHONE));
    city.applied(&whole).await;

    // Only an administrator changes it; the CLI says what is in force.
    assert!(matches!(
        county.desk.set_sync_masking(true).await,
        Err(SyncFailure::Store(Error::NotPermitted { .. }))
    ));
    let shown = xinfang_as("admin", &county.db(), &["sync", "masking", "--on"]).ok();
    assert!(shown.stdout.contains("脱敏"), "{}", shown.stdout);
    assert!(county.desk.sync_masking().await.unwrap());

    let no = county
        .register(vec![common::letter("反映道路积水问题")])
        .await;
    let export = county
        .desk
        .sync_export(&county.out(), false, |_| {})
        .await
        .unwrap();
    assert!(export.masked);
    let masked = export.path.unwrap();
    let text = package_text(&masked);
    assert!(
        !text.contains(ID) && !text.contains(PHONE),
        "no full number anywhere"
    );
    assert!(text.contains("110105********002X") && text.contains("138****0000"));
    let report = city.applied(&masked).await;
    assert!(report.masked);
    let held = city.desk.case(&no[0]).await.unwrap();
    assert_eq!(
        held.petitioners[0].id_number.as_deref(),
        Some("110105********002X")
    );

    let history = city.desk.sync_history(10).await.unwrap();
    assert_eq!(
        history.imports.iter().map(|i| i.masked).collect::<Vec<_>>(),
        [true, false]
    );
    let shown = xinfang(&city.db(), &["sync", "history"]).ok();
    assert!(
        shown.stdout.contains("身份证号和电话已由对方脱敏"),
        "{}",
        shown.stdout
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn attachments_travel_with_their_files_and_a_withdrawal_follows() {
    use xinfang::domain::attachment::AttachmentKind;
    let a = Site::new("445202", "揭阳市榕城区信访局").await;
    let b = Site::new("445200", "揭阳市信访局").await;
    b.trust(&a).await;
    common::sign_in(&a.desk, common::USER).await;
    let no = a
        .register(vec![new_case("反映拆迁补偿问题", Channel::Letter)])
        .await[0]
        .clone();
    let scan = a.dir.path().join("来信扫描件.pdf");
    std::fs::write(&scan, b"%PDF scanned").unwrap();
    let added = a
        .desk
        .attach_file(&no, &scan, AttachmentKind::LetterScan, None)
        .await
        .unwrap();

    let report = a.applied_by(&b).await;
    assert_eq!(report.counts["attachments"].inserted, 1, "{report:?}");
    common::sign_in(&b.desk, common::USER).await;
    let at_b = b.desk.attachments(&no).await.unwrap();
    assert_eq!(at_b.len(), 1);
    assert_eq!(at_b[0].path, format!("445202/{}", added.path));
    assert_eq!(at_b[0].sha256, added.sha256);
    let file = b.desk.attachment_file(added.id).await.unwrap();
    assert_eq!(std::fs::read(file).unwrap(), b"%PDF scanned");
    // Only the office that holds the case adds to it.
    let other = b.dir.path().join("证据.jpg");
    std::fs::write(&other, b"jpeg").unwrap();
    assert!(matches!(
        b.desk
            .attach_file(&no, &other, AttachmentKind::Evidence, None)
            .await,
        Err(Error::Forbidden { .. })
    ));

    a.desk
        .withdraw_attachment(added.id, "误传他人材料")
        .await
        .unwrap();
    let report = a.applied_by(&b).await;
    assert_eq!(report.counts["attachments"].updated, 1, "{report:?}");
    let at_b = b.desk.attachments(&no).await.unwrap();
    assert_eq!(at_b[0].withdraw_reason.as_deref(), Some("误传他人材料"));

    // The same package again changes nothing.
    let full = a.desk.sync_export(&a.out(), true, |_| {}).await.unwrap();
    let report = b.applied(full.path.as_ref().unwrap()).await;
    assert_eq!(report.counts["attachments"].unchanged, 1, "{report:?}");
}
