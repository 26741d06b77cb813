//! Filling a kind's template from the case, the office, its document settings and the
//! clerk's fields, into an [`OfficialDocument`] ready for the page engine. Pure: the desk
//! loads, numbers and stores.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::templates::{placeholder_info, placeholders_for, Template, TemplateError};
use super::OfficialDocument;
use crate::domain::authorities::Directory;
use crate::domain::calendar::Calendar;
use crate::domain::case::{
    Appeal, Case, Channel, Decision, Disposal, Finality, Opinion, OpinionLevel, Purpose,
};
use crate::domain::document::DocumentKind;
use crate::domain::office::Office;
use crate::domain::period::{self, DeadlineKind};
use crate::domain::supervision::handling_organ;
use crate::domain::workflow;

/// The office's document settings (settings key `documents`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentSettings {
    /// Folder for issued PDFs; `None`: `<database file stem>-documents` next to the database.
    #[serde(default)]
    pub folder: Option<String>,
    /// 复查机关 named in a handling opinion while the case names none yet (Art. 35: the
    /// next-higher organ of the one that handled it).
    pub review_organ: String,
    /// 复核机关 named in a review opinion while the case names none yet (Art. 36).
    pub re_review_organ: String,
    /// 接待电话 printed on the counter receipt (回执); none printed while empty.
    #[serde(default)]
    pub counter_phone: String,
}

impl Default for DocumentSettings {
    fn default() -> Self {
        DocumentSettings {
            folder: None,
            review_organ: "原办理机关的上一级行政机关".into(),
            re_review_organ: "复查机关的上一级行政机关".into(),
            counter_phone: String::new(),
        }
    }
}

pub const SETTINGS_KEY: &str = "documents";

/// One field of the prefilled form (出具文书 → the form): a placeholder the template uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentField {
    pub name: String,
    pub label: String,
    /// The value from the case; empty when the case does not know it (see `required`).
    pub value: String,
    pub multiline: bool,
    /// The case does not supply it: the clerk must fill it in before issuing.
    pub required: bool,
    /// The decision on record says it: shown as recorded, not changed on the paper.
    pub recorded: bool,
}

/// What issuing a document returns (and `xinfang notice issue` prints).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct IssueReceipt {
    pub id: uuid::Uuid,
    pub case_no: String,
    pub kind: DocumentKind,
    pub doc_no: String,
    /// The PDF's absolute path (to print or open).
    pub path: String,
    pub sha256: String,
    pub size: i64,
}

/// One entry of the 出具文书 list: a kind the case supports now, with its prefilled form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DocumentChoice {
    pub kind: DocumentKind,
    pub label: String,
    /// Banner and red rule: a letter to another organ.
    pub between_organs: bool,
    pub fields: Vec<DocumentField>,
}

/// An office's wording of one kind, for the settings page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TemplateView {
    pub kind: DocumentKind,
    pub label: String,
    pub template: Template,
    /// The shipped wording (never edited, or reset).
    pub is_default: bool,
    /// What the template may name.
    pub placeholders: Vec<super::templates::PlaceholderInfo>,
}

/// What is wrong with a stored document's file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum FileProblem {
    /// The file's SHA-256 differs from the one stored when it was issued.
    Changed,
    /// No file at the stored path.
    Missing,
    /// The file is there but cannot be read.
    Unreadable,
}

