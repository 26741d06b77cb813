//! What the integration test files share: the day they run on, how they open an office and
//! register a case, and how they run the binary, read PDFs and craft packages.
//!
//! Every test runs on a set clock, never the machine's: the office's today is 2026-12-02, a
//! Wednesday whose 60-day periods end in 2027, a year the shipped calendar does not know yet.
#![allow(dead_code)]

pub mod cli;
pub mod pdf;
pub mod population;
pub mod zip;

use std::path::Path;

use chrono::{DateTime, NaiveDate, Utc};
use xinfang::desk::Office;
use xinfang::domain::case::{Channel, Locality, NewCase, Petitioner, Purpose};
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

/// Opens (creating) the office database at `path` on the tests' clock, signed in as
/// [`USER`] when the office has accounts.
pub async fn open_desk(path: &Path) -> Desk {
    open_desk_on(path, clock()).await
}

/// [`open_desk`] on a clock the test moves ([`Clock::fixed`]).
pub async fn open_desk_on(path: &Path, clock: Clock) -> Desk {
    let desk = Desk::open_with_clock(path, clock).await.unwrap();
    if desk.has_accounts().await.unwrap() {
        sign_in(&desk, USER).await;
    }
    desk
}

/// Signs `desk` in as the demo account `user` (`admin` keeps backups, keys and settings).
pub async fn sign_in(desk: &Desk, user: &str) {
    desk.sign_in(user, PASSWORD).await.unwrap();
}

/// `YYYY年M月D日`, as documents and messages write dates.
pub fn cn(d: NaiveDate) -> String {
    xinfang::domain::cn_date(d)
}

/// The county office the tests work in.
pub fn office() -> Office {
    Office {
        code: "445202".into(),
        name: "揭阳市榕城区信访局".into(),
        doc_prefix: "榕信访".into(),
    }
}

/// The account the tests act as: the demo office's director (张卫东), who may take every
/// step of a case.
pub const USER: &str = "zhangwd";
pub use xinfang::desk::demo::DEMO_PASSWORD as PASSWORD;

/// Opens the office database at `path`, sets it up as [`office`] when it is new, and signs
/// in as [`USER`].
pub async fn office_desk(path: &Path) -> Desk {
    office_desk_on(path, clock()).await
}

/// [`office_desk`] on a clock the test moves.
pub async fn office_desk_on(path: &Path, clock: Clock) -> Desk {
    let desk = open_desk_on(path, clock).await;
    if desk.office().await.is_err() {
        desk.init_demo_office(office()).await.unwrap();
    }
    desk
}

/// A letter from one petitioner, received now, about a local matter; tests change the fields
/// they are about.
pub fn letter(title: &str) -> NewCase {
    NewCase {
        channel: Channel::Letter,
        received_at: None,
        petitioners: vec![Petitioner {
            name: "张三".into(),
            id_number: Some("11010519491231002X".into()),
            phone: Some("13800000000".into()),
            address: None,
            representative: false,
        }],
        visit: None,
        letter: None,
        title: title.into(),
        content: "反映拆迁补偿款未按时发放问题。".into(),
        locality: Locality {
            code: "445202".into(),
            name: "榕城区".into(),
        },
        matter_type: "城乡建设".into(),
        purpose: Purpose::Claim,
        litigation_related: false,
        authority: None,
        repeat_of: None,
        repeat_candidates: Vec::new(),
        feedback_due: None,
        handler: None,
    }
}

/// A letter registered and accepted today; its number.
pub async fn accepted(desk: &Desk, title: &str) -> String {
    let case_no = desk.register(letter(title)).await.unwrap().case_no;
    let accept = xinfang::domain::workflow::Action::Accept {
        date: None,
        authority: None,
    };
    desk.act(&case_no, accept).await.unwrap();
    case_no
}

/// Every file under `dir`, in its subfolders too (nothing when it does not exist).
pub fn files_under(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
