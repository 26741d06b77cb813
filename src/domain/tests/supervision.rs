//! The supervision triggers, the escalation chain and the organ's response.

use chrono::{Datelike, Duration};

use super::workflow::{at_status, calendar, d, run, step};
use crate::domain::case::{Satisfaction, Status};
use crate::domain::period::DeadlineKind;
use crate::domain::supervision::{
    fired, suggest, EscalationStep, LaterPetition, SupervisionSettings, SupervisionTrigger as T,
};
use crate::domain::workflow::{Action, ActionKind, WorkflowError};

/// The office's settings checking only `triggers` (the sample cases also owe a notice).
fn checking(triggers: &[T]) -> SupervisionSettings {
    SupervisionSettings {
        triggers: triggers.to_vec(),
        ..SupervisionSettings::default()
    }
}

fn supervise(
    step_name: Option<&str>,
    on: &str,
    reply_by: &str,
    trigger: Option<(T, &str)>,
) -> Action {
    Action::Supervise {
        date: Some(d(on)),
        note: "请抓紧依法办理".into(),
        authority: Some("榕城区人力资源和社会保障局".into()),
        step: step_name.map(str::to_string),
        reply_by: Some(d(reply_by)),
        trigger: trigger.map(|(t, _)| t),
        basis: trigger.map(|(_, b)| b.to_string()),
    }
}

#[test]
fn a_handling_period_run_out_is_suggested_once_with_the_first_step() {
    let (case, _) = at_status(Status::Accepted);
    let due = case.open_deadline(DeadlineKind::Handling).unwrap().due_on;
    let settings = checking(&[T::HandlingOverdue]);
    assert!(
        fired(&case, &[], due, &settings).is_empty(),
        "not before the day after"
    );
    let today = due + Duration::days(1);
    let got = suggest(&case, &[], today, &settings, calendar(), &[]);
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0].trigger, T::HandlingOverdue);
    assert_eq!(got[0].basis, due.to_string());
    assert_eq!(got[0].step, "督办");
    assert!(got[0].reason.contains("办理期限"), "{}", got[0].reason);
    assert!(got[0].reply_by >= today + Duration::days(15));
    assert!(calendar().is_working_day(got[0].reply_by));

    let dismissed = [(T::HandlingOverdue, due.to_string())];
    assert!(suggest(&case, &[], today, &settings, calendar(), &dismissed).is_empty());
    let off = checking(&[T::Dissatisfied]);
    assert!(suggest(&case, &[], today, &off, calendar(), &[]).is_empty());
    let notice = fired(&case, &[], today, &SupervisionSettings::default());
    assert!(
        notice.iter().any(|f| f.0 == T::NoticeOverdue),
        "the unissued notice: {notice:?}"
    );

    let basis = due.to_string();
    let on = today.to_string();
    let by = (today + Duration::days(15)).to_string();
    let confirmed = step(
        &case,
        supervise(Some("督办"), &on, &by, Some((T::HandlingOverdue, &basis))),
    );
    assert!(
        fired(&confirmed, &[], today, &settings).is_empty(),
        "confirmed: not again"
    );
}

#[test]
fn an_unanswered_letter_escalates_and_one_response_answers_the_chain() {
    let (case, _) = at_status(Status::Accepted);
    let settings = checking(&[T::ResponseOverdue]);
    let first = step(
        &case,
        supervise(Some("督办"), "2026-03-10", "2026-03-25", None),
    );
    let reply = first.open_deadline(DeadlineKind::SupervisionReply).unwrap();
    assert_eq!(reply.due_on, d("2026-03-25"));
    assert_eq!(first.progress.supervisions[0].step, "督办");
    assert_eq!(settings.next_step(&first).name, "催办");

    let late = suggest(&first, &[], d("2026-03-26"), &settings, calendar(), &[]);
    assert_eq!(late.len(), 1, "{late:?}");
    assert_eq!(late[0].trigger, T::ResponseOverdue);
    assert_eq!(late[0].step, "催办");
    assert_eq!(
        late[0].authority.as_deref(),
        Some("榕城区人力资源和社会保障局")
    );

    let second = step(
        &first,
        supervise(
            Some("催办"),
            "2026-03-26",
            "2026-04-07",
            Some((T::ResponseOverdue, "2026-03-25")),
        ),
    );
    assert_eq!(settings.next_step(&second).name, "通报");
    let answered = step(
        &second,
        Action::RespondSupervision {
            date: Some(d("2026-04-01")),
            response: "已于3月30日约谈信访人，落实工资支付".into(),
        },
    );
    assert!(answered.progress.supervisions.iter().all(|s| !s.is_open()));
    assert!(answered
        .open_deadline(DeadlineKind::SupervisionReply)
        .is_none());
    assert_eq!(
        settings.next_step(&answered).name,
        "督办",
        "a new matter starts the chain again"
    );
    let again = run(
        &answered,
        &Action::RespondSupervision {
            date: Some(d("2026-04-02")),
            response: "再次回复".into(),
        },
        "2026-04-02",
    );
    assert!(
        matches!(
            again,
            Err(WorkflowError::Forbidden {
                action: ActionKind::RespondSupervision,
                ..
            })
        ),
        "{again:?}"
    );
}

