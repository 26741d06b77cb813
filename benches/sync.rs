//! Sync benchmark (`cargo bench --bench sync`): export and import of 100 000 changed cases with
//! their timeline events between two office databases. Prints a Markdown table; the figures
//! of record are in docs/performance.md under "Sync".
//!
//! Export and import each run in a fresh child process (this binary with `--phase`), so the
//! peak memory reported (VmHWM from /proc/self/status) is that of the export or import alone,
//! not of building the source database.
//!
//! XINFANG_BENCH_CASES (default 100000; 300 under `cargo test --all-targets`, a smoke test of
//! the bench itself) sets the size. XINFANG_BENCH_DIR keeps the databases
//! and the package in that (empty) folder instead of a temporary one, e.g. to profile a phase:
//! `perf record <bench binary> --phase import DIR/city.sqlite DIR/out/445202-000001.xfsync`
//! after restoring `city.sqlite` (and `city.sqlite-wal`) from their `.before` copies.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use serde::{Deserialize, Serialize};

use xinfang::desk::demo::{synthetic_cases, DEMO_PASSWORD};
use xinfang::desk::Office;
use xinfang::Desk;

#[derive(Debug, Serialize, Deserialize)]
struct PhaseResult {
    secs: f64,
    /// Peak resident memory of the process, KiB.
    peak_kib: u64,
    records: u64,
    path: Option<PathBuf>,
    size: u64,
    /// Seconds from the start until each record kind was done.
    marks: Vec<(String, f64)>,
}

fn peak_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|n| n.parse().ok())
        })
        .unwrap_or(0)
}

async fn phase(kind: &str, db: &Path, arg: &Path) -> PhaseResult {
    let desk = Desk::open(db).await.expect("open");
    desk.sign_in("admin", DEMO_PASSWORD).await.expect("sign in");
    let t = Instant::now();
    let mut marks = Vec::new();
    let mark = |p: &xinfang::desk::sync::SyncProgress| {
        if p.done == p.total {
            marks.push((p.kind.clone(), t.elapsed().as_secs_f64()));
        }
    };
    let result = match kind {
        "export" => {
            let export = desk.sync_export(arg, false, mark).await.expect("export");
            PhaseResult {
                secs: t.elapsed().as_secs_f64(),
                peak_kib: peak_kib(),
                records: export.record_counts.values().sum(),
                size: export.size,
                path: export.path,
                marks,
            }
        }
        "import" => {
            let report = desk.sync_import(arg, mark).await.expect("import");
            PhaseResult {
                secs: t.elapsed().as_secs_f64(),
                peak_kib: peak_kib(),
                records: report.counts.values().map(|c| c.received).sum(),
                size: 0,
                path: None,
                marks,
            }
        }
        other => panic!("unknown phase {other}"),
    };
    // As the CLI does: the WAL goes back into the file, whose size the bench reports.
    desk.close().await;
    result
}

fn run_child(kind: &str, db: &Path, arg: &Path) -> PhaseResult {
    let out = Command::new(std::env::current_exe().expect("own path"))
        .args(["--phase", kind])
        .arg(db)
        .arg(arg)
        .output()
        .expect("child");
    assert!(
        out.status.success(),
        "{kind} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("child result")
}

fn office(code: &str, name: &str) -> Office {
    Office {
        code: code.into(),
        name: name.into(),
        doc_prefix: "信访".into(),
    }
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--phase") {
        let result = phase(
            &args[i + 1],
            Path::new(&args[i + 2]),
            Path::new(&args[i + 3]),
        )
        .await;
        println!("{}", serde_json::to_string(&result).expect("json"));
        return;
    }

    let n: usize = std::env::var("XINFANG_BENCH_CASES")
        .ok()
        .and_then(|s| s.parse().ok())
        // Under `cargo test --all-targets` (no `--bench`) a small run checks the bench works.
        .unwrap_or(if args.iter().any(|a| a == "--bench") {
            100_000
        } else {
            300
        });
    let temp = tempfile::tempdir().expect("temp dir");
    let dir = std::env::var_os("XINFANG_BENCH_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| temp.path().to_owned());
    let a_db = dir.join("county.sqlite");
    let b_db = dir.join("city.sqlite");

    // The source: n registered cases (each with its registration event), in batches as an
    // import of old records would write them.
    let t = Instant::now();
    {
        let a = Desk::open(&a_db).await.expect("open");
        a.init_demo_office(office("445202", "揭阳市榕城区信访局"))
            .await
            .expect("init");
        for chunk in synthetic_cases(n, 42, chrono::Utc::now()).chunks(1000) {
            a.register_many(chunk.to_vec()).await.expect("register");
        }
        // The administrators exchange the keys.
        let key = dir.join("445202.pub.json");
        a.sign_in("admin", DEMO_PASSWORD).await.expect("sign in");
        a.sync_key_export(&key).await.expect("key");
        let b = Desk::open(&b_db).await.expect("open");
        b.init_demo_office(office("445200", "揭阳市信访局"))
            .await
            .expect("init");
        b.sign_in("admin", DEMO_PASSWORD).await.expect("sign in");
        b.sync_trust(&key).await.expect("trust");
        b.db().pool.close().await;
    }
    if std::env::var_os("XINFANG_BENCH_DIR").is_some() {
        for suffix in ["", "-wal"] {
            let from = dir.join(format!("city.sqlite{suffix}"));
            if from.exists() {
                std::fs::copy(&from, dir.join(format!("city.sqlite{suffix}.before")))
                    .expect("copy");
            }
        }
    }
    eprintln!(
        "source database: {n} cases in {:.1} s",
        t.elapsed().as_secs_f64()
    );

    let out = dir.join("out");
    let export = run_child("export", &a_db, &out);
    let package = export.path.clone().expect("a package");
    let import = run_child("import", &b_db, &package);
    let repeat = run_child("import", &b_db, &package);

    let mib = |kib: u64| kib as f64 / 1024.0;
    println!("| what | time | rate | peak memory | size |");
    println!("|---|---|---|---|---|");
    println!(
        "| export {n} cases + events ({} records) | {:.2} s | {:.0} records/s | {:.0} MiB | {:.1} MiB package |",
        export.records,
        export.secs,
        export.records as f64 / export.secs,
        mib(export.peak_kib),
        export.size as f64 / (1024.0 * 1024.0)
    );
    println!(
        "| import (verify + apply in one transaction) | {:.2} s | {:.0} records/s | {:.0} MiB | |",
        import.secs,
        import.records as f64 / import.secs,
        mib(import.peak_kib)
    );
    println!(
        "| import again (verified, already applied) | {:.2} s | | {:.0} MiB | |",
        repeat.secs,
        mib(repeat.peak_kib)
    );
    for (what, r) in [("export", &export), ("import", &import)] {
        let marks: Vec<String> = r
            .marks
            .iter()
            .map(|(k, s)| format!("{k} done at {s:.2} s"))
            .collect();
        eprintln!("{what}: {}, end {:.2} s", marks.join(", "), r.secs);
    }
    let sizes = |p: &Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    println!(
        "| database files: county {:.0} MiB, city after import {:.0} MiB | | | | |",
        sizes(&a_db) as f64 / (1024.0 * 1024.0),
        (sizes(&b_db) + sizes(&b_db.with_extension("sqlite-wal"))) as f64 / (1024.0 * 1024.0)
    );
}