impl FileProblem {
    pub fn label(self) -> &'static str {
        match self {
            FileProblem::Changed => "文件已被改动",
            FileProblem::Missing => "文件缺失",
            FileProblem::Unreadable => "文件无法读取",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyProblem {
    pub doc_no: String,
    pub case_no: String,
    pub kind: DocumentKind,
    pub path: String,
    pub problem: FileProblem,
    pub expected_sha256: String,
    pub actual_sha256: Option<String>,
    /// The I/O error, for `unreadable`.
    pub detail: Option<String>,
}

/// The result of re-hashing every stored document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct VerifyReport {
    pub folder: String,
    pub checked: usize,
    pub intact: usize,
    pub problems: Vec<VerifyProblem>,
}

pub use crate::domain::cn_date;

/// `榕信访不受〔2026〕3号`: prefix, the kind's 代字, the full year in 〔〕, the number without
/// leading zeros, 号.
pub fn doc_no(prefix: &str, code: &str, year: i32, n: i64) -> String {
    format!("{}{}〔{year}〕{n}号", prefix.trim(), code.trim())
}

/// The number a draft shows in place of one: `榕信访不受〔2026〕草稿`. A draft takes no number,
/// and nobody can mistake its print-out for an issued document.
pub fn draft_doc_no(prefix: &str, code: &str, year: i32) -> String {
    format!("{}{}〔{year}〕{DRAFT_MARK}", prefix.trim(), code.trim())
}

/// What stands for the number on a draft.
pub const DRAFT_MARK: &str = "草稿";

/// The file name of a document: its number with characters that no file system accepts
/// (`/\:*?"<>|`, control characters) replaced by `_`.
pub fn file_name(doc_no: &str) -> String {
    let safe: String = doc_no
        .chars()
        .map(|c| {
            if c.is_control() || "/\\:*?\"<>|".contains(c) {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim().trim_matches('.').to_string();
    format!("{}.pdf", if safe.is_empty() { "_" } else { &safe })
}

/// How the petition came, as a verb phrase: `收到你{channel}反映的…`.
fn channel_phrase(c: Channel) -> &'static str {
    match c {
        Channel::Letter => "来信",
        Channel::Visit => "来访",
        Channel::Online => "通过网上信访平台",
        Channel::Phone => "来电",
        Channel::Referred => "经上级机关转交",
    }
}

/// The decision as the opinion states it: on the request, or on the opinion below.
fn decision_phrase(d: Decision, kind: DocumentKind) -> String {
    let below = if kind == DocumentKind::ReReviewOpinion {
        "复查意见"
    } else {
        "原处理意见"
    };
    match d {
        Decision::Support => "予以支持".into(),
        Decision::Explain => "予以解释说明".into(),
        Decision::Reject => "不予支持".into(),
        Decision::Uphold => format!("维持{below}"),
        Decision::Change => format!("变更{below}"),
        Decision::Revoke => format!("撤销{below}"),
    }
}

/// Why the same matter is not accepted again, with the article it rests on.
fn refusal_basis(basis: Option<Finality>) -> &'static str {
    match basis {
        Some(Finality::ReReviewed) => "该信访事项已经复核。依据《信访工作条例》第三十六条的规定，信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理。",
        Some(Finality::ReviewWindowLapsed) => "你未在收到书面答复之日起30日内请求复查，原处理意见已经生效。依据《信访工作条例》第三十五条、第三十六条的规定，对已经生效的处理意见，仍然以同一事实和理由提出投诉请求的，不再受理。",
        Some(Finality::ReReviewWindowLapsed) => "你未在收到复查意见之日起30日内请求复核，复查意见已经生效。依据《信访工作条例》第三十六条的规定，对已经生效的复查意见，仍然以同一事实和理由提出投诉请求的，不再受理。",
        Some(Finality::AlreadyRefused) => "该信访事项的处理意见已经生效，本机关已告知不再受理。依据《信访工作条例》第三十五条、第三十六条的规定，仍然以同一事实和理由提出投诉请求的，不再受理。",
        None => "该信访事项的处理意见已经生效。依据《信访工作条例》第三十五条、第三十六条的规定，仍然以同一事实和理由提出投诉请求的，不再受理。",
    }
}

/// Values that stand as whole sentences end with a full stop; values set inside a sentence
/// lose a trailing one (`该事项{reason}。` must not print `。。`).
fn normalise(kind: DocumentKind, name: &str, value: &str) -> String {
    let v = value.trim();
    let predicate_of = kind == DocumentKind::NonAcceptanceNotice && name == "reason";
    let v = if predicate_of { predicate(v) } else { v };
    let sentence = matches!(
        name,
        "note" | "facts" | "reasons" | "content" | "grounds" | "refusal_basis" | "history"
    );
    if sentence {
        if v.is_empty() || v.ends_with(['。', '！', '？', '…', '”', '）', '.']) {
            v.to_string()
        } else {
            format!("{v}。")
        }
    } else {
        v.trim_end_matches(['。', '；', '，', ';', ',']).to_string()
    }
}

/// A decline reason as the predicate of the notice's "经审查，该事项{reason}": a subject the
/// clerk wrote first ("该诉求属于…") would read twice.
fn predicate(reason: &str) -> &str {
    let r = reason.trim();
    ["该信访事项", "该事项", "该诉求", "此事项", "该问题"]
        .iter()
        .find_map(|s| r.strip_prefix(s))
        .map_or(r, |rest| rest.trim_start_matches(['，', ',']))
}

/// The case title as the object of 反映: `反映小区物业管理混乱问题` → `小区物业管理混乱问题`.
fn subject(title: &str) -> String {
    let t = title.trim();
    let t = t.strip_prefix("反映").unwrap_or(t);
    let t = t.strip_prefix("关于").unwrap_or(t);
    t.to_string()
}

/// Where the facts of the document's step are.
struct Step<'a> {
    opinion: Option<&'a Opinion>,
    appeal: Option<&'a Appeal>,
    earlier_opinion: Option<&'a Opinion>,
}

/// How letters between organs name the writer of an accusation (and any anonymous writer).
pub const ACCUSER_WITHHELD: &str = "群众";

/// Every placeholder `kind` supplies, with its value from the records (`None`: the case does
/// not know it; a template using it then needs the clerk's field).
pub fn values(
    kind: DocumentKind,
    case: &Case,
    office: &Office,
    settings: &DocumentSettings,
    directory: &Directory,
    date: NaiveDate,
    cal: &Calendar,
) -> BTreeMap<String, Option<String>> {
    let p = &case.progress;
    let mut v: BTreeMap<&'static str, Option<String>> = BTreeMap::new();
    for name in placeholders_for(kind) {
        v.insert(name, None);
    }
    let mut set = |name: &'static str, value: Option<String>| {
        if let Some(slot) = v.get_mut(name) {
            *slot = value.map(|s| normalise(kind, name, &s));
        }
    };
    set("office", Some(office.name.clone()));
    set("case_no", Some(case.case_no.clone()));
    set("issue_date", Some(cn_date(date)));
    let names: Vec<&str> = case.petitioners.iter().map(|p| p.name.as_str()).collect();
    // Art. 45: an accuser is never named to the organ accused; an anonymous letter has no name.
    let protected = case.purpose == Purpose::Accusation && kind.between_organs();
    let petitioner = if protected || names.is_empty() {
        ACCUSER_WITHHELD.to_string()
    } else {
        names.join("、")
    };
    set("petitioner", Some(petitioner));
    set("received_date", Some(cn_date(case.received_on)));
    set("channel", Some(channel_phrase(case.channel).into()));
    set("subject", Some(subject(&case.title)));
    set("content", Some(case.content.clone()));
    set("locality", Some(case.locality.name.clone()));

