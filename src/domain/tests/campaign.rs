//! A backlog case's states and sign-off, and the campaign board.

use super::workflow::d;
use crate::domain::attachment::AttachmentKind as K;
use crate::domain::campaign::{
    apply, board, BacklogAssignment, BacklogStanding, BacklogState as S, BacklogStep, BoardCase,
    NewCampaign,
};
use crate::Error;

fn progress(on: &str) -> BacklogStep {
    BacklogStep::Progress {
        on: d(on),
        content: "包案领导约见信访人，当面听取诉求".into(),
    }
}

fn conclude(on: &str, outcome: S) -> BacklogStep {
    BacklogStep::Conclude {
        on: d(on),
        outcome,
        note: String::new(),
    }
}

fn sign_off(on: &str) -> BacklogStep {
    BacklogStep::SignOff {
        on: d(on),
        evidence: vec!["a1".into()],
        note: String::new(),
    }
}

fn field(r: Result<BacklogStanding, Error>) -> String {
    match r {
        Err(Error::Invalid { field, .. }) => field,
        other => panic!("expected a refusal, got {other:?}"),
    }
}

#[test]
fn a_case_is_worked_concluded_signed_off_and_reopened() {
    let s = BacklogStanding::NEW;
    let s = apply(s, &progress("2026-03-02"), &[]).unwrap();
    assert_eq!(s.state, S::Resolving);
    let s = apply(s, &progress("2026-03-09"), &[]).unwrap();
    assert_eq!(s.state, S::Resolving);
    let s = apply(s, &conclude("2026-04-01", S::Undertaken), &[]).unwrap();
    assert_eq!(s.state, S::Undertaken);
    let s = apply(s, &sign_off("2026-04-03"), &[K::Undertaking]).unwrap();
    assert_eq!(s.signed_off_on, Some(d("2026-04-03")));
    let reopen = BacklogStep::Reopen {
        on: d("2026-06-01"),
        reason: "信访人再次来访反映同一事项".into(),
    };
    let s = apply(s, &reopen, &[]).unwrap();
    assert_eq!((s.state, s.signed_off_on), (S::Resolving, None));
}

#[test]
fn what_a_standing_refuses_names_its_field() {
    let new = BacklogStanding::NEW;
    // Nothing done yet: no outcome, no sign-off, nothing to reopen.
    assert_eq!(
        field(apply(new, &conclude("2026-03-01", S::Resolved), &[])),
        "outcome"
    );
    assert_eq!(
        field(apply(new, &sign_off("2026-03-01"), &[K::Evidence])),
        "step"
    );
    let reopen = BacklogStep::Reopen {
        on: d("2026-03-01"),
        reason: "再次来访".into(),
    };
    assert_eq!(field(apply(new, &reopen, &[])), "step");
    let working = apply(new, &progress("2026-03-02"), &[]).unwrap();
    assert_eq!(field(apply(working, &reopen, &[])), "step");
    // An outcome is one of the three ends.
    assert_eq!(
        field(apply(working, &conclude("2026-03-03", S::Unresolved), &[])),
        "outcome"
    );
    let blank = BacklogStep::Progress {
        on: d("2026-03-03"),
        content: "  ".into(),
    };
    assert_eq!(field(apply(working, &blank, &[])), "content");
    // Sign-off needs evidence, and an undertaking for 息诉罢访.
    let done = apply(working, &conclude("2026-03-04", S::Undertaken), &[]).unwrap();
    assert_eq!(field(apply(done, &sign_off("2026-03-05"), &[])), "evidence");
    assert_eq!(
        field(apply(done, &sign_off("2026-03-05"), &[K::SignedReceipt])),
        "evidence"
    );
    let resolved = apply(working, &conclude("2026-03-04", S::Resolved), &[]).unwrap();
    let off = apply(resolved, &sign_off("2026-03-05"), &[K::SignedReceipt]).unwrap();
    // Once signed off, nothing but reopening.
    assert_eq!(
        field(apply(off, &sign_off("2026-03-06"), &[K::Evidence])),
        "step"
    );
    assert_eq!(field(apply(off, &progress("2026-03-06"), &[])), "step");
    assert_eq!(
        field(apply(off, &conclude("2026-03-06", S::Terminated), &[])),
        "step"
    );
    let blank_reason = BacklogStep::Reopen {
        on: d("2026-03-06"),
        reason: String::new(),
    };
    assert_eq!(field(apply(off, &blank_reason, &[])), "reason");
}

