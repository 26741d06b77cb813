//! Faults a clerk or the machine brings about: two offices' databases in one folder, a PDF
//! changed after it was issued, a killed `demo`, a calendar file that empties a year, a
//! read-only database, a missing input file (docs/reliability.md).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::cli::xinfang;
use serde_json::Value;
use tempfile::TempDir;
use xinfang::desk::{DocumentKind, IssueReceipt};
use xinfang::{Desk, Error};

use common::accepted;

async fn acceptance_notice(desk: &Desk, case_no: &str) -> Result<IssueReceipt, Error> {
    let kind = DocumentKind::AcceptanceNotice;
    desk.issue_document(case_no, kind, &BTreeMap::new()).await
}

/// A case accepted today, with its acceptance notice issued; the notice's number and file.
async fn accepted_with_notice(desk: &Desk) -> (String, PathBuf) {
    let case_no = accepted(desk, "反映拖欠工资问题").await;
    let receipt = acceptance_notice(desk, &case_no).await.unwrap();
    (receipt.doc_no, receipt.path.into())
}

#[tokio::test(flavor = "multi_thread")]
async fn two_offices_in_one_folder_keep_their_documents_apart_and_nothing_is_overwritten() {
    let dir = TempDir::new().unwrap();
    let first = common::office_desk(&dir.path().join("rongcheng.sqlite")).await;
    let second = common::office_desk(&dir.path().join("rongcheng-test.sqlite")).await;
    let (first_no, first_pdf) = accepted_with_notice(&first).await;
    let first_bytes = std::fs::read(&first_pdf).unwrap();
    let (second_no, second_pdf) = accepted_with_notice(&second).await;
    // The same office code and prefix: the same number, in two folders.
    assert_eq!(first_no, second_no);
    assert_ne!(first_pdf, second_pdf);
    assert!(first_pdf.starts_with(dir.path().join("rongcheng-documents")));
    assert!(second_pdf.starts_with(dir.path().join("rongcheng-test-documents")));
    assert_eq!(std::fs::read(&first_pdf).unwrap(), first_bytes);
    assert!(first.verify_documents().await.unwrap().problems.is_empty());
    assert!(second.verify_documents().await.unwrap().problems.is_empty());

    // Pointed at the first office's folder by hand, the second refuses to write over its PDF.
    let mut settings = second.document_settings().await.unwrap();
    settings.folder = Some(dir.path().join("rongcheng-documents").display().to_string());
    common::sign_in(&second, "admin").await;
    second
        .set_document_settings(settings.clone())
        .await
        .unwrap();
    common::sign_in(&second, common::USER).await;
    let case_no = accepted(&second, "反映噪声扰民问题").await;
    // Its next number is the first office's second: make that file exist there already.
    let taken = first_pdf.with_file_name(
        first_pdf
            .file_name()
            .unwrap()
            .to_string_lossy()
            .replace("〔2026〕1号", "〔2026〕2号"),
    );
    std::fs::write(&taken, b"the first office's file").unwrap();
    let refused = acceptance_notice(&second, &case_no).await.unwrap_err();
    assert!(
        matches!(&refused, Error::DocumentFileExists(p) if *p == taken),
        "{refused:?}"
    );
    assert!(refused.to_string().contains("未覆盖"), "{refused}");
    assert_eq!(std::fs::read(&taken).unwrap(), b"the first office's file");
    assert_eq!(std::fs::read(&first_pdf).unwrap(), first_bytes);
    assert!(second.list_documents(&case_no).await.unwrap().is_empty());
    // Nothing was taken: back in its own folder, the number is the one refused.
    settings.folder = None;
    common::sign_in(&second, "admin").await;
    second.set_document_settings(settings).await.unwrap();
    common::sign_in(&second, common::USER).await;
    let receipt = acceptance_notice(&second, &case_no).await.unwrap();
    assert!(
        receipt.doc_no.ends_with("〔2026〕2号"),
        "{}",
        receipt.doc_no
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_left_by_an_issue_killed_before_its_commit_does_not_block_the_number() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let desk = common::office_desk(&db).await;
    let (_, first_pdf) = accepted_with_notice(&desk).await;
    let case_no = accepted(&desk, "反映噪声扰民问题").await;
    // What a kill between writing the PDF and committing its row leaves: the file under the
    // number the rollback returned, and the marker naming this database.
    let name = |n: &str| {
        let file = first_pdf.file_name().unwrap().to_string_lossy();
        first_pdf.with_file_name(file.replace("〔2026〕1号", n))
    };
    let orphan = name("〔2026〕2号");
    std::fs::write(&orphan, b"half an issue").unwrap();
    let marker = orphan.with_file_name(format!(
        ".{}.issuing",
        orphan.file_name().unwrap().to_string_lossy()
    ));
    std::fs::write(&marker, db.canonicalize().unwrap().display().to_string()).unwrap();
    let receipt = acceptance_notice(&desk, &case_no).await.unwrap();
    assert!(
        receipt.doc_no.ends_with("〔2026〕2号"),
        "{}",
        receipt.doc_no
    );
    assert_ne!(std::fs::read(&orphan).unwrap(), b"half an issue");
    assert!(!marker.exists(), "the marker goes with the commit");
    assert!(desk.verify_documents().await.unwrap().problems.is_empty());

    // A marker naming another database leaves its file alone.
    let case_no = accepted(&desk, "反映占道经营问题").await;
    let theirs = name("〔2026〕3号");
    std::fs::write(&theirs, b"another database's file").unwrap();
    std::fs::write(
        theirs.with_file_name(format!(
            ".{}.issuing",
            theirs.file_name().unwrap().to_string_lossy()
        )),
        "/elsewhere/office.sqlite",
    )
    .unwrap();
    let refused = acceptance_notice(&desk, &case_no).await.unwrap_err();
    assert!(
        matches!(refused, Error::DocumentFileExists(_)),
        "{refused:?}"
    );
    assert_eq!(std::fs::read(&theirs).unwrap(), b"another database's file");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_older_database_keeps_its_documents_folder() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let desk = common::office_desk(&db).await;
    let (_, pdf) = accepted_with_notice(&desk).await;
    desk.close().await;
    drop(desk);
    // As a database from before the folder was named after it left its files.
    let legacy = dir.path().join("documents");
    std::fs::rename(dir.path().join("office-documents"), &legacy).unwrap();
    let desk = common::office_desk(&db).await;
    assert_eq!(desk.documents_folder().await.unwrap(), legacy);
    let report = desk.verify_documents().await.unwrap();
    assert!(report.problems.is_empty(), "{:?}", report.problems);
    assert!(!pdf.exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn an_export_refuses_a_document_changed_after_it_was_issued_and_names_it() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let desk = common::office_desk(&db).await;
    let (doc_no, pdf) = accepted_with_notice(&desk).await;
    desk.close().await;
    drop(desk);
    let mut bytes = std::fs::read(&pdf).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&pdf, &bytes).unwrap();

    let out = dir.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let run = xinfang(&db, &["sync", "export", "--out", out.to_str().unwrap()]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("已被改动"), "{}", run.stderr);
    assert!(
        run.stderr
            .contains(&pdf.file_name().unwrap().to_string_lossy().to_string()),
        "names the file: {}",
        run.stderr
    );
    assert!(run.stderr.contains(&doc_no), "{}", run.stderr);
    assert_eq!(std::fs::read_dir(&out).unwrap().count(), 0, "no package");
    // Nothing counts as exported: the next export after a repair starts from the same place.
    let history = xinfang(&db, &["sync", "history", "--json"]).ok().json();
    assert_eq!(history["exports"], Value::Array(vec![]));
}

#[test]
fn a_killed_demo_leaves_nothing_half_made_and_the_next_run_completes() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("demo.sqlite");
    let mut child = common::cli::cli()
        .arg("--db")
        .arg(&db)
        .args(["demo", "--count", "400"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let work = dir.path().join(".demo.sqlite.demo");
    // Killed once the working copy holds part of the cases.
    let started = Instant::now();
    while !work.join("demo.sqlite").exists() && started.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(700));
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert!(!status.success(), "killed before the end");
    assert!(!db.exists(), "no half-made office in place");

    let run = xinfang(&db, &["demo", "--count", "400", "--json"]).ok();
    assert_eq!(run.json()["cases"], 400);
    assert!(!work.exists(), "the working copy is gone");
    let listed = xinfang(&db, &["case", "list", "--json", "--page-size", "1000"])
        .ok()
        .json();
    assert_eq!(listed.as_array().unwrap().len(), 400);
    let verified = xinfang(&db, &["notice", "verify", "--json"]).ok().json();
    assert!(verified["checked"].as_u64().unwrap() > 0, "{verified}");
    assert!(
        xinfang(&db, &["demo"]).bad_input().contains("已有400件"),
        "a second demo is refused"
    );
}

#[test]
fn a_calendar_file_that_takes_days_away_needs_force_and_lists_them() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    // The administrator keeps the calendar.
    let o = |args: &[&str]| common::cli::xinfang_as("admin", &db, args);
    common::cli::init(&db);
    let empty = dir.path().join("2026-empty.json");
    std::fs::write(&empty, r#"{"years":{"2026":[]}}"#).unwrap();
    let path = empty.to_str().unwrap();
    let before = o(&["calendar", "show", "2026", "--json"]).ok().json();

    let err = o(&["calendar", "import", path]).bad_input();
    assert!(err.contains("去掉已有的"), "{err}");
    assert!(err.contains("2026年1月1日休息（元旦）"), "{err}");
    assert!(err.contains("--force"), "{err}");
    assert_eq!(
        o(&["calendar", "show", "2026", "--json"]).ok().json(),
        before,
        "nothing imported"
    );

    let shipped = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cn-public-holidays.json"),
    )
    .unwrap();
    let shipped: Value = serde_json::from_str(&shipped).unwrap();
    let done = o(&["calendar", "import", path, "--force", "--json"])
        .ok()
        .json();
    let removed = done["removed"].as_array().unwrap();
    assert_eq!(
        removed.len(),
        shipped["years"]["2026"].as_array().unwrap().len(),
        "every published day of 2026 is listed"
    );
    let text = o(&["calendar", "show", "2026"]).ok().stdout;
    assert!(
        text.contains("未导入节假日安排") || !text.contains("元旦"),
        "{text}"
    );
    // A file that keeps every day imports without asking.
    let same = dir.path().join("2026-same.json");
    let year = serde_json::json!({ "years": { "2026": shipped["years"]["2026"] } });
    std::fs::write(&same, year.to_string()).unwrap();
    o(&["calendar", "import", same.to_str().unwrap(), "--force"]).ok();
    let again = o(&["calendar", "import", same.to_str().unwrap(), "--json"])
        .ok()
        .json();
    assert_eq!(again["removed"], Value::Array(vec![]));
}

