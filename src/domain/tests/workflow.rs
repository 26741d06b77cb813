//! Every workflow transition, allowed and forbidden, and the deadlines each action opens and
//! closes. Expected due dates are worked out by hand from the 2026 calendar.

use std::sync::OnceLock;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::authorities::Directory;
use crate::domain::calendar::Calendar;
use crate::domain::case::{
    Authority, AuthorityKind, Case, Channel, Decision, Disposal, Finality, Locality, NewCase,
    OpinionLevel, Petitioner, Purpose, Satisfaction, SettlementMode, Status, VisitInfo,
};
use crate::domain::channels::ChannelList;
use crate::domain::level_skip::{self, LevelSkip, LevelSkipKind, Visit};
use crate::domain::period::{assess, Basis, DeadlineKind, DeadlineState, RuleSet};
use crate::domain::registration;
use crate::domain::workflow::{
    self, allowed_actions, decide, Action, ActionKind, Context, Earlier, Outcome, WorkflowError,
};

pub(super) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

pub(super) fn calendar() -> &'static Calendar {
    static CAL: OnceLock<Calendar> = OnceLock::new();
    CAL.get_or_init(Calendar::shipped)
}

fn rules() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::default)
}

fn channels() -> &'static ChannelList {
    static LIST: OnceLock<ChannelList> = OnceLock::new();
    LIST.get_or_init(ChannelList::shipped)
}

/// A day after every date used below: actions carry their own dates.
const LATE: &str = "2026-12-31";

fn ctx(today: NaiveDate) -> Context<'static> {
    Context {
        today,
        rules: rules(),
        calendar: calendar(),
        earlier: None,
        channels: channels(),
        level_skip: None,
    }
}

/// 10:00 in the office on `date`.
fn morning(date: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(&format!("{date}T10:00:00+08:00"))
        .unwrap()
        .with_timezone(&Utc)
}

fn new_case(received: &str) -> NewCase {
    NewCase {
        channel: Channel::Letter,
        received_at: Some(morning(received)),
        petitioners: vec![Petitioner {
            name: "张三".into(),
            id_number: None,
            phone: Some("13800000000".into()),
            address: None,
            representative: false,
        }],
        visit: None,
        letter: None,
        title: "征地补偿款未足额发放".into(),
        content: "村民反映2025年征地补偿款未足额发放。".into(),
        locality: Locality {
            code: "445202".into(),
            name: "榕城区".into(),
        },
        matter_type: "land".into(),
        purpose: Purpose::Claim,
        litigation_related: false,
        authority: None,
        repeat_of: None,
        repeat_candidates: Vec::new(),
        feedback_due: None,
        handler: None,
    }
}

fn build(new: NewCase) -> Case {
    let now = new.received_at.unwrap() + Duration::hours(1);
    let new = registration::validate(new, now).expect("a valid registration");
    registration::build(
        new,
        Uuid::nil(),
        "445202",
        "445202-2026-000001".into(),
        now,
        rules(),
        calendar(),
    )
}

pub(super) fn registered(received: &str) -> Case {
    build(new_case(received))
}

fn admin() -> Authority {
    Authority {
        name: "榕城区自然资源局".into(),
        kind: AuthorityKind::Administrative,
    }
}

fn court() -> Authority {
    Authority {
        name: "榕城区人民法院".into(),
        kind: AuthorityKind::PoliticalLegal,
    }
}

/// The review opinion of `on`, received by the petitioner on `received`.
fn conclude_review(on: &str, received: &str) -> Action {
    match sample(ActionKind::ConcludeReview, d(on)) {
        Action::ConcludeReview {
            date,
            decision,
            facts,
            reasons,
            legal_basis,
            ..
        } => Action::ConcludeReview {
            date,
            decision,
            facts,
            reasons,
            legal_basis,
            received_on: Some(d(received)),
            authority: None,
            due_on: None,
        },
        _ => unreachable!(),
    }
}

/// The kinds a clerk submits as an `Action` (registration and the system's own recomputation
/// are recorded on the timeline but are not workflow actions).
fn clerk_kinds() -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|k| k.is_workflow())
        .collect()
}

/// A complete, valid action of `kind` dated `on`.
fn sample(kind: ActionKind, on: NaiveDate) -> Action {
    let date = Some(on);
    match kind {
        ActionKind::Register
        | ActionKind::RecomputeDeadlines
        | ActionKind::IssueDocument
        | ActionKind::VoidDocument
        | ActionKind::MergePetitioners
        | ActionKind::SplitCase
        | ActionKind::AssignHandler
        | ActionKind::Attach
        | ActionKind::WithdrawAttachment => {
            unreachable!("{kind:?} is not a workflow action")
        }
        ActionKind::Classify => Action::Classify {
            date,
            row_id: "other".into(),
            proposed: vec!["other".into()],
        },
        ActionKind::Accept => Action::Accept {
            date,
            authority: Some(admin()),
        },
        ActionKind::Decline => Action::Decline {
            date,
            reason: "属于民事纠纷，应通过诉讼解决".into(),
            article: "《信访工作条例》第三十一条".into(),
            statutory_channel: "民事诉讼".into(),
            authority: court(),
        },
        ActionKind::Forward => Action::Forward {
            date,
            authority: admin(),
            note: None,
        },
        ActionKind::SeparateLitigation => Action::SeparateLitigation {
            date,
            authority: court(),
            reason: String::new(),
            statutory_channel: "向人民法院申请再审".into(),
            lawyer_window: Some("区信访局律师接访窗口".into()),
            note: None,
        },
        ActionKind::DeclineLevelSkip => Action::DeclineLevelSkip {
            date,
            authority: None,
        },
        ActionKind::OrganReceipt => Action::OrganReceipt { date },
        ActionKind::OrganObjection => Action::OrganObjection {
            date,
            reason: "该事项不属于本单位职责范围".into(),
        },
        ActionKind::OrganAcceptance => Action::OrganAcceptance { date },
        ActionKind::Assign => Action::Assign {
            date,
            authority: admin(),
            feedback_due: on + Duration::days(20),
            note: None,
        },
        ActionKind::RefuseRepeat => Action::RefuseRepeat {
            date,
            reason: "同一事实和理由已三级终结".into(),
            earlier_case_no: None,
        },
        ActionKind::LinkRepeat => Action::LinkRepeat {
            date,
            earlier_case_no: "445202-2024-000077".into(),
        },
        ActionKind::Extend => Action::Extend {
            date,
            days: 30,
            reason: "案情复杂，需进一步调查".into(),
            approver: "李局长".into(),
        },
        ActionKind::Conclude => Action::Conclude {
            date,
            decision: Decision::Explain,
            facts: "经查，补偿款已按标准发放。".into(),
            reasons: "符合征收补偿方案。".into(),
            legal_basis: "《土地管理法》第四十八条".into(),
        },
        ActionKind::Reply => Action::Reply {
            date,
            received_on: Some(on),
            method: None,
        },
        ActionKind::RateSatisfaction => Action::RateSatisfaction {
            date,
            satisfaction: Satisfaction::BasicallySatisfied,
        },
        ActionKind::RequestReview => Action::RequestReview {
            date,
            organ: "揭阳市自然资源局".into(),
            grounds: "不服处理意见".into(),
        },
        ActionKind::ConcludeReview => Action::ConcludeReview {
            date,
            decision: Decision::Uphold,
            facts: "复查查明的事实".into(),
            reasons: "复查理由".into(),
            legal_basis: "《信访工作条例》第三十五条".into(),
            received_on: Some(on),
            authority: None,
            due_on: None,
        },
        ActionKind::RequestReReview => Action::RequestReReview {
            date,
            organ: "揭阳市人民政府".into(),
            grounds: "不服复查意见".into(),
        },
        ActionKind::ConcludeReReview => Action::ConcludeReReview {
            date,
            decision: Decision::Uphold,
            facts: "复核查明的事实".into(),
            reasons: "复核理由".into(),
            legal_basis: "《信访工作条例》第三十六条".into(),
            authority: None,
            due_on: None,
        },
        ActionKind::Settle => Action::Settle {
            date,
            mode: SettlementMode::Mediation,
            parties: "信访人王某、某某街道办事处".into(),
            agreement: "街道办事处于十日内补发补偿款差额，信访人不再就此事项信访".into(),
        },
        ActionKind::Hearing => Action::Hearing {
            date,
            held_from: on,
            held_to: on,
            participants: "信访人王某、原办理机关代表、听证员三人".into(),
            outcome: "听证员多数意见认为原意见事实清楚".into(),
        },
        ActionKind::Revoke => Action::Revoke {
            date,
            reason: "原处理意见认定事实不清".into(),
            by: None,
            authority: None,
            due_on: None,
        },
        ActionKind::Supervise => Action::Supervise {
            date,
            note: "请加快办理".into(),
            authority: Some("榕城区自然资源局".into()),
            step: None,
            reply_by: None,
            trigger: None,
            basis: None,
        },
        ActionKind::RespondSupervision => Action::RespondSupervision {
            date,
            response: "已约谈信访人并落实补偿".into(),
        },
    }
}

pub(super) fn run(case: &Case, action: &Action, today: &str) -> Result<Outcome, WorkflowError> {
    decide(case, action, &ctx_for(action.kind(), d(today)))
}

/// The context an action of `kind` is tried in: 不再受理 as for a repeat whose earlier matter
/// was re-reviewed (the only repeats it applies to), everything else for a new matter.
fn ctx_for(kind: ActionKind, today: NaiveDate) -> Context<'static> {
    let mut c = ctx(today);
    if kind == ActionKind::RefuseRepeat {
        c.earlier = Some(earlier(Status::Terminated));
    }
    if kind == ActionKind::DeclineLevelSkip {
        c.level_skip = Some(skipped_level());
    }
    c
}

pub(super) fn step(case: &Case, action: Action) -> Case {
    match run(case, &action, LATE) {
        Ok(o) => o.case,
        Err(e) => panic!("{:?} on {:?}: {e}", action.kind(), case.status),
    }
}

fn step_kind(case: &Case, kind: ActionKind, on: &str) -> Case {
    step(case, sample(kind, d(on)))
}

fn assert_forbidden(
    r: Result<Outcome, WorkflowError>,
    status: Status,
    action: ActionKind,
) -> String {
    match r {
        Err(WorkflowError::Forbidden {
            status: s,
            action: a,
            reason,
        }) => {
            assert_eq!((s, a), (status, action), "{reason}");
            let e = WorkflowError::Forbidden {
                status: s,
                action: a,
                reason: reason.clone(),
            };
            let text = e.to_string();
            assert!(
                text.contains(status.label()) && text.contains(action.label()),
                "{text}"
            );
            reason
        }
        other => panic!("expected Forbidden({status:?}, {action:?}), got {other:?}"),
    }
}

fn assert_invalid(r: Result<Outcome, WorkflowError>, field: &str) -> String {
    match r {
        Err(WorkflowError::Invalid { field: f, reason }) => {
            assert_eq!(f, field, "{reason}");
            reason
        }
        other => panic!("expected Invalid({field}), got {other:?}"),
    }
}

fn open_kinds(case: &Case) -> Vec<DeadlineKind> {
    let mut v: Vec<_> = case
        .deadlines
        .iter()
        .filter(|x| x.is_open())
        .map(|x| x.kind)
        .collect();
    v.sort();
    v
}

/// A case brought to `status` through real actions, and the date of its last event.
/// Received Mon 2026-03-02.
pub(super) fn at_status(status: Status) -> (Case, &'static str) {
    let reg = registered("2026-03-02");
    let accepted = || step_kind(&reg, ActionKind::Accept, "2026-03-04");
    let concluded = || step_kind(&accepted(), ActionKind::Conclude, "2026-04-20");
    let replied = || {
        step(
            &concluded(),
            Action::Reply {
                date: Some(d("2026-04-21")),
                received_on: Some(d("2026-04-23")),
                method: None,
            },
        )
    };
    let review_requested = || step_kind(&replied(), ActionKind::RequestReview, "2026-05-06");
    let reviewed = || {
        step(
            &review_requested(),
            conclude_review("2026-05-28", "2026-05-29"),
        )
    };
    let re_review_requested = || step_kind(&reviewed(), ActionKind::RequestReReview, "2026-06-10");
    let (case, last) = match status {
        Status::Registered => (reg.clone(), "2026-03-02"),
        Status::Accepted => (accepted(), "2026-03-04"),
        Status::Declined => (
            step_kind(&reg, ActionKind::Decline, "2026-03-04"),
            "2026-03-04",
        ),
        Status::Forwarded => (
            step_kind(&reg, ActionKind::Forward, "2026-03-04"),
            "2026-03-04",
        ),
        Status::Assigned => (
            step_kind(&reg, ActionKind::Assign, "2026-03-04"),
            "2026-03-04",
        ),
        Status::RefusedRepeat => (
            step_kind(&reg, ActionKind::RefuseRepeat, "2026-03-04"),
            "2026-03-04",
        ),
        Status::Concluded => (concluded(), "2026-04-20"),
        Status::Replied => (replied(), "2026-04-23"),
        Status::ReviewRequested => (review_requested(), "2026-05-06"),
        Status::Reviewed => (reviewed(), "2026-05-29"),
        Status::ReReviewRequested => (re_review_requested(), "2026-06-10"),
        Status::Terminated => (
            step_kind(
                &re_review_requested(),
                ActionKind::ConcludeReReview,
                "2026-06-26",
            ),
            "2026-06-26",
        ),
    };
    assert_eq!(case.status, status);
    (case, last)
}

