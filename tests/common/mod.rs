//! What the integration test files share: the day they run on, and how they open an office.
//!
//! Every test runs on a set clock, never the machine's: the office's today is 2026-12-02, a
//! Wednesday whose 60-day periods end in 2027, a year the shipped calendar does not know yet.
#![allow(dead_code)]

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use xinfang::{Clock, Desk};

/// The instant the tests' clock starts from (`XINFANG_NOW` for the CLI and the app).
pub const NOW: &str = "2026-12-02T10:00:00+08:00";

pub fn now() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(NOW)
        .unwrap()
        .with_timezone(&Utc)
}

/// The office's date on the tests' clock.
pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 2).unwrap()
}

/// `XINFANG_NOW` for a binary started now: [`NOW`] plus the time this test process has run, so
/// that the runs of one test keep their order as a clerk's commands would.
pub fn now_setting() -> String {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    let elapsed = START.get_or_init(std::time::Instant::now).elapsed();
    (now() + chrono::Duration::from_std(elapsed).unwrap()).to_rfc3339()
}

/// A clock that reads [`NOW`] at the start of the test and runs on from there.
pub fn clock() -> Clock {
    Clock::starting_at(now())
}

/// Opens (creating) the office database at `path` on the tests' clock.
pub async fn open_desk(path: &Path) -> Desk {
    Desk::open_with_clock(path, clock()).await.unwrap()
}

/// `YYYY年M月D日`, as documents and messages write dates.
pub fn cn(d: NaiveDate) -> String {
    xinfang::domain::cn_date(d)
}
