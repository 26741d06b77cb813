//! The audit chain: events, documents and disclosures checked against their hash chain; a row
//! changed, added or removed with `sqlite3` behind the program's back is named.

mod common;

use std::path::Path;
use std::process::Command;

use tempfile::TempDir;
use xinfang::domain::document::DocumentKind;
use xinfang::domain::workflow::Action;
use xinfang::store::chain::Entity;
use xinfang::Error;

/// An office with two cases, a decision, a notice and a disclosure, closed again.
async fn office_with_a_record(path: &Path) -> (String, String) {
    let desk = common::office_desk(path).await;
    let first = desk
        .register(common::letter("反映工资拖欠问题"))
        .await
        .unwrap()
        .case_no;
    let second = desk
        .register(common::letter("反映噪声扰民问题"))
        .await
        .unwrap()
        .case_no;
    desk.act(
        &first,
        Action::Accept {
            date: None,
            authority: None,
        },
    )
    .await
    .unwrap();
    desk.issue_document(&first, DocumentKind::AcceptanceNotice, &Default::default())
        .await
        .unwrap();
    desk.case_unmasked(&second, "核对来访人身份").await.unwrap();
    desk.close().await;
    (first, second)
}

fn sqlite3(db: &Path, sql: &str) {
    let out = Command::new("sqlite3").arg(db).arg(sql).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

async fn verify_as_admin(db: &Path) -> xinfang::desk::ChainReport {
    let desk = common::open_desk(db).await;
    common::sign_in(&desk, "admin").await;
    let report = desk.audit_verify().await.unwrap();
    desk.close().await;
    report
}

#[tokio::test]
async fn an_untouched_record_verifies_and_a_row_edited_with_sqlite3_is_named() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("o.sqlite");
    let (first, _) = office_with_a_record(&db).await;

    let report = verify_as_admin(&db).await;
    assert!(report.breaks.is_empty(), "{report:?}");
    // Two registrations, the acceptance, the notice's event: four events; one document; one
    // disclosure.
    assert_eq!(report.entries, 6);
    assert_eq!(report.before_chain, 0);
    assert_eq!(report.head.as_ref().map(String::len), Some(64));

    // Only the roles that audit may check.
    let desk = common::open_desk(&db).await;
    assert!(matches!(
        desk.audit_verify().await,
        Err(Error::NotPermitted {
            role: "局领导", ..
        })
    ));
    desk.close().await;

    // Someone edits the acceptance's summary behind the program's back.
    let accept_id: String = {
        let out = Command::new("sqlite3")
            .arg(&db)
            .arg(format!(
                "SELECT e.id FROM events e JOIN cases c ON c.id = e.case_id
                 WHERE c.case_no = '{first}' AND e.action = 'accept'"
            ))
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    sqlite3(
        &db,
        &format!(
            "DROP TRIGGER events_append_only_update;
             UPDATE events SET summary = '受理（已改）' WHERE id = '{accept_id}';"
        ),
    );
    let report = verify_as_admin(&db).await;
    assert_eq!(report.breaks.len(), 1, "{report:?}");
    let b = &report.breaks[0];
    assert_eq!(
        (b.entity, b.entity_id.as_str()),
        (Entity::Event, accept_id.as_str())
    );
    assert_eq!(b.seq, 3, "the third entry of the chain");
    assert!(b.problem.contains("被修改"), "{}", b.problem);

    // The CLI says so, names the entry, and fails.
    let run = common::cli::xinfang_as("admin", &db, &["audit", "verify"]);
    assert_eq!(run.code, 1, "{run:?}");
    assert!(
        run.stderr.contains("第3条") && run.stderr.contains(&accept_id),
        "{}",
        run.stderr
    );
}

#[tokio::test]
async fn rows_added_or_removed_outside_the_program_and_a_cut_chain_are_named() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("o.sqlite");
    let (_, second) = office_with_a_record(&db).await;
    // A disclosure slipped in, and a document's row removed.
    sqlite3(
        &db,
        &format!(
            "INSERT INTO disclosures (case_id, case_no, account, actor, at, reason)
             SELECT id, case_no, 'x', 'x', '2026-12-02T02:00:00Z', '伪造' FROM cases WHERE case_no = '{second}';
             DROP TRIGGER issued_documents_no_delete;
             DELETE FROM issued_documents;"
        ),
    );
    let report = verify_as_admin(&db).await;
    let problems: Vec<(Entity, &str)> = report
        .breaks
        .iter()
        .map(|b| (b.entity, b.problem.as_str()))
        .collect();
    assert!(
        problems.contains(&(Entity::Document, "记录已不存在（在程序之外被删除）")),
        "{problems:?}"
    );
    assert!(
        problems.contains(&(Entity::Disclosure, "不在审计链中（在程序之外写入）")),
        "{problems:?}"
    );

    // The chain itself shortened at its end is a different head; cut in the middle, a link
    // breaks.
    sqlite3(
        &db,
        "DROP TRIGGER audit_chain_append_only_delete; DELETE FROM audit_chain WHERE seq = 2;",
    );
    let report = verify_as_admin(&db).await;
    assert!(
        report
            .breaks
            .iter()
            .any(|b| b.seq == 3 && b.problem.contains("链接不符")),
        "{report:?}"
    );
}

#[tokio::test]
async fn work_after_verification_goes_on_the_chain() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("o.sqlite");
    office_with_a_record(&db).await;
    let before = verify_as_admin(&db).await;
    let desk = common::office_desk(&db).await;
    desk.register_many(xinfang::desk::demo::synthetic_cases(30, 3, common::now()))
        .await
        .unwrap();
    desk.close().await;
    let after = verify_as_admin(&db).await;
    assert!(after.breaks.is_empty(), "{after:?}");
    assert_eq!(after.entries, before.entries + 30);
    assert_ne!(after.head, before.head);
}

#[tokio::test]
async fn the_start_up_check_names_a_document_whose_file_is_gone() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("o.sqlite");
    office_with_a_record(&db).await;
    // Before anyone signs in, as the window runs it.
    let desk = xinfang::Desk::open_with_clock(&db, common::clock())
        .await
        .unwrap();
    let check = desk.startup_check().await.unwrap();
    assert!(check.is_sound(), "{check:?}");
    assert_eq!(check.documents.checked, 1);
    let pdf = desk.documents_folder().await.unwrap();
    let files = common::files_under(&pdf);
    assert_eq!(files.len(), 1, "{files:?}");
    std::fs::remove_file(&files[0]).unwrap();
    let check = desk.startup_check().await.unwrap();
    assert!(!check.is_sound());
    assert!(check.database_problems.is_empty());
    assert_eq!(check.documents.problems.len(), 1);
    assert!(
        check.documents.problems[0].doc_no.contains("〔2026〕1号"),
        "{check:?}"
    );
}
