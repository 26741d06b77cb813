//! A generated population of registrations with known repeats, for measuring the repeat
//! candidates (docs/repeats.md). Petitions are the labelled texts of tests/data; people have
//! common surnames and skewed given names (so names collide), valid resident ID numbers and
//! phones. A repeat is the same person on the same matter, with what changes between visits:
//! a homophone typed in the name, a new phone, no ID number recorded, the content told again
//! in other words, another title. Some people also bring a second, different matter.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use xinfang::domain::case::{Channel, Locality, NewCase, Petitioner, Purpose};
use xinfang::domain::identity;

/// One registration and the matter it is about (the same `matter`: repeats of each other).
pub struct Registration {
    pub new: NewCase,
    pub matter: usize,
    /// The number of the registration in its matter (0: the first petition).
    pub nth: usize,
}

pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407)
            | 1)
    }
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545F4914F6CDD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next() % 1_000_000) as f64 / 1_000_000.0 < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const SURNAMES: &[char] = &[
    '王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙',
];
/// Given-name characters, each with a homophone a clerk may type for it.
const GIVEN: &[(char, char)] = &[
    ('伟', '卫'),
    ('华', '化'),
    ('明', '铭'),
    ('军', '君'),
    ('丽', '莉'),
    ('芳', '方'),
    ('杰', '洁'),
    ('强', '蔷'),
    ('敏', '民'),
    ('静', '靖'),
    ('磊', '雷'),
    ('洋', '阳'),
    ('勇', '永'),
    ('艳', '燕'),
    ('娟', '涓'),
    ('涛', '韬'),
    ('斌', '彬'),
    ('霞', '侠'),
    ('平', '萍'),
    ('刚', '钢'),
    ('辉', '晖'),
    ('建', '健'),
    ('文', '雯'),
    ('红', '宏'),
    ('秀', '绣'),
    ('英', '瑛'),
    ('玲', '岭'),
    ('桂', '贵'),
];
const TOWNSHIPS: &[&str] = &[
    "榕华街道",
    "新兴街道",
    "中山街道",
    "西马街道",
    "东兴街道",
    "东升街道",
    "东阳街道",
    "仙桥街道",
    "梅云街道",
    "磐东街道",
    "渔湖镇",
    "炮台镇",
    "地都镇",
    "登岗镇",
];
const PREFIXES: &[&str] = &[
    "我之前反映过，",
    "再次反映：",
    "上次来信后至今没有答复，",
    "这个问题我去年就反映过了，",
    "",
];
const SUFFIXES: &[&str] = &["请尽快处理。", "希望领导重视。", "至今没有解决。"];
/// Words told differently the next time.
const SYNONYMS: &[(&str, &str)] = &[
    ("拖欠", "欠着"),
    ("工资", "工钱"),
    ("政府", "有关部门"),
    ("现在", "目前"),
    ("一直", "始终"),
    ("没有", "没"),
    ("要求", "请求"),
    ("希望", "恳请"),
    ("我们", "我们几户"),
    ("问题", "情况"),
];

#[derive(Clone)]
struct Person {
    name: String,
    id_number: String,
    phone: String,
    /// Whether registrations of this person usually record the ID number (visits do).
    gives_id: bool,
}

fn person(rng: &mut Rng, seq: usize) -> Person {
    let surname = *rng.pick(SURNAMES);
    // Skewed towards the first characters, as given names are: names collide.
    let given = |rng: &mut Rng| {
        let u = (rng.next() % 10_000) as f64 / 10_000.0;
        GIVEN[((u * u) * GIVEN.len() as f64) as usize].0
    };
    let mut name = String::from(surname);
    name.push(given(rng));
    if rng.chance(0.7) {
        name.push(given(rng));
    }
    let born =
        NaiveDate::from_ymd_opt(1950, 1, 1).unwrap() + Duration::days(rng.below(16_000) as i64);
    let first17 = format!("445202{}{:03}", born.format("%Y%m%d"), seq % 1000);
    let id_number = format!("{first17}{}", identity::check_digit(&first17).unwrap());
    Person {
        name,
        id_number,
        phone: phone(rng),
        gives_id: rng.chance(0.6),
    }
}

fn phone(rng: &mut Rng) -> String {
    format!("1{}{:09}", 3 + rng.below(7), rng.below(1_000_000_000))
}

/// The name with one given-name character replaced by its homophone.
fn typo(rng: &mut Rng, name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let at = 1 + rng.below(chars.len() - 1);
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| {
            if i == at {
                GIVEN.iter().find(|(a, _)| a == c).map_or(*c, |(_, b)| *b)
            } else {
                *c
            }
        })
        .collect()
}

