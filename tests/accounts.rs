//! Accounts and roles, enforced by the core: who may do what, signing in and its lock, the
//! inactivity lock, sessions and script tokens, and a database from before accounts.

mod common;

use std::path::Path;
use std::time::Duration as StdDuration;

use chrono::Duration;
use common::{PASSWORD, USER};
use tempfile::TempDir;
use xinfang::desk::{Account, NewAccount, Role};
use xinfang::domain::account::HISTORICAL_ACCOUNT;
use xinfang::domain::document::DocumentKind;
use xinfang::domain::workflow::{Action, ActionKind};
use xinfang::{Clock, Desk, Error};

/// The tests' office with one account per role besides the director and the administrator.
async fn staffed(path: &Path) -> Desk {
    let desk = common::office_desk(path).await;
    common::sign_in(&desk, "admin").await;
    for (name, display_name, role) in [
        ("limin", "李敏", Role::Registrar),
        ("chenzq", "陈志强", Role::Handler),
        ("huanglj", "黄丽娟", Role::Handler),
        ("wangjg", "王建国", Role::SectionHead),
        ("liufang", "刘芳", Role::Auditor),
    ] {
        desk.create_account(NewAccount {
            name: name.into(),
            display_name: display_name.into(),
            role,
            password: PASSWORD.into(),
            may_unmask: false,
        })
        .await
        .unwrap();
    }
    desk
}

fn accept() -> Action {
    Action::Accept {
        date: None,
        authority: None,
    }
}

