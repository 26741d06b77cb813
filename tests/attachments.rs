//! Attachments on a real office database: a scan copied into the document folder with its hash
//! and recorded on the timeline; files the office cannot keep refused with nothing written;
//! withdrawal keeps the file; a changed file is not handed out; a backup holds it.

mod common;

use std::path::Path;

use tempfile::TempDir;
use xinfang::desk::backup::backup_verify;
use xinfang::domain::account::{NewAccount, Role};
use xinfang::domain::attachment::{AttachmentKind, MAX_BYTES};
use xinfang::domain::digest::sha256_hex;
use xinfang::domain::retention::Rotation;
use xinfang::Error;

fn refused_file(r: Result<impl std::fmt::Debug, Error>, says: &str) {
    match r {
        Err(Error::Invalid { field, reason }) => {
            assert_eq!(field, "file");
            assert!(reason.contains(says), "{reason}");
        }
        other => panic!("expected the file refused ({says}), got {other:?}"),
    }
}

/// An office in a fresh folder with one registered letter, its director signed in.
async fn office_with_a_letter() -> (TempDir, std::path::PathBuf, xinfang::Desk, String) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("office.sqlite");
    let desk = common::office_desk(&path).await;
    common::sign_in(&desk, common::USER).await;
    let case_no = desk
        .register(common::letter("反映拆迁补偿问题"))
        .await
        .unwrap()
        .case_no;
    (dir, path, desk, case_no)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scan_is_kept_with_its_hash_and_a_mistake_is_withdrawn_not_deleted() {
    let (dir, path, desk, case_no) = office_with_a_letter().await;
    let scan = dir.path().join("来信 扫描件.pdf");
    let bytes = b"%PDF-1.4 a scanned letter".to_vec();
    std::fs::write(&scan, &bytes).unwrap();
    let before = desk.case(&case_no).await.unwrap().version;

    let added = desk
        .attach_file(&case_no, &scan, AttachmentKind::LetterScan, Some("首页"))
        .await
        .unwrap();
    assert_eq!(added.name, "来信 扫描件.pdf");
    assert_eq!(added.sha256, sha256_hex(&bytes));
    assert_eq!(added.size, bytes.len() as i64);
    // The test clock starts at common::now() and runs.
    assert!((added.added_at - common::now()).num_seconds().abs() < 60);
    let stored = desk.attachment_file(added.id).await.unwrap();
    assert!(stored.starts_with(desk.documents_folder().await.unwrap()));
    assert_eq!(std::fs::read(&stored).unwrap(), bytes);
    // The original stays where the clerk had it.
    assert!(scan.exists());

    let detail = desk.case_detail(&case_no).await.unwrap();
    assert_eq!(detail.case.version, before + 1);
    let event = detail.timeline.last().unwrap();
    assert_eq!(event.summary, "添加附件：来信扫描件（来信 扫描件.pdf）");

    // The same file again is a second attachment beside the first, not a replacement.
    let again = desk
        .attach_file(&case_no, &scan, AttachmentKind::Evidence, None)
        .await
        .unwrap();
    assert_ne!(again.path, added.path);
    assert_eq!(desk.attachments(&case_no).await.unwrap().len(), 2);

    match desk.withdraw_attachment(again.id, " ").await {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "reason"),
        other => panic!("a withdrawal without a reason was taken: {other:?}"),
    }
    let withdrawn = desk
        .withdraw_attachment(again.id, "重复添加")
        .await
        .unwrap();
    assert_eq!(withdrawn.withdraw_reason.as_deref(), Some("重复添加"));
    assert_eq!(withdrawn.version, 2);
    assert!(
        desk.attachment_file(again.id).await.is_ok(),
        "the file stays"
    );
    assert!(matches!(
        desk.withdraw_attachment(again.id, "再撤一次").await,
        Err(Error::Invalid { .. })
    ));
    let list = desk.attachments(&case_no).await.unwrap();
    assert_eq!(list.len(), 2);
    assert!(list[0].withdrawn_at.is_none() && list[1].withdrawn_at.is_some());

    // A file changed behind the office's back is not handed out as the attachment.
    std::fs::write(&stored, b"something else").unwrap();
    match desk.attachment_file(added.id).await {
        Err(Error::Invalid { reason, .. }) => assert!(reason.contains("已被改动"), "{reason}"),
        other => panic!("a changed file was handed out: {other:?}"),
    }
    drop(desk);

    // The record survives reopening.
    let desk = common::open_desk(&path).await;
    common::sign_in(&desk, common::USER).await;
    assert_eq!(desk.attachments(&case_no).await.unwrap(), list);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn files_the_office_cannot_keep_are_refused_and_nothing_is_written() {
    let (dir, _, desk, case_no) = office_with_a_letter().await;
    let version = desk.case(&case_no).await.unwrap().version;
    let kind = AttachmentKind::Evidence;

    refused_file(
        desk.attach_file(&case_no, &dir.path().join("没有.pdf"), kind, None)
            .await,
        "找不到文件",
    );
    refused_file(
        desk.attach_file(&case_no, dir.path(), kind, None).await,
        "是文件夹",
    );
    let empty = dir.path().join("空.jpg");
    std::fs::write(&empty, b"").unwrap();
    refused_file(
        desk.attach_file(&case_no, &empty, kind, None).await,
        "空文件",
    );
    let big = dir.path().join("录像.mp4");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(MAX_BYTES + 1)
        .unwrap();
    refused_file(
        desk.attach_file(&case_no, &big, kind, None).await,
        "超过50MB",
    );
    let fine = dir.path().join("证据.jpg");
    std::fs::write(&fine, b"jpeg").unwrap();
    assert!(matches!(
        desk.attach_file("445202-2026-999999", &fine, kind, None)
            .await,
        Err(Error::CaseNotFound(_))
    ));

    // An auditor reads cases but does not add to them.
    common::sign_in(&desk, "admin").await;
    desk.create_account(NewAccount {
        name: "shenji".into(),
        display_name: "审计员".into(),
        role: Role::Auditor,
        password: common::PASSWORD.into(),
        may_unmask: false,
    })
    .await
    .unwrap();
    common::sign_in(&desk, "shenji").await;
    assert!(matches!(
        desk.attach_file(&case_no, &fine, kind, None).await,
        Err(Error::NotPermitted { .. })
    ));

    common::sign_in(&desk, common::USER).await;
    assert!(desk.attachments(&case_no).await.unwrap().is_empty());
    assert_eq!(desk.case(&case_no).await.unwrap().version, version);
    let folder = desk.documents_folder().await.unwrap();
    assert!(common::files_under(&folder.join("attachments")).is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_holds_the_attachments_and_finds_one_changed() {
    let (dir, _, desk, case_no) = office_with_a_letter().await;
    let receipt = dir.path().join("签收回执.png");
    std::fs::write(&receipt, b"png bytes").unwrap();
    let added = desk
        .attach_file(&case_no, &receipt, AttachmentKind::SignedReceipt, None)
        .await
        .unwrap();

    common::sign_in(&desk, "admin").await;
    let drive = dir.path().join("U盘");
    let made = desk
        .backup_create(&drive, Rotation::default())
        .await
        .unwrap();
    let listed: Vec<&str> = made
        .backup
        .manifest
        .documents
        .iter()
        .map(|f| f.path.as_str())
        .collect();
    assert_eq!(listed, [added.path.as_str()]);
    let backup = Path::new(&made.backup.path);
    assert!(backup_verify(backup).await.unwrap().problems.is_empty());

    let copy = common::files_under(backup)
        .into_iter()
        .find(|p| p.ends_with(&added.path))
        .expect("the attachment is in the backup");
    std::fs::write(&copy, b"changed").unwrap();
    let check = backup_verify(backup).await.unwrap();
    assert!(
        check.problems.iter().any(|p| p.contains(&added.path)),
        "{check:?}"
    );
}