/// The same matter told again: clauses dropped or swapped, words changed, a prefix or suffix;
/// or, as a clerk notes a return visit, the first clause alone.
fn retold(rng: &mut Rng, content: &str) -> String {
    let mut clauses: Vec<String> = content
        .split_inclusive(['，', '。', '！', '；', '？'])
        .map(str::to_string)
        .collect();
    if rng.chance(0.25) {
        return format!("{}{}{}", rng.pick(PREFIXES), clauses[0], rng.pick(SUFFIXES));
    }
    if clauses.len() >= 3 && rng.chance(0.4) {
        clauses.remove(1 + rng.below(clauses.len() - 1));
    }
    if clauses.len() >= 3 && rng.chance(0.4) {
        let i = rng.below(clauses.len() - 1);
        clauses.swap(i, i + 1);
    }
    let mut text = clauses.concat();
    for (from, to) in SYNONYMS {
        if rng.chance(0.5) {
            text = text.replace(from, to);
        }
    }
    if rng.chance(0.6) {
        text = format!("{}{text}", rng.pick(PREFIXES));
    }
    if rng.chance(0.3) {
        let suffix = rng.pick(SUFFIXES);
        text.push_str(suffix);
    }
    text
}

/// `count` first petitions (one text each, from `texts` (title, content)) and the repeats
/// among them, in the order they are received, from 2025-01-02 on.
pub fn generate(seed: u64, texts: &[(String, String)], count: usize) -> Vec<Registration> {
    let mut rng = Rng::new(seed);
    let count = count.min(texts.len());
    let mut order: Vec<usize> = (0..texts.len()).collect();
    for i in (1..order.len()).rev() {
        order.swap(i, rng.below(i + 1));
    }
    let mut people: Vec<Person> = Vec::new();
    // Per matter: the person, the township, the title and content first told.
    let mut matters: Vec<(usize, usize, String, String)> = Vec::new();
    let mut out: Vec<Registration> = Vec::new();
    let mut counts: Vec<usize> = Vec::new();
    let mut received = Utc.with_ymd_and_hms(2025, 1, 2, 1, 30, 0).unwrap();
    while matters.len() < count || out.len() < count + count / 2 {
        received += Duration::minutes(600 + rng.below(900) as i64);
        let repeat = !matters.is_empty() && (matters.len() >= count || rng.chance(0.33));
        let (matter, person, township, title, content) = if repeat {
            let m = rng.below(matters.len());
            let (p, t, title, content) = matters[m].clone();
            let township = if rng.chance(0.95) {
                t
            } else {
                rng.below(TOWNSHIPS.len())
            };
            let title = if rng.chance(0.25) {
                (*rng.pick(&["反映原问题未解决", "要求落实上次答复", "再次来访"])).to_string()
            } else if rng.chance(0.5) {
                title.replacen("反映", "再次反映", 1)
            } else {
                title
            };
            (m, p, township, title, retold(&mut rng, &content))
        } else {
            let (title, content) = texts[order[matters.len()]].clone();
            let p = if !people.is_empty() && rng.chance(0.06) {
                rng.below(people.len())
            } else {
                let seq = people.len();
                people.push(person(&mut rng, seq));
                seq
            };
            let township = rng.below(TOWNSHIPS.len());
            matters.push((p, township, title.clone(), content.clone()));
            counts.push(0);
            (matters.len() - 1, p, township, title, content)
        };
        let who = &people[person];
        let nth = counts[matter];
        counts[matter] += 1;
        let mut petitioner = Petitioner {
            name: who.name.clone(),
            id_number: (who.gives_id && (nth == 0 || rng.chance(0.6)))
                .then(|| who.id_number.clone()),
            phone: Some(who.phone.clone()),
            address: None,
            representative: false,
        };
        if nth > 0 {
            if rng.chance(0.15) {
                petitioner.name = typo(&mut rng, &who.name);
            }
            if rng.chance(0.3) {
                petitioner.phone = Some(phone(&mut rng));
            } else if rng.chance(0.1) {
                petitioner.phone = None;
            }
        }
        out.push(Registration {
            new: NewCase {
                channel: if petitioner.id_number.is_some() {
                    Channel::Visit
                } else {
                    Channel::Letter
                },
                received_at: Some(received),
                visit: petitioner
                    .id_number
                    .as_ref()
                    .map(|_| xinfang::domain::case::VisitInfo {
                        person_count: 1,
                        batch_count: 1,
                    }),
                petitioners: vec![petitioner],
                letter: None,
                title,
                content,
                locality: Locality {
                    code: format!("445202{:03}", township + 1),
                    name: TOWNSHIPS[township].into(),
                },
                matter_type: "其他".into(),
                purpose: Purpose::Claim,
                litigation_related: false,
                authority: None,
                repeat_of: None,
                repeat_candidates: Vec::new(),
                feedback_due: None,
                handler: None,
            },
            matter,
            nth,
        });
    }
    out
}
