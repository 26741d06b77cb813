//! Documents that drive the workflow, on a real office database: each notice a step requires
//! is owed (待出具) by its date on the case and in the due list, issuing it meets that date, and
//! a written reply serves the 信访处理意见书 (issued with the reply when it was not yet).

mod common;

use std::collections::BTreeMap;

use chrono::Duration;
use tempfile::TempDir;
use xinfang::domain::case::{Decision, Status};
use xinfang::domain::document::DocumentKind;
use xinfang::domain::period::DeadlineKind;
use xinfang::domain::workflow::Action;
use xinfang::Desk;

async fn owed(desk: &Desk, case_no: &str) -> Vec<(DocumentKind, DeadlineKind, chrono::NaiveDate)> {
    desk.case_detail(case_no)
        .await
        .unwrap()
        .owed_documents
        .into_iter()
        .map(|o| (o.kind, o.deadline, o.due_on))
        .collect()
}

fn pdf_text(path: &str) -> String {
    common::pdf::tool("pdftotext", &[path, "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_step_owes_its_notice_by_a_date_and_a_written_reply_serves_the_handling_opinion() {
    let dir = TempDir::new().unwrap();
    let clock = xinfang::Clock::fixed(common::now());
    let desk = common::office_desk_on(&dir.path().join("office.sqlite"), clock.clone()).await;
    let case_no = desk
        .register(common::letter("反映小区电梯长期停运问题"))
        .await
        .unwrap()
        .case_no;
    let accept = Action::Accept {
        date: None,
        authority: None,
    };
    let accepted = desk.act(&case_no, accept).await.unwrap();
    let notice = accepted.open_deadline(DeadlineKind::Notice).unwrap().due_on;
    let handling = accepted
        .open_deadline(DeadlineKind::Handling)
        .unwrap()
        .due_on;
    assert_eq!(
        owed(&desk, &case_no).await,
        vec![(DocumentKind::AcceptanceNotice, DeadlineKind::Notice, notice)]
    );
    desk.issue_document(&case_no, DocumentKind::AcceptanceNotice, &BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(owed(&desk, &case_no).await, vec![]);

    // Extended: the reason is owed by the period first set, not the extended one.
    let extend = Action::Extend {
        date: None,
        days: 30,
        reason: "需进一步调查核实".into(),
        approver: "局长 郑国华".into(),
    };
    let extended = desk.act(&case_no, extend).await.unwrap();
    let extended_due = extended
        .open_deadline(DeadlineKind::Handling)
        .unwrap()
        .due_on;
    assert!(extended_due > handling);
    assert_eq!(
        owed(&desk, &case_no).await,
        vec![(
            DocumentKind::ExtensionNotice,
            DeadlineKind::ExtensionNotice,
            handling
        )]
    );
    // On its last day it is in the due list, by its own label; issued, it is met that day.
    clock.set(common::now() + Duration::days((handling - common::today()).num_days()));
    let due = desk.due(desk.today(), 200).await.unwrap();
    let item = due
        .items
        .iter()
        .find(|i| i.case_no == case_no && i.kind == DeadlineKind::ExtensionNotice)
        .expect("the extension notice is in the due list");
    assert_eq!(
        (item.label.as_str(), item.due_on),
        ("延期告知期限", handling)
    );
    desk.issue_document(&case_no, DocumentKind::ExtensionNotice, &BTreeMap::new())
        .await
        .unwrap();
    let case = desk.case(&case_no).await.unwrap();
    let told = case
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::ExtensionNotice)
        .unwrap();
    assert_eq!(told.met_on, Some(handling));

    // Concluded: the 信访处理意见书 is owed within the extended handling period.
    let conclude = Action::Conclude {
        date: None,
        decision: Decision::Support,
        facts: "经现场核查，该小区电梯确因维保合同到期而停运".into(),
        reasons: "物业服务企业应当履行电梯维护保养义务。".into(),
        legal_basis: "《特种设备安全法》第三十九条".into(),
    };
    desk.act(&case_no, conclude).await.unwrap();
    assert_eq!(
        owed(&desk, &case_no).await,
        vec![(
            DocumentKind::HandlingOpinion,
            DeadlineKind::HandlingOpinion,
            extended_due
        )]
    );

    // The written reply serves it: issued in the same step, numbered, met on the reply's day.
    let reply = Action::Reply {
        date: None,
        received_on: None,
        method: Some("邮寄送达".into()),
    };
    let replied = desk.act(&case_no, reply).await.unwrap();
    assert_eq!(replied.status, Status::Replied);
    let met = replied
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::HandlingOpinion)
        .unwrap()
        .met_on;
    assert_eq!(met, Some(desk.today()));
    assert!(replied.open_deadline(DeadlineKind::ReviewRequest).is_some());
    let docs = desk.list_documents(&case_no).await.unwrap();
    let opinion = docs
        .iter()
        .find(|d| d.kind == DocumentKind::HandlingOpinion)
        .expect("the reply issued the handling opinion");
    assert!(opinion.doc_no.ends_with('号'), "{}", opinion.doc_no);
    let (_, path) = desk.document(&opinion.doc_no).await.unwrap();
    let text = pdf_text(path.to_str().unwrap());
    assert!(text.contains("维保合同到期而停运"), "{text}");
    assert_eq!(owed(&desk, &case_no).await, vec![]);
    let timeline = desk.case_detail(&case_no).await.unwrap().timeline;
    let last: Vec<&str> = timeline
        .iter()
        .rev()
        .take(2)
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(last, vec!["issue_document", "reply"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reply_after_the_opinion_was_issued_issues_nothing_more() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let case_no = common::accepted(&desk, "反映道路破损问题").await;
    let conclude = Action::Conclude {
        date: None,
        decision: Decision::Explain,
        facts: "该路段已列入年度维修计划".into(),
        reasons: "维修资金已落实。".into(),
        legal_basis: "《公路法》第三十五条".into(),
    };
    desk.act(&case_no, conclude).await.unwrap();
    // The opinion also meets the Art. 23 notice it made moot: one document owed, not two.
    assert_eq!(owed(&desk, &case_no).await.len(), 1);
    desk.issue_document(&case_no, DocumentKind::HandlingOpinion, &BTreeMap::new())
        .await
        .unwrap();
    let case = desk.case(&case_no).await.unwrap();
    assert!(case.open_deadline(DeadlineKind::Notice).is_none());
    let reply = Action::Reply {
        date: None,
        received_on: None,
        method: None,
    };
    desk.act(&case_no, reply).await.unwrap();
    let docs = desk.list_documents(&case_no).await.unwrap();
    assert_eq!(
        docs.iter()
            .filter(|d| d.kind == DocumentKind::HandlingOpinion)
            .count(),
        1
    );
}
