//! The office's period rules on a real database: a change is kept across reopening and counts
//! for deadlines set afterwards; a rule set missing a kind is refused and nothing is saved.

mod common;

use tempfile::TempDir;
use xinfang::domain::period::DeadlineKind;
use xinfang::Error;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn changed_rules_are_kept_and_a_broken_set_is_refused_whole() {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("office.sqlite");
    let desk = common::office_desk(&path).await;
    common::sign_in(&desk, "admin").await;
    let mut rules = desk.period_rules();
    let near = rules.near_due_working_days + 1;
    rules.near_due_working_days = near;
    desk.set_period_rules(rules.clone()).await.unwrap();

    let mut broken = rules.clone();
    broken.rules.retain(|r| r.kind != DeadlineKind::Disposal);
    assert!(matches!(
        desk.set_period_rules(broken).await,
        Err(Error::Invalid { .. })
    ));
    drop(desk);

    let desk = common::open_desk(&path).await;
    assert_eq!(desk.period_rules(), rules);
    assert_eq!(desk.period_rules().near_due_working_days, near);
}
