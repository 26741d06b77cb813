//! Proposals for routing a petition: the rows of the statutory-channel list it most likely
//! belongs to, ranked, each with why. Offline and quick: the row's match terms found in the
//! text, and the text's likeness (character bigrams) to earlier cases the office routed. The
//! clerk confirms or picks another; both are recorded (docs/routing.md has the accuracy).

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::channels::{ChannelList, ChannelRow};
use super::likeness::{bigrams, cosine, normalise};

/// One proposed row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Proposal {
    pub row_id: String,
    pub problem: String,
    pub score: f64,
    /// Why, in the clerk's words: the terms found, the earlier cases it is like.
    pub why: Vec<String>,
}

/// An earlier case and the row the office routed it by.
#[derive(Debug, Clone, PartialEq)]
pub struct Routed {
    pub case_no: String,
    pub text: String,
    pub row_id: String,
}

/// How the proposals recorded on classified cases compare with the rows the clerks chose.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct FieldAccuracy {
    pub classified: u32,
    /// Classified with a proposal recorded (the base of the two rates).
    pub proposed: u32,
    pub top1: u32,
    pub top3: u32,
}

impl FieldAccuracy {
    /// Counts `(chosen row, proposed rows best first)` pairs.
    pub fn count<'a>(choices: impl IntoIterator<Item = (&'a str, &'a [String])>) -> Self {
        let mut acc = FieldAccuracy::default();
        for (chosen, proposed) in choices {
            acc.classified += 1;
            if proposed.is_empty() {
                continue;
            }
            acc.proposed += 1;
            if proposed[0] == chosen {
                acc.top1 += 1;
            }
            if proposed.iter().take(3).any(|p| p == chosen) {
                acc.top3 += 1;
            }
        }
        acc
    }
}

/// How many earlier cases speak for a row, and how much a likeness counts beside the terms.
const NEIGHBOURS: usize = 7;
const LIKENESS_WEIGHT: f64 = 6.0;
const PROBLEM_WEIGHT: f64 = 3.0;

/// The `limit` best rows for `text` (title and content), best first. Rows nothing speaks for
/// are left out, except the list's catch-all (Art. 31's route 6), which closes the ranking.
pub fn propose(text: &str, list: &ChannelList, earlier: &[Routed], limit: usize) -> Vec<Proposal> {
    let text = normalise(text);
    let grams = bigrams(&text);
    let mut scored: HashMap<&str, (f64, Vec<String>)> = HashMap::new();
    for row in &list.rows {
        let (score, why) = term_score(&text, &grams, row);
        if score > 0.0 {
            scored.insert(row.id.as_str(), (score, why));
        }
    }
    let recognised = !scored.is_empty();
    // Each earlier case's bigrams, once: both the likeness and the Bayes bags read them.
    let earlier_grams: Vec<HashSet<String>> = earlier
        .iter()
        .map(|r| bigrams(&normalise(&r.text)))
        .collect();
    for (row_id, likeness, case_no) in neighbours(&grams, earlier, &earlier_grams) {
        let Some(row) = list.row(row_id) else {
            continue;
        };
        let entry = scored.entry(row.id.as_str()).or_default();
        entry.0 += likeness * LIKENESS_WEIGHT;
        if entry.1.len() < 6 {
            entry.1.push(format!("与{case_no}相似"));
        }
    }
    // Likeness in the office's own words: each row's terms and problem, and the earlier cases
    // routed by it, as bags of bigrams (multinomial naive Bayes); ranks fused with the terms'.
    let bayes = bayes_ranking(&grams, list, earlier, &earlier_grams);
    let terms_rank: Vec<&str> = {
        let mut v: Vec<(&str, f64)> = scored.iter().map(|(k, (s, _))| (*k, *s)).collect();
        v.sort_by(|a, b| {
            b.1.total_cmp(&a.1)
                .then_with(|| row_no(list, a.0).cmp(&row_no(list, b.0)))
        });
        v.into_iter().map(|(k, _)| k).collect()
    };
    let mut fused: HashMap<&str, f64> = HashMap::new();
    for (rank, id) in terms_rank.iter().enumerate() {
        *fused.entry(id).or_default() += TERMS_FUSION / (FUSION_K + rank as f64);
    }
    for (rank, id) in bayes.iter().enumerate().take(10) {
        *fused.entry(id).or_default() += 1.0 / (FUSION_K + rank as f64);
    }
    for (id, f) in &fused {
        let entry = scored.entry(id).or_default();
        entry.0 = *f * 100.0;
    }
    let mut ranked: Vec<Proposal> = scored
        .into_iter()
        .filter_map(|(id, (score, why))| {
            let row = list.row(id)?;
            Some(Proposal {
                row_id: row.id.clone(),
                problem: row.problem.clone(),
                score: (score * 100.0).round() / 100.0,
                why,
            })
        })
        .collect();
    ranked.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then_with(|| row_no(list, &a.row_id).cmp(&row_no(list, &b.row_id)))
    });
    ranked.truncate(limit);
    // Not one of the list's words in the text: most likely a matter the list does not name.
    if let Some(fallback) = list.rows.iter().rev().find(|r| r.is_petition_procedure()) {
        let catch_all = Proposal {
            row_id: fallback.id.clone(),
            problem: fallback.problem.clone(),
            score: 0.0,
            why: vec!["未列入清单的事项按信访程序办理".into()],
        };
        let listed = ranked.iter().position(|p| p.row_id == fallback.id);
        match listed {
            _ if !recognised => {
                ranked.retain(|p| p.row_id != fallback.id);
                ranked.insert(0, catch_all);
            }
            None if ranked.len() < limit => ranked.push(catch_all),
            _ => {}
        }
        ranked.truncate(limit);
    }
    ranked
}

