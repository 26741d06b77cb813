//! Backups: made while the office works, checked, kept in rotation, and restored whole; a
//! damaged or foreign backup is refused with nothing changed. Through the desk and the CLI.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Duration;
use common::cli::{xinfang, xinfang_as};
use tempfile::TempDir;
use xinfang::desk::backup::{backup_list, backup_restore, backup_verify};
use xinfang::desk::Office;
use xinfang::domain::case::{Authority, AuthorityKind};
use xinfang::domain::digest::sha256_hex;
use xinfang::domain::document::DocumentKind;
use xinfang::domain::retention::Rotation;
use xinfang::domain::workflow::Action;
use xinfang::{Clock, Desk, Error};

/// An office with one declined case and its notice issued; returns the case number.
async fn office_with_a_notice(db: &Path) -> (Desk, String) {
    let desk = common::office_desk(db).await;
    let no = desk
        .register(common::letter("反映劳动合同纠纷"))
        .await
        .unwrap()
        .case_no;
    desk.act(
        &no,
        Action::Decline {
            date: None,
            reason: "属于劳动争议，应申请劳动人事争议仲裁".into(),
            article: "《信访工作条例》第三十一条".into(),
            statutory_channel: "申请劳动人事争议仲裁".into(),
            authority: Authority {
                name: "揭阳市榕城区劳动人事争议仲裁委员会".into(),
                kind: AuthorityKind::Administrative,
            },
        },
    )
    .await
    .unwrap();
    desk.issue_document(&no, DocumentKind::NonAcceptanceNotice, &BTreeMap::new())
        .await
        .unwrap();
    (desk, no)
}

fn file_hash(path: &Path) -> String {
    sha256_hex(&std::fs::read(path).unwrap())
}

#[tokio::test]
async fn a_backup_restores_the_office_as_it_was_and_keeps_what_it_replaced() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let drive = dir.path().join("U盘");
    let (desk, no) = office_with_a_notice(&db).await;
    common::sign_in(&desk, "admin").await;
    let made = desk
        .backup_create(&drive, Rotation::default())
        .await
        .unwrap();
    assert_eq!(made.backup.manifest.documents.len(), 1);
    assert!(made.removed.is_empty());
    let check = backup_verify(Path::new(&made.backup.path)).await.unwrap();
    assert!(check.problems.is_empty(), "{check:?}");
    assert_eq!(check.office_code.as_deref(), Some("445202"));
    assert_eq!(backup_list(&drive).unwrap().len(), 1);

    // Work goes on after the backup: a second case, and the notice file is lost.
    common::sign_in(&desk, common::USER).await;
    let later = desk
        .register(common::letter("反映小区物业管理混乱问题"))
        .await
        .unwrap()
        .case_no;
    let (doc, pdf) = desk
        .document(&desk.list_documents(&no).await.unwrap()[0].doc_no)
        .await
        .unwrap();
    let pdf_hash = doc.sha256.clone();
    std::fs::remove_file(&pdf).unwrap();
    desk.close().await;

    let restored = backup_restore(Path::new(&made.backup.path), &db, common::now())
        .await
        .unwrap();
    let previous = restored
        .previous
        .clone()
        .expect("the replaced database is kept");
    assert!(Path::new(&previous).is_file());

    let desk = common::open_desk(&db).await;
    assert!(desk.case(&no).await.is_ok());
    assert!(matches!(
        desk.case(&later).await,
        Err(Error::CaseNotFound(_))
    ));
    assert_eq!(file_hash(&pdf), pdf_hash, "the notice is back");
    let report = desk.verify_documents().await.unwrap();
    assert_eq!((report.checked, report.intact), (1, 1));
    let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&desk.db().pool)
        .await
        .unwrap();
    assert_eq!(ok, "ok");
    desk.close().await;
    // What was replaced is still there to be looked at.
    let before = common::open_desk(Path::new(&previous)).await;
    assert!(before.case(&later).await.is_ok());
}