/// The transition table as the regulation reads, written out independently of the code:
/// for each status, the actions allowed and the status each leads to.
fn expected(status: Status, kind: ActionKind) -> Option<Status> {
    use ActionKind as A;
    use Status as S;
    match (status, kind) {
        (S::Registered, A::Classify) => Some(S::Registered),
        (S::Registered, A::Accept) => Some(S::Accepted),
        (S::Registered, A::Decline) => Some(S::Declined),
        (S::Registered, A::DeclineLevelSkip) => Some(S::Declined),
        (S::Registered, A::Forward) => Some(S::Forwarded),
        (S::Registered, A::Assign) => Some(S::Assigned),
        (S::Registered, A::RefuseRepeat) => Some(S::RefusedRepeat),
        (S::Registered, A::LinkRepeat) => Some(S::Registered),
        (S::Registered, A::Supervise) => Some(S::Registered),

        (S::Accepted, A::Extend) => Some(S::Accepted),
        (S::Accepted, A::Conclude) => Some(S::Concluded),
        (S::Accepted, A::Settle) => Some(S::Concluded),
        (S::Accepted, A::Supervise) => Some(S::Accepted),

        (S::Forwarded, A::OrganReceipt) => Some(S::Forwarded),
        (S::Forwarded, A::OrganObjection) => Some(S::Registered),
        (S::Forwarded, A::OrganAcceptance) => Some(S::Forwarded),
        (S::Forwarded, A::Supervise) => Some(S::Forwarded),

        (S::Assigned, A::OrganReceipt) => Some(S::Assigned),
        (S::Assigned, A::OrganObjection) => Some(S::Registered),
        (S::Assigned, A::OrganAcceptance) => Some(S::Assigned),
        (S::Assigned, A::Conclude) => Some(S::Concluded),
        (S::Assigned, A::Settle) => Some(S::Concluded),
        (S::Assigned, A::Supervise) => Some(S::Assigned),

        (S::Concluded, A::Reply) => Some(S::Replied),
        (S::Concluded, A::Revoke) => Some(S::Accepted),
        (S::Concluded, A::Supervise) => Some(S::Concluded),

        (S::Replied, A::RateSatisfaction) => Some(S::Replied),
        (S::Replied, A::RequestReview) => Some(S::ReviewRequested),
        (S::Replied, A::Revoke) => Some(S::Accepted),
        // An opinion not carried out is supervised after the reply (拒不执行).
        (S::Replied, A::Supervise) => Some(S::Replied),

        (S::ReviewRequested, A::RateSatisfaction) => Some(S::ReviewRequested),
        (S::ReviewRequested, A::ConcludeReview) => Some(S::Reviewed),
        (S::ReviewRequested, A::Revoke) => Some(S::Accepted),
        (S::ReviewRequested, A::Supervise) => Some(S::ReviewRequested),
        (S::ReviewRequested, A::Hearing) => Some(S::ReviewRequested),

        // A revoked review opinion goes back to review, not to first-level handling.
        (S::Reviewed, A::RateSatisfaction) => Some(S::Reviewed),
        (S::Reviewed, A::RequestReReview) => Some(S::ReReviewRequested),
        (S::Reviewed, A::Revoke) => Some(S::ReviewRequested),
        (S::Reviewed, A::Supervise) => Some(S::Reviewed),

        (S::ReReviewRequested, A::RateSatisfaction) => Some(S::ReReviewRequested),
        (S::ReReviewRequested, A::ConcludeReReview) => Some(S::Terminated),
        (S::ReReviewRequested, A::Revoke) => Some(S::ReviewRequested),
        (S::ReReviewRequested, A::Hearing) => Some(S::ReReviewRequested),
        (S::ReReviewRequested, A::Supervise) => Some(S::ReReviewRequested),

        (S::Terminated, A::RateSatisfaction) => Some(S::Terminated),
        (S::Terminated, A::Supervise) => Some(S::Terminated),

        // A response needs a supervision waiting for it (none here: see supervision.rs).
        // Declined and RefusedRepeat are final here; a forwarded case is concluded only once
        // the organ accepted it; everything else is forbidden.
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------------
// The whole table: Status::ALL × every action.

#[test]
fn every_status_times_every_action() {
    let mut allowed_count = 0;
    let mut forbidden_count = 0;
    for status in Status::ALL {
        let (case, last) = at_status(status);
        let on = d(last) + Duration::days(1);
        let allowed = allowed_actions(&case, &ctx(on));
        assert!(!allowed.contains(&ActionKind::Register));
        assert!(!allowed.contains(&ActionKind::RecomputeDeadlines));
        for kind in clerk_kinds() {
            let want = expected(status, kind);
            let c = ctx_for(kind, on);
            assert_eq!(
                allowed_actions(&case, &c).contains(&kind),
                want.is_some(),
                "allowed_actions for {status:?} × {kind:?}"
            );
            let action = sample(kind, on);
            assert_eq!(action.kind(), kind);
            match (decide(&case, &action, &c), want) {
                (Ok(out), Some(next)) => {
                    allowed_count += 1;
                    assert_eq!(out.case.status, next, "{status:?} × {kind:?}");
                    assert!(!out.summary.is_empty());
                    assert_eq!(out.case.id, case.id);
                    assert_eq!(out.case.received_on, case.received_on);
                }
                (Err(e), Some(_)) => panic!("{status:?} × {kind:?} should be allowed: {e}"),
                (r, None) => {
                    forbidden_count += 1;
                    assert_forbidden(r, status, kind);
                }
            }
        }
    }
    assert_eq!(allowed_count, 46);
    assert_eq!(clerk_kinds().len(), 25);
    assert_eq!(allowed_count + forbidden_count, 12 * 25);
}

#[test]
fn a_forbidden_status_wins_over_a_bad_date_or_field() {
    // The status is checked first: a terminated case refuses acceptance whatever the fields.
    let (case, _) = at_status(Status::Terminated);
    let bad = Action::Decline {
        date: Some(d("2030-01-01")),
        reason: String::new(),
        article: String::new(),
        statutory_channel: String::new(),
        authority: Authority {
            name: String::new(),
            kind: AuthorityKind::Administrative,
        },
    };
    assert_forbidden(
        run(&case, &bad, LATE),
        Status::Terminated,
        ActionKind::Decline,
    );
}

#[test]
fn action_kinds_round_trip_through_their_names() {
    for k in ActionKind::ALL {
        assert_eq!(ActionKind::parse(k.as_str()), Some(k));
        assert!(!k.label().is_empty());
    }
    for s in Status::ALL {
        assert_eq!(Status::parse(s.as_str()), Some(s));
    }
}

#[test]
fn actions_deserialize_from_the_cli_json() {
    let a: Action = serde_json::from_str(
        r#"{"action":"extend","date":"2026-04-01","days":20,"reason":"复杂","approver":"李局长"}"#,
    )
    .unwrap();
    assert_eq!(a.kind(), ActionKind::Extend);
    let a: Action = serde_json::from_str(
        r#"{"action":"forward","authority":{"name":"榕城区人民法院","kind":"political_legal"}}"#,
    )
    .unwrap();
    assert_eq!(a.kind(), ActionKind::Forward);
}

// ---------------------------------------------------------------------------------------------
// Litigation-related matters (诉访分离) and repeats of a terminated matter.

fn litigation_case() -> Case {
    let mut n = new_case("2026-03-02");
    n.litigation_related = true;
    build(n)
}

#[test]
fn litigation_related_case_cannot_be_accepted() {
    let case = litigation_case();
    let c = ctx(d("2026-03-04"));
    let allowed = allowed_actions(&case, &c);
    assert!(!allowed.contains(&ActionKind::Accept));
    for k in [
        ActionKind::Decline,
        ActionKind::Forward,
        ActionKind::Assign,
        ActionKind::Supervise,
    ] {
        assert!(allowed.contains(&k), "{k:?}");
    }
    let reason = assert_forbidden(
        decide(&case, &sample(ActionKind::Accept, d("2026-03-04")), &c),
        Status::Registered,
        ActionKind::Accept,
    );
    assert!(reason.contains("诉访分离"), "{reason}");
    // Declining with the statutory channel is the way out.
    let out = decide(&case, &sample(ActionKind::Decline, d("2026-03-04")), &c).unwrap();
    assert_eq!(out.case.status, Status::Declined);
}

#[test]
fn litigation_related_case_goes_only_to_political_legal_organs() {
    let case = litigation_case();
    let on = d("2026-03-04");
    for kind in [
        AuthorityKind::Administrative,
        AuthorityKind::Discipline,
        AuthorityKind::Petition,
    ] {
        let to = Authority {
            name: "某机关".into(),
            kind,
        };
        let fwd = Action::Forward {
            date: Some(on),
            authority: to.clone(),
            note: None,
        };
        assert_forbidden(
            run(&case, &fwd, "2026-03-04"),
            Status::Registered,
            ActionKind::Forward,
        );
        let asg = Action::Assign {
            date: Some(on),
            authority: to,
            feedback_due: d("2026-03-20"),
            note: None,
        };
        assert_forbidden(
            run(&case, &asg, "2026-03-04"),
            Status::Registered,
            ActionKind::Assign,
        );
    }
    let fwd = Action::Forward {
        date: Some(on),
        authority: court(),
        note: Some("属于诉讼程序".into()),
    };
    let out = run(&case, &fwd, "2026-03-04").unwrap();
    assert_eq!(out.case.status, Status::Forwarded);
    assert!(out.summary.contains("榕城区人民法院"));
    let asg = Action::Assign {
        date: Some(on),
        authority: court(),
        feedback_due: d("2026-03-20"),
        note: None,
    };
    assert_eq!(
        run(&case, &asg, "2026-03-04").unwrap().case.status,
        Status::Assigned
    );
}

#[test]
fn ordinary_case_may_be_forwarded_to_any_authority() {
    let case = registered("2026-03-02");
    for kind in [
        AuthorityKind::Administrative,
        AuthorityKind::Discipline,
        AuthorityKind::Petition,
        AuthorityKind::PoliticalLegal,
    ] {
        let fwd = Action::Forward {
            date: Some(d("2026-03-04")),
            authority: Authority {
                name: "某机关".into(),
                kind,
            },
            note: None,
        };
        assert!(run(&case, &fwd, "2026-03-04").is_ok(), "{kind:?}");
    }
}

/// The earlier case of a repeat as the rules see it: final only once re-reviewed.
fn earlier(status: Status) -> Earlier {
    Earlier {
        status,
        finality: (status == Status::Terminated).then_some(Finality::ReReviewed),
    }
}

fn repeat_case() -> Case {
    let mut n = new_case("2026-03-02");
    n.repeat_of = Some("445202-2024-000077".into());
    build(n)
}

#[test]
fn repeat_of_a_terminated_matter_is_refused_not_accepted() {
    let case = repeat_case();
    let mut c = ctx(d("2026-03-04"));
    c.earlier = Some(earlier(Status::Terminated));
    let allowed = allowed_actions(&case, &c);
    assert!(!allowed.contains(&ActionKind::Accept));
    assert!(allowed.contains(&ActionKind::RefuseRepeat));
    let reason = assert_forbidden(
        decide(&case, &sample(ActionKind::Accept, d("2026-03-04")), &c),
        Status::Registered,
        ActionKind::Accept,
    );
    assert!(reason.contains("445202-2024-000077"), "{reason}");
    assert!(reason.contains("三级终结"), "{reason}");
    let out = decide(
        &case,
        &sample(ActionKind::RefuseRepeat, d("2026-03-04")),
        &c,
    )
    .unwrap();
    assert_eq!(out.case.status, Status::RefusedRepeat);
    match &out.case.progress.disposal {
        Some(Disposal::RefusedRepeat {
            on,
            earlier_case_no,
            ..
        }) => {
            assert_eq!(*on, d("2026-03-04"));
            assert_eq!(earlier_case_no.as_deref(), Some("445202-2024-000077"));
        }
        other => panic!("{other:?}"),
    }
    let disposal = out
        .case
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::Disposal)
        .unwrap();
    assert_eq!(disposal.met_on, Some(d("2026-03-04")));
    // Refusing is a decision the petitioner is told of in writing (Art. 23).
    assert_eq!(open_kinds(&out.case), vec![DeadlineKind::Notice]);
}

#[test]
fn repeat_of_a_matter_not_terminated_may_be_accepted() {
    let case = repeat_case();
    for status in [None, Some(Status::Declined)] {
        let mut c = ctx(d("2026-03-04"));
        c.earlier = status.map(earlier);
        assert!(allowed_actions(&case, &c).contains(&ActionKind::Accept));
        assert!(decide(&case, &sample(ActionKind::Accept, d("2026-03-04")), &c).is_ok());
    }
}

#[test]
fn repeat_of_a_matter_in_handling_is_not_accepted_again() {
    // Art. 19: a matter accepted and within its period is not accepted a second time.
    let case = repeat_case();
    for status in [
        Status::Accepted,
        Status::Forwarded,
        Status::Assigned,
        Status::Concluded,
        Status::ReviewRequested,
        Status::ReReviewRequested,
    ] {
        let mut c = ctx(d("2026-03-04"));
        c.earlier = Some(earlier(status));
        assert!(!allowed_actions(&case, &c).contains(&ActionKind::Accept));
        let err = decide(&case, &sample(ActionKind::Accept, d("2026-03-04")), &c).unwrap_err();
        assert!(err.to_string().contains("第十九条"), "{err}");
    }
}

// ---------------------------------------------------------------------------------------------
// 越级访 (Arts. 19–20): visits go to the competent organ's level or one up.

fn directory() -> &'static Directory {
    static DIR: OnceLock<Directory> = OnceLock::new();
    DIR.get_or_init(Directory::shipped)
}