/// Reciprocal-rank fusion of the two rankings (docs/routing.md has how these were chosen).
const FUSION_K: f64 = 2.0;
const TERMS_FUSION: f64 = 1.0;
const HISTORY_WEIGHT: f64 = 0.1;

/// The rows by naive Bayes over bigrams, best first.
fn bayes_ranking<'a>(
    grams: &HashSet<String>,
    list: &'a ChannelList,
    earlier: &[Routed],
    earlier_grams: &[HashSet<String>],
) -> Vec<&'a str> {
    let mut docs: HashMap<&str, HashMap<String, f64>> = HashMap::new();
    let mut add = |id: &'a str, grams: &HashSet<String>, weight: f64| {
        let bag = docs.entry(id).or_default();
        for g in grams {
            *bag.entry(g.clone()).or_default() += weight;
        }
    };
    for row in &list.rows {
        add(&row.id, &bigrams(&normalise(&row.problem)), 1.0);
        for t in &row.terms {
            add(&row.id, &bigrams(&normalise(t)), 1.0);
        }
    }
    for (r, grams) in earlier.iter().zip(earlier_grams) {
        if let Some(row) = list.row(&r.row_id) {
            // An earlier case speaks for its row, but a long one must not drown the row's terms.
            add(&row.id, grams, HISTORY_WEIGHT);
        }
    }
    let vocabulary = docs
        .values()
        .flat_map(|b| b.keys())
        .collect::<HashSet<_>>()
        .len() as f64;
    // In a fixed order, so that the sums (and so the ranking) are the same on every run.
    let mut grams: Vec<&String> = grams.iter().collect();
    grams.sort_unstable();
    let mut scores: Vec<(&str, f64)> = list
        .rows
        .iter()
        .map(|row| {
            let bag = docs.get(row.id.as_str());
            let total: f64 = bag.map_or(0.0, |b| b.values().sum());
            let score = grams
                .iter()
                .map(|g| {
                    let n = bag.and_then(|b| b.get(*g)).copied().unwrap_or(0.0);
                    ((n + 0.1) / (total + 0.1 * vocabulary)).ln()
                })
                .sum::<f64>();
            (row.id.as_str(), score)
        })
        .collect();
    // A stable sort: equal scores keep the list's order.
    scores.sort_by(|a, b| b.1.total_cmp(&a.1));
    scores.into_iter().map(|(id, _)| id).collect()
}