#[tokio::test]
async fn each_role_does_what_it_may_and_is_told_in_chinese_what_it_may_not() {
    let dir = TempDir::new().unwrap();
    let desk = staffed(&dir.path().join("o.sqlite")).await;

    // The administrator keeps accounts and settings but takes no step on a case.
    let refused = desk.register(common::letter("反映噪声扰民问题")).await;
    assert!(
        matches!(
            refused,
            Err(Error::NotPermitted {
                role: "管理员", ..
            })
        ),
        "{refused:?}"
    );

    // The registrar registers (assigning the case to 陈志强) and may not decide it.
    common::sign_in(&desk, "limin").await;
    let mut new = common::letter("反映工资拖欠问题");
    new.handler = Some("chenzq".into());
    let no = desk.register(new).await.unwrap().case_no;
    let err = desk.act(&no, accept()).await.unwrap_err();
    assert_eq!(err.to_string(), "您的角色“登记员”无权办理信访件");
    assert!(desk
        .case_detail(&no)
        .await
        .unwrap()
        .allowed_actions
        .iter()
        .all(|k| matches!(k, ActionKind::Classify | ActionKind::LinkRepeat)));

    // Another handler may not touch 陈志强's case; he may, and his steps carry his account.
    common::sign_in(&desk, "huanglj").await;
    let err = desk.act(&no, accept()).await.unwrap_err();
    assert!(
        matches!(err, Error::NotAssigned(ref n) if *n == no),
        "{err:?}"
    );
    assert!(err.to_string().contains("未分派给您"), "{err}");
    let allowed = desk.case_detail(&no).await.unwrap().allowed_actions;
    assert!(!allowed.contains(&ActionKind::Accept), "{allowed:?}");
    common::sign_in(&desk, "chenzq").await;
    assert!(desk
        .case_detail(&no)
        .await
        .unwrap()
        .allowed_actions
        .contains(&ActionKind::Accept));
    desk.act(&no, accept()).await.unwrap();
    // A handler does not sign documents: the form offers none and issuing is refused.
    assert!(desk.documents_allowed(&no).await.unwrap().is_empty());
    let err = desk
        .issue_document(&no, DocumentKind::AcceptanceNotice, &Default::default())
        .await
        .unwrap_err();
    assert_eq!(err.to_string(), "您的角色“承办人”无权签发文书");

    // The section head signs it; an extension is theirs to approve too.
    common::sign_in(&desk, "wangjg").await;
    desk.issue_document(&no, DocumentKind::AcceptanceNotice, &Default::default())
        .await
        .unwrap();

    // The auditor reads and changes nothing.
    common::sign_in(&desk, "liufang").await;
    assert_eq!(desk.case(&no).await.unwrap().case_no, no);
    assert!(desk
        .case_detail(&no)
        .await
        .unwrap()
        .allowed_actions
        .is_empty());
    assert!(matches!(
        desk.register(common::letter("反映噪声扰民问题")).await,
        Err(Error::NotPermitted { role: "审计", .. })
    ));

    let timeline = desk.case_detail(&no).await.unwrap().timeline;
    let who: Vec<(&str, &str, &str)> = timeline
        .iter()
        .map(|e| (e.action.as_str(), e.account.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        who,
        [
            ("register", "limin", "李敏"),
            ("accept", "chenzq", "陈志强"),
            ("issue_document", "wangjg", "王建国"),
        ]
    );
    let documents = desk.list_documents(&no).await.unwrap();
    assert_eq!(documents[0].actor, "王建国");
}

#[tokio::test]
async fn wrong_passwords_lock_the_account_until_the_time_passes_or_an_admin_enables_it() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("o.sqlite");
    let desk = staffed(&path).await;
    for left in (1..5).rev() {
        let err = desk
            .sign_in("limin", "not-the-password1")
            .await
            .unwrap_err();
        assert!(
            matches!(err, Error::SignInFailed { left: Some(n) } if n == left),
            "{err:?}"
        );
        assert!(err.to_string().contains(&format!("再错{left}次")), "{err}");
    }
    let err = desk
        .sign_in("limin", "not-the-password1")
        .await
        .unwrap_err();
    assert!(matches!(err, Error::AccountLocked(_)), "{err:?}");
    // Locked: even the right password is refused, and says until when.
    let err = desk.sign_in("limin", PASSWORD).await.unwrap_err();
    assert!(err.to_string().contains("已锁定至"), "{err}");
    // An unknown name is refused like a wrong password, without saying which.
    let err = desk.sign_in("nobody", PASSWORD).await.unwrap_err();
    assert_eq!(err.to_string(), "账号或密码不正确");
    desk.close().await;

    // Fifteen minutes later the right password works again.
    let later = Desk::open_with_clock(&path, Clock::fixed(common::now() + Duration::minutes(16)))
        .await
        .unwrap();
    later.sign_in("limin", PASSWORD).await.unwrap();
    later.close().await;

    // Or at once, when an administrator enables the account again.
    let desk = common::open_desk(&path).await;
    for _ in 0..5 {
        let _ = desk.sign_in("limin", "not-the-password1").await;
    }
    assert!(desk.sign_in("limin", PASSWORD).await.is_err());
    common::sign_in(&desk, "admin").await;
    let limin = account(&desk, "limin").await;
    desk.update_account(limin).await.unwrap();
    desk.sign_in("limin", PASSWORD).await.unwrap();
}

async fn account(desk: &Desk, name: &str) -> Account {
    desk.accounts()
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.name == name)
        .unwrap()
}