#[test]
fn the_last_step_repeats_and_a_reply_date_must_follow_the_letter() {
    let (case, _) = at_status(Status::Accepted);
    let settings = SupervisionSettings {
        steps: vec![EscalationStep {
            name: "督办".into(),
            reply_days: 10,
        }],
        ..SupervisionSettings::default()
    };
    let first = step(
        &case,
        supervise(Some("督办"), "2026-03-10", "2026-03-20", None),
    );
    assert_eq!(settings.next_step(&first).name, "督办");
    let bad = run(
        &case,
        &supervise(None, "2026-03-10", "2026-03-10", None),
        "2026-03-10",
    );
    assert!(
        matches!(bad, Err(WorkflowError::Invalid { ref field, .. }) if field == "reply_by"),
        "{bad:?}"
    );
}

#[test]
fn a_reply_date_falling_on_a_day_off_moves_to_the_next_working_day() {
    let step = EscalationStep {
        name: "督办".into(),
        reply_days: 15,
    };
    // 2026-10-01 is National Day.
    let on = d("2026-09-16");
    let by = SupervisionSettings::reply_by(&step, on, calendar());
    assert!(by > d("2026-10-01") && by.month() == 10, "{by}");
    assert!(calendar().is_working_day(by));
    let mut day = d("2026-10-01");
    while day < by {
        assert!(
            !calendar().is_working_day(day),
            "{day} is a working day before {by}"
        );
        day = day.succ_opt().unwrap();
    }
}

#[test]
fn a_later_petition_is_a_repeat_in_handling_before_the_reply_and_not_carried_out_after() {
    let settings = checking(&[T::RepeatInHandling, T::NotCarriedOut, T::Dissatisfied]);
    let later = [LaterPetition {
        case_no: "445202-2026-000090".into(),
        received_on: d("2026-03-20"),
    }];
    let (accepted, _) = at_status(Status::Accepted);
    let today = d("2026-03-21");
    let got: Vec<T> = fired(&accepted, &later, today, &settings)
        .into_iter()
        .map(|f| f.0)
        .collect();
    assert_eq!(got, vec![T::RepeatInHandling]);
    let (replied, _) = at_status(Status::Replied);
    let got = fired(&replied, &later, d("2026-12-01"), &settings);
    assert!(
        got.iter()
            .any(|f| f.0 == T::NotCarriedOut && f.1 == "445202-2026-000090"),
        "{got:?}"
    );

    let mut unhappy = replied.clone();
    unhappy.progress.satisfaction = Some(Satisfaction::Dissatisfied);
    let got = fired(&unhappy, &[], d("2026-12-01"), &settings);
    assert!(got.iter().any(|f| f.0 == T::Dissatisfied), "{got:?}");
}

#[test]
fn settings_without_steps_or_with_a_nameless_step_are_refused() {
    let none = SupervisionSettings {
        steps: vec![],
        ..SupervisionSettings::default()
    };
    assert!(
        matches!(none.check(), Err(WorkflowError::Invalid { ref field, .. }) if field == "steps")
    );
    let blank = SupervisionSettings {
        steps: vec![EscalationStep {
            name: " ".into(),
            reply_days: 5,
        }],
        ..SupervisionSettings::default()
    };
    assert!(
        matches!(blank.check(), Err(WorkflowError::Invalid { ref field, .. }) if field == "steps[0].name")
    );
    assert!(SupervisionSettings::default().check().is_ok());
}
