//! What SQLite alone spends on the rows a registration writes (docs/performance.md, Store ›
//! Session 5): `cargo run --release --example store_floor [CASES]` (default 100 000).
//!
//! Registers CASES synthetic cases into a source office database (batches of 1 000, as the
//! store bench does), then copies them with all their rows — petitioners, deadlines, the
//! registration event, the two change-log rows, the event's audit-chain entry — into a fresh office database with
//! `INSERT … SELECT`, 1 000 cases a transaction, under the app's schema and pragmas. No Rust,
//! no binding and no statement parsing per row, and no search index (its entries are not
//! stored anywhere to copy from). A second copy into unindexed in-memory tables measures the
//! reading part, which the first includes. It also times the registration itself and prints
//! the ratio the owner's target is stated in: registration's rate over the copy's.

use std::path::Path;
use std::time::Instant;

use sqlx::{Connection, Executor, SqliteConnection};
use xinfang::desk::demo::{demo_office, synthetic_cases};
use xinfang::Desk;

const BATCH: usize = 1000;
const TABLES: [&str; 6] = [
    "cases",
    "petitioners",
    "deadlines",
    "events",
    "change_log",
    "audit_chain",
];

#[tokio::main]
async fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .map_or(100_000, |s| s.parse().expect("CASES: a number"));
    let dir = tempfile::tempdir().expect("temp dir");
    let source = dir.path().join("source.sqlite");
    let desk = Desk::open(&source).await.expect("open the source");
    desk.init_demo_office(demo_office()).await.expect("init");
    let batches: Vec<_> = synthetic_cases(n, 42, chrono::Utc::now())
        .chunks(BATCH)
        .map(<[_]>::to_vec)
        .collect();
    let started = Instant::now();
    for chunk in batches {
        desk.register_many(chunk).await.expect("register");
    }
    let registering = started.elapsed().as_secs_f64();
    desk.close().await;
    println!("| copied into | cases/s | µs a case |");
    println!("|---|---|---|");
    println!(
        "| (registered with `register_many`) | {:.0} | {:.1} |",
        n as f64 / registering,
        registering * 1e6 / n as f64
    );
    let mut floor = f64::MAX;
    for (i, into_memory) in [false, true, false, true].into_iter().enumerate() {
        let target = dir.path().join(format!("target-{i}.sqlite"));
        let secs = copy(&source, &target, n, into_memory).await;
        if !into_memory {
            floor = floor.min(secs);
        }
        let what = if into_memory {
            "unindexed tables in memory (the reading part)"
        } else {
            "a fresh office database"
        };
        println!(
            "| {what} | {:.0} | {:.1} |",
            n as f64 / secs,
            secs * 1e6 / n as f64
        );
    }
    println!(
        "\nregistration / SQLite alone: {:.2} (the faster copy; target ≥ 0.6)",
        floor / registering
    );
}

/// Copies the source's cases into `target` in transactions of `BATCH`; the seconds it took.
async fn copy(source: &Path, target: &Path, n: usize, into_memory: bool) -> f64 {
    let desk = Desk::open(target).await.expect("open the target");
    desk.init_demo_office(demo_office()).await.expect("init");
    desk.close().await;
    let mut c = SqliteConnection::connect(&format!("sqlite:{}", target.display()))
        .await
        .expect("connect");
    // The writer's settings (store::db).
    c.execute(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA cache_size = -16384;
         PRAGMA mmap_size = 1073741824; PRAGMA foreign_keys = ON; PRAGMA temp_store = memory;",
    )
    .await
    .expect("pragmas");
    c.execute(sqlx::query(&format!("ATTACH '{}' AS s", source.display())))
        .await
        .expect("attach");
    let into = |t: &str| {
        if into_memory {
            format!("temp.copy_{t}")
        } else {
            t.to_string()
        }
    };
    if into_memory {
        for t in TABLES {
            c.execute(sqlx::raw_sql(&format!(
                "CREATE TEMP TABLE copy_{t} AS SELECT * FROM s.{t} WHERE 0"
            )))
            .await
            .expect("temp table");
        }
    }
    let started = Instant::now();
    for first in (1..=n).step_by(BATCH) {
        let last = first + BATCH - 1;
        let ids = format!("(SELECT id FROM s.cases WHERE row_no BETWEEN {first} AND {last})");
        let sql = format!(
            "BEGIN IMMEDIATE;
             INSERT INTO {cases} SELECT * FROM s.cases WHERE row_no BETWEEN {first} AND {last};
             INSERT INTO {petitioners} SELECT * FROM s.petitioners WHERE case_id IN {ids};
             INSERT INTO {deadlines} SELECT * FROM s.deadlines WHERE case_id IN {ids};
             INSERT INTO {events} SELECT * FROM s.events WHERE case_id IN {ids};
             INSERT INTO {change_log} ({log}) SELECT {log} FROM s.change_log
                 WHERE entity_id IN {ids}
                    OR entity_id IN (SELECT id FROM s.events WHERE case_id IN {ids});
             INSERT INTO {audit_chain} SELECT a.* FROM s.events e JOIN s.audit_chain a
                 ON a.entity = 'event' AND a.entity_rowid = e.rowid WHERE e.case_id IN {ids};
             COMMIT;",
            audit_chain = into("audit_chain"),
            cases = into("cases"),
            petitioners = into("petitioners"),
            deadlines = into("deadlines"),
            events = into("events"),
            change_log = into("change_log"),
            // The cursor is the target's own (its office's rows came first).
            log = "office_code, entity, entity_id, version, op, at",
        );
        c.execute(sqlx::raw_sql(&sql)).await.expect("copy a batch");
    }
    let secs = started.elapsed().as_secs_f64();
    let copied: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {}", into("cases")))
        .fetch_one(&mut c)
        .await
        .expect("count");
    assert_eq!(copied as usize, n, "every case copied");
    c.close().await.expect("close");
    secs
}
