//! From 2 000 matches on, the case list reads a page by walking the sort order's index instead
//! of sorting every match (`store::query::list`). The pages must be exactly those a full sort
//! gives: here a demo office (every status, cases without a deadline) plus 2 000 synthetic
//! registrations, each order checked against a sort done here.

mod common;

use std::cmp::Reverse;

use chrono::{Duration, NaiveDate};
use xinfang::desk::demo::synthetic_cases;
use xinfang::domain::case::Status;
use xinfang::store::query::{CaseQuery, CaseSummary, SortKey};
use xinfang::Desk;

async fn all_pages(desk: &Desk, q: &CaseQuery, page_size: u32) -> Vec<String> {
    let mut out = Vec::new();
    for page in 1.. {
        let got = desk
            .list_cases(&CaseQuery {
                page,
                page_size,
                ..q.clone()
            })
            .await
            .expect("list");
        if got.items.is_empty() {
            break;
        }
        out.extend(got.items.into_iter().map(|c| c.summary.case_no));
    }
    out
}

#[tokio::test]
async fn pages_of_a_big_match_are_those_of_a_full_sort() {
    let dir = tempfile::tempdir().expect("temp dir");
    let desk = common::open_desk(&dir.path().join("office.sqlite")).await;
    desk.load_demo(300).await.expect("demo");
    common::sign_in(&desk, common::USER).await;
    for chunk in synthetic_cases(2000, 7, common::now()).chunks(1000) {
        desk.register_many(chunk.to_vec()).await.expect("register");
    }
    // Everything, through the primary key's order (no filter, nothing to sort).
    let mut every: Vec<CaseSummary> = Vec::new();
    for page in 1..=3 {
        let got = desk
            .list_cases(&CaseQuery {
                sort: SortKey::CaseNo,
                page,
                page_size: 1000,
                ..Default::default()
            })
            .await
            .expect("list");
        every.extend(got.items.into_iter().map(|row| row.summary));
    }
    assert_eq!(every.len(), 2300);
    assert!(every.iter().any(|c| c.next_due_on.is_none()));
    let numbers = |v: &[&CaseSummary]| v.iter().map(|c| c.case_no.clone()).collect::<Vec<_>>();

    // By next deadline, both directions; cases without one last, by number.
    for descending in [false, true] {
        let mut want: Vec<&CaseSummary> = every.iter().collect();
        want.sort_by(|a, b| {
            let key = |c: &CaseSummary| (c.next_due_on.is_none(), c.next_due_on);
            let (ka, kb) = (key(a), key(b));
            let by_due = if descending {
                (ka.0, Reverse(ka.1)).cmp(&(kb.0, Reverse(kb.1)))
            } else {
                ka.cmp(&kb)
            };
            by_due.then_with(|| a.case_no.cmp(&b.case_no))
        });
        let q = CaseQuery {
            sort: SortKey::NextDue,
            descending,
            ..Default::default()
        };
        // 37 a page: some page holds the last cases with a deadline and the first without.
        assert_eq!(
            all_pages(&desk, &q, 37).await,
            numbers(&want),
            "desc {descending}"
        );
    }

    // Awaiting a decision, newest first.
    let mut want: Vec<&CaseSummary> = every
        .iter()
        .filter(|c| c.status == Status::Registered)
        .collect();
    assert!(want.len() >= 2000);
    want.sort_by(|a, b| (b.received_at, &b.case_no).cmp(&(a.received_at, &a.case_no)));
    let q = CaseQuery {
        statuses: vec![Status::Registered],
        descending: true,
        ..Default::default()
    };
    assert_eq!(all_pages(&desk, &q, 50).await, numbers(&want));

    // Received between two dates, oldest first: the walk is bounded by `received_at`, the
    // office dates still decide.
    let today = common::today();
    let (from, to): (NaiveDate, NaiveDate) =
        (today - Duration::days(350), today - Duration::days(3));
    let mut want: Vec<&CaseSummary> = every
        .iter()
        .filter(|c| c.received_on >= from && c.received_on <= to)
        .collect();
    assert!(want.len() >= 2000, "{} in the range", want.len());
    want.sort_by(|a, b| (a.received_at, &a.case_no).cmp(&(b.received_at, &b.case_no)));
    let q = CaseQuery {
        received_from: Some(from),
        received_to: Some(to),
        ..Default::default()
    };
    assert_eq!(all_pages(&desk, &q, 50).await, numbers(&want));
}