    if let Some(Disposal::Accepted { on, .. }) = &p.disposal {
        set("accepted_date", Some(cn_date(*on)));
    }
    // The handling period as it stands (extended, if it was).
    let handling = case
        .deadlines
        .iter()
        .rev()
        .find(|d| d.kind == DeadlineKind::Handling);
    let due_text = |d: &period::Deadline| match d.provisional_year(cal) {
        Some(_) => format!("{}（{}）", cn_date(d.due_on), period::PROVISIONAL_MARK),
        None => cn_date(d.due_on),
    };
    set("handling_due", handling.map(due_text));

    match (&p.disposal, kind) {
        (
            Some(Disposal::Declined {
                on,
                reason,
                article,
                statutory_channel,
                authority,
                lawyer_window,
            }),
            DocumentKind::NonAcceptanceNotice,
        ) => {
            set(
                "referral",
                Some(lawyer_window.as_ref().map_or_else(String::new, |w| {
                    format!("本机关已引导你到{w}，由值班律师提供法律咨询。")
                })),
            );
            set("decision_date", Some(cn_date(*on)));
            set("reason", Some(reason.clone()));
            set("article", Some(article.clone()));
            set("statutory_channel", Some(statutory_channel.clone()));
            set("authority", Some(authority.name.clone()));
        }
        (
            Some(Disposal::Forwarded {
                on,
                authority,
                note,
            }),
            DocumentKind::ForwardingLetter | DocumentKind::ForwardingNotice,
        ) => {
            set("decision_date", Some(cn_date(*on)));
            set("authority", Some(authority.name.clone()));
            set("note", Some(note.clone().unwrap_or_default()));
        }
        (Some(Disposal::Accepted { on, authority }), DocumentKind::AcceptanceNotice) => {
            set("decision_date", Some(cn_date(*on)));
            set(
                "authority",
                Some(
                    authority
                        .as_ref()
                        .map_or_else(|| office.name.clone(), |a| a.name.clone()),
                ),
            );
        }
        (
            Some(Disposal::Assigned {
                on,
                authority,
                feedback_due,
                note,
            }),
            DocumentKind::AssignmentLetter,
        ) => {
            set("decision_date", Some(cn_date(*on)));
            set("authority", Some(authority.name.clone()));
            set("feedback_due", Some(cn_date(*feedback_due)));
            set("note", Some(note.clone().unwrap_or_default()));
        }
        (
            Some(Disposal::RefusedRepeat {
                on,
                reason,
                earlier_case_no,
                basis,
            }),
            DocumentKind::NoFurtherAcceptanceNotice,
        ) => {
            set("decision_date", Some(cn_date(*on)));
            set("reason", Some(reason.clone()));
            set("refusal_basis", Some(refusal_basis(*basis).to_string()));
            set(
                "earlier_case_no",
                earlier_case_no.clone().or_else(|| case.repeat_of.clone()),
            );
        }
        _ => {}
    }