fn visit_at<'a>(office: &'a str, locality: &'a str, earlier: Option<&'a Case>) -> Visit<'a> {
    Visit {
        channel: Channel::Visit,
        locality_code: locality,
        office_code: office,
        earlier,
        today: d("2026-03-04"),
    }
}

/// The city office visited about a township's matter.
fn skipped_level() -> LevelSkip {
    level_skip::find(&visit_at("445200", "445202001", None), directory()).unwrap()
}

#[test]
fn a_visit_that_skips_the_level_below_is_found_with_article_20() {
    let skip = skipped_level();
    assert_eq!(skip.kind, LevelSkipKind::SkipsLevel);
    assert_eq!(skip.article, "《信访工作条例》第二十条");
    assert_eq!(
        skip.guide_to.as_ref().map(|a| a.name.as_str()),
        Some("揭阳市榕城区信访局")
    );
    assert!(
        skip.explanation.contains("越级走访"),
        "{}",
        skip.explanation
    );
    // The province office about a county's matter: the city is the highest it may go to.
    let skip = level_skip::find(&visit_at("440000", "445202", None), directory()).unwrap();
    assert_eq!(
        skip.guide_to.map(|a| a.name),
        Some("揭阳市信访局".to_string())
    );
    // One level up is lawful: the county about a township, the city about a county.
    for (office, locality) in [
        ("445202", "445202001"),
        ("445200", "445202"),
        ("445202", "445202"),
    ] {
        assert_eq!(
            level_skip::find(&visit_at(office, locality, None), directory()),
            None
        );
    }
    // Not this office's area, no locality, or not a visit: nothing to say about levels.
    assert_eq!(
        level_skip::find(&visit_at("445200", "440106001", None), directory()),
        None
    );
    assert_eq!(
        level_skip::find(&visit_at("445200", "", None), directory()),
        None
    );
    let mut letter = visit_at("445200", "445202001", None);
    letter.channel = Channel::Letter;
    assert_eq!(level_skip::find(&letter, directory()), None);
}

#[test]
fn a_visit_about_a_matter_a_lower_organ_handles_in_its_period_is_found_with_article_19() {
    let bureau = Authority {
        name: "揭阳市榕城区人力资源和社会保障局".into(),
        kind: AuthorityKind::Administrative,
    };
    let forwarded = step(
        &registered("2026-03-02"),
        Action::Forward {
            date: Some(d("2026-03-03")),
            authority: bureau.clone(),
            note: None,
        },
    );
    let skip = level_skip::find(&visit_at("445200", "445202", Some(&forwarded)), directory())
        .expect("the county bureau handles it");
    assert_eq!(skip.kind, LevelSkipKind::LowerHandling);
    assert_eq!(skip.article, "《信访工作条例》第十九条");
    assert_eq!(skip.guide_to, Some(bureau.clone()));
    assert!(skip.reason.contains(&forwarded.case_no), "{}", skip.reason);
    // The county office itself forwarded it: the bureau is its own level, not a lower one.
    assert_eq!(
        level_skip::find(&visit_at("445202", "445202", Some(&forwarded)), directory()),
        None
    );
    // Past its period the higher office supervises instead of sending the visitor back.
    let accepted = step(
        &forwarded,
        Action::OrganAcceptance {
            date: Some(d("2026-03-05")),
        },
    );
    let due = accepted
        .open_deadline(DeadlineKind::OrganHandling)
        .expect("the organ's acceptance opens the handling period")
        .due_on;
    let mut late = visit_at("445200", "445202", Some(&accepted));
    late.today = due + Duration::days(1);
    assert_eq!(level_skip::find(&late, directory()), None);
    late.today = due;
    assert!(level_skip::find(&late, directory()).is_some());
}

