//! The review chain on a real office database, through the desk: the review organ from the
//! authority directory, 维持/变更/撤销, a revocation that re-routes the matter to the competent
//! organ, a re-review hearing that moves the period, and a claim ended by mediation
//! (Arts. 32, 33, 35, 36).

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use chrono::Duration;
use tempfile::TempDir;
use xinfang::domain::case::{Authority, AuthorityKind, Decision, Disposal, OpinionLevel, Status};
use xinfang::domain::document::DocumentKind;
use xinfang::domain::period::DeadlineKind;
use xinfang::domain::workflow::Action;
use xinfang::{Desk, Error};

const HOUSING: &str = "揭阳市榕城区住房和城乡建设局";
const LABOUR: &str = "揭阳市榕城区人力资源和社会保障局";
const DISTRICT: &str = "揭阳市榕城区人民政府";
const CITY: &str = "揭阳市人民政府";

fn organ(name: &str) -> Authority {
    Authority {
        name: name.into(),
        kind: AuthorityKind::Administrative,
    }
}

fn conclude(decision: Decision) -> Action {
    Action::Conclude {
        date: None,
        decision,
        facts: "经调查，施工单位确有拖欠工资情况".into(),
        reasons: "用人单位应当按时足额支付劳动报酬。".into(),
        legal_basis: "《保障农民工工资支付条例》第十五条".into(),
    }
}

fn review(
    decision: Decision,
    authority: Option<Authority>,
    due_on: Option<chrono::NaiveDate>,
) -> Action {
    Action::ConcludeReview {
        date: None,
        decision,
        facts: "经复查，原办理机关对该事项无处理职权".into(),
        reasons: "拖欠工资属于劳动保障监察职责，应由人力资源和社会保障部门依法处理。".into(),
        legal_basis: "《信访工作条例》第三十五条".into(),
        received_on: None,
        authority,
        due_on,
    }
}

fn reply() -> Action {
    Action::Reply {
        date: None,
        received_on: None,
        method: None,
    }
}

fn request_review(organ: &str) -> Action {
    Action::RequestReview {
        date: None,
        organ: organ.into(),
        grounds: "不服处理意见".into(),
    }
}