#[tokio::test]
async fn the_open_office_restores_in_place_only_for_an_account_that_keeps_backups() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let drive = dir.path().join("U盘");
    let (desk, no) = office_with_a_notice(&db).await;
    common::sign_in(&desk, "admin").await;
    let made = desk
        .backup_create(&drive, Rotation::default())
        .await
        .unwrap();
    let backup = Path::new(&made.backup.path);
    common::sign_in(&desk, common::USER).await;
    let later = desk
        .register(common::letter("反映小区物业管理混乱问题"))
        .await
        .unwrap()
        .case_no;

    // The director handles cases; backups are the administrator's: refused, still open.
    let refused = desk.restore_in_place(backup).await;
    assert!(refused.reopened.is_none());
    assert!(
        matches!(refused.outcome, Err(Error::NotPermitted { .. })),
        "{:?}",
        refused.outcome
    );
    assert!(desk.case(&later).await.is_ok(), "the desk still works");

    // A damaged copy: refused before anything closes.
    let damaged = dir.path().join("坏盘");
    std::fs::create_dir_all(&damaged).unwrap();
    for entry in ["backup.json", "office.sqlite"] {
        std::fs::copy(backup.join(entry), damaged.join(entry)).unwrap();
    }
    common::sign_in(&desk, "admin").await;
    let refused = desk.restore_in_place(&damaged).await;
    assert!(refused.reopened.is_none());
    assert!(matches!(refused.outcome, Err(Error::BackupDamaged { .. })));

    let restore = desk.restore_in_place(backup).await;
    let restored = restore.outcome.unwrap();
    assert!(Path::new(restored.previous.as_deref().unwrap()).is_file());
    let desk = restore.reopened.expect("closed for the restore").unwrap();
    assert!(
        matches!(desk.case(&no).await, Err(Error::NotSignedIn)),
        "nobody is signed in to the restored database"
    );
    common::sign_in(&desk, common::USER).await;
    assert!(desk.case(&no).await.is_ok());
    assert!(matches!(
        desk.case(&later).await,
        Err(Error::CaseNotFound(_))
    ));
    assert!(desk.verify_documents().await.unwrap().problems.is_empty());
}

#[tokio::test]
async fn a_damaged_backup_is_named_and_refused_with_nothing_changed() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let drive = dir.path().join("backups");
    let (desk, _) = office_with_a_notice(&db).await;
    common::sign_in(&desk, "admin").await;
    let made = desk
        .backup_create(&drive, Rotation::default())
        .await
        .unwrap();
    desk.close().await;
    let backup = Path::new(&made.backup.path);
    let doc = &made.backup.manifest.documents[0];
    let copy = backup.join("documents").join(&doc.path);
    let mut bytes = std::fs::read(&copy).unwrap();
    let last = bytes.len() - 10;
    bytes[last] ^= 0x55;
    std::fs::write(&copy, bytes).unwrap();

    let check = backup_verify(backup).await.unwrap();
    assert_eq!(check.problems.len(), 1, "{check:?}");
    assert!(check.problems[0].contains(&doc.path), "{check:?}");
    let before = file_hash(&db);
    let r = backup_restore(backup, &db, common::now()).await;
    assert!(matches!(r, Err(Error::BackupDamaged { .. })), "{r:?}");
    assert_eq!(file_hash(&db), before);
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names
            .iter()
            .all(|n| !n.contains("restoring") && !n.contains("before-restore")),
        "{names:?}"
    );

    // The database itself damaged: its hash no longer matches.
    let copy_db = backup.join("office.sqlite");
    let mut bytes = std::fs::read(&copy_db).unwrap();
    bytes[200] ^= 0x01;
    std::fs::write(&copy_db, bytes).unwrap();
    let check = backup_verify(backup).await.unwrap();
    assert!(
        check.problems.iter().any(|p| p.contains("数据库")),
        "{check:?}"
    );
    // Not a backup at all.
    let r = backup_restore(dir.path(), &db, common::now()).await;
    assert!(matches!(r, Err(Error::NoBackup(_))), "{r:?}");
}