#[test]
fn a_campaign_and_an_assignment_are_checked_by_field() {
    let c = NewCampaign {
        name: "2026年信访积案化解".into(),
        starts_on: d("2026-03-01"),
        ends_on: d("2026-12-31"),
        scope: String::new(),
    };
    c.check().unwrap();
    let backwards = NewCampaign {
        ends_on: d("2026-02-01"),
        ..c.clone()
    };
    assert!(matches!(backwards.check(), Err(Error::Invalid { field, .. }) if field == "ends_on"));
    let nameless = NewCampaign {
        name: " ".into(),
        ..c
    };
    assert!(matches!(nameless.check(), Err(Error::Invalid { field, .. }) if field == "name"));
    let a = BacklogAssignment {
        lead_official: "区委副书记 李明".into(),
        organ: "榕东街道办事处".into(),
        person: String::new(),
        target_on: d("2026-06-30"),
        plan: String::new(),
    };
    a.check().unwrap();
    let no_lead = BacklogAssignment {
        lead_official: String::new(),
        ..a
    };
    assert!(
        matches!(no_lead.check(), Err(Error::Invalid { field, .. }) if field == "lead_official")
    );
}

fn case(no: &str, locality: &str, lead: &str, state: S, target: &str) -> BoardCase {
    BoardCase {
        case_no: no.into(),
        locality: locality.into(),
        lead_official: lead.into(),
        state,
        target_on: d(target),
        added_on: d("2026-03-01"),
        off_spans: vec![],
    }
}

#[test]
fn the_board_counts_each_case_once_per_view_and_names_it() {
    let mut off = case("A3", "榕东街道", "李明", S::Resolved, "2026-04-30");
    off.off_spans = vec![(d("2026-04-10"), None)];
    let mut back = case("A4", "榕华街道", "王芳", S::Resolving, "2026-04-30");
    back.off_spans = vec![(d("2026-04-10"), Some(d("2026-04-20")))];
    let mut late_added = case("A5", "", "王芳", S::Unresolved, "2026-06-30");
    late_added.added_on = d("2026-04-15");
    let cases = vec![
        case("A1", "榕东街道", "李明", S::Unresolved, "2026-04-30"),
        case("A2", "榕东街道", "李明", S::Resolving, "2026-06-30"),
        off,
        back,
        late_added,
    ];
    let b = board(&cases, d("2026-03-01"), d("2026-04-25"), d("2026-05-10"));
    assert_eq!(b.total, 5);
    assert_eq!(b.signed_off, ["A3"]);
    let state = |s: S| {
        b.by_state
            .iter()
            .find(|c| c.key == s.as_str())
            .unwrap()
            .case_nos
            .clone()
    };
    assert_eq!(state(S::Unresolved), ["A1", "A5"]);
    assert_eq!(state(S::Resolving), ["A2", "A4"]);
    assert_eq!(state(S::Resolved), ["A3"]);
    // Open cases only, most first; a blank locality is named as such.
    let loc: Vec<(&str, usize)> = b
        .by_locality
        .iter()
        .map(|c| (c.label.as_str(), c.case_nos.len()))
        .collect();
    assert_eq!(loc, [("榕东街道", 2), ("未填属地", 1), ("榕华街道", 1)]);
    // Past target on 2026-05-10: open and due 2026-04-30 (A3 is signed off).
    assert_eq!(b.past_target, ["A1", "A4"]);
    let li = b
        .by_lead
        .iter()
        .find(|l| l.lead_official == "李明")
        .unwrap();
    assert_eq!((li.open.len(), li.signed_off.len()), (2, 1));
    assert_eq!(li.past_target, ["A1"]);
    // Daily points (56 days), ending on the campaign's last day, not today.
    assert_eq!(b.burn_down.first().unwrap().on, d("2026-03-01"));
    assert_eq!(b.burn_down.last().unwrap().on, d("2026-04-25"));
    assert_eq!(b.burn_down.len(), 56);
    let open_on = |day: &str| b.burn_down.iter().find(|p| p.on == d(day)).unwrap().open;
    assert_eq!(open_on("2026-03-01"), 4);
    assert_eq!(open_on("2026-04-10"), 2);
    assert_eq!(open_on("2026-04-15"), 3);
    assert_eq!(open_on("2026-04-20"), 4);
}

#[test]
fn a_long_campaign_is_charted_by_week_up_to_today() {
    let cases = vec![case("A1", "榕东街道", "李明", S::Unresolved, "2026-12-31")];
    let b = board(&cases, d("2026-01-01"), d("2026-12-31"), d("2026-02-03"));
    let days: Vec<_> = b.burn_down.iter().map(|p| p.on).collect();
    assert_eq!(
        days,
        [
            d("2026-01-01"),
            d("2026-01-08"),
            d("2026-01-15"),
            d("2026-01-22"),
            d("2026-01-29"),
            d("2026-02-03")
        ]
    );
    // Before it starts there is nothing to chart.
    let early = board(&cases, d("2026-03-01"), d("2026-12-31"), d("2026-02-03"));
    assert!(early.burn_down.is_empty());
}