#[test]
fn a_level_skipping_visit_is_declined_in_one_step_towards_the_lawful_level() {
    let mut new = new_case("2026-03-02");
    new.channel = Channel::Visit;
    new.visit = Some(VisitInfo {
        person_count: 1,
        batch_count: 1,
    });
    new.locality.code = "445202001".into();
    let case = build(new);
    let mut c = ctx(d("2026-03-04"));
    let action = sample(ActionKind::DeclineLevelSkip, d("2026-03-04"));
    let err = decide(&case, &action, &c).unwrap_err().to_string();
    assert!(err.contains("第二十条"), "{err}");
    assert!(!allowed_actions(&case, &c).contains(&ActionKind::DeclineLevelSkip));
    c.level_skip = Some(skipped_level());
    assert!(allowed_actions(&case, &c).contains(&ActionKind::DeclineLevelSkip));
    let out = decide(&case, &action, &c).unwrap();
    assert_eq!(out.case.status, Status::Declined);
    match out.case.progress.disposal {
        Some(Disposal::Declined {
            article,
            statutory_channel,
            authority,
            reason,
            ..
        }) => {
            assert_eq!(article, "《信访工作条例》第二十条");
            assert_eq!(statutory_channel, "依法逐级走访");
            assert_eq!(authority.name, "揭阳市榕城区信访局");
            assert!(reason.contains("越级走访"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(out.summary.starts_with("越级走访："), "{}", out.summary);
    // The clerk may guide to another organ of the lawful level.
    let to_town = Authority {
        name: "揭阳市榕城区人民政府榕华街道办事处".into(),
        kind: AuthorityKind::Administrative,
    };
    let out = decide(
        &case,
        &Action::DeclineLevelSkip {
            date: Some(d("2026-03-04")),
            authority: Some(to_town.clone()),
        },
        &c,
    )
    .unwrap();
    assert!(matches!(
        out.case.progress.disposal,
        Some(Disposal::Declined { authority, .. }) if authority == to_town
    ));
}

#[test]
fn a_repeat_is_refused_only_once_the_earlier_opinion_is_final() {
    // Arts. 35–36: 不再受理 after the re-review, or once the window to ask for review or
    // re-review went by unused; not without an earlier case, nor while a review can be asked.
    let case = repeat_case();
    let refuse = sample(ActionKind::RefuseRepeat, d("2026-03-04"));
    let mut c = ctx(d("2026-03-04"));
    let reason = assert_forbidden(
        decide(&case, &refuse, &c),
        Status::Registered,
        ActionKind::RefuseRepeat,
    );
    assert!(reason.contains("第三十六条"), "{reason}");
    assert!(!allowed_actions(&case, &c).contains(&ActionKind::RefuseRepeat));
    for status in [
        Status::Concluded,
        Status::Replied,
        Status::Reviewed,
        Status::Declined,
    ] {
        c.earlier = Some(earlier(status));
        assert!(decide(&case, &refuse, &c).is_err(), "{status:?}");
    }
    // A reply whose review window is still open: a review is asked for, not a new petition.
    c.earlier = Some(earlier(Status::Replied));
    let err = decide(&case, &sample(ActionKind::Accept, d("2026-03-04")), &c).unwrap_err();
    assert!(err.to_string().contains("复查"), "{err}");
    // The window went by unused: the opinion is final.
    c.earlier = Some(Earlier {
        status: Status::Replied,
        finality: Some(Finality::ReviewWindowLapsed),
    });
    assert!(allowed_actions(&case, &c).contains(&ActionKind::RefuseRepeat));
    assert!(!allowed_actions(&case, &c).contains(&ActionKind::Accept));
    let refused = decide(&case, &refuse, &c).unwrap().case;
    assert_eq!(refused.status, Status::RefusedRepeat);
    // The refusal keeps its basis, and a later repeat of the refused case inherits it.
    assert!(matches!(
        refused.progress.disposal,
        Some(Disposal::RefusedRepeat {
            basis: Some(Finality::ReviewWindowLapsed),
            ..
        })
    ));
    assert_eq!(
        Earlier::of(&refused, d("2027-03-04")).finality,
        Some(Finality::ReviewWindowLapsed)
    );
}

#[test]
fn no_organ_reviews_its_own_opinion() {
    // Arts. 35–36: review by the organ above the one that handled it, re-review above the
    // reviewer.
    let (replied, on) = at_status(Status::Replied);
    let review = |organ: &str| Action::RequestReview {
        date: Some(d(on)),
        organ: organ.into(),
        grounds: String::new(),
    };
    let reason = assert_invalid(run(&replied, &review(" 榕城区自然资源局 "), on), "organ");
    assert!(reason.contains("第三十五条"), "{reason}");
    assert!(run(&replied, &review("揭阳市自然资源局"), on).is_ok());
    let (reviewed, on) = at_status(Status::Reviewed);
    let reviewer = reviewed.progress.review.as_ref().unwrap().organ.clone();
    for organ in [reviewer.as_str(), "榕城区自然资源局"] {
        let again = Action::RequestReReview {
            date: Some(d(on)),
            organ: organ.into(),
            grounds: String::new(),
        };
        let reason = assert_invalid(run(&reviewed, &again, on), "organ");
        assert!(reason.contains("第三十六条"), "{organ}: {reason}");
    }
}

#[test]
fn an_earlier_opinion_is_final_once_its_request_window_lapsed_unused() {
    for (status, window, basis) in [
        (
            Status::Replied,
            DeadlineKind::ReviewRequest,
            Finality::ReviewWindowLapsed,
        ),
        (
            Status::Reviewed,
            DeadlineKind::ReReviewRequest,
            Finality::ReReviewWindowLapsed,
        ),
    ] {
        let (case, _) = at_status(status);
        let due = case.open_deadline(window).unwrap().due_on;
        assert_eq!(
            Earlier::of(&case, due).finality,
            None,
            "{status:?} on its last day"
        );
        assert_eq!(
            Earlier::of(&case, due + Duration::days(1)).finality,
            Some(basis),
            "{status:?}"
        );
    }
    for (status, finality) in [
        (Status::Terminated, Some(Finality::ReReviewed)),
        (Status::Concluded, None),
    ] {
        let (case, on) = at_status(status);
        let later = d(on) + Duration::days(400);
        assert_eq!(Earlier::of(&case, later).finality, finality, "{status:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Extension (Art. 34): once, at most 30 days, not after the handling deadline.

/// Accepted Mon 2026-08-03: handling 60 days → Fri 10-02 → rolled past 国庆 to Thu 10-08.
fn accepted_in_august() -> Case {
    let reg = registered("2026-07-28");
    let case = step_kind(&reg, ActionKind::Accept, "2026-08-03");
    assert_eq!(
        case.open_deadline(DeadlineKind::Handling).unwrap().due_on,
        d("2026-10-08")
    );
    case
}

fn extend(on: &str, days: u32) -> Action {
    Action::Extend {
        date: Some(d(on)),
        days,
        reason: "案情复杂".into(),
        approver: "李局长".into(),
    }
}

#[test]
fn extension_adds_to_the_unrolled_end_and_rolls() {
    let case = accepted_in_august();
    let out = run(&case, &extend("2026-09-15", 30), LATE).unwrap();
    let next = out.case;
    assert_eq!(next.status, Status::Accepted);
    let h = next.open_deadline(DeadlineKind::Handling).unwrap();
    // 10-02 + 30 = Sun 11-01 → Mon 11-02.
    assert_eq!(h.due_on, d("2026-11-02"), "{}", h.explanation);
    assert_eq!(h.start_on, d("2026-08-03"));
    assert!(h.explanation.contains("经批准延长30日"));
    assert!(h.explanation.contains("原期满日2026年10月2日"));
    match &h.basis {
        Basis::Period(p) => assert_eq!((p.days, p.extension_days), (60, 30)),
        other => panic!("{other:?}"),
    }
    let ext = next.progress.extension.as_ref().unwrap();
    assert_eq!((ext.days, ext.on), (30, d("2026-09-15")));
    assert_eq!(ext.approver, "李局长");
    assert_eq!(
        next.deadlines
            .iter()
            .filter(|x| x.kind == DeadlineKind::Handling)
            .count(),
        1,
        "the handling deadline is replaced, not duplicated"
    );
    assert!(out.summary.contains("30"));
}

#[test]
fn extension_only_once() {
    let case = accepted_in_august();
    let once = step(&case, extend("2026-09-15", 10));
    assert!(!allowed_actions(&once, &ctx(d("2026-09-16"))).contains(&ActionKind::Extend));
    let reason = assert_forbidden(
        run(&once, &extend("2026-09-16", 5), LATE),
        Status::Accepted,
        ActionKind::Extend,
    );
    assert!(reason.contains("一次"), "{reason}");
}

#[test]
fn extension_days_are_bounded() {
    let case = accepted_in_august();
    assert_invalid(run(&case, &extend("2026-09-15", 31), LATE), "days");
    assert_invalid(run(&case, &extend("2026-09-15", 0), LATE), "days");
    assert!(run(&case, &extend("2026-09-15", 1), LATE).is_ok());
    assert!(run(&case, &extend("2026-09-15", 30), LATE).is_ok());
    // The cap is the office's rule.
    let fifteen = RuleSet {
        max_extension_days: 15,
        ..RuleSet::default()
    };
    let c = Context {
        today: d(LATE),
        rules: &fifteen,
        calendar: calendar(),
        earlier: None,
        channels: channels(),
        level_skip: None,
    };
    let reason = assert_invalid(decide(&case, &extend("2026-09-15", 16), &c), "days");
    assert!(reason.contains("15"), "{reason}");
    assert!(decide(&case, &extend("2026-09-15", 15), &c).is_ok());
}

#[test]
fn extension_not_after_the_handling_deadline() {
    let case = accepted_in_august();
    // The rolled due day 10-08 itself is still within the period.
    assert!(run(&case, &extend("2026-10-08", 30), LATE).is_ok());
    let reason = assert_forbidden(
        run(&case, &extend("2026-10-09", 30), LATE),
        Status::Accepted,
        ActionKind::Extend,
    );
    assert!(reason.contains("2026年10月8日"), "{reason}");
}

#[test]
fn extension_needs_reason_and_approver() {
    let case = accepted_in_august();
    let no_reason = Action::Extend {
        date: Some(d("2026-09-15")),
        days: 10,
        reason: " ".into(),
        approver: "李局长".into(),
    };
    assert_invalid(run(&case, &no_reason, LATE), "reason");
    let no_approver = Action::Extend {
        date: Some(d("2026-09-15")),
        days: 10,
        reason: "复杂".into(),
        approver: String::new(),
    };
    assert_invalid(run(&case, &no_approver, LATE), "approver");
}

// ---------------------------------------------------------------------------------------------
// Review and re-review request windows (Art. 35, 36).

/// Replied, the petitioner received the opinion on `received`.
fn replied(received: &str) -> Case {
    let reg = registered("2026-01-05");
    let acc = step_kind(&reg, ActionKind::Accept, "2026-01-06");
    let con = step_kind(&acc, ActionKind::Conclude, "2026-01-12");
    step(
        &con,
        Action::Reply {
            date: Some(d("2026-01-14")),
            received_on: Some(d(received)),
            method: Some("邮寄".into()),
        },
    )
}

fn request_review(on: &str) -> Action {
    Action::RequestReview {
        date: Some(d(on)),
        organ: "揭阳市自然资源局".into(),
        grounds: String::new(),
    }
}

#[test]
fn review_window_rolled_past_spring_festival() {
    // Received 01-16: the 30th day is Sun 02-15, inside 春节 → the window ends Tue 02-24.
    let case = replied("2026-01-16");
    let w = case.open_deadline(DeadlineKind::ReviewRequest).unwrap();
    assert_eq!((w.start_on, w.due_on), (d("2026-01-16"), d("2026-02-24")));
    assert!(w.explanation.contains("春节"));
    let out = run(&case, &request_review("2026-02-24"), LATE).unwrap();
    assert_eq!(out.case.status, Status::ReviewRequested);
    let reason = assert_forbidden(
        run(&case, &request_review("2026-02-25"), LATE),
        Status::Replied,
        ActionKind::RequestReview,
    );
    assert!(reason.contains("2026年2月24日"), "{reason}");
}

#[test]
fn review_window_on_the_plain_30th_day() {
    // Received Tue 03-10: the 30th day is Thu 04-09.
    let case = replied("2026-03-10");
    assert!(run(&case, &request_review("2026-04-09"), LATE).is_ok());
    assert!(run(&case, &request_review("2026-03-11"), LATE).is_ok());
    assert_forbidden(
        run(&case, &request_review("2026-04-10"), LATE),
        Status::Replied,
        ActionKind::RequestReview,
    );
    assert_forbidden(
        run(&case, &request_review("2026-06-30"), LATE),
        Status::Replied,
        ActionKind::RequestReview,
    );
}

#[test]
fn review_request_needs_the_organ() {
    let case = replied("2026-03-10");
    let a = Action::RequestReview {
        date: Some(d("2026-03-20")),
        organ: "  ".into(),
        grounds: String::new(),
    };
    assert_invalid(run(&case, &a, LATE), "organ");
}

/// Reviewed, the petitioner received the review opinion on `received`.
fn reviewed(received: &str) -> Case {
    let case = replied("2026-07-20");
    let rr = step(&case, request_review("2026-07-25"));
    step(&rr, conclude_review("2026-08-20", received))
}

fn request_re_review(on: &str) -> Action {
    Action::RequestReReview {
        date: Some(d(on)),
        organ: "揭阳市人民政府".into(),
        grounds: "不服".into(),
    }
}

#[test]
fn re_review_window_rolled_past_mid_autumn() {
    // Review opinion received 08-27: 30th day Sat 09-26 (中秋) → Mon 09-28.
    let case = reviewed("2026-08-27");
    let w = case.open_deadline(DeadlineKind::ReReviewRequest).unwrap();
    assert_eq!(w.due_on, d("2026-09-28"));
    assert!(w.explanation.contains("中秋"));
    let out = run(&case, &request_re_review("2026-09-28"), LATE).unwrap();
    assert_eq!(out.case.status, Status::ReReviewRequested);
    assert_forbidden(
        run(&case, &request_re_review("2026-09-29"), LATE),
        Status::Reviewed,
        ActionKind::RequestReReview,
    );
}

#[test]
fn re_review_window_on_the_plain_30th_day() {
    // Review opinion received Mon 08-31: the 30th day is Wed 09-30, a working day.
    let case = reviewed("2026-08-31");
    assert_eq!(
        case.open_deadline(DeadlineKind::ReReviewRequest)
            .unwrap()
            .due_on,
        d("2026-09-30")
    );
    assert!(run(&case, &request_re_review("2026-09-30"), LATE).is_ok());
    assert_forbidden(
        run(&case, &request_re_review("2026-10-01"), LATE),
        Status::Reviewed,
        ActionKind::RequestReReview,
    );
}

// ---------------------------------------------------------------------------------------------
// Every deadline each action opens and closes, through a full lifecycle over the 2026 holidays.

#[test]
fn lifecycle_opens_and_closes_the_right_deadlines() {
    // Received Fri 01-30: disposal 15 days → Sat 02-14, a make-up workday.
    let reg = registered("2026-01-30");
    assert_eq!(reg.status, Status::Registered);
    assert_eq!(open_kinds(&reg), vec![DeadlineKind::Disposal]);
    assert_eq!(
        reg.open_deadline(DeadlineKind::Disposal).unwrap().due_on,
        d("2026-02-14")
    );

    // Accept Thu 02-12: disposal met; handling from the acceptance date, 60 days → Mon 04-13.
    let acc = step_kind(&reg, ActionKind::Accept, "2026-02-12");
    let disposal = acc
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::Disposal)
        .unwrap();
    assert_eq!(disposal.met_on, Some(d("2026-02-12")));
    assert_eq!(
        assess(disposal, d("2026-03-01"), calendar(), rules()).1,
        DeadlineState::MetOnTime
    );
    assert_eq!(
        open_kinds(&acc),
        vec![DeadlineKind::Notice, DeadlineKind::Handling]
    );
    let h = acc.open_deadline(DeadlineKind::Handling).unwrap();
    assert_eq!((h.start_on, h.due_on), (d("2026-02-12"), d("2026-04-13")));
    assert!(matches!(
        acc.progress.disposal,
        Some(Disposal::Accepted { on, .. }) if on == d("2026-02-12")
    ));
    // The acceptance notice (受理告知书) goes out the same day: issuing it is the desk's
    // document use-case, which meets the notice deadline as here.
    let mut acc = acc;
    for x in acc.deadlines.iter_mut() {
        if x.kind == DeadlineKind::Notice {
            x.met_on = Some(d("2026-02-12"));
        }
    }

    // Extend 20 days on 04-01: 04-13 + 20 = Sun 05-03 (劳动节) → Wed 05-06. The 延期办理告知书
    // is owed by the period first set, 04-13; issuing it (the desk) meets it.
    let mut ext = step(&acc, extend("2026-04-01", 20));
    assert_eq!(
        ext.open_deadline(DeadlineKind::Handling).unwrap().due_on,
        d("2026-05-06")
    );
    let told = ext.open_deadline(DeadlineKind::ExtensionNotice).unwrap();
    assert_eq!(
        (told.start_on, told.due_on),
        (d("2026-02-12"), d("2026-04-13"))
    );
    for x in ext.deadlines.iter_mut() {
        if x.kind == DeadlineKind::ExtensionNotice {
            x.met_on = Some(d("2026-04-02"));
        }
    }

    // Conclude 04-28: handling met; the 信访处理意见书 is owed within the (extended) handling
    // period, 05-06, and the reply serves it (the desk issues it with the reply).
    let mut con = step_kind(&ext, ActionKind::Conclude, "2026-04-28");
    assert_eq!(open_kinds(&con), vec![DeadlineKind::HandlingOpinion]);
    assert_eq!(
        con.open_deadline(DeadlineKind::HandlingOpinion)
            .unwrap()
            .due_on,
        d("2026-05-06")
    );
    for x in con.deadlines.iter_mut() {
        if x.kind == DeadlineKind::HandlingOpinion {
            x.met_on = Some(d("2026-04-29"));
        }
    }
    let h = con
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::Handling)
        .unwrap();
    assert_eq!(h.met_on, Some(d("2026-04-28")));
    assert_eq!(con.progress.opinion.as_ref().unwrap().on, d("2026-04-28"));

    // Reply sent 04-29, received Thu 04-30: review window 30 days → Sat 05-30 → Mon 06-01.
    let rep = step(
        &con,
        Action::Reply {
            date: Some(d("2026-04-29")),
            received_on: Some(d("2026-04-30")),
            method: None,
        },
    );
    assert_eq!(open_kinds(&rep), vec![DeadlineKind::ReviewRequest]);
    let w = rep.open_deadline(DeadlineKind::ReviewRequest).unwrap();
    assert_eq!((w.start_on, w.due_on), (d("2026-04-30"), d("2026-06-01")));
    let reply = rep.progress.reply.as_ref().unwrap();
    assert_eq!(
        (reply.sent_on, reply.received_on),
        (d("2026-04-29"), d("2026-04-30"))
    );
    assert_eq!(reply.method, "书面");

    // Review requested Fri 05-29: window closed, review opinion 30 days → Sun 06-28 → Mon 06-29.
    let rq = step_kind(&rep, ActionKind::RequestReview, "2026-05-29");
    assert_eq!(open_kinds(&rq), vec![DeadlineKind::Review]);
    let w = rq
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::ReviewRequest)
        .unwrap();
    assert_eq!(w.met_on, Some(d("2026-05-29")));
    let r = rq.open_deadline(DeadlineKind::Review).unwrap();
    assert_eq!((r.start_on, r.due_on), (d("2026-05-29"), d("2026-06-29")));
    assert_eq!(
        rq.progress.review.as_ref().unwrap().requested_on,
        d("2026-05-29")
    );

    // Review concluded 06-18, received Mon 06-22: re-review window → Wed 07-22.
    let rv = step(&rq, conclude_review("2026-06-18", "2026-06-22"));
    assert_eq!(open_kinds(&rv), vec![DeadlineKind::ReReviewRequest]);
    let w = rv.open_deadline(DeadlineKind::ReReviewRequest).unwrap();
    assert_eq!((w.start_on, w.due_on), (d("2026-06-22"), d("2026-07-22")));
    let review = rv.progress.review.as_ref().unwrap();
    assert_eq!(review.opinion.as_ref().unwrap().on, d("2026-06-18"));
    assert_eq!(review.opinion_received_on, Some(d("2026-06-22")));

    // Re-review requested Fri 07-10: opinion 30 days → Sun 08-09 → Mon 08-10.
    let rrq = step_kind(&rv, ActionKind::RequestReReview, "2026-07-10");
    assert_eq!(open_kinds(&rrq), vec![DeadlineKind::ReReview]);
    assert_eq!(
        rrq.open_deadline(DeadlineKind::ReReview).unwrap().due_on,
        d("2026-08-10")
    );

    // Re-review concluded 08-07: terminated, nothing open.
    let term = step_kind(&rrq, ActionKind::ConcludeReReview, "2026-08-07");
    assert_eq!(term.status, Status::Terminated);
    assert!(open_kinds(&term).is_empty());
    let rr = term.progress.re_review.as_ref().unwrap();
    assert_eq!(rr.opinion.as_ref().unwrap().on, d("2026-08-07"));
    let rrd = term
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::ReReview)
        .unwrap();
    assert_eq!(rrd.met_on, Some(d("2026-08-07")));
    // Every deadline of the lifecycle was met on time.
    for dl in &term.deadlines {
        assert_eq!(
            assess(dl, d(LATE), calendar(), rules()).1,
            DeadlineState::MetOnTime,
            "{:?}",
            dl.kind
        );
    }
    // A terminated case can still be rated, and then only supervised (an opinion not carried out).
    let rated = step_kind(&term, ActionKind::RateSatisfaction, "2026-08-10");
    assert_eq!(
        rated.progress.satisfaction,
        Some(Satisfaction::BasicallySatisfied)
    );
    assert_eq!(
        allowed_actions(&rated, &ctx(d("2026-08-11"))),
        vec![ActionKind::Supervise]
    );
}

#[test]
fn forward_opens_the_five_working_day_objection_window() {
    // Forwarded Thu 02-12: Fri 13, make-up Sat 14, 春节, Tue 24, Wed 25, Thu 26.
    let reg = registered("2026-02-10");
    let out = step_kind(&reg, ActionKind::Forward, "2026-02-12");
    assert_eq!(out.status, Status::Forwarded);
    assert_eq!(open_kinds(&out), vec![DeadlineKind::ForwardObjection]);
    let w = out.open_deadline(DeadlineKind::ForwardObjection).unwrap();
    assert_eq!((w.start_on, w.due_on), (d("2026-02-12"), d("2026-02-26")));
    let disposal = out
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::Disposal)
        .unwrap();
    assert_eq!(disposal.met_on, Some(d("2026-02-12")));
    // The objection window is not a duty of the office.
    assert!(out.next_duty().is_none());
}

#[test]
fn assign_fixes_the_feedback_date_and_conclude_meets_it() {
    let reg = registered("2026-03-02");
    let a = Action::Assign {
        date: Some(d("2026-03-04")),
        authority: admin(),
        feedback_due: d("2026-03-22"),
        note: Some("请于期限内反馈".into()),
    };
    let out = run(&reg, &a, LATE).unwrap();
    assert!(out.summary.contains("2026年3月22日"));
    let asg = out.case;
    assert_eq!(asg.status, Status::Assigned);
    assert_eq!(open_kinds(&asg), vec![DeadlineKind::Feedback]);
    let f = asg.open_deadline(DeadlineKind::Feedback).unwrap();
    // Sun 03-22 as set: a fixed date does not roll, the explanation says it is a weekend.
    assert_eq!((f.start_on, f.due_on), (d("2026-03-04"), d("2026-03-22")));
    assert!(matches!(&f.basis, Basis::Fixed { set_by } if set_by == "本机关"));
    assert!(f.explanation.contains("周末"), "{}", f.explanation);
    assert!(matches!(
        asg.progress.disposal,
        Some(Disposal::Assigned { feedback_due, .. }) if feedback_due == d("2026-03-22")
    ));
    assert_eq!(asg.next_duty().unwrap().kind, DeadlineKind::Feedback);

    let con = step_kind(&asg, ActionKind::Conclude, "2026-03-23");
    assert_eq!(con.status, Status::Concluded);
    assert!(open_kinds(&con).is_empty());
    let f = con
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::Feedback)
        .unwrap();
    assert_eq!(f.met_on, Some(d("2026-03-23")));
    assert_eq!(
        assess(f, d(LATE), calendar(), rules()).1,
        DeadlineState::MetLate
    );
}

#[test]
fn assign_feedback_date_must_follow_the_assignment() {
    let reg = registered("2026-03-02");
    for due in ["2026-03-04", "2026-03-03"] {
        let a = Action::Assign {
            date: Some(d("2026-03-04")),
            authority: admin(),
            feedback_due: d(due),
            note: None,
        };
        assert_invalid(run(&reg, &a, LATE), "feedback_due");
    }
}

#[test]
fn decline_closes_disposal_and_records_where_to_go() {
    let reg = registered("2026-03-02");
    let out = run(&reg, &sample(ActionKind::Decline, d("2026-03-20")), LATE).unwrap();
    assert!(out.summary.contains("民事诉讼"));
    let case = out.case;
    assert_eq!(case.status, Status::Declined);
    assert_eq!(open_kinds(&case), vec![DeadlineKind::Notice]);
    // Received 03-02, due Tue 03-17, declined 03-20: late.
    let disposal = case
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::Disposal)
        .unwrap();
    assert_eq!(disposal.due_on, d("2026-03-17"));
    assert_eq!(
        assess(disposal, d(LATE), calendar(), rules()).1,
        DeadlineState::MetLate
    );
    match case.progress.disposal {
        Some(Disposal::Declined {
            on,
            statutory_channel,
            authority,
            article,
            ..
        }) => {
            assert_eq!(on, d("2026-03-20"));
            assert_eq!(statutory_channel, "民事诉讼");
            assert_eq!(authority, court());
            assert!(article.contains("第三十一条"));
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn decline_requires_every_field_and_names_it() {
    let reg = registered("2026-03-02");
    let base = || match sample(ActionKind::Decline, d("2026-03-04")) {
        Action::Decline {
            date,
            reason,
            article,
            statutory_channel,
            authority,
        } => (date, reason, article, statutory_channel, authority),
        _ => unreachable!(),
    };
    let (date, reason, article, channel, authority) = base();
    let cases = [
        (
            "reason",
            String::new(),
            article.clone(),
            channel.clone(),
            authority.clone(),
        ),
        (
            "article",
            reason.clone(),
            " ".into(),
            channel.clone(),
            authority.clone(),
        ),
        (
            "statutory_channel",
            reason.clone(),
            article.clone(),
            "\t".into(),
            authority.clone(),
        ),
        (
            "authority.name",
            reason.clone(),
            article.clone(),
            channel.clone(),
            Authority {
                name: " ".into(),
                kind: AuthorityKind::PoliticalLegal,
            },
        ),
    ];
    for (field, reason, article, statutory_channel, authority) in cases {
        let a = Action::Decline {
            date,
            reason,
            article,
            statutory_channel,
            authority,
        };
        let why = assert_invalid(run(&reg, &a, LATE), field);
        assert!(why.contains("不能为空"));
    }
}

#[test]
fn other_required_fields_are_named() {
    let reg = registered("2026-03-02");
    let on = Some(d("2026-03-04"));
    let no_authority = Action::Forward {
        date: on,
        authority: Authority {
            name: String::new(),
            kind: AuthorityKind::Administrative,
        },
        note: None,
    };
    assert_invalid(run(&reg, &no_authority, LATE), "authority.name");
    let accept_blank = Action::Accept {
        date: on,
        authority: Some(Authority {
            name: String::new(),
            kind: AuthorityKind::Administrative,
        }),
    };
    assert_invalid(run(&reg, &accept_blank, LATE), "authority.name");
    let refuse = Action::RefuseRepeat {
        date: on,
        reason: String::new(),
        earlier_case_no: None,
    };
    assert_invalid(run(&reg, &refuse, LATE), "reason");
    let sup = Action::Supervise {
        date: on,
        note: " ".into(),
        authority: None,
        step: None,
        reply_by: None,
        trigger: None,
        basis: None,
    };
    assert_invalid(run(&reg, &sup, LATE), "note");

    let acc = step_kind(&reg, ActionKind::Accept, "2026-03-04");
    for (field, f, r, l) in [
        ("facts", "", "理由", "依据"),
        ("reasons", "事实", "", "依据"),
        ("legal_basis", "事实", "理由", " "),
    ] {
        let a = Action::Conclude {
            date: Some(d("2026-03-20")),
            decision: Decision::Support,
            facts: f.into(),
            reasons: r.into(),
            legal_basis: l.into(),
        };
        assert_invalid(run(&acc, &a, LATE), field);
    }
    let (con, _) = at_status(Status::Concluded);
    let rev = Action::Revoke {
        date: Some(d("2026-04-21")),
        reason: String::new(),
        by: None,
        authority: None,
        due_on: None,
    };
    assert_invalid(run(&con, &rev, LATE), "reason");
}

// ---------------------------------------------------------------------------------------------
// Dates.

#[test]
fn dates_in_the_future_or_before_receipt_are_invalid() {
    let reg = registered("2026-03-02");
    let future = sample(ActionKind::Accept, d("2026-03-05"));
    let why = assert_invalid(run(&reg, &future, "2026-03-04"), "date");
    assert!(why.contains("2026年3月5日"), "{why}");
    let before = sample(ActionKind::Accept, d("2026-03-01"));
    let why = assert_invalid(run(&reg, &before, "2026-03-04"), "date");
    assert!(why.contains("收件日期"), "{why}");
    // The day of receipt and today are both fine.
    assert!(run(
        &reg,
        &sample(ActionKind::Accept, d("2026-03-02")),
        "2026-03-04"
    )
    .is_ok());
    assert!(run(
        &reg,
        &sample(ActionKind::Accept, d("2026-03-04")),
        "2026-03-04"
    )
    .is_ok());
    // Every kind of action is checked.
    let (case, last) = at_status(Status::ReviewRequested);
    let tomorrow = d(last) + Duration::days(1);
    for kind in [
        ActionKind::ConcludeReview,
        ActionKind::Supervise,
        ActionKind::Revoke,
    ] {
        assert_invalid(run(&case, &sample(kind, tomorrow), last), "date");
        assert_invalid(run(&case, &sample(kind, d("2026-02-01")), last), "date");
    }
}

#[test]
fn a_missing_date_means_today() {
    let reg = registered("2026-03-02");
    let a = Action::Accept {
        date: None,
        authority: None,
    };
    let out = run(&reg, &a, "2026-03-09").unwrap();
    assert_eq!(out.summary, "受理");
    let h = out.case.open_deadline(DeadlineKind::Handling).unwrap();
    // 03-09 + 60 = Fri 05-08.
    assert_eq!((h.start_on, h.due_on), (d("2026-03-09"), d("2026-05-08")));
}

#[test]
fn reply_receipt_is_between_the_reply_and_today() {
    let (con, _) = at_status(Status::Concluded);
    let early = Action::Reply {
        date: Some(d("2026-04-22")),
        received_on: Some(d("2026-04-21")),
        method: None,
    };
    assert_invalid(run(&con, &early, "2026-04-30"), "received_on");
    let future = Action::Reply {
        date: Some(d("2026-04-22")),
        received_on: Some(d("2026-05-01")),
        method: None,
    };
    assert_invalid(run(&con, &future, "2026-04-30"), "received_on");
    // Without a receipt date, the reply date counts.
    let plain = Action::Reply {
        date: Some(d("2026-04-22")),
        received_on: None,
        method: Some("当面送达".into()),
    };
    let out = run(&con, &plain, "2026-04-30").unwrap().case;
    assert_eq!(
        out.progress.reply.as_ref().unwrap().received_on,
        d("2026-04-22")
    );
    assert_eq!(out.progress.reply.as_ref().unwrap().method, "当面送达");
    assert_eq!(
        out.open_deadline(DeadlineKind::ReviewRequest)
            .unwrap()
            .start_on,
        d("2026-04-22")
    );
}

#[test]
fn review_opinion_receipt_is_between_the_opinion_and_today() {
    let (case, _) = at_status(Status::ReviewRequested);
    let early = conclude_review("2026-05-20", "2026-05-19");
    assert_invalid(run(&case, &early, "2026-05-30"), "received_on");
    let future = conclude_review("2026-05-20", "2026-05-31");
    assert_invalid(run(&case, &future, "2026-05-30"), "received_on");
}

// ---------------------------------------------------------------------------------------------
// Re-review, revocation, supervision, rating.

#[test]
fn conclude_re_review_terminates() {
    let (case, _) = at_status(Status::ReReviewRequested);
    let out = run(
        &case,
        &sample(ActionKind::ConcludeReReview, d("2026-07-01")),
        LATE,
    )
    .unwrap();
    assert_eq!(out.case.status, Status::Terminated);
    assert!(out.summary.contains("三级终结"));
    // Nothing is left to do but the documents, which this test never issued.
    assert_eq!(
        open_kinds(&out.case),
        vec![DeadlineKind::Notice, DeadlineKind::HandlingOpinion]
    );
    let rr = out.case.progress.re_review.as_ref().unwrap();
    assert_eq!(rr.opinion.as_ref().unwrap().decision, Decision::Uphold);
}

#[test]
fn a_revoked_review_opinion_goes_back_to_review_not_to_first_level_handling() {
    // Reviewed on 05-28 (received 05-29); the re-review window is open.
    let (case, _) = at_status(Status::Reviewed);
    let review_opinion = case
        .progress
        .review
        .as_ref()
        .unwrap()
        .opinion
        .clone()
        .unwrap();
    let revoke = Action::Revoke {
        date: Some(d("2026-06-01")),
        reason: "复查认定事实不清".into(),
        by: Some("揭阳市人民政府".into()),
        authority: None,
        due_on: None,
    };
    let out = run(&case, &revoke, LATE).unwrap();
    let next = out.case;
    assert_eq!(next.status, Status::ReviewRequested);
    // One open deadline: a new review period from the revocation, 06-01 + 30 = Wed 07-01.
    assert_eq!(open_kinds(&next), vec![DeadlineKind::Review]);
    let r = next.open_deadline(DeadlineKind::Review).unwrap();
    assert_eq!((r.start_on, r.due_on), (d("2026-06-01"), d("2026-07-01")));
    let w = next
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::ReReviewRequest)
        .unwrap();
    assert_eq!(w.met_on, Some(d("2026-06-01")));
    let rev = &next.progress.revoked[0];
    assert_eq!(rev.annulled, review_opinion);
    assert_eq!(rev.level, OpinionLevel::Review);
    assert_eq!(rev.by.as_deref(), Some("揭阳市人民政府"));
    // The handling opinion and its reply stand; the review is open again with its organ.
    assert!(next.progress.opinion.is_some() && next.progress.reply.is_some());
    let review = next.progress.review.as_ref().unwrap();
    assert!(review.opinion.is_none());
    assert_eq!(review.organ, case.progress.review.as_ref().unwrap().organ);
    assert!(out.summary.contains("撤销原复查意见"), "{}", out.summary);
    let allowed = allowed_actions(&next, &ctx(d("2026-06-02")));
    assert!(allowed.contains(&ActionKind::ConcludeReview));
    assert!(!allowed.contains(&ActionKind::Conclude));
}

#[test]
fn a_revoked_handling_opinion_goes_to_the_competent_organ_by_the_date_set() {
    let (case, last) = at_status(Status::Replied);
    let organ = Authority {
        name: "揭阳市榕城区人力资源和社会保障局".into(),
        kind: AuthorityKind::Administrative,
    };
    let revoke = Action::Revoke {
        date: Some(d(last)),
        reason: "该事项属于劳动保障监察职责，原办理机关无权处理".into(),
        by: Some("揭阳市榕城区人民政府".into()),
        authority: Some(organ.clone()),
        due_on: Some(d(last) + Duration::days(20)),
    };
    let next = run(&case, &revoke, LATE).unwrap().case;
    assert_eq!(next.status, Status::Accepted);
    // The disposal names the new organ (the status and the disposal agree).
    match &next.progress.disposal {
        Some(Disposal::Accepted { on, authority }) => {
            assert_eq!((*on, authority.as_ref()), (d(last), Some(&organ)));
        }
        other => panic!("{other:?}"),
    }
    let h = next.open_deadline(DeadlineKind::Handling).unwrap();
    assert_eq!(h.due_on, d(last) + Duration::days(20));
    assert!(matches!(h.basis, Basis::Fixed { .. }));
    assert!(
        h.explanation.contains("揭阳市榕城区人民政府"),
        "{}",
        h.explanation
    );
    let rev = &next.progress.revoked[0];
    assert_eq!(
        (rev.level, rev.authority.as_ref()),
        (OpinionLevel::Handling, Some(&organ))
    );
    // A date that is not after the revocation is refused.
    let mut early = revoke.clone();
    if let Action::Revoke { due_on, .. } = &mut early {
        *due_on = Some(d(last));
    }
    assert_invalid(run(&case, &early, LATE), "due_on");
}

#[test]
fn a_litigation_related_matter_revoked_goes_only_to_a_political_legal_organ() {
    let (mut case, last) = at_status(Status::Concluded);
    case.litigation_related = true;
    let mut revoke = sample(ActionKind::Revoke, d(last));
    if let Action::Revoke { authority, .. } = &mut revoke {
        *authority = Some(admin());
    }
    let why = assert_invalid(run(&case, &revoke, LATE), "authority");
    assert!(why.contains("政法机关"), "{why}");
    if let Action::Revoke { authority, .. } = &mut revoke {
        *authority = Some(court());
    }
    assert_eq!(
        run(&case, &revoke, LATE).unwrap().case.status,
        Status::Accepted
    );
}

#[test]
fn review_and_re_review_uphold_change_or_revoke_the_opinion_below() {
    // Art. 32: a handling opinion supports, explains or rejects; review decides on it.
    let (acc, last) = at_status(Status::Accepted);
    let mut uphold = sample(ActionKind::Conclude, d(last));
    if let Action::Conclude { decision, .. } = &mut uphold {
        *decision = Decision::Uphold;
    }
    let why = assert_invalid(run(&acc, &uphold, LATE), "decision");
    assert!(
        why.contains("支持、解释说明、不予支持") && why.contains("第三十二条"),
        "{why}"
    );
    let (rq, last) = at_status(Status::ReviewRequested);
    let mut support = sample(ActionKind::ConcludeReview, d(last));
    if let Action::ConcludeReview { decision, .. } = &mut support {
        *decision = Decision::Support;
    }
    let why = assert_invalid(run(&rq, &support, LATE), "decision");
    assert!(
        why.contains("维持、变更、撤销") && why.contains("第三十五条"),
        "{why}"
    );
    for decision in [Decision::Uphold, Decision::Change] {
        let mut a = sample(ActionKind::ConcludeReview, d(last));
        if let Action::ConcludeReview { decision: x, .. } = &mut a {
            *x = decision;
        }
        let out = run(&rq, &a, LATE).unwrap();
        assert_eq!(out.case.status, Status::Reviewed, "{decision:?}");
    }
    // 撤销 on review: the handling opinion is annulled and handled again by the organ named.
    let organ = Authority {
        name: "揭阳市榕城区市场监督管理局".into(),
        kind: AuthorityKind::Administrative,
    };
    let mut revoke = sample(ActionKind::ConcludeReview, d(last));
    if let Action::ConcludeReview {
        decision,
        authority,
        ..
    } = &mut revoke
    {
        *decision = Decision::Revoke;
        *authority = Some(organ.clone());
    }
    let out = run(&rq, &revoke, LATE).unwrap();
    assert_eq!(out.case.status, Status::Accepted);
    assert!(
        out.summary.starts_with("复查办结（撤销）"),
        "{}",
        out.summary
    );
    let rev = &out.case.progress.revoked[0];
    assert_eq!(rev.annulled, rq.progress.opinion.clone().unwrap());
    assert_eq!(
        rev.by,
        Some(rq.progress.review.as_ref().unwrap().organ.clone())
    );
    assert_eq!(
        workflow::handling_organ(&out.case),
        Some(organ.name.as_str())
    );
    // 撤销 on re-review: the review opinion is annulled and the matter reviewed again.
    let (rr, last) = at_status(Status::ReReviewRequested);
    let mut revoke = sample(ActionKind::ConcludeReReview, d(last));
    if let Action::ConcludeReReview { decision, .. } = &mut revoke {
        *decision = Decision::Revoke;
    }
    let out = run(&rr, &revoke, LATE).unwrap();
    assert_eq!(out.case.status, Status::ReviewRequested);
    assert_eq!(out.case.progress.revoked[0].level, OpinionLevel::Review);
    assert!(out.case.progress.opinion.is_some());
}

#[test]
fn a_re_review_hearing_is_not_counted_in_the_re_review_period() {
    let (case, last) = at_status(Status::ReReviewRequested);
    let before = case.open_deadline(DeadlineKind::ReReview).unwrap().clone();
    let requested = case.progress.re_review.as_ref().unwrap().requested_on;
    let from = requested + Duration::days(3);
    let hearing = Action::Hearing {
        date: Some(from + Duration::days(2)),
        held_from: from,
        held_to: from + Duration::days(1),
        participants: "信访人、复查机关代表、听证员三人".into(),
        outcome: "听证员一致认为复查意见事实清楚".into(),
    };
    let today = (from + Duration::days(2)).max(d(last));
    let out = decide(&case, &hearing, &ctx(today)).unwrap();
    // Art. 36: the two days of the hearing move the period by two days (then by the
    // calendar, to a working day).
    let after = out.case.open_deadline(DeadlineKind::ReReview).unwrap();
    let moved = before.due_on + Duration::days(2);
    let cal = calendar();
    let expected = if cal.is_working_day(moved) {
        moved
    } else {
        cal.roll_forward(moved).0
    };
    assert_eq!(after.due_on, expected);
    assert!(
        after.explanation.contains("听证2日不计入期限"),
        "{}",
        after.explanation
    );
    assert_eq!(out.case.progress.hearings.len(), 1);
    assert_eq!(out.case.progress.hearings[0].level, OpinionLevel::ReReview);
    assert!(out.summary.contains("第三十六条"), "{}", out.summary);
    // A hearing before the request, or ending before it began, is refused.
    let mut early = hearing.clone();
    if let Action::Hearing { held_from, .. } = &mut early {
        *held_from = requested - Duration::days(1);
    }
    assert_invalid(decide(&case, &early, &ctx(today)), "held_from");
    // In review it is recorded; the review period does not move.
    let (rq, last) = at_status(Status::ReviewRequested);
    let h = sample(ActionKind::Hearing, d(last));
    let out = run(&rq, &h, LATE).unwrap();
    assert_eq!(
        out.case.open_deadline(DeadlineKind::Review),
        rq.open_deadline(DeadlineKind::Review)
    );
    assert_eq!(out.case.progress.hearings[0].level, OpinionLevel::Review);
}

#[test]
fn revoke_annuls_the_handling_opinion_when_it_is_the_newest() {
    for status in [Status::Concluded, Status::Replied, Status::ReviewRequested] {
        let (case, last) = at_status(status);
        let handling_opinion = case.progress.opinion.clone().unwrap();
        let next = step_kind(&case, ActionKind::Revoke, last);
        assert_eq!(next.status, Status::Accepted);
        assert_eq!(
            next.progress.revoked[0].annulled, handling_opinion,
            "{status:?}"
        );
        assert_eq!(
            open_kinds(&next),
            vec![DeadlineKind::Handling],
            "{status:?}"
        );
        assert_eq!(
            next.open_deadline(DeadlineKind::Handling).unwrap().start_on,
            d(last)
        );
    }
    // In re-review the newest written opinion is the review's.
    let (case, last) = at_status(Status::ReReviewRequested);
    let review = case
        .progress
        .review
        .as_ref()
        .unwrap()
        .opinion
        .clone()
        .unwrap();
    let next = step_kind(&case, ActionKind::Revoke, last);
    assert_eq!(next.progress.revoked[0].annulled, review);
}

#[test]
fn revoked_twice_keeps_both_records() {
    let (case, _) = at_status(Status::Concluded);
    let once = step_kind(&case, ActionKind::Revoke, "2026-04-21");
    let again = step_kind(&once, ActionKind::Conclude, "2026-05-10");
    let twice = step_kind(&again, ActionKind::Revoke, "2026-05-11");
    assert_eq!(twice.progress.revoked.len(), 2);
    assert_eq!(twice.progress.revoked[1].annulled.on, d("2026-05-10"));
    assert_eq!(
        twice
            .deadlines
            .iter()
            .filter(|x| x.kind == DeadlineKind::Handling)
            .count(),
        3
    );
    assert_eq!(open_kinds(&twice), vec![DeadlineKind::Handling]);
}

#[test]
fn supervise_records_without_changing_status() {
    for status in [
        Status::Registered,
        Status::Accepted,
        Status::Assigned,
        Status::Concluded,
        Status::ReviewRequested,
        Status::ReReviewRequested,
    ] {
        let (case, last) = at_status(status);
        let once = step_kind(&case, ActionKind::Supervise, last);
        assert_eq!(once.status, status);
        assert_eq!(once.deadlines, case.deadlines, "{status:?}");
        assert_eq!(once.progress.disposal, case.progress.disposal);
        let s = &once.progress.supervisions;
        assert_eq!(s.len(), 1);
        assert_eq!(s[0].on, d(last));
        assert_eq!(s[0].note, "请加快办理");
        assert_eq!(s[0].authority.as_deref(), Some("榕城区自然资源局"));
        let twice = step_kind(&once, ActionKind::Supervise, last);
        assert_eq!(twice.progress.supervisions.len(), 2);
    }
}

#[test]
fn satisfaction_is_rated_once() {
    let (case, last) = at_status(Status::Replied);
    let rated = step_kind(&case, ActionKind::RateSatisfaction, last);
    assert_eq!(rated.status, Status::Replied);
    assert_eq!(
        rated.progress.satisfaction,
        Some(Satisfaction::BasicallySatisfied)
    );
    assert!(!allowed_actions(&rated, &ctx(d(last))).contains(&ActionKind::RateSatisfaction));
    assert_forbidden(
        run(&rated, &sample(ActionKind::RateSatisfaction, d(last)), LATE),
        Status::Replied,
        ActionKind::RateSatisfaction,
    );
    // The rating survives the next steps.
    let rq = step_kind(&rated, ActionKind::RequestReview, "2026-05-01");
    assert_eq!(
        rq.progress.satisfaction,
        Some(Satisfaction::BasicallySatisfied)
    );
}

#[test]
fn late_acceptance_meets_disposal_late() {
    // Received 02-01: disposal due 02-24 (after 春节); accepted 02-25.
    let reg = registered("2026-02-01");
    let acc = step_kind(&reg, ActionKind::Accept, "2026-02-25");
    let disposal = acc
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::Disposal)
        .unwrap();
    assert_eq!(disposal.due_on, d("2026-02-24"));
    assert_eq!(
        assess(disposal, d("2026-02-25"), calendar(), rules()).1,
        DeadlineState::MetLate
    );
    // Accepted on the due day itself: on time.
    let acc = step_kind(&reg, ActionKind::Accept, "2026-02-24");
    let disposal = acc
        .deadlines
        .iter()
        .find(|x| x.kind == DeadlineKind::Disposal)
        .unwrap();
    assert_eq!(
        assess(disposal, d("2026-02-25"), calendar(), rules()).1,
        DeadlineState::MetOnTime
    );
}

#[test]
fn handling_follows_an_edited_rule_set() {
    // An office counting handling in working days: 20 working days from Thu 02-12 →
    // 13, 14 (make-up), 24, 25, 26, 27, 28 (make-up), 03-02..06 (12), 09..13 (17), 16, 17, 18.
    let mut r = RuleSet::default();
    let h = r
        .rules
        .iter_mut()
        .find(|x| x.kind == DeadlineKind::Handling)
        .unwrap();
    h.days = 20;
    h.unit = crate::domain::period::PeriodUnit::WorkingDays;
    let c = Context {
        today: d(LATE),
        rules: &r,
        calendar: calendar(),
        earlier: None,
        channels: channels(),
        level_skip: None,
    };
    let reg = registered("2026-02-10");
    let out = decide(&reg, &sample(ActionKind::Accept, d("2026-02-12")), &c).unwrap();
    assert_eq!(
        out.case
            .open_deadline(DeadlineKind::Handling)
            .unwrap()
            .due_on,
        d("2026-03-18")
    );
}

/// Art. 23: deciding on a matter itself, the office owes the petitioner a written notice
/// within 15 days of receipt (not of the decision); forwarding or assigning does not.
#[test]
fn a_decision_owes_the_written_notice_within_15_days_of_receipt() {
    // Received Mon 2026-09-21: 15 days end Tue 10-06, inside the National Day holiday
    // (10-01..10-07 off): the notice is due on the first working day after, Thu 10-08.
    let reg = registered("2026-09-21");
    for kind in [ActionKind::Accept, ActionKind::Decline] {
        let out = run(&reg, &sample(kind, d("2026-09-25")), LATE).unwrap();
        let notice = out.case.open_deadline(DeadlineKind::Notice).unwrap();
        assert_eq!(
            (notice.start_on, notice.due_on),
            (d("2026-09-21"), d("2026-10-08")),
            "{kind:?}"
        );
        assert!(
            notice.explanation.contains("第二十三条"),
            "{}",
            notice.explanation
        );
    }
    for kind in [ActionKind::Forward, ActionKind::Assign] {
        let out = run(&reg, &sample(kind, d("2026-09-25")), LATE).unwrap();
        assert!(
            out.case
                .deadlines
                .iter()
                .all(|x| x.kind != DeadlineKind::Notice),
            "{kind:?}"
        );
    }
}

// Arts. 29–31: the kind of petition decides what may be done with it.

fn of_kind(purpose: Purpose) -> Case {
    let mut new = new_case("2026-03-02");
    new.purpose = purpose;
    build(new)
}

#[test]
fn suggestions_and_accusations_go_to_the_organ_concerned_and_are_never_reviewed() {
    for (purpose, article) in [
        (Purpose::Suggestion, "第二十九条"),
        (Purpose::Accusation, "第三十条"),
    ] {
        let reg = of_kind(purpose);
        let on = d("2026-03-03");
        let c = ctx(on);
        let allowed = allowed_actions(&reg, &c);
        for kind in [ActionKind::Accept, ActionKind::Decline] {
            assert!(!allowed.contains(&kind), "{purpose:?} × {kind:?}");
            let reason = assert_forbidden(
                decide(&reg, &sample(kind, on), &c),
                Status::Registered,
                kind,
            );
            assert!(reason.contains(article), "{reason}");
        }
        for kind in [
            ActionKind::Forward,
            ActionKind::Assign,
            ActionKind::Supervise,
        ] {
            assert!(allowed.contains(&kind), "{purpose:?} × {kind:?}");
        }
        // The organ's answer comes back and is passed on; no review window opens.
        let assigned = step_kind(&reg, ActionKind::Assign, "2026-03-04");
        let concluded = step_kind(&assigned, ActionKind::Conclude, "2026-04-20");
        let replied = step(
            &concluded,
            Action::Reply {
                date: Some(d("2026-04-21")),
                received_on: Some(d("2026-04-23")),
                method: None,
            },
        );
        assert_eq!(replied.status, Status::Replied);
        assert!(
            replied
                .deadlines
                .iter()
                .all(|x| x.kind != DeadlineKind::ReviewRequest),
            "{:?}",
            replied.deadlines
        );
        let on = d("2026-04-24");
        let c = ctx(on);
        assert!(!allowed_actions(&replied, &c).contains(&ActionKind::RequestReview));
        let reason = assert_forbidden(
            decide(&replied, &sample(ActionKind::RequestReview, on), &c),
            Status::Replied,
            ActionKind::RequestReview,
        );
        assert!(reason.contains("第三十五条"), "{reason}");
    }
}

#[test]
fn a_claim_is_the_one_kind_that_is_accepted_and_reviewed() {
    let reg = of_kind(Purpose::Claim);
    let allowed = allowed_actions(&reg, &ctx(d("2026-03-03")));
    assert!(allowed.contains(&ActionKind::Accept) && allowed.contains(&ActionKind::Decline));
    let (replied, last) = at_status(Status::Replied);
    assert_eq!(replied.purpose, Purpose::Claim);
    assert!(replied
        .deadlines
        .iter()
        .any(|x| x.kind == DeadlineKind::ReviewRequest));
    let on = d(last) + Duration::days(1);
    assert!(allowed_actions(&replied, &ctx(on)).contains(&ActionKind::RequestReview));
}

#[test]
fn an_accusation_goes_to_discipline_inspection_not_to_a_petition_office() {
    let reg = of_kind(Purpose::Accusation);
    let to = |kind: AuthorityKind| Action::Forward {
        date: Some(d("2026-03-03")),
        authority: Authority {
            name: "中共揭阳市榕城区纪律检查委员会".into(),
            kind,
        },
        note: None,
    };
    let reason = assert_forbidden(
        run(&reg, &to(AuthorityKind::Petition), "2026-03-03"),
        Status::Registered,
        ActionKind::Forward,
    );
    assert!(reason.contains("第三十条"), "{reason}");
    let out = run(&reg, &to(AuthorityKind::Discipline), "2026-03-03").unwrap();
    assert_eq!(out.case.status, Status::Forwarded);
}

#[test]
fn an_anonymous_accusation_is_registered_and_an_anonymous_claim_is_not() {
    let mut accusation = new_case("2026-03-02");
    accusation.purpose = Purpose::Accusation;
    accusation.petitioners.clear();
    let now = morning("2026-03-02") + Duration::hours(1);
    let ok = registration::validate(accusation, now).expect("anonymous accusation");
    assert!(ok.petitioners.is_empty());
    let mut claim = new_case("2026-03-02");
    claim.petitioners.clear();
    match registration::validate(claim, now) {
        Err(WorkflowError::Invalid { field, reason }) => {
            assert_eq!(field, "petitioners");
            assert!(reason.contains("匿名"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_litigation_related_matter_is_declined_only_towards_a_political_legal_organ() {
    let mut new = new_case("2026-03-02");
    new.litigation_related = true;
    let reg = build(new);
    let decline = |authority: Authority| Action::Decline {
        date: Some(d("2026-03-03")),
        reason: "属于法院执行程序".into(),
        article: "《信访工作条例》第二十八条".into(),
        statutory_channel: "向人民法院申请强制执行".into(),
        authority,
    };
    let reason = assert_forbidden(
        run(&reg, &decline(admin()), "2026-03-03"),
        Status::Registered,
        ActionKind::Decline,
    );
    assert!(
        reason.contains("政法机关") && reason.contains("第二十八条"),
        "{reason}"
    );
    let out = run(&reg, &decline(court()), "2026-03-03").unwrap();
    assert_eq!(out.case.status, Status::Declined);
}

// Art. 31: the statutory-channel row a case is classified by decides its road.

fn classify(row_id: &str) -> Action {
    Action::Classify {
        date: Some(d("2026-03-03")),
        row_id: row_id.into(),
        proposed: vec!["wage-arrears".into(), row_id.into()],
    }
}

#[test]
fn a_classification_sets_the_kind_and_keeps_the_row_as_it_read() {
    let list = channels();
    let reg = registered("2026-03-02");
    for row in &list.rows {
        let out = run(&reg, &classify(&row.id), "2026-03-03").unwrap();
        assert_eq!(out.case.status, Status::Registered);
        assert_eq!(out.case.purpose, row.petition_kind, "{}", row.id);
        assert_eq!(out.case.litigation_related, row.litigation_related);
        let routing = out.case.progress.routing.expect("routing recorded");
        assert_eq!(routing.list_version, list.version);
        assert_eq!(
            (routing.row.id.as_str(), routing.row.no),
            (row.id.as_str(), row.no)
        );
        assert!(routing.row.terms.is_empty(), "the terms stay with the list");
        assert_eq!(routing.proposed, ["wage-arrears", row.id.as_str()]);
        assert!(out.summary.contains(&row.problem), "{}", out.summary);
    }
    let reason = assert_invalid(run(&reg, &classify("no-such-row"), "2026-03-03"), "row_id");
    assert!(reason.contains("no-such-row"), "{reason}");
    // Classified once, a case may be classified again until it is disposed of.
    let once = step(&reg, classify("wage-arrears"));
    let twice = step(&once, classify("other"));
    assert_eq!(twice.progress.routing.as_ref().unwrap().row.id, "other");
    let accepted = step_kind(&twice, ActionKind::Accept, "2026-03-04");
    assert!(!allowed_actions(&accepted, &ctx(d("2026-03-05"))).contains(&ActionKind::Classify));
}

#[test]
fn only_a_claim_for_the_petition_procedure_is_accepted_once_classified() {
    let reg = registered("2026-03-02");
    let on = d("2026-03-04");
    for row in &channels().rows {
        let classified = step(&reg, classify(&row.id));
        let allowed = allowed_actions(&classified, &ctx(on));
        assert_eq!(
            allowed.contains(&ActionKind::Accept),
            row.is_petition_procedure(),
            "{} (route {}, {:?})",
            row.id,
            row.art31_route,
            row.petition_kind
        );
        if row.petition_kind == Purpose::Claim && !row.litigation_related && row.art31_route != 6 {
            let reason = assert_forbidden(
                decide(&classified, &sample(ActionKind::Accept, on), &ctx(on)),
                Status::Registered,
                ActionKind::Accept,
            );
            assert!(
                reason.contains("第三十一条") && reason.contains(&row.problem),
                "{reason}"
            );
        }
        // Every row leaves the case a lawful road: declined to its channel or sent on.
        assert!(allowed.contains(&ActionKind::Forward), "{}", row.id);
    }
}

// 诉访分离 in one step (Arts. 22, 28).

fn litigation(channel: Channel) -> Case {
    let mut new = new_case("2026-03-02");
    new.channel = channel;
    new.litigation_related = true;
    if channel == Channel::Visit {
        new.visit = Some(crate::domain::case::VisitInfo {
            person_count: 1,
            batch_count: 1,
        });
    }
    build(new)
}

#[test]
fn a_litigation_related_visit_is_declined_towards_the_court_with_the_lawyers_window() {
    let reg = litigation(Channel::Visit);
    let on = d("2026-03-03");
    assert!(allowed_actions(&reg, &ctx(on)).contains(&ActionKind::SeparateLitigation));
    let out = decide(&reg, &sample(ActionKind::SeparateLitigation, on), &ctx(on)).unwrap();
    assert_eq!(out.case.status, Status::Declined);
    match &out.case.progress.disposal {
        Some(Disposal::Declined {
            article,
            authority,
            lawyer_window,
            reason,
            ..
        }) => {
            assert!(article.contains("第二十八条"), "{article}");
            assert_eq!(authority, &court());
            assert_eq!(lawyer_window.as_deref(), Some("区信访局律师接访窗口"));
            assert!(reason.contains("涉法涉诉"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    assert!(out.summary.starts_with("诉访分离") && out.summary.contains("律师接访窗口"));
    // The written notice is owed (and issued in the same step by the desk).
    assert!(out.case.open_deadline(DeadlineKind::Notice).is_some());
}

#[test]
fn a_litigation_related_letter_is_forwarded_to_the_political_legal_organ() {
    for channel in [Channel::Letter, Channel::Online] {
        let reg = litigation(channel);
        let on = d("2026-03-03");
        let out = decide(&reg, &sample(ActionKind::SeparateLitigation, on), &ctx(on)).unwrap();
        assert_eq!(out.case.status, Status::Forwarded, "{channel:?}");
        assert!(matches!(
            out.case.progress.disposal,
            Some(Disposal::Forwarded { ref authority, .. }) if authority == &court()
        ));
        assert!(out
            .case
            .open_deadline(DeadlineKind::ForwardObjection)
            .is_some());
    }
}

#[test]
fn separation_is_refused_for_an_ordinary_matter_and_towards_a_non_political_legal_organ() {
    let on = d("2026-03-03");
    let plain = registered("2026-03-02");
    assert!(!allowed_actions(&plain, &ctx(on)).contains(&ActionKind::SeparateLitigation));
    let reason = assert_forbidden(
        decide(
            &plain,
            &sample(ActionKind::SeparateLitigation, on),
            &ctx(on),
        ),
        Status::Registered,
        ActionKind::SeparateLitigation,
    );
    assert!(reason.contains("第二十八条"), "{reason}");
    for channel in [Channel::Visit, Channel::Letter] {
        let reg = litigation(channel);
        let to_bureau = Action::SeparateLitigation {
            date: Some(on),
            authority: admin(),
            reason: String::new(),
            statutory_channel: "向人民法院起诉".into(),
            lawyer_window: None,
            note: None,
        };
        let reason = assert_forbidden(
            decide(&reg, &to_bureau, &ctx(on)),
            Status::Registered,
            ActionKind::SeparateLitigation,
        );
        assert!(reason.contains("政法机关"), "{reason}");
    }
    // A visit needs the channel to tell the visitor of.
    let mut no_channel = sample(ActionKind::SeparateLitigation, on);
    if let Action::SeparateLitigation {
        statutory_channel, ..
    } = &mut no_channel
    {
        statutory_channel.clear();
    }
    assert_invalid(
        decide(&litigation(Channel::Visit), &no_channel, &ctx(on)),
        "statutory_channel",
    );
}

// A forwarded matter followed to its result: the organ's periods run from its own dates.

fn forwarded_on(date: &str) -> Case {
    let reg = registered("2026-03-02");
    step(
        &reg,
        Action::Forward {
            date: Some(d(date)),
            authority: admin(),
            note: None,
        },
    )
}

fn organ_step(case: &Case, action: Action) -> Result<Case, WorkflowError> {
    run(case, &action, LATE).map(|o| o.case)
}

#[test]
fn the_objection_window_counts_from_the_organs_own_receipt() {
    let fwd = forwarded_on("2026-03-03");
    // Until the receipt is known, the window counts from the forwarding day: five working
    // days after Tuesday 3 March end on Tuesday 10 March.
    assert_eq!(
        fwd.open_deadline(DeadlineKind::ForwardObjection)
            .unwrap()
            .due_on,
        d("2026-03-10")
    );
    let received = step(
        &fwd,
        Action::OrganReceipt {
            date: Some(d("2026-03-09")),
        },
    );
    assert_eq!(received.status, Status::Forwarded);
    // Received Monday 9 March: 10, 11, 12, 13, 16 March.
    let window = received
        .open_deadline(DeadlineKind::ForwardObjection)
        .unwrap();
    assert_eq!(
        (window.start_on, window.due_on),
        (d("2026-03-09"), d("2026-03-16"))
    );
    assert_eq!(
        received
            .deadlines
            .iter()
            .filter(|x| x.kind == DeadlineKind::ForwardObjection)
            .count(),
        1
    );
    // The organ tells the petitioner within 15 days of its receipt: 24 March.
    assert_eq!(
        received
            .open_deadline(DeadlineKind::OrganNotice)
            .unwrap()
            .due_on,
        d("2026-03-24")
    );
    assert!(DeadlineKind::OrganNotice.is_duty());

    let objection = |on: &str| Action::OrganObjection {
        date: Some(d(on)),
        reason: "该事项属于街道办事处职责".into(),
    };
    let late = organ_step(&received, objection("2026-03-17")).unwrap_err();
    match late {
        WorkflowError::Invalid { field, reason } => {
            assert_eq!(field, "date");
            assert!(
                reason.contains("2026年3月16日") && reason.contains("第二十三条"),
                "{reason}"
            );
        }
        other => panic!("{other:?}"),
    }
    // Counted from the forwarding day this would be late; from the receipt it is in time.
    let back = organ_step(&received, objection("2026-03-13")).unwrap();
    assert_eq!(back.status, Status::Registered);
    assert!(back.progress.disposal.is_none() && back.progress.organ.is_none());
    assert_eq!(back.progress.objections.len(), 1);
    assert_eq!(back.progress.objections[0].organ, admin().name);
    assert!(back.open_deadline(DeadlineKind::ForwardObjection).is_none());
    assert!(back.open_deadline(DeadlineKind::OrganNotice).is_none());
    // Disposed of again within 15 days of the return: Saturday 28 March rolls to Monday.
    assert_eq!(
        back.open_deadline(DeadlineKind::Disposal).unwrap().due_on,
        d("2026-03-30")
    );
    let again = step_kind(&back, ActionKind::Assign, "2026-03-16");
    assert_eq!(again.status, Status::Assigned);
}

#[test]
fn a_forwarded_case_is_concluded_and_replied_once_the_organ_accepted_it() {
    let fwd = forwarded_on("2026-03-03");
    let on = d("2026-03-20");
    assert!(!allowed_actions(&fwd, &ctx(on)).contains(&ActionKind::Conclude));
    let reason = assert_forbidden(
        decide(&fwd, &sample(ActionKind::Conclude, on), &ctx(on)),
        Status::Forwarded,
        ActionKind::Conclude,
    );
    assert!(reason.contains("受理后"), "{reason}");

    let accepted = step(
        &fwd,
        Action::OrganAcceptance {
            date: Some(d("2026-03-12")),
        },
    );
    let organ = accepted.progress.organ.clone().unwrap();
    // Accepting implies receiving.
    assert_eq!(
        (organ.received_on, organ.accepted_on),
        (Some(d("2026-03-12")), Some(d("2026-03-12")))
    );
    assert!(accepted
        .open_deadline(DeadlineKind::ForwardObjection)
        .is_none());
    // 60 days from Thursday 12 March: Monday 11 May.
    assert_eq!(
        accepted
            .open_deadline(DeadlineKind::OrganHandling)
            .unwrap()
            .due_on,
        d("2026-05-11")
    );
    let c = ctx(on);
    let allowed = allowed_actions(&accepted, &c);
    assert!(allowed.contains(&ActionKind::Conclude) && allowed.contains(&ActionKind::Supervise));
    assert!(!allowed.contains(&ActionKind::OrganObjection));
    assert!(!allowed.contains(&ActionKind::OrganAcceptance));

    let concluded = run(
        &accepted,
        &sample(ActionKind::Conclude, d("2026-04-20")),
        LATE,
    )
    .unwrap();
    assert!(
        concluded.summary.starts_with(&admin().name),
        "{}",
        concluded.summary
    );
    let concluded = concluded.case;
    assert_eq!(concluded.status, Status::Concluded);
    assert!(concluded
        .open_deadline(DeadlineKind::OrganHandling)
        .is_none());
    let replied = step(
        &concluded,
        Action::Reply {
            date: Some(d("2026-04-21")),
            received_on: Some(d("2026-04-22")),
            method: None,
        },
    );
    assert_eq!(replied.status, Status::Replied);
    assert!(replied.open_deadline(DeadlineKind::ReviewRequest).is_some());
}

#[test]
fn a_claim_settled_by_agreement_ends_without_an_opinion_to_review() {
    // Art. 33: the agreement ends the claim; no handling opinion, so no review window.
    let (accepted, last) = at_status(Status::Accepted);
    let settle = sample(ActionKind::Settle, d(last) + Duration::days(5));
    let out = run(&accepted, &settle, LATE).unwrap();
    assert_eq!(out.case.status, Status::Concluded);
    assert!(out.case.progress.opinion.is_none());
    let s = out.case.progress.settlement.as_ref().unwrap();
    assert_eq!(s.mode, SettlementMode::Mediation);
    assert!(s.agreement.contains("补发补偿款差额"));
    assert!(out.case.open_deadline(DeadlineKind::Handling).is_none());
    assert!(
        out.summary.contains("调解") && out.summary.contains("第三十三条"),
        "{}",
        out.summary
    );

    let replied = step_kind(&out.case, ActionKind::Reply, "2026-05-06");
    assert_eq!(replied.status, Status::Replied);
    assert!(replied.open_deadline(DeadlineKind::ReviewRequest).is_none());
    let c = ctx(d(LATE));
    for kind in [ActionKind::RequestReview, ActionKind::Revoke] {
        assert!(!allowed_actions(&replied, &c).contains(&kind), "{kind:?}");
        let reason = assert_forbidden(
            run(&replied, &sample(kind, d("2026-05-07")), LATE),
            Status::Replied,
            kind,
        );
        assert!(reason.contains("第三十三条"), "{reason}");
    }

    // The agreement and who made it are required.
    for field in ["parties", "agreement"] {
        let mut blank = settle.clone();
        if let Action::Settle {
            parties, agreement, ..
        } = &mut blank
        {
            *if field == "parties" {
                parties
            } else {
                agreement
            } = "  ".into();
        }
        assert_invalid(run(&accepted, &blank, LATE), field);
    }
    // A suggestion or an accusation is not settled between the sides.
    let assigned = step_kind(
        &of_kind(Purpose::Suggestion),
        ActionKind::Assign,
        "2026-03-04",
    );
    let reason = assert_forbidden(
        run(
            &assigned,
            &sample(ActionKind::Settle, d("2026-03-10")),
            LATE,
        ),
        Status::Assigned,
        ActionKind::Settle,
    );
    assert!(reason.contains("第三十三条"), "{reason}");
}
