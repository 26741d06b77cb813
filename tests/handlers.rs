//! 分派承办人 on a real office database: a section head gives a case to a handler, who may then
//! handle it (and only then); the choice is checked, recorded on the timeline, and the case list
//! finds cases by handler, matter type and litigation.

mod common;

use tempfile::TempDir;
use xinfang::desk::CaseQuery;
use xinfang::domain::account::{NewAccount, Role};
use xinfang::domain::workflow::Action;
use xinfang::{Desk, Error};

/// Adds an account as the administrator, then signs back in as [`common::USER`].
async fn add(desk: &Desk, name: &str, display: &str, role: Role) {
    common::sign_in(desk, "admin").await;
    desk.create_account(NewAccount {
        name: name.into(),
        display_name: display.into(),
        role,
        password: common::PASSWORD.into(),
        may_unmask: false,
    })
    .await
    .unwrap();
    common::sign_in(desk, common::USER).await;
}

/// The accounts of the demo office besides its director.
async fn staff(desk: &Desk) {
    add(desk, "chenzq", "陈志强", Role::Handler).await;
    add(desk, "huanglj", "黄丽娟", Role::Handler).await;
    add(desk, "wangjg", "王建国", Role::SectionHead).await;
    add(desk, "limin", "李敏", Role::Registrar).await;
}

fn accept() -> Action {
    Action::Accept {
        date: None,
        authority: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_given_to_a_handler_is_theirs_to_handle_and_the_timeline_says_so() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    staff(&desk).await;
    let names: Vec<String> = desk
        .handlers()
        .await
        .unwrap()
        .into_iter()
        .map(|a| a.name)
        .collect();
    // Handlers, the section head and the director; not the registrar or the administrator.
    assert_eq!(names.len(), 4, "{names:?}");
    for name in ["chenzq", "huanglj", "wangjg", "zhangwd"] {
        assert!(names.contains(&name.to_string()), "{name}: {names:?}");
    }

    common::sign_in(&desk, "limin").await;
    let case_no = desk
        .register(common::letter("反映小区停水问题"))
        .await
        .unwrap()
        .case_no;
    let refused = desk.assign_handler(&case_no, Some("chenzq")).await;
    assert!(
        matches!(refused, Err(Error::NotPermitted { .. })),
        "{refused:?}"
    );

    // Before it is given to anyone, a handler may not take its steps.
    common::sign_in(&desk, "chenzq").await;
    let not_yet = desk.act(&case_no, accept()).await;
    assert!(matches!(not_yet, Err(Error::NotAssigned(_))), "{not_yet:?}");

    common::sign_in(&desk, "wangjg").await;
    for (who, why) in [("nobody", "没有账号"), ("limin", "不能承办信访件")] {
        let bad = desk.assign_handler(&case_no, Some(who)).await;
        assert!(
            matches!(&bad, Err(Error::Invalid { reason, .. }) if reason.contains(why)),
            "{who}: {bad:?}"
        );
    }
    let given = desk.assign_handler(&case_no, Some("chenzq")).await.unwrap();
    assert_eq!(given.handler.as_deref(), Some("chenzq"));

    common::sign_in(&desk, "huanglj").await;
    let other = desk.act(&case_no, accept()).await;
    assert!(matches!(other, Err(Error::NotAssigned(_))), "{other:?}");
    common::sign_in(&desk, "chenzq").await;
    desk.act(&case_no, accept()).await.unwrap();

    common::sign_in(&desk, "wangjg").await;
    desk.assign_handler(&case_no, Some("huanglj"))
        .await
        .unwrap();
    let detail = desk.case_detail(&case_no).await.unwrap();
    let summaries: Vec<&str> = detail
        .timeline
        .iter()
        .filter(|e| e.action == "assign_handler")
        .map(|e| e.summary.as_str())
        .collect();
    assert_eq!(
        summaries,
        ["分派承办人：陈志强", "承办人由陈志强改为黄丽娟"]
    );
    // The same choice again changes nothing and records nothing.
    let version = detail.case.version;
    desk.assign_handler(&case_no, Some("huanglj"))
        .await
        .unwrap();
    assert_eq!(
        desk.case_detail(&case_no).await.unwrap().case.version,
        version
    );

    desk.assign_handler(&case_no, None).await.unwrap();
    let taken_back = desk.case_detail(&case_no).await.unwrap();
    assert_eq!(taken_back.case.handler, None);
    assert_eq!(
        taken_back.timeline.last().unwrap().summary,
        "收回分派（原承办人：黄丽娟）"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_names_only_a_handler_that_exists() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    staff(&desk).await;
    let mut letter = common::letter("反映小区停水问题");
    letter.handler = Some("chenzq2".into());
    let refused = desk.register(letter.clone()).await;
    assert!(
        matches!(&refused, Err(Error::Invalid { field, .. }) if field == "handler"),
        "{refused:?}"
    );
    letter.handler = Some("chenzq".into());
    let case = desk.register(letter).await.unwrap();
    assert_eq!(case.handler.as_deref(), Some("chenzq"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_list_filters_by_handler_matter_type_and_litigation() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    staff(&desk).await;
    let mut given = common::letter("反映工资拖欠问题");
    given.handler = Some("chenzq".into());
    given.matter_type = "劳动社保".into();
    let given = desk.register(given).await.unwrap().case_no;
    let mut court = common::letter("不服法院判决");
    court.litigation_related = true;
    let court = desk.register(court).await.unwrap().case_no;
    let plain = desk
        .register(common::letter("反映道路破损问题"))
        .await
        .unwrap()
        .case_no;
    let find = |q: CaseQuery| {
        let desk = &desk;
        async move {
            let mut got: Vec<String> = desk
                .list_cases(&q)
                .await
                .unwrap()
                .items
                .into_iter()
                .map(|r| r.summary.case_no)
                .collect();
            got.sort();
            got
        }
    };
    let sorted = |mut v: Vec<String>| {
        v.sort();
        v
    };
    let q = |f: fn(&mut CaseQuery)| {
        let mut q = CaseQuery::default();
        f(&mut q);
        q
    };
    assert_eq!(
        find(q(|q| q.handler = Some("chenzq".into()))).await,
        vec![given.clone()]
    );
    assert_eq!(
        find(q(|q| q.handler = Some(String::new()))).await,
        sorted(vec![court.clone(), plain.clone()])
    );
    assert_eq!(
        find(q(|q| q.matter_type = Some("劳动社保".into()))).await,
        vec![given.clone()]
    );
    assert_eq!(
        find(q(|q| q.litigation_related = Some(true))).await,
        vec![court.clone()]
    );
    assert_eq!(
        find(q(|q| q.litigation_related = Some(false))).await,
        sorted(vec![given, plain])
    );
}
