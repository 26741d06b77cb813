//! Routing benchmark (`cargo bench --bench routing`): one proposal (`domain::routing::propose`)
//! for each labelled text of tests/data/routing-texts.json, learning from 0 to 5 000
//! earlier classified cases (the desk learns from the latest `ROUTING_HISTORY`, 2 000). Prints a Markdown table;
//! the figures of record are in docs/performance.md. Under `cargo test --all-targets` (no
//! `--bench` argument) it runs once with 100 earlier cases, as a smoke test.

use std::time::Instant;

use serde::Deserialize;
use xinfang::domain::channels::ChannelList;
use xinfang::domain::routing::{propose, Routed};

#[derive(Deserialize)]
struct Labelled {
    title: String,
    content: String,
    row: String,
}

fn main() {
    let bench = std::env::args().any(|a| a == "--bench");
    let raw = include_str!("../tests/data/routing-texts.json");
    let texts: Vec<Labelled> = serde_json::from_str(raw).expect("the labelled texts parse");
    let list = ChannelList::shipped();
    let sizes: &[usize] = if bench {
        &[0, 1000, 2000, 5000]
    } else {
        &[100]
    };
    println!("| earlier cases | proposals | mean per proposal | slowest |");
    println!("|---:|---:|---:|---:|");
    for &size in sizes {
        // Earlier cases are the labelled texts again, numbered apart, as an office's history
        // of the same matters in the same words would be.
        let earlier: Vec<Routed> = (0..size)
            .map(|i| {
                let t = &texts[i % texts.len()];
                Routed {
                    case_no: format!("445202-2026-{i:06}"),
                    text: format!("{} {}", t.title, t.content),
                    row_id: t.row.clone(),
                }
            })
            .collect();
        let mut slowest = 0f64;
        let start = Instant::now();
        for t in &texts {
            let one = Instant::now();
            let p = propose(&format!("{} {}", t.title, t.content), &list, &earlier, 3);
            assert!(!p.is_empty());
            slowest = slowest.max(one.elapsed().as_secs_f64());
        }
        let mean = start.elapsed().as_secs_f64() / texts.len() as f64;
        println!(
            "| {size} | {} | {:.2} ms | {:.2} ms |",
            texts.len(),
            mean * 1e3,
            slowest * 1e3
        );
    }
}