#[tokio::test]
async fn a_disabled_account_and_the_last_administrator() {
    let dir = TempDir::new().unwrap();
    let desk = staffed(&dir.path().join("o.sqlite")).await;
    common::sign_in(&desk, "admin").await;
    let mut limin = account(&desk, "limin").await;
    limin.active = false;
    desk.update_account(limin).await.unwrap();
    let err = desk.sign_in("limin", PASSWORD).await.unwrap_err();
    assert_eq!(err.to_string(), "账号“limin”已停用：请联系管理员");

    common::sign_in(&desk, "admin").await;
    let mut admin = account(&desk, "admin").await;
    admin.role = Role::Director;
    let err = desk.update_account(admin).await.unwrap_err();
    assert!(err.to_string().contains("最后一个启用的管理员"), "{err}");
    // Weak passwords and taken names are refused by field.
    let err = desk
        .create_account(NewAccount {
            name: "limin".into(),
            display_name: "李敏".into(),
            role: Role::Registrar,
            password: PASSWORD.into(),
            may_unmask: false,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid { ref field, .. } if field == "name"),
        "{err:?}"
    );
    let err = desk
        .create_account(NewAccount {
            name: "zhaoli".into(),
            display_name: "赵丽".into(),
            role: Role::Registrar,
            password: "12345678".into(),
            may_unmask: false,
        })
        .await
        .unwrap_err();
    assert!(
        matches!(err, Error::Invalid { ref field, .. } if field == "password"),
        "{err:?}"
    );
    // Only an administrator sets another's password; the account owner needs the current one.
    common::sign_in(&desk, "wangjg").await;
    assert!(matches!(
        desk.set_password("chenzq", None, "new-pass-2026").await,
        Err(Error::NotPermitted { .. })
    ));
    assert!(desk
        .set_password("wangjg", Some("wrong-pass-1"), "new-pass-2026")
        .await
        .is_err());
    desk.set_password("wangjg", Some(PASSWORD), "new-pass-2026")
        .await
        .unwrap();
    desk.sign_in("wangjg", "new-pass-2026").await.unwrap();
}

#[tokio::test]
async fn the_desk_locks_after_inactivity_and_asks_the_same_account_again() {
    let dir = TempDir::new().unwrap();
    let desk = staffed(&dir.path().join("o.sqlite")).await;
    common::sign_in(&desk, USER).await;
    desk.set_idle_lock(Some(StdDuration::from_millis(300)));
    desk.due(common::today(), 10).await.unwrap();
    tokio::time::sleep(StdDuration::from_millis(150)).await;
    // Activity keeps it open.
    desk.due(common::today(), 10).await.unwrap();
    tokio::time::sleep(StdDuration::from_millis(400)).await;
    let err = desk.due(common::today(), 10).await.unwrap_err();
    assert!(matches!(err, Error::Locked), "{err:?}");
    assert_eq!(desk.locked_account().as_deref(), Some(USER));
    assert!(matches!(
        desk.due(common::today(), 10).await,
        Err(Error::NotSignedIn)
    ));
    common::sign_in(&desk, USER).await;
    assert_eq!(desk.locked_account(), None);
    desk.due(common::today(), 10).await.unwrap();
}

#[tokio::test]
async fn sessions_expire_and_named_tokens_are_recorded_until_revoked() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("o.sqlite");
    let desk = staffed(&path).await;
    common::sign_in(&desk, "limin").await;
    let (session, expires) = desk.open_session().await.unwrap();
    let left = expires - desk.now();
    assert!(left <= Duration::hours(12) && left > Duration::hours(12) - Duration::seconds(5));
    common::sign_in(&desk, "admin").await;
    let token = desk
        .issue_token("limin", "夜间登记导入", Some(30))
        .await
        .unwrap();
    assert!(matches!(
        desk.issue_token("limin", "夜间登记导入", None).await,
        Err(Error::Invalid { .. })
    ));
    assert_eq!(desk.tokens().await.unwrap()[0].name, "夜间登记导入");

    let actor = desk.sign_in_with_token(&token).await.unwrap();
    assert_eq!(actor.account, "limin");
    let case = desk
        .register(common::letter("反映噪声扰民问题"))
        .await
        .unwrap();
    let event = &desk.case_detail(&case.case_no).await.unwrap().timeline[0];
    assert_eq!(event.account, "limin");
    assert_eq!(event.credential.as_deref(), Some("token:夜间登记导入"));
    desk.sign_in_with_token(&session).await.unwrap();
    assert!(matches!(
        desk.sign_in_with_token("xft_forged").await,
        Err(Error::TokenRefused)
    ));
    common::sign_in(&desk, "admin").await;
    desk.revoke_token("夜间登记导入").await.unwrap();
    assert!(matches!(
        desk.sign_in_with_token(&token).await,
        Err(Error::TokenRefused)
    ));
    desk.close().await;

    let later = Desk::open_with_clock(&path, Clock::fixed(common::now() + Duration::hours(13)))
        .await
        .unwrap();
    let err = later.sign_in_with_token(&session).await.unwrap_err();
    assert!(matches!(err, Error::SessionExpired), "{err:?}");
    // Only the hash of a secret is kept.
    let stored: Vec<String> = sqlx::query_scalar("SELECT token_hash FROM account_tokens")
        .fetch_all(&later.db().pool)
        .await
        .unwrap();
    assert!(stored
        .iter()
        .all(|h| h.len() == 64 && *h != session && *h != token));
    let hashes: Vec<String> = sqlx::query_scalar("SELECT password_hash FROM accounts")
        .fetch_all(&later.db().pool)
        .await
        .unwrap();
    assert!(hashes.iter().all(|h| h.starts_with("$argon2id$")));
}

