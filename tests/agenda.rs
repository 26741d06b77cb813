//! The deadline agenda (期限日程) on a real office database: every open duty falls on its due
//! day, met ones leave it, each day carries its place in the office calendar, and the row limit
//! never changes the day counts.

mod common;

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use tempfile::TempDir;
use xinfang::desk::AGENDA_MAX_DAYS;
use xinfang::domain::case::Case;
use xinfang::domain::period::DeadlineKind;
use xinfang::{Desk, Error};

type Entry = (NaiveDate, String, DeadlineKind);

/// The open duties of `cases` due in `[from, to]`, read from the cases themselves.
fn expected(cases: &[Case], from: NaiveDate, to: NaiveDate) -> Vec<Entry> {
    let mut want: Vec<Entry> = cases
        .iter()
        .flat_map(|c| {
            c.deadlines
                .iter()
                .filter(|d| d.is_open() && d.kind.is_duty())
                .filter(|d| d.due_on >= from && d.due_on <= to)
                .map(|d| (d.due_on, c.case_no.clone(), d.kind))
        })
        .collect();
    want.sort();
    want
}

async fn listed(desk: &Desk, from: NaiveDate, to: NaiveDate) -> Vec<Entry> {
    let agenda = desk.agenda(from, to, 500).await.unwrap();
    assert_eq!(agenda.unlisted, 0);
    let mut got: Vec<Entry> = agenda
        .days
        .iter()
        .flat_map(|d| {
            assert_eq!(d.count, d.items.len() as i64, "{}", d.day.date);
            d.items.iter().map(|i| {
                assert_eq!(i.due_on, d.day.date);
                (i.due_on, i.case_no.clone(), i.kind)
            })
        })
        .collect();
    got.sort();
    got
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_open_duty_falls_on_its_day_and_a_met_one_leaves() {
    let dir = TempDir::new().unwrap();
    let clock = xinfang::Clock::fixed(common::now());
    let desk = common::office_desk_on(&dir.path().join("office.sqlite"), clock).await;
    let waiting = desk
        .register(common::letter("反映道路破损问题"))
        .await
        .unwrap()
        .case_no;
    let accepted = common::accepted(&desk, "反映噪声扰民问题").await;
    let load = |no: String| {
        let desk = &desk;
        async move { desk.case_detail(&no).await.unwrap().case }
    };
    let cases = vec![load(waiting.clone()).await, load(accepted.clone()).await];
    let from = common::today();
    // A month and more: the acceptance's 60-day handling period is outside it, its notice inside.
    let to = from + Duration::days(AGENDA_MAX_DAYS - 1);
    let want = expected(&cases, from, to);
    assert!(
        want.iter()
            .any(|e| e.1 == waiting && e.2 == DeadlineKind::Disposal),
        "{want:?}"
    );
    assert!(
        want.iter()
            .any(|e| e.1 == accepted && e.2 == DeadlineKind::Notice),
        "{want:?}"
    );
    assert_eq!(listed(&desk, from, to).await, want);

    let agenda = desk.agenda(from, to, 500).await.unwrap();
    assert_eq!(agenda.days.len() as i64, AGENDA_MAX_DAYS);
    assert_eq!(agenda.today, common::today());
    assert_eq!(
        agenda.overdue, 0,
        "nothing is overdue on the day both were received"
    );
    let policy = desk.policy();
    for day in &agenda.days {
        assert_eq!(day.day.reason, policy.calendar.reason(day.day.date));
        assert_eq!(
            day.day.working,
            policy.calendar.is_working_day(day.day.date)
        );
    }

    // The acceptance notice issued meets its duty: it leaves the agenda, the rest stays.
    desk.issue_document(
        &accepted,
        xinfang::desk::DocumentKind::AcceptanceNotice,
        &BTreeMap::new(),
    )
    .await
    .unwrap();
    let cases = vec![load(waiting).await, load(accepted.clone()).await];
    let after = expected(&cases, from, to);
    assert!(!after
        .iter()
        .any(|e| e.1 == accepted && e.2 == DeadlineKind::Notice));
    assert_eq!(listed(&desk, from, to).await, after);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_row_limit_lists_the_earliest_and_keeps_every_day_count() {
    let dir = TempDir::new().unwrap();
    let clock = xinfang::Clock::fixed(common::now());
    let desk = common::office_desk_on(&dir.path().join("office.sqlite"), clock).await;
    for title in ["反映供暖不足问题", "反映物业收费问题", "反映路灯损坏问题"]
    {
        common::accepted(&desk, title).await;
    }
    let from = common::today();
    let to = from + Duration::days(30);
    let full = desk.agenda(from, to, 500).await.unwrap();
    let limited = desk.agenda(from, to, 2).await.unwrap();
    let total: i64 = full.days.iter().map(|d| d.count).sum();
    assert!(total > 2, "{total}");
    assert_eq!(limited.unlisted, total - 2);
    let counts = |a: &xinfang::desk::Agenda| a.days.iter().map(|d| d.count).collect::<Vec<_>>();
    assert_eq!(counts(&limited), counts(&full));
    let first_two: Vec<_> = full
        .days
        .iter()
        .flat_map(|d| d.items.iter().map(|i| (i.due_on, i.case_no.clone())))
        .take(2)
        .collect();
    let shown: Vec<_> = limited
        .days
        .iter()
        .flat_map(|d| d.items.iter().map(|i| (i.due_on, i.case_no.clone())))
        .collect();
    assert_eq!(shown, first_two);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reversed_or_too_long_span_is_refused_in_words() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let day = common::today();
    let reversed = desk.agenda(day, day - Duration::days(1), 10).await;
    assert!(
        matches!(&reversed, Err(Error::Invalid { reason, .. }) if reason.contains("早于")),
        "{reversed:?}"
    );
    let long = desk
        .agenda(day, day + Duration::days(AGENDA_MAX_DAYS), 10)
        .await;
    assert!(
        matches!(&long, Err(Error::Invalid { reason, .. }) if reason.contains("62")),
        "{long:?}"
    );
    let one = desk.agenda(day, day, 10).await.unwrap();
    assert_eq!(one.days.len(), 1);
}
