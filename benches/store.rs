//! Store benchmark (`cargo bench --bench store`): registrations one per transaction and in
//! batches, and the reads a clerk waits on, over 100 000 cases. Prints a Markdown table;
//! the figures of record are in docs/performance.md.
//!
//! XINFANG_BENCH_CASES (default 100000) sets the size; XINFANG_BENCH_READS_ONLY=1 skips the
//! one-per-transaction registrations (four minutes at 100 000) when working on the reads. Under `cargo test --all-targets` (no
//! `--bench` argument) it runs once on 300 cases, as a smoke test of the bench itself.

use std::time::{Duration, Instant};

use xinfang::desk::demo::synthetic_cases;
use xinfang::desk::Office;
use xinfang::domain::case::Status;
use xinfang::store::query::{CaseQuery, SortKey};
use xinfang::Desk;

fn office() -> Office {
    Office {
        code: "445202".into(),
        name: "揭阳市榕城区信访局".into(),
        doc_prefix: "榕信访".into(),
    }
}

/// CPU seconds this process has used (user + system), from /proc on Linux: on a shared
/// machine the wall-clock rate depends on the load, the CPU cost per case does not.
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(11)?.parse::<f64>().ok()? + fields.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn cpu_per_case(before: Option<f64>, n: usize) -> String {
    match (before, cpu_seconds()) {
        (Some(b), Some(a)) => format!("{:.0} µs CPU/case", (a - b) * 1e6 / n as f64),
        _ => String::new(),
    }
}

fn percentile(samples: &mut [Duration], p: f64) -> Duration {
    samples.sort();
    samples[((samples.len() as f64 - 1.0) * p).round() as usize]
}

async fn time_reads<F, Fut>(label: &str, runs: usize, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = usize>,
{
    let mut samples = Vec::with_capacity(runs);
    let mut rows = 0;
    for _ in 0..runs {
        let t = Instant::now();
        rows = f().await;
        samples.push(t.elapsed());
    }
    let median = percentile(&mut samples, 0.5);
    let p95 = percentile(&mut samples, 0.95);
    println!(
        "| {label} | {:.2} ms | {:.2} ms | {rows} rows |",
        median.as_secs_f64() * 1e3,
        p95.as_secs_f64() * 1e3
    );
}

#[tokio::main]
async fn main() {
    let benching = std::env::args().any(|a| a == "--bench");
    let n: usize = std::env::var("XINFANG_BENCH_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(if benching { 100_000 } else { 300 });
    let runs = if benching { 200 } else { 3 };
    let dir = tempfile::tempdir().expect("temp dir");
    let cases = synthetic_cases(n, 42, chrono::Utc::now());
    println!("| what | median | p95 / total | |");
    println!("|---|---|---|---|");

    // As an import does: 1 000 registrations per transaction.
    let batched = Desk::open(&dir.path().join("batched.sqlite"))
        .await
        .expect("open");
    batched.init_demo_office(office()).await.expect("init");
    let cpu = cpu_seconds();
    let t = Instant::now();
    for chunk in cases.chunks(1000) {
        batched
            .register_many(chunk.to_vec())
            .await
            .expect("register batch");
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "| register {n} in batches of 1 000 | {:.0} cases/s | {secs:.1} s | {} |",
        n as f64 / secs,
        cpu_per_case(cpu, n)
    );

    // As clerks do: one transaction (one fsync) per registration.
    if std::env::var_os("XINFANG_BENCH_READS_ONLY").is_none() {
        register_singly(dir.path(), &cases).await;
    }
    read_benches(&batched, runs).await;
}

async fn register_singly(dir: &std::path::Path, cases: &[xinfang::domain::case::NewCase]) {
    let n = cases.len();
    let single = Desk::open(&dir.join("single.sqlite")).await.expect("open");
    single.init_demo_office(office()).await.expect("init");
    let cpu = cpu_seconds();
    let t = Instant::now();
    for new in cases.iter().cloned() {
        single.register(new).await.expect("register");
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "| register {n} one per transaction | {:.0} cases/s | {secs:.1} s | {} |",
        n as f64 / secs,
        cpu_per_case(cpu, n)
    );
}

async fn read_benches(desk: &Desk, runs: usize) {
    let today = desk.today();
    let page = |q: CaseQuery| async move { desk.list_cases(&q).await.expect("list").items.len() };
    time_reads(
        "case list, status filter, by next deadline, first page of 50",
        runs,
        || {
            page(CaseQuery {
                statuses: vec![Status::Accepted],
                sort: SortKey::NextDue,
                page_size: 50,
                ..Default::default()
            })
        },
    )
    .await;
    time_reads(
        "case list, received in the last 30 days, page 3",
        runs,
        || {
            page(CaseQuery {
                received_from: Some(today - chrono::Duration::days(30)),
                page: 3,
                page_size: 50,
                ..Default::default()
            })
        },
    )
    .await;
    time_reads("case list, overdue only", runs, || {
        page(CaseQuery {
            overdue: true,
            page_size: 50,
            ..Default::default()
        })
    })
    .await;
    time_reads("case list, text search \"拆迁\"", runs, || {
        page(CaseQuery {
            text: Some("拆迁".into()),
            page_size: 50,
            ..Default::default()
        })
    })
    .await;
    time_reads(
        "case list, locality + channel + text \"工资\"",
        runs,
        || {
            page(CaseQuery {
                locality: Some("445202003".into()),
                channel: Some(xinfang::domain::case::Channel::Letter),
                text: Some("工资".into()),
                page_size: 50,
                ..Default::default()
            })
        },
    )
    .await;
    time_reads(
        "due list (near due and overdue, first 200)",
        runs,
        || async move { desk.due(today, 200).await.expect("due").items.len() },
    )
    .await;
    let no = desk
        .list_cases(&CaseQuery {
            page_size: 1,
            ..Default::default()
        })
        .await
        .expect("list")
        .items[0]
        .summary
        .case_no
        .clone();
    let no = &no;
    time_reads(
        "case detail (facts, deadlines, timeline, allowed actions)",
        runs,
        || async move { desk.case_detail(no).await.expect("detail").timeline.len() },
    )
    .await;
}