#[tokio::test]
async fn another_offices_backup_is_refused() {
    let dir = TempDir::new().unwrap();
    let drive = dir.path().join("backups");
    let theirs = dir.path().join("theirs.sqlite");
    let other = common::open_desk(&theirs).await;
    other
        .init_demo_office(Office {
            code: "445281".into(),
            name: "普宁市信访局".into(),
            doc_prefix: "普信访".into(),
        })
        .await
        .unwrap();
    common::sign_in(&other, "admin").await;
    let made = other
        .backup_create(&drive, Rotation::default())
        .await
        .unwrap();
    other.close().await;

    let ours = dir.path().join("office.sqlite");
    let (desk, _) = office_with_a_notice(&ours).await;
    desk.close().await;
    let before = file_hash(&ours);
    let r = backup_restore(Path::new(&made.backup.path), &ours, common::now()).await;
    match r {
        Err(e @ Error::BackupForeign { .. }) => {
            assert!(e.to_string().contains("445281") && e.to_string().contains("445202"));
            assert!(e.is_bad_input());
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(file_hash(&ours), before);
}

#[tokio::test]
async fn the_rotation_keeps_the_newest_of_each_day_and_removes_the_rest() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let drive = dir.path().join("backups");
    let desk = common::office_desk(&db).await;
    desk.close().await;
    let rotation = Rotation {
        daily: 2,
        weekly: 0,
        monthly: 0,
    };
    let mut removed = Vec::new();
    for day in 0..4 {
        let at = common::now() + Duration::days(day);
        let desk = Desk::open_with_clock(&db, Clock::fixed(at)).await.unwrap();
        common::sign_in(&desk, "admin").await;
        let made = desk.backup_create(&drive, rotation).await.unwrap();
        removed.extend(made.removed);
        desk.close().await;
    }
    let left = backup_list(&drive).unwrap();
    let days: Vec<String> = left
        .iter()
        .map(|b| b.manifest.created_at.format("%m-%d").to_string())
        .collect();
    assert_eq!(days, ["12-05", "12-04"]);
    assert_eq!(removed.len(), 2);
    assert!(removed.iter().all(|p| !Path::new(p).exists()));
}

#[test]
fn the_cli_backs_up_lists_verifies_and_restores_with_exit_codes() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let drive = dir.path().join("backups");
    common::cli::init(&db);
    let made = xinfang_as(
        "admin",
        &db,
        &[
            "backup",
            "create",
            "--to",
            drive.to_str().unwrap(),
            "--json",
        ],
    )
    .ok()
    .json();
    let path = made["backup"]["path"].as_str().unwrap().to_string();
    let listed = xinfang(&db, &["backup", "list", drive.to_str().unwrap()]).ok();
    assert!(listed.stdout.contains(&path), "{}", listed.stdout);
    let verified = xinfang(&db, &["backup", "verify", &path]).ok();
    assert!(verified.stdout.contains("备份完好"), "{}", verified.stdout);
    let refused = xinfang(&db, &["backup", "restore", &path]).bad_input();
    assert!(refused.contains("无权备份和恢复"), "{refused}");
    let restored = xinfang_as("admin", &db, &["backup", "restore", &path]).ok();
    assert!(
        restored.stdout.contains("已恢复数据库"),
        "{}",
        restored.stdout
    );
    // The restored office opens and works.
    xinfang(&db, &["case", "list"]).ok();
    let message = xinfang_as(
        "admin",
        &db,
        &["backup", "restore", dir.path().to_str().unwrap()],
    )
    .bad_input();
    assert!(message.contains("不是备份文件夹"), "{message}");
}

/// An instant in office time on the days the schedule test walks through.
fn office_at(day: u32, h: u32, m: u32) -> chrono::DateTime<chrono::Utc> {
    let d = chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
    xinfang::domain::calendar::office_day_start(d)
        + Duration::hours(h.into())
        + Duration::minutes(m.into())
}