    match kind {
        DocumentKind::SupervisionLetter => {
            let latest = p.supervisions.last();
            set("decision_date", latest.map(|s| cn_date(s.on)));
            set("note", latest.map(|s| s.note.clone()));
            set("step", latest.map(|s| s.step.clone()));
            set("reply_by", latest.and_then(|s| s.reply_by).map(cn_date));
            // A later step recalls the letters before it that went unanswered.
            let earlier: Vec<String> = p
                .supervisions
                .iter()
                .rev()
                .skip(1)
                .take_while(|s| s.is_open())
                .map(|s| format!("{}{}", cn_date(s.on), s.step))
                .collect();
            set(
                "history",
                Some(if earlier.is_empty() {
                    String::new()
                } else {
                    let mut e = earlier;
                    e.reverse();
                    format!("本机关已于{}，你单位至今未报送办理情况。", e.join("、"))
                }),
            );
            set(
                "authority",
                latest
                    .and_then(|s| s.authority.clone())
                    .or_else(|| handling_organ(case)),
            );
        }
        DocumentKind::ExtensionNotice => {
            if let Some(e) = &p.extension {
                set("decision_date", Some(cn_date(e.on)));
                set("reason", Some(e.reason.clone()));
                set("approver", Some(e.approver.clone()));
                set("extension_days", Some(e.days.to_string()));
            }
        }
        _ => {}
    }