fn pdf_text(path: &str) -> String {
    common::pdf::tool("pdftotext", &[path, "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

async fn issue(desk: &Desk, case_no: &str, kind: DocumentKind) -> (String, String) {
    let r = desk
        .issue_document(case_no, kind, &BTreeMap::new())
        .await
        .unwrap();
    assert!(Path::new(&r.path).exists());
    (r.doc_no, pdf_text(&r.path))
}

/// A letter about unpaid wages, accepted for the housing bureau to handle.
async fn accepted_letter(desk: &Desk) -> String {
    let case_no = desk
        .register(common::letter("反映工地拖欠农民工工资问题"))
        .await
        .unwrap()
        .case_no;
    let accept = Action::Accept {
        date: None,
        authority: Some(organ(HOUSING)),
    };
    desk.act(&case_no, accept).await.unwrap();
    case_no
}

/// The Chinese reason of a refused field.
fn invalid(e: Error) -> String {
    match e {
        Error::Invalid { reason, .. } => reason,
        other => panic!("expected an invalid field: {other}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_revoked_opinion_goes_to_the_competent_organ_and_a_re_review_hearing_moves_the_period() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let mut new = common::letter("反映工地拖欠农民工工资问题");
    new.content = "张三反映某工地拖欠其工资四万元，要求责令支付。".into();
    let case_no = desk.register(new).await.unwrap().case_no;
    let accept = Action::Accept {
        date: None,
        authority: Some(organ(HOUSING)),
    };
    desk.act(&case_no, accept).await.unwrap();
    desk.act(&case_no, conclude(Decision::Reject))
        .await
        .unwrap();
    // The handling opinion names the organ one level up, from the directory (Art. 35).
    let (first_no, text) = issue(&desk, &case_no, DocumentKind::HandlingOpinion).await;
    assert!(text.contains(&format!("向{DISTRICT}请求复查")), "{text}");
    desk.act(&case_no, reply()).await.unwrap();

    // The organ that handled it cannot review its own opinion.
    let why = invalid(
        desk.act(&case_no, request_review(HOUSING))
            .await
            .unwrap_err(),
    );
    assert!(why.contains("第三十五条"), "{why}");
    desk.act(&case_no, request_review(DISTRICT)).await.unwrap();

    // A review decides on the opinion below, not on the request.
    let why = invalid(
        desk.act(&case_no, review(Decision::Support, None, None))
            .await
            .unwrap_err(),
    );
    assert!(why.contains("维持、变更、撤销"), "{why}");

    // 撤销: back to the competent organ, by the date the review organ set.
    let due = desk.today() + Duration::days(30);
    let case = desk
        .act(
            &case_no,
            review(Decision::Revoke, Some(organ(LABOUR)), Some(due)),
        )
        .await
        .unwrap();
    assert_eq!(case.status, Status::Accepted);
    match &case.progress.disposal {
        Some(Disposal::Accepted { authority, .. }) => {
            assert_eq!(authority.as_ref().map(|a| a.name.as_str()), Some(LABOUR));
        }
        other => panic!("{other:?}"),
    }
    let handling = case.open_deadline(DeadlineKind::Handling).unwrap();
    assert_eq!(handling.due_on, due);
    assert!(
        handling.explanation.contains(DISTRICT),
        "{}",
        handling.explanation
    );
    let rev = &case.progress.revoked[0];
    assert_eq!(rev.level, OpinionLevel::Handling);
    assert_eq!(rev.by.as_deref(), Some(DISTRICT));
    // The review opinion says what it decided.
    let (_, text) = issue(&desk, &case_no, DocumentKind::ReviewOpinion).await;
    assert!(text.contains("本机关决定撤销原处理意见"), "{text}");

    // The competent organ's new opinion gets its own document; the revoked one keeps its
    // number and stays valid as a record (revoked is not voided).
    desk.act(&case_no, conclude(Decision::Support))
        .await
        .unwrap();
    let (second_no, text) = issue(&desk, &case_no, DocumentKind::HandlingOpinion).await;
    assert_ne!(second_no, first_no);
    assert!(text.contains("予以支持"), "{text}");
    let docs = desk.list_documents(&case_no).await.unwrap();
    let opinions: Vec<_> = docs
        .iter()
        .filter(|d| d.kind == DocumentKind::HandlingOpinion)
        .collect();
    assert_eq!(opinions.len(), 2);
    assert!(opinions.iter().all(|d| !d.is_voided()));

    // Review upheld, then re-review with a hearing: its day is not counted (Art. 36).
    desk.act(&case_no, reply()).await.unwrap();
    desk.act(&case_no, request_review(DISTRICT)).await.unwrap();
    desk.act(&case_no, review(Decision::Uphold, None, None))
        .await
        .unwrap();
    let case = desk
        .act(
            &case_no,
            Action::RequestReReview {
                date: None,
                organ: CITY.into(),
                grounds: "不服复查意见".into(),
            },
        )
        .await
        .unwrap();
    let before = case.open_deadline(DeadlineKind::ReReview).unwrap().clone();
    let today = desk.today();
    let hearing = Action::Hearing {
        date: None,
        held_from: today,
        held_to: today,
        participants: "信访人张三、复查机关代表、听证员三人".into(),
        outcome: "听证员一致认为复查意见认定事实清楚".into(),
    };
    let case = desk.act(&case_no, hearing).await.unwrap();
    let after = case.open_deadline(DeadlineKind::ReReview).unwrap();
    let cal = &desk.policy().calendar;
    let moved = before.due_on + Duration::days(1);
    let expected = if cal.is_working_day(moved) {
        moved
    } else {
        cal.roll_forward(moved).0
    };
    assert_eq!(after.due_on, expected);
    assert!(
        after.explanation.contains("听证1日不计入期限"),
        "{}",
        after.explanation
    );
    let timeline = desk.case_detail(&case_no).await.unwrap().timeline;
    assert!(
        timeline.iter().any(|e| e.summary.contains("听证1日")),
        "{timeline:?}"
    );
    let done = Action::ConcludeReReview {
        date: None,
        decision: Decision::Uphold,
        facts: "经复核，复查意见认定事实清楚".into(),
        reasons: "复查意见正确。".into(),
        legal_basis: "《信访工作条例》第三十六条".into(),
        authority: None,
        due_on: None,
    };
    assert_eq!(
        desk.act(&case_no, done).await.unwrap().status,
        Status::Terminated
    );
    let (_, text) = issue(&desk, &case_no, DocumentKind::ReReviewOpinion).await;
    assert!(text.contains("本机关决定维持复查意见"), "{text}");
    assert!(text.contains(&format!("向{CITY}请求复核")), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_repeat_after_the_review_window_lapsed_is_refused_on_that_basis_not_on_a_re_review() {
    let dir = TempDir::new().unwrap();
    let clock = xinfang::Clock::fixed(common::now());
    let desk = common::office_desk_on(&dir.path().join("office.sqlite"), clock.clone()).await;
    let case_no = accepted_letter(&desk).await;
    desk.act(&case_no, conclude(Decision::Reject))
        .await
        .unwrap();
    issue(&desk, &case_no, DocumentKind::HandlingOpinion).await;
    let replied = desk.act(&case_no, reply()).await.unwrap();
    let window = replied
        .open_deadline(DeadlineKind::ReviewRequest)
        .unwrap()
        .due_on;

    let repeat = || {
        let mut again = common::letter("再次反映工地拖欠农民工工资问题");
        again.repeat_of = Some(case_no.clone());
        again
    };
    let refuse = || Action::RefuseRepeat {
        date: None,
        reason: "你反映的问题已于此前作出处理意见".into(),
        earlier_case_no: None,
    };
    let move_to = |day: chrono::NaiveDate| clock.set(common::now() + (day - common::today()));
    // On the window's last day the opinion is not final yet: review is the way (Art. 35).
    move_to(window);
    let early = desk.register(repeat()).await.unwrap().case_no;
    assert!(desk.act(&early, refuse()).await.is_err());

    move_to(window + Duration::days(1));
    let late = desk.register(repeat()).await.unwrap().case_no;
    let refused = desk.act(&late, refuse()).await.unwrap();
    assert_eq!(refused.status, Status::RefusedRepeat);
    let (_, text) = issue(&desk, &late, DocumentKind::NoFurtherAcceptanceNotice).await;
    for want in [
        case_no.as_str(),
        "未在收到书面答复之日起30日内请求复查",
        "原处理意见已经生效",
        "第三十五条、第三十六条",
    ] {
        assert!(text.contains(want), "“{want}” not in {text}");
    }
    assert!(!text.contains("对复核意见不服"), "{text}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_mediated_agreement_ends_the_claim_on_record_with_no_review_to_ask_for() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let case_no = accepted_letter(&desk).await;
    // As the CLI and the window send it: JSON, checked by field.
    let raw = r#"{"action":"settle","mode":"mediation","parties":"信访人张三、某建筑公司","agreement":"某建筑公司于2026年12月20日前支付拖欠工资四万元"}"#;
    let settle: Action = xinfang::domain::input::parse(raw).unwrap();
    let blank: Action = xinfang::domain::input::parse(
        r#"{"action":"settle","mode":"reconciliation","parties":"张三","agreement":" "}"#,
    )
    .unwrap();
    let e = desk.act(&case_no, blank).await.unwrap_err();
    assert!(
        e.is_bad_input() && e.to_string().contains("协议内容"),
        "{e}"
    );
    let case = desk.act(&case_no, settle).await.unwrap();
    assert_eq!(case.status, Status::Concluded);

    desk.act(&case_no, reply()).await.unwrap();
    let detail = desk.case_detail(&case_no).await.unwrap();
    let s = detail.case.progress.settlement.as_ref().unwrap();
    assert!(s.agreement.contains("四万元") && s.parties.contains("某建筑公司"));
    assert!(detail
        .timeline
        .iter()
        .any(|e| e.summary.contains("经调解达成协议") && e.summary.contains("第三十三条")));
    assert!(detail
        .case
        .open_deadline(DeadlineKind::ReviewRequest)
        .is_none());
    assert!(!detail
        .allowed_actions
        .contains(&xinfang::domain::workflow::ActionKind::RequestReview));
    let e = desk
        .act(&case_no, request_review(DISTRICT))
        .await
        .unwrap_err();
    assert!(e.to_string().contains("第三十三条"), "{e}");
    // Reopened, the database holds the agreement as it was recorded.
    desk.close().await;
    let again = common::office_desk(&dir.path().join("office.sqlite")).await;
    let stored = again.case_detail(&case_no).await.unwrap().case;
    assert_eq!(stored.progress.settlement, detail.case.progress.settlement);
}