#[tokio::test]
async fn the_scheduled_backup_runs_once_a_day_at_its_time_and_retries_a_failure_later() {
    use xinfang::desk::backup_schedule::{BackupSchedule, RETRY_AFTER};
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let clock = Clock::fixed(office_at(2, 10, 0));
    let desk = Desk::open_with_clock(&db, clock.clone()).await.unwrap();
    desk.init_demo_office(common::office()).await.unwrap();
    let drive = dir.path().join("U盘");
    let schedule = BackupSchedule {
        folder: Some(drive.display().to_string()),
        at: "18:00".into(),
        rotation: Rotation::default(),
    };
    common::sign_in(&desk, common::USER).await;
    assert!(matches!(
        desk.set_backup_schedule(schedule.clone()).await,
        Err(Error::NotPermitted { .. })
    ));
    common::sign_in(&desk, "admin").await;
    assert!(
        desk.backup_if_due(clock.now()).await.unwrap().is_none(),
        "off"
    );
    let bad = BackupSchedule {
        at: "25:00".into(),
        ..schedule.clone()
    };
    assert!(matches!(
        desk.set_backup_schedule(bad).await,
        Err(Error::Invalid { .. })
    ));

    // Turned on in the morning: yesterday's 18:00 went by without one, so one is made now.
    let status = desk.set_backup_schedule(schedule).await.unwrap();
    assert_eq!(status.next_due_at, Some(office_at(1, 18, 0)));
    let first = desk
        .backup_if_due(clock.now())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    clock.set(office_at(2, 17, 59));
    assert!(desk.backup_if_due(clock.now()).await.unwrap().is_none());
    clock.set(office_at(2, 18, 0));
    let second = desk
        .backup_if_due(clock.now())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    assert_ne!(first.backup.path, second.backup.path);
    // The rotation keeps the newest of the day.
    let listed = backup_list(&drive).unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].path, second.backup.path);

    // The next evening the drive is not there (a file stands in its place): the failure is
    // recorded and tried again half an hour later, not every minute.
    let aside = dir.path().join("U盘-拔出");
    std::fs::rename(&drive, &aside).unwrap();
    std::fs::write(&drive, b"not a folder").unwrap();
    clock.set(office_at(3, 18, 0));
    assert!(desk
        .backup_if_due(clock.now())
        .await
        .unwrap()
        .unwrap()
        .is_err());
    let status = desk.backup_schedule_status().await.unwrap();
    assert_eq!(status.runs.last_failure_at, Some(office_at(3, 18, 0)));
    assert!(status.runs.last_error.is_some());
    assert_eq!(
        status.runs.last_path.as_deref(),
        Some(second.backup.path.as_str())
    );
    assert_eq!(status.next_due_at, Some(office_at(3, 18, 0) + RETRY_AFTER));
    clock.set(office_at(3, 18, 10));
    assert!(desk.backup_if_due(clock.now()).await.unwrap().is_none());
    std::fs::remove_file(&drive).unwrap();
    std::fs::rename(&aside, &drive).unwrap();
    clock.set(office_at(3, 18, 31));
    let third = desk
        .backup_if_due(clock.now())
        .await
        .unwrap()
        .unwrap()
        .unwrap();
    let status = desk.backup_schedule_status().await.unwrap();
    assert_eq!(status.runs.last_error, None);
    assert_eq!(
        status.runs.last_path.as_deref(),
        Some(third.backup.path.as_str())
    );
    assert_eq!(status.next_due_at, Some(office_at(4, 18, 0)));
    assert!(backup_verify(Path::new(&third.backup.path))
        .await
        .unwrap()
        .problems
        .is_empty());
    desk.close().await;

    // The CLI shows the schedule; `--if-due` before the time writes nothing and says when.
    let shown = xinfang_as("admin", &db, &["backup", "schedule"]).ok();
    assert!(
        shown.stdout.contains("每天 18:00 备份到"),
        "{}",
        shown.stdout
    );
    assert!(shown.stdout.contains("上次定时备份"), "{}", shown.stdout);
    let ran = xinfang_as("admin", &db, &["backup", "create", "--if-due"]).ok();
    assert!(ran.stderr.contains("下次定时备份"), "{}", ran.stderr);
    assert_eq!(backup_list(&drive).unwrap().len(), 2);
    // Turned off from the CLI.
    let off = xinfang_as("admin", &db, &["backup", "schedule", "--off"]).ok();
    assert!(off.stdout.contains("定时备份：关闭"), "{}", off.stdout);
}