    // The opinion a review revoked is gone from the case's progress but not from its record.
    let annulled = |level: OpinionLevel| {
        p.revoked
            .iter()
            .rev()
            .find(|r| r.level == level)
            .map(|r| &r.annulled)
    };
    let step = match kind {
        DocumentKind::HandlingOpinion => Step {
            opinion: p.opinion.as_ref(),
            appeal: None,
            earlier_opinion: None,
        },
        DocumentKind::ReviewAcceptanceNotice => Step {
            opinion: None,
            appeal: p.review.as_ref(),
            earlier_opinion: p.opinion.as_ref(),
        },
        DocumentKind::ReReviewAcceptanceNotice => Step {
            opinion: None,
            appeal: p.re_review.as_ref(),
            earlier_opinion: p.review.as_ref().and_then(|a| a.opinion.as_ref()),
        },
        DocumentKind::ReviewOpinion => Step {
            opinion: p.review.as_ref().and_then(|a| a.opinion.as_ref()),
            appeal: p.review.as_ref(),
            earlier_opinion: p.opinion.as_ref().or(annulled(OpinionLevel::Handling)),
        },
        DocumentKind::ReReviewOpinion => Step {
            opinion: p.re_review.as_ref().and_then(|a| a.opinion.as_ref()),
            appeal: p.re_review.as_ref(),
            earlier_opinion: p
                .review
                .as_ref()
                .and_then(|a| a.opinion.as_ref())
                .or(annulled(OpinionLevel::Review)),
        },
        _ => Step {
            opinion: None,
            appeal: None,
            earlier_opinion: None,
        },
    };
    if let Some(o) = step.opinion {
        set("decision_date", Some(cn_date(o.on)));
        set("decision", Some(decision_phrase(o.decision, kind)));
        set("facts", Some(o.facts.clone()));
        set("reasons", Some(o.reasons.clone()));
        set("legal_basis", Some(o.legal_basis.clone()));
    }
    if let Some(a) = step.appeal {
        set("requested_date", Some(cn_date(a.requested_on)));
        let grounds = if a.grounds.trim().is_empty() {
            "对原意见不服".to_string()
        } else {
            a.grounds.clone()
        };
        set("grounds", Some(grounds));
    }
    set("opinion_date", step.earlier_opinion.map(|o| cn_date(o.on)));
    let appeal_kind = match kind {
        DocumentKind::ReReviewAcceptanceNotice => DeadlineKind::ReReview,
        _ => DeadlineKind::Review,
    };
    set(
        "appeal_due",
        case.deadlines
            .iter()
            .rev()
            .find(|d| d.kind == appeal_kind && d.met_on.is_none())
            .map(due_text),
    );
    // The organs one and two levels above the one that handled it, as the directory has them
    // (Arts. 35, 36); the office's settings only where the directory does not know the organ.
    let handler = workflow::handling_organ(case).unwrap_or(&office.name);
    let chain = directory.review_chain(handler);
    let review_organ = p.review.as_ref().map_or_else(
        || {
            chain
                .first()
                .map_or_else(|| settings.review_organ.clone(), |o| o.name.clone())
        },
        |a| a.organ.clone(),
    );
    let above_review = directory
        .review_chain(&review_organ)
        .first()
        .map(|o| o.name.clone());
    let re_review_organ = p.re_review.as_ref().map_or_else(
        || above_review.unwrap_or_else(|| settings.re_review_organ.clone()),
        |a| a.organ.clone(),
    );
    set("review_organ", Some(review_organ));
    set("re_review_organ", Some(re_review_organ));

    v.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
}

/// A field the clerk sent that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FieldError {
    #[error("未知的字段“{0}”")]
    Unknown(String),
    #[error("“{0}”来自案件记录，不能在文书中修改")]
    Fixed(String),
    #[error("字段“{name}”不适用于{kind}")]
    NotForKind { name: String, kind: &'static str },
    #[error("“{label}”以案件的办理记录为准，不能只在文书中改动")]
    Recorded { name: String, label: String },
}

/// Fields whose text is the decision on record: the notice states it as recorded, so that the
/// paper and the case never say two things.
const RECORDED: &[&str] = &["reason", "article", "statutory_channel"];

impl FieldError {
    pub fn field(&self) -> &str {
        match self {
            FieldError::Unknown(n) | FieldError::Fixed(n) => n,
            FieldError::NotForKind { name, .. } | FieldError::Recorded { name, .. } => name,
        }
    }
}

/// Lays the clerk's fields over the values from the records.
pub fn apply_fields(
    kind: DocumentKind,
    values: &mut BTreeMap<String, Option<String>>,
    fields: &BTreeMap<String, String>,
) -> Result<(), FieldError> {
    let known = placeholders_for(kind);
    for (name, value) in fields {
        let Some(info) = placeholder_info(name) else {
            return Err(FieldError::Unknown(name.clone()));
        };
        if !info.editable {
            return Err(FieldError::Fixed(name.clone()));
        }
        if !known.contains(&name.as_str()) {
            return Err(FieldError::NotForKind {
                name: name.clone(),
                kind: kind.label(),
            });
        }
        let value = normalise(kind, name, value);
        if let Some(Some(recorded)) = values.get(name) {
            if RECORDED.contains(&name.as_str()) && *recorded != value {
                return Err(FieldError::Recorded {
                    name: name.clone(),
                    label: info.label,
                });
            }
        }
        values.insert(name.clone(), Some(value));
    }
    Ok(())
}

