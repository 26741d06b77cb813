//! How often the routing proposal names the row a careful clerk chose, on 320+ labelled
//! petitions written as petitioners write and speak (tests/data/routing-texts.json). The
//! figures are in docs/routing.md; `ROUTING_REPORT=1` prints them.

use std::collections::BTreeMap;

use serde::Deserialize;
use xinfang::domain::channels::ChannelList;
use xinfang::domain::routing::{propose, Routed};

#[derive(Deserialize)]
struct Labelled {
    title: String,
    content: String,
    row: String,
}

fn labelled() -> Vec<Labelled> {
    let raw = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/routing-texts.json"),
    )
    .unwrap();
    serde_json::from_str(&raw).unwrap()
}

/// Top-1 and top-3 hit rates of `items`, each proposed against `history`.
fn accuracy(
    list: &ChannelList,
    items: &[&Labelled],
    history: &[Routed],
) -> (f64, f64, Vec<String>) {
    let (mut top1, mut top3) = (0, 0);
    let mut misses = Vec::new();
    for item in items {
        let text = format!("{} {}", item.title, item.content);
        let got = propose(&text, list, history, 3);
        if got.first().is_some_and(|p| p.row_id == item.row) {
            top1 += 1;
        }
        if got.iter().any(|p| p.row_id == item.row) {
            top3 += 1;
        } else {
            let ids: Vec<&str> = got.iter().map(|p| p.row_id.as_str()).collect();
            misses.push(format!("{} → {ids:?}: {}", item.row, item.title));
        }
    }
    let n = items.len() as f64;
    (top1 as f64 / n, top3 as f64 / n, misses)
}

#[test]
fn the_labelled_set_is_sound() {
    let list = ChannelList::shipped();
    let set = labelled();
    assert!(set.len() >= 300, "{}", set.len());
    let mut per_row: BTreeMap<&str, usize> = BTreeMap::new();
    for item in &set {
        assert!(list.row(&item.row).is_some(), "unknown row {}", item.row);
        *per_row.entry(item.row.as_str()).or_default() += 1;
    }
    for row in &list.rows {
        assert!(
            per_row.get(row.id.as_str()).copied().unwrap_or(0) >= 4,
            "{}",
            row.id
        );
    }
}

#[test]
fn the_proposal_names_the_right_row_first_or_among_three() {
    let list = ChannelList::shipped();
    let set = labelled();
    // Two folds: each half proposed with the other half as the office's earlier cases.
    let even: Vec<&Labelled> = set.iter().step_by(2).collect();
    let odd: Vec<&Labelled> = set.iter().skip(1).step_by(2).collect();
    let history = |items: &[&Labelled]| -> Vec<Routed> {
        items
            .iter()
            .enumerate()
            .map(|(i, l)| Routed {
                case_no: format!("445202-2026-{i:06}"),
                text: format!("{} {}", l.title, l.content),
                row_id: l.row.clone(),
            })
            .collect()
    };
    let all: Vec<&Labelled> = set.iter().collect();
    let (cold1, cold3, cold_misses) = accuracy(&list, &all, &[]);
    let (a1, a3, _) = accuracy(&list, &even, &history(&odd));
    let (b1, b3, _) = accuracy(&list, &odd, &history(&even));
    let (warm1, warm3) = ((a1 + b1) / 2.0, (a3 + b3) / 2.0);
    if std::env::var_os("ROUTING_REPORT").is_some() {
        println!("cases {}", set.len());
        println!(
            "the list alone: top-1 {:.1} %, top-3 {:.1} %",
            cold1 * 100.0,
            cold3 * 100.0
        );
        println!(
            "with earlier cases: top-1 {:.1} %, top-3 {:.1} %",
            warm1 * 100.0,
            warm3 * 100.0
        );
        for m in &cold_misses {
            println!("  miss {m}");
        }
    }
    assert!(warm1 >= 0.75, "top-1 with earlier cases {warm1:.3}");
    assert!(warm3 >= 0.90, "top-3 with earlier cases {warm3:.3}");
    assert!(cold1 >= 0.75, "top-1 on the list alone {cold1:.3}");
    assert!(cold3 >= 0.90, "top-3 on the list alone {cold3:.3}");
}