#[test]
fn a_read_only_database_can_be_read_and_refuses_changes_untouched() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let o = |args: &[&str]| xinfang(&db, args);
    o(&["demo", "--count", "20"]).ok();
    let bytes = std::fs::read(&db).unwrap();
    let mut perms = std::fs::metadata(&db).unwrap().permissions();
    perms.set_readonly(true);
    std::fs::set_permissions(&db, perms).unwrap();

    let listed = o(&["case", "list", "--json"]).ok().json();
    assert_eq!(listed.as_array().unwrap().len(), 20);
    o(&["due"]).ok();
    let no = listed[0]["case_no"].as_str().unwrap().to_string();
    o(&["case", "show", &no]).ok();
    let err = o(&[
        "case",
        "act",
        &no,
        "supervise",
        "--json",
        r#"{"note":"请加快"}"#,
    ])
    .bad_input();
    assert!(err.contains("只读"), "{err}");
    let letter = serde_json::to_string(&common::letter("反映噪声扰民问题")).unwrap();
    let err = o(&["case", "register", "--json", &letter]).bad_input();
    assert!(err.contains("只读"), "{err}");
    assert_eq!(std::fs::read(&db).unwrap(), bytes, "the file is as it was");
}

#[test]
fn an_input_file_that_is_not_there_is_bad_input_everywhere() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    xinfang(&db, &["demo", "--count", "5"]).ok();
    let missing = dir.path().join("没有这个文件.json");
    let missing = missing.to_str().unwrap();
    for args in [
        vec!["calendar", "import", missing],
        vec!["sync", "import", missing],
        vec!["sync", "trust", missing],
        vec!["case", "register", "--json", missing],
    ] {
        let err = common::cli::xinfang_as("admin", &db, &args).bad_input();
        assert!(err.contains("没有这个文件.json"), "{args:?}: {err}");
        assert!(err.contains("不存在"), "{args:?}: {err}");
    }
}
