//! Repeat candidates (重复信访): the earlier cases a registration being typed may repeat, each
//! with a score and the reasons, for the clerk to link it as a repeat or dismiss. The signals
//! are the people (resident ID number, name with phone or locality) and the content's
//! likeness; docs/repeats.md has the precision and recall on a generated population.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::{Case, Petitioner, Status};
use super::identity;
use super::likeness::{cosine, grams, weighted_likeness};

/// What the registration form holds so far.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RepeatProbe {
    #[serde(default)]
    pub petitioners: Vec<Petitioner>,
    #[serde(default)]
    pub locality_code: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub content: String,
    /// A case already registered is not its own candidate.
    #[serde(default)]
    pub except_case_no: Option<String>,
}

/// An earlier case the registration may repeat.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RepeatCandidate {
    pub case_no: String,
    pub received_on: NaiveDate,
    pub status: Status,
    pub title: String,
    /// The earlier case's petitioners' names, as the clerk recognises them.
    pub petitioners: String,
    /// 0 to 1; candidates are shown from `SHOWN_FROM`.
    pub score: f64,
    /// Why, in the clerk's words, strongest first.
    pub reasons: Vec<String>,
}

/// What the clerk did with a candidate shown at registration, kept with the registration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct RepeatChoice {
    pub case_no: String,
    pub score: f64,
    #[serde(default)]
    pub reasons: Vec<String>,
    /// Linked as the earlier case of this repeat (`repeat_of`), or dismissed as another matter.
    pub linked: bool,
}

/// The lowest score a candidate is shown with (the threshold docs/repeats.md measures).
pub const SHOWN_FROM: f64 = 0.5;

/// At most this many candidates are shown, best first.
pub const MOST_SHOWN: usize = 5;

/// How many of the office's cases hold each bigram: the words every petition uses say little.
#[derive(Debug, Clone, Default)]
pub struct Rarity {
    pub cases: u64,
    /// Cases per bigram; a bigram missing here is held by none (or spans punctuation).
    pub holding: HashMap<String, u64>,
}

impl Rarity {
    /// Inverse document frequency, smoothed; every bigram weighs something.
    fn weight(&self, gram: &str) -> f64 {
        let held = self.holding.get(gram).copied().unwrap_or(0) as f64;
        ((self.cases as f64 + 1.0) / (held + 1.0)).ln() + 0.1
    }
}

/// The bigrams of a probe or case's title and content, as candidates compare them.
pub fn text_grams(title: &str, content: &str) -> HashSet<String> {
    grams(&format!("{title} {content}"))
}

/// Whether an earlier case is worth weighing at all: someone in it may be the probe's person,
/// or it shares more than the common words (plain likeness, before the rarity is read).
pub fn worth_weighing(probe: &RepeatProbe, text: &HashSet<String>, case: &Case) -> bool {
    let same_locality = probe.locality_code.trim() == case.locality.code;
    probe.petitioners.iter().any(|p| {
        case.petitioners
            .iter()
            .any(|q| same_person(p, q, same_locality).0 > Person::Name)
    }) || cosine(text, &text_grams(&case.title, &case.content)) >= WORTH_WEIGHING
}

/// Plain likeness from which an earlier case with no one in common is weighed.
const WORTH_WEIGHING: f64 = 0.1;

/// The candidates among `earlier` worth showing, best first.
pub fn candidates(probe: &RepeatProbe, earlier: &[Case], rarity: &Rarity) -> Vec<RepeatCandidate> {
    let text = text_grams(&probe.title, &probe.content);
    let mut found: Vec<RepeatCandidate> = earlier
        .iter()
        .filter(|c| probe.except_case_no.as_deref() != Some(c.case_no.as_str()))
        .filter_map(|c| {
            let (score, reasons) = score(probe, &text, c, rarity);
            (score >= SHOWN_FROM).then(|| RepeatCandidate {
                case_no: c.case_no.clone(),
                received_on: c.received_on,
                status: c.status,
                title: c.title.clone(),
                petitioners: c
                    .petitioners
                    .iter()
                    .map(|p| p.name.as_str())
                    .collect::<Vec<_>>()
                    .join("、"),
                score: (score * 100.0).round() / 100.0,
                reasons,
            })
        })
        .collect();
    found.sort_by(|a, b| {
        b.score
            .total_cmp(&a.score)
            .then(b.received_on.cmp(&a.received_on))
    });
    found.truncate(MOST_SHOWN);
    found
}

/// How strongly one person of the probe and one of the earlier case are the same person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Person {
    None,
    /// The same name only; common names repeat in a county.
    Name,
    SimilarNameLocality,
    NameLocality,
    Phone,
    SimilarNamePhone,
    NamePhone,
    IdNumber,
}