fn row_no(list: &ChannelList, id: &str) -> u32 {
    list.row(id).map_or(u32::MAX, |r| r.no)
}

/// The row's terms found in the text (a longer term says more), and a little for the words
/// of its 具体问题.
fn term_score(text: &str, grams: &HashSet<String>, row: &ChannelRow) -> (f64, Vec<String>) {
    let mut score = 0.0;
    let mut found = Vec::new();
    for term in &row.terms {
        let term = normalise(term);
        let len = term.chars().count() as f64;
        if len == 0.0 {
            continue;
        }
        if text.contains(&term) {
            score += len.powf(1.5);
            found.push(term);
        } else if len >= 3.0 {
            // Most of a longer term, in other order or with a word between.
            let parts = bigrams(&term);
            let hit = parts.iter().filter(|g| grams.contains(*g)).count() as f64;
            if hit / parts.len() as f64 >= 0.67 {
                score += 0.4 * len;
            }
        }
    }
    let problem = bigrams(&normalise(&row.problem));
    let shared = problem.iter().filter(|g| grams.contains(*g)).count() as f64;
    if !problem.is_empty() {
        score += PROBLEM_WEIGHT * shared / problem.len() as f64;
    }
    let why = if found.is_empty() {
        Vec::new()
    } else {
        vec![format!("含“{}”", found.join("”“"))]
    };
    (score, why)
}

/// The earlier cases most like the text: (row, likeness 0–1, case number), best first.
fn neighbours<'a>(
    grams: &HashSet<String>,
    earlier: &'a [Routed],
    earlier_grams: &[HashSet<String>],
) -> Vec<(&'a str, f64, &'a str)> {
    if grams.is_empty() {
        return Vec::new();
    }
    let mut like: Vec<(&str, f64, &str)> = earlier
        .iter()
        .zip(earlier_grams)
        .filter_map(|(r, other)| {
            let likeness = cosine(other, grams);
            (likeness > 0.15).then_some((r.row_id.as_str(), likeness, r.case_no.as_str()))
        })
        .collect();
    like.sort_by(|a, b| b.1.total_cmp(&a.1));
    like.truncate(NEIGHBOURS);
    like
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_terms_found_rank_a_row_and_say_why() {
        let list = ChannelList::shipped();
        let got = propose("老板拖欠我们三个月工资不发，工地包工头跑了", &list, &[], 3);
        assert!(
            got.iter()
                .take(3)
                .any(|p| p.row_id == "construction-wage-arrears" || p.row_id == "wage-arrears"),
            "{got:?}"
        );
        assert!(got[0].why.iter().any(|w| w.starts_with("含")), "{got:?}");
    }

    #[test]
    fn nothing_recognised_falls_to_the_petition_procedure() {
        let list = ChannelList::shipped();
        let got = propose("请帮帮我", &list, &[], 3);
        assert_eq!(got[0].row_id, "other", "{got:?}");
    }

    #[test]
    fn an_earlier_routed_case_speaks_for_its_row() {
        let list = ChannelList::shipped();
        let earlier = [Routed {
            case_no: "445202-2026-000007".into(),
            text: "村里的鱼塘承包合同被村委会单方面终止".into(),
            row_id: "land-contract-transfer".into(),
        }];
        let got = propose("村委会单方面终止我家鱼塘的承包合同", &list, &earlier, 3);
        let p = got
            .iter()
            .find(|p| p.row_id == "land-contract-transfer")
            .unwrap();
        assert!(
            p.why.iter().any(|w| w.contains("445202-2026-000007")),
            "{p:?}"
        );
    }
}