/// The prefilled form: each editable placeholder the template uses, with its value.
pub fn form(
    template: &Template,
    values: &BTreeMap<String, Option<String>>,
) -> Result<Vec<DocumentField>, TemplateError> {
    Ok(template
        .used_placeholders()?
        .into_iter()
        .filter_map(|name| {
            let info = placeholder_info(&name)?;
            if !info.editable {
                return None;
            }
            let value = values.get(&name).cloned().flatten();
            Some(DocumentField {
                recorded: value.is_some() && RECORDED.contains(&name.as_str()),
                required: value.is_none(),
                value: value.unwrap_or_default(),
                name,
                label: info.label,
                multiline: info.multiline,
            })
        })
        .collect())
}

/// The document, laid out data only: the template filled in, the banner for letters between
/// organs, the number, the office as signature and the date.
pub fn compose(
    kind: DocumentKind,
    template: &Template,
    values: &BTreeMap<String, Option<String>>,
    doc_no: &str,
    office: &Office,
    date: NaiveDate,
) -> Result<OfficialDocument, TemplateError> {
    let filled = template.fill(kind, values)?;
    Ok(OfficialDocument {
        banner: kind.between_organs().then(|| office.name.clone()),
        doc_no: doc_no.to_string(),
        title: filled.title,
        addressee: filled.addressee,
        body: filled.body,
        closing: filled.closing,
        attachments: filled.attachments,
        office_name: office.name.clone(),
        date,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_recorded_reason_is_kept_and_a_different_one_refused() {
        let kind = DocumentKind::NonAcceptanceNotice;
        let mut values = BTreeMap::from([("reason".to_string(), Some("属于劳动争议".to_string()))]);
        // The same text (with the subject and stop the clerk may type) is no change.
        let same = BTreeMap::from([("reason".to_string(), "该诉求属于劳动争议。".to_string())]);
        apply_fields(kind, &mut values, &same).unwrap();
        let other = BTreeMap::from([("reason".to_string(), "属于民事纠纷".to_string())]);
        let err = apply_fields(kind, &mut values, &other).unwrap_err();
        assert_eq!(err.field(), "reason");
        assert!(err.to_string().contains("以案件的办理记录为准"), "{err}");
        assert_eq!(values["reason"].as_deref(), Some("属于劳动争议"));
        // Where the record has no reason, the clerk writes it.
        let mut blank = BTreeMap::from([("reason".to_string(), None)]);
        apply_fields(kind, &mut blank, &other).unwrap();
        assert_eq!(blank["reason"].as_deref(), Some("属于民事纠纷"));
    }

    #[test]
    fn numbers_and_file_names() {
        assert_eq!(doc_no("榕信访", "不受", 2026, 3), "榕信访不受〔2026〕3号");
        assert_eq!(doc_no(" 揭信访 ", "", 2026, 120), "揭信访〔2026〕120号");
        assert_eq!(
            draft_doc_no("榕信访", "不受", 2026),
            "榕信访不受〔2026〕草稿"
        );
        assert_eq!(
            file_name("榕信访不受〔2026〕3号"),
            "榕信访不受〔2026〕3号.pdf"
        );
        assert_eq!(file_name("a/b:c*?\"<>|\\"), "a_b_c_______.pdf");
        assert_eq!(file_name(".."), "_.pdf");
    }

    #[test]
    fn values_are_normalised_for_their_place() {
        let n = |name, value| normalise(DocumentKind::HandlingOpinion, name, value);
        assert_eq!(n("reason", "属于仲裁范围。"), "属于仲裁范围");
        assert_eq!(n("note", "请依法处理"), "请依法处理。");
        assert_eq!(n("note", ""), "");
        assert_eq!(n("facts", "属实。"), "属实。");
        let decline = |value| normalise(DocumentKind::NonAcceptanceNotice, "reason", value);
        assert_eq!(decline("该诉求属于劳动争议。"), "属于劳动争议");
        assert_eq!(n("reason", "该诉求属于劳动争议"), "该诉求属于劳动争议");
        assert_eq!(subject("反映小区物业问题"), "小区物业问题");
        assert_eq!(predicate("该诉求属于劳动争议"), "属于劳动争议");
        assert_eq!(predicate("属于劳动争议"), "属于劳动争议");
        assert_eq!(predicate(" 该事项，属于仲裁范围"), "属于仲裁范围");
    }
}
