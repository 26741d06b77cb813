//! 督查督办 on a real office database: a handling period run out is suggested, confirmed into a
//! numbered 督办函 naming the reply date (read back with pdftotext), escalated to a 催办函 when
//! the organ does not respond, and ended by the organ's response; a dismissal is kept.

mod common;

use chrono::Duration;
use common::cn;
use common::pdf::tool;
use xinfang::desk::SupervisionState;
use xinfang::domain::account::{NewAccount, Role};
use xinfang::domain::clock::Clock;
use xinfang::domain::document::DocumentKind;
use xinfang::domain::period::DeadlineKind;
use xinfang::domain::supervision::{SupervisionSettings, SupervisionTrigger as T};
use xinfang::domain::workflow::Action;
use xinfang::Error;

/// The PDF's text without the spaces and line breaks of its layout.
async fn letter_text(desk: &xinfang::Desk, doc_no: &str) -> String {
    let pdf = desk.document_pdf(doc_no).await.unwrap();
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), pdf).unwrap();
    tool("pdftotext", &[file.path().to_str().unwrap(), "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_overdue_case_is_supervised_escalated_and_answered() {
    let dir = tempfile::tempdir().unwrap();
    let clock = Clock::fixed(common::now());
    let desk = common::office_desk_on(&dir.path().join("office.sqlite"), clock.clone()).await;
    let case_no = common::accepted(&desk, "工地拖欠工资").await;
    let handling_due = desk
        .case(&case_no)
        .await
        .unwrap()
        .open_deadline(DeadlineKind::Handling)
        .unwrap()
        .due_on;
    assert!(
        desk.supervision_suggestions().await.unwrap().is_empty(),
        "nothing due yet"
    );

    clock.set(common::now() + Duration::days((handling_due - common::today()).num_days() + 1));
    let today = handling_due + Duration::days(1);
    let found = desk.supervision_suggestions().await.unwrap();
    let triggers: Vec<T> = found.iter().map(|s| s.trigger).collect();
    assert!(
        triggers.contains(&T::HandlingOverdue) && triggers.contains(&T::NoticeOverdue),
        "{found:?}"
    );
    let notice = found
        .iter()
        .find(|s| s.trigger == T::NoticeOverdue)
        .unwrap();
    match desk
        .dismiss_suggestion(&case_no, T::NoticeOverdue, &notice.basis, " ")
        .await
    {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "reason"),
        other => panic!("a dismissal needs its reason: {other:?}"),
    }
    desk.dismiss_suggestion(
        &case_no,
        T::NoticeOverdue,
        &notice.basis,
        "已电话告知信访人",
    )
    .await
    .unwrap();
    let left = desk.supervision_suggestions().await.unwrap();
    assert_eq!(
        left.iter().map(|s| s.trigger).collect::<Vec<_>>(),
        vec![T::HandlingOverdue]
    );

    // A handler may not supervise.
    common::sign_in(&desk, "admin").await;
    desk.create_account(NewAccount {
        name: "chenzq".into(),
        display_name: "陈志强".into(),
        role: Role::Handler,
        password: common::PASSWORD.into(),
        may_unmask: false,
    })
    .await
    .unwrap();
    common::sign_in(&desk, "chenzq").await;
    let refused = desk
        .confirm_suggestion(&case_no, T::HandlingOverdue, &left[0].basis, None, None)
        .await;
    assert!(
        matches!(refused, Err(Error::NotPermitted { .. })),
        "{refused:?}"
    );
    common::sign_in(&desk, common::USER).await;

    let case = desk
        .confirm_suggestion(
            &case_no,
            T::HandlingOverdue,
            &left[0].basis,
            None,
            Some("榕城区人力资源和社会保障局".into()),
        )
        .await
        .unwrap();
    let first_step = &SupervisionSettings::default().steps[0];
    let reply_by = SupervisionSettings::reply_by(
        first_step,
        today,
        &xinfang::domain::calendar::Calendar::shipped(),
    );
    let s = &case.progress.supervisions[0];
    assert_eq!(
        (s.step.as_str(), s.reply_by, s.trigger),
        ("督办", Some(reply_by), Some(T::HandlingOverdue))
    );
    assert_eq!(
        case.open_deadline(DeadlineKind::SupervisionReply)
            .unwrap()
            .due_on,
        reply_by
    );
    assert!(
        desk.supervision_suggestions().await.unwrap().is_empty(),
        "confirmed and dismissed"
    );
    let docs = desk.list_documents(&case_no).await.unwrap();
    let letter = docs
        .iter()
        .find(|d| d.kind == DocumentKind::SupervisionLetter)
        .unwrap();
    let text = letter_text(&desk, &letter.doc_no).await;
    assert!(text.contains("关于督办"), "{text}");
    assert!(text.contains("榕城区人力资源和社会保障局"), "{text}");
    assert!(
        text.contains(&format!("于{}前将办理情况书面报送本机关", cn(reply_by))),
        "{text}"
    );

    // No response by the date: the due list shows it, and the next step is suggested.
    clock.set(common::now() + Duration::days((reply_by - common::today()).num_days() + 1));
    let due = desk.due(reply_by + Duration::days(1), 50).await.unwrap();
    assert!(
        due.items
            .iter()
            .any(|i| i.case_no == case_no && i.kind == DeadlineKind::SupervisionReply),
        "{:?}",
        due.items
    );
    let rows = desk.supervisions().await.unwrap();
    assert_eq!(rows[0].state, SupervisionState::Overdue);
    let late = desk.supervision_suggestions().await.unwrap();
    let urge = late
        .iter()
        .find(|s| s.trigger == T::ResponseOverdue)
        .unwrap();
    assert_eq!(urge.step, "催办");
    let case = desk
        .confirm_suggestion(
            &case_no,
            T::ResponseOverdue,
            &urge.basis,
            Some("请于期限内报送办理情况".into()),
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        case.progress.supervisions[1].authority.as_deref(),
        Some("榕城区人力资源和社会保障局")
    );
    let docs = desk.list_documents(&case_no).await.unwrap();
    let letters: Vec<_> = docs
        .iter()
        .filter(|d| d.kind == DocumentKind::SupervisionLetter)
        .collect();
    assert_eq!(letters.len(), 2);
    assert_ne!(letters[0].doc_no, letters[1].doc_no);
    let urging = letters.iter().find(|d| d.doc_no != letter.doc_no).unwrap();
    let text = letter_text(&desk, &urging.doc_no).await;
    assert!(text.contains("关于催办"), "{text}");
    assert!(
        text.contains(&format!(
            "本机关已于{}督办，你单位至今未报送办理情况。",
            cn(today)
        )),
        "{text}"
    );

    let answered = desk
        .act(
            &case_no,
            Action::RespondSupervision {
                date: None,
                response: "已约谈用工单位，工资已于本周发放".into(),
            },
        )
        .await
        .unwrap();
    assert!(answered
        .open_deadline(DeadlineKind::SupervisionReply)
        .is_none());
    let rows = desk.supervisions().await.unwrap();
    assert_eq!(rows.len(), 2);
    assert!(
        rows.iter().all(|r| r.state == SupervisionState::Answered),
        "{rows:?}"
    );
    let shown = desk.case_detail(&case_no).await.unwrap();
    assert!(
        shown
            .timeline
            .iter()
            .any(|e| e.summary.contains("回复督办")),
        "{:?}",
        shown
            .timeline
            .iter()
            .map(|e| &e.summary)
            .collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn the_office_sets_its_chain_and_a_chain_without_steps_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let mut settings = desk.supervision_settings().await.unwrap();
    assert_eq!(settings, SupervisionSettings::default());
    settings.steps.truncate(2);
    settings.triggers = vec![T::HandlingOverdue];
    assert!(matches!(
        desk.set_supervision_settings(settings.clone()).await,
        Err(Error::NotPermitted { .. })
    ));
    common::sign_in(&desk, "admin").await;
    desk.set_supervision_settings(settings.clone())
        .await
        .unwrap();
    assert_eq!(desk.supervision_settings().await.unwrap(), settings);
    let empty = SupervisionSettings {
        steps: vec![],
        ..settings
    };
    match desk.set_supervision_settings(empty).await {
        Err(Error::Invalid { field, .. }) => assert_eq!(field, "steps"),
        other => panic!("{other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_confirms_a_suggestion_lists_it_and_records_the_response() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("office.sqlite");
    // Accepted 73 days before the tests' day: its 60-day handling period has run out.
    let then = common::now() - Duration::days(73);
    let desk = common::office_desk_on(&db, Clock::fixed(then)).await;
    let case_no = common::accepted(&desk, "小区噪音扰民").await;
    drop(desk);

    let found = common::cli::xinfang(&db, &["supervise", "suggestions", "--json"])
        .ok()
        .json();
    let handling = found
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["case_no"] == case_no.as_str() && s["trigger"] == "handling_overdue")
        .unwrap_or_else(|| panic!("{found}"));
    let basis = handling["basis"].as_str().unwrap();
    let bad = common::cli::xinfang(
        &db,
        &[
            "supervise",
            "confirm",
            &case_no,
            "--trigger",
            "late",
            "--basis",
            basis,
        ],
    )
    .bad_input();
    assert!(bad.contains("未知的触发条件"), "{bad}");
    let said = common::cli::xinfang(
        &db,
        &[
            "supervise",
            "confirm",
            &case_no,
            "--trigger",
            "handling_overdue",
            "--basis",
            basis,
            "--authority",
            "榕城区生态环境局",
        ],
    )
    .ok()
    .stdout;
    assert!(said.contains("已督办榕城区生态环境局"), "{said}");

    let rows = common::cli::xinfang(&db, &["supervise", "list", "--json"])
        .ok()
        .json();
    assert_eq!(rows[0]["case_no"], case_no.as_str());
    assert_eq!(rows[0]["state"], "awaiting");
    assert_eq!(rows[0]["step"], "督办");
    common::cli::xinfang(
        &db,
        &["supervise", "respond", &case_no, "--response", "已责令整改"],
    )
    .ok();
    let rows = common::cli::xinfang(&db, &["supervise", "list", "--json"])
        .ok()
        .json();
    assert_eq!(rows[0]["state"], "answered");
    assert_eq!(rows[0]["response"]["content"], "已责令整改");
    let again = common::cli::xinfang(
        &db,
        &["supervise", "respond", &case_no, "--response", "再次"],
    )
    .bad_input();
    assert!(again.contains("没有待回复的督办"), "{again}");
}