#[tokio::test]
async fn a_database_from_before_accounts_keeps_its_events_as_historical_and_gets_an_admin() {
    let dir = TempDir::new().unwrap();
    // Today's office with a case, copied into a database migrated only to 0009.
    let current = dir.path().join("current.sqlite");
    let desk = common::office_desk(&current).await;
    let no = desk
        .register(common::letter("反映工资拖欠问题"))
        .await
        .unwrap()
        .case_no;
    desk.close().await;
    let old = dir.path().join("old.sqlite");
    old_database(&old, &current).await;

    let desk = Desk::open_with_clock(&old, common::clock()).await.unwrap();
    assert!(!desk.has_accounts().await.unwrap());
    assert!(matches!(desk.case(&no).await, Err(Error::NotSignedIn)));
    let admin = desk
        .create_first_admin(NewAccount {
            name: "admin".into(),
            display_name: "系统管理员".into(),
            role: Role::Director,
            password: PASSWORD.into(),
            may_unmask: false,
        })
        .await
        .unwrap();
    assert_eq!(admin.role, Role::Admin, "the first account administers");
    assert!(desk
        .create_first_admin(NewAccount {
            name: "admin2".into(),
            display_name: "第二".into(),
            role: Role::Admin,
            password: PASSWORD.into(),
            may_unmask: false,
        })
        .await
        .is_err());
    let event = &desk.case_detail(&no).await.unwrap().timeline[0];
    assert_eq!(event.account, HISTORICAL_ACCOUNT);
    assert_eq!(event.actor, "张卫东", "the name it was written with stays");
    assert_eq!(event.credential, None);
    // The audit chain starts at the upgrade: the old event is before it, nothing is broken.
    let report = desk.audit_verify().await.unwrap();
    assert_eq!((report.before_chain, report.entries), (1, 0));
    assert!(report.breaks.is_empty(), "{report:?}");
}

/// Copies the office, cases and timeline of `from` into a new database at `to` that has the
/// schema of migrations 0001–0009.
async fn old_database(to: &Path, from: &Path) {
    use sqlx::sqlite::SqliteConnectOptions;
    let pool = sqlx::SqlitePool::connect_with(
        SqliteConnectOptions::new()
            .filename(to)
            .create_if_missing(true),
    )
    .await
    .unwrap();
    let mut migrator =
        sqlx::migrate::Migrator::new(Path::new(env!("CARGO_MANIFEST_DIR")).join("migrations"))
            .await
            .unwrap();
    migrator.migrations = migrator
        .migrations
        .iter()
        .filter(|m| m.version <= 9)
        .cloned()
        .collect::<Vec<_>>()
        .into();
    migrator.run(&pool).await.unwrap();
    let mut conn = pool.acquire().await.unwrap();
    sqlx::query(&format!("ATTACH '{}' AS cur", from.display()))
        .execute(&mut *conn)
        .await
        .unwrap();
    for sql in [
        "INSERT INTO office SELECT * FROM cur.office",
        "INSERT INTO cases SELECT * FROM cur.cases",
        "INSERT INTO deadlines SELECT * FROM cur.deadlines",
        "INSERT INTO events (id, case_id, office_code, seq, actor, at, action, summary, details, before, after)
         SELECT id, case_id, office_code, seq, actor, at, action, summary, details, before, after FROM cur.events",
    ] {
        sqlx::query(sql).execute(&mut *conn).await.unwrap();
    }
    drop(conn);
    pool.close().await;
}

