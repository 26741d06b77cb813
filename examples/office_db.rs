//! A large office database for the desktop benchmark (bench/desktop.sh):
//! `cargo run --release --example office_db -- PATH [CASES]` (default 100 000).
//!
//! The first 1 000 cases are the demo office's (`Desk::load_demo`: every status, timelines,
//! documents); the rest are `synthetic_cases` registered in batches of 1 000
//! (`Desk::register_many`), received over the past year and still awaiting a disposal
//! decision — so nearly all of them are overdue, the heaviest case for 工作台's due list.
//! Refuses an existing file.

use std::path::PathBuf;
use std::time::Instant;

use xinfang::desk::demo::synthetic_cases;
use xinfang::Desk;

const DEMO: usize = 1000;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        eprintln!("usage: office_db PATH [CASES]");
        std::process::exit(2);
    };
    let total: usize = args
        .next()
        .map_or(100_000, |s| s.parse().expect("CASES: a number"));
    if path.exists() {
        eprintln!("{} exists; remove it first", path.display());
        std::process::exit(2);
    }
    let t = Instant::now();
    let desk = Desk::open(&path).await.expect("open the database");
    let demo = total.min(DEMO);
    desk.load_demo(demo as u32).await.expect("demo office");
    desk.sign_in("zhangwd", xinfang::desk::demo::DEMO_PASSWORD)
        .await
        .expect("the demo director signs in");
    eprintln!("{demo} demo cases in {:.1} s", t.elapsed().as_secs_f64());
    let rest = total - demo;
    if rest > 0 {
        let t = Instant::now();
        for chunk in synthetic_cases(rest, 0xDE5C, chrono::Utc::now()).chunks(1000) {
            desk.register_many(chunk.to_vec())
                .await
                .expect("register a batch");
        }
        eprintln!(
            "{rest} synthetic cases in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    }
    // The WAL goes into the file, so that the file alone can be copied.
    desk.close().await;
    println!("{}: {total} cases", path.display());
}