impl Person {
    fn weight(self) -> f64 {
        match self {
            Person::None => 0.0,
            Person::Name => 0.2,
            Person::SimilarNameLocality => 0.3,
            Person::NameLocality => 0.4,
            Person::Phone => 0.45,
            Person::SimilarNamePhone => 0.75,
            Person::NamePhone => 0.9,
            Person::IdNumber => 1.0,
        }
    }
}

/// Content likeness below this says nothing; from `FULL_LIKENESS` it counts fully.
const NO_LIKENESS: f64 = 0.08;
const FULL_LIKENESS: f64 = 0.6;
/// What the person alone scores: the same person with another matter is not a repeat.
const PERSON_ALONE: f64 = 0.4;
/// What fully like content scores from someone else (the same matter, another signer).
const CONTENT_ALONE: f64 = 0.55;

fn score(
    probe: &RepeatProbe,
    text: &HashSet<String>,
    case: &Case,
    rarity: &Rarity,
) -> (f64, Vec<String>) {
    let same_locality =
        !probe.locality_code.trim().is_empty() && probe.locality_code.trim() == case.locality.code;
    let mut best = (Person::None, String::new());
    for p in &probe.petitioners {
        for q in &case.petitioners {
            let found = same_person(p, q, same_locality);
            if found.0 > best.0 {
                best = found;
            }
        }
    }
    let mut reasons = Vec::new();
    if best.0 != Person::None {
        reasons.push(best.1);
    }
    // Before the matter is typed the clerk sees the same person's cases, by the sure signals only.
    if text.is_empty() {
        let sure = best.0 >= Person::SimilarNamePhone;
        return (if sure { best.0.weight() } else { 0.0 }, reasons);
    }
    let likeness = weighted_likeness(text, &text_grams(&case.title, &case.content), |g| {
        rarity.weight(g)
    });
    let content = ((likeness - NO_LIKENESS) / (FULL_LIKENESS - NO_LIKENESS)).clamp(0.0, 1.0);
    if content > 0.0 {
        reasons.push(format!("内容相似（{:.0}%）", likeness * 100.0));
    }
    let person = best.0.weight();
    let score = person * (PERSON_ALONE + (1.0 - PERSON_ALONE) * content)
        + (1.0 - person) * CONTENT_ALONE * content;
    (score, reasons)
}

fn same_person(p: &Petitioner, q: &Petitioner, same_locality: bool) -> (Person, String) {
    let id = |x: &Petitioner| {
        x.id_number
            .as_deref()
            .map(identity::normalise)
            .filter(|s| !s.is_empty())
    };
    if id(p).is_some() && id(p) == id(q) {
        return (Person::IdNumber, "身份证号码相同".into());
    }
    let digits = |x: &Petitioner| {
        x.phone
            .as_deref()
            .map(|s| s.chars().filter(char::is_ascii_digit).collect::<String>())
            .filter(|s| s.len() >= 7)
    };
    let phone = digits(p).is_some() && digits(p) == digits(q);
    let (a, b) = (p.name.trim(), q.name.trim());
    let name = !a.is_empty() && a == b;
    let similar = !name && names_alike(a, b);
    match (name, similar, phone, same_locality) {
        (true, _, true, _) => (Person::NamePhone, format!("同名（{b}）且联系电话相同")),
        (_, true, true, _) => (
            Person::SimilarNamePhone,
            format!("姓名相近（{a}／{b}）且联系电话相同"),
        ),
        (_, _, true, _) => (Person::Phone, format!("联系电话相同（{b}）")),
        (true, _, _, true) => (Person::NameLocality, format!("同名（{b}）且问题属地相同")),
        (_, true, _, true) => (
            Person::SimilarNameLocality,
            format!("姓名相近（{a}／{b}）且问题属地相同"),
        ),
        (true, _, _, _) => (Person::Name, format!("同名（{b}）")),
        _ => (Person::None, String::new()),
    }
}

/// The same surname and one other character changed (a homophone typed for another).
fn names_alike(a: &str, b: &str) -> bool {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    a.len() >= 2
        && a.len() == b.len()
        && a[0] == b[0]
        && a.iter().zip(&b).filter(|(x, y)| x != y).count() == 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_alike_share_the_surname_and_differ_by_one() {
        assert!(names_alike("张伟东", "张卫东"));
        assert!(!names_alike("张伟东", "李伟东"));
        assert!(!names_alike("张伟东", "张伟东"));
        assert!(!names_alike("张伟", "张伟东"));
        assert!(!names_alike("", ""));
    }
}