#[tokio::test]
async fn personal_numbers_are_masked_everywhere_until_a_reason_is_given_and_recorded() {
    let dir = TempDir::new().unwrap();
    let desk = staffed(&dir.path().join("o.sqlite")).await;
    common::sign_in(&desk, "limin").await;
    let registered = desk
        .register(common::letter("反映工资拖欠问题"))
        .await
        .unwrap();
    let no = registered.case_no.clone();
    let shown = |c: &xinfang::domain::case::Case| {
        (
            c.petitioners[0].id_number.clone().unwrap(),
            c.petitioners[0].phone.clone().unwrap(),
        )
    };
    let masked = ("110105********002X".to_string(), "138****0000".to_string());
    assert_eq!(shown(&registered), masked, "what register returns");
    assert_eq!(shown(&desk.case(&no).await.unwrap()), masked);
    let detail = desk.case_detail(&no).await.unwrap();
    assert_eq!(shown(&detail.case), masked);
    assert!(!detail.unmasked);
    // The registration in the timeline holds the numbers as typed: masked there too.
    let typed = detail.timeline[0].details.to_string();
    assert!(
        !typed.contains("11010519491231002X") && !typed.contains("13800000000"),
        "{typed}"
    );
    let listed = desk.list_cases(&Default::default()).await.unwrap();
    assert_eq!(
        listed.items[0].summary.first_id_masked.as_deref(),
        Some("110105********002X")
    );

    // A reason is required, and an auditor without the grant may not look.
    let err = desk.case_unmasked(&no, " ").await.unwrap_err();
    assert!(
        matches!(err, Error::Invalid { ref field, .. } if field == "reason"),
        "{err:?}"
    );
    let full = desk.case_unmasked(&no, "核对来访人身份").await.unwrap();
    assert!(full.unmasked);
    assert_eq!(
        shown(&full.case),
        ("11010519491231002X".to_string(), "13800000000".to_string())
    );
    assert!(full.timeline[0]
        .details
        .to_string()
        .contains("11010519491231002X"));
    common::sign_in(&desk, "liufang").await;
    let err = desk.case_unmasked(&no, "抽查").await.unwrap_err();
    assert_eq!(err.to_string(), "您的角色“审计”无权查看完整身份证号和电话");
    // Granted by the administrator, the auditor may, and each look is on the record.
    common::sign_in(&desk, "admin").await;
    let mut auditor = account(&desk, "liufang").await;
    auditor.may_unmask = true;
    desk.update_account(auditor).await.unwrap();
    common::sign_in(&desk, "liufang").await;
    desk.case_unmasked(&no, "年度抽查").await.unwrap();
    let record = desk.case_detail(&no).await.unwrap().disclosures;
    let who: Vec<(&str, &str)> = record
        .iter()
        .map(|d| (d.account.as_str(), d.reason.as_str()))
        .collect();
    assert_eq!(who, [("liufang", "年度抽查"), ("limin", "核对来访人身份")]);
    let tampered = sqlx::query("DELETE FROM disclosures")
        .execute(&desk.db().pool)
        .await;
    assert!(
        tampered.is_err(),
        "the record of disclosures is append-only"
    );
}
