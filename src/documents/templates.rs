//! The wording of each document kind: Chinese text with named placeholders (`{petitioner}`,
//! `{received_date}`, …). Defaults ship in `data/templates/<kind>.json` (compiled in); an
//! office's edited wording is stored in its settings under `document_template.<kind>`.
//!
//! Syntax: `{name}` is replaced by the value of placeholder `name`; `{{` and `}}` print a
//! literal brace. A body paragraph starting with `# ` is a level-1 heading (黑体), with `## `
//! a level-2 heading (楷体). A paragraph that comes out empty (an optional `{note}` with no
//! note) is dropped. A template that names a placeholder the kind does not know is refused,
//! naming it, when it is saved and again when it is used.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Paragraph;
use crate::domain::document::DocumentKind;

/// One kind's wording.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Template {
    /// 文号代字: inserted between the office's prefix and `〔year〕`, e.g. `不受` in
    /// `榕信访不受〔2026〕3号`. Distinct per kind (each kind counts its own numbers).
    pub code: String,
    pub title: String,
    /// 主送: `{petitioner}` for notices, `{authority}` for letters.
    pub addressee: String,
    /// Paragraphs; `# ` starts a level-1 heading, `## ` a level-2 heading.
    pub body: Vec<String>,
    #[serde(default)]
    pub closing: Option<String>,
    /// 附件 names, without numbers or final punctuation.
    #[serde(default)]
    pub attachments: Vec<String>,
}

/// A placeholder a template may name, with what the form calls it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PlaceholderInfo {
    pub name: String,
    pub label: String,
    /// Whether the clerk may change the value in the form (the office, the case number and
    /// the date come from the record).
    pub editable: bool,
    /// Longer text: the form shows a text area.
    pub multiline: bool,
}

/// Every placeholder any template may use: (name, label, editable, multiline).
pub const PLACEHOLDERS: &[(&str, &str, bool, bool)] = &[
    ("office", "本机关名称", false, false),
    ("case_no", "信访件编号", false, false),
    ("issue_date", "成文日期", false, false),
    ("petitioner", "信访人", true, false),
    ("received_date", "收件日期", true, false),
    ("channel", "信访形式", true, false),
    ("subject", "反映事项", true, false),
    ("content", "信访内容", true, true),
    ("locality", "问题属地", true, false),
    ("authority", "有权处理机关（承办单位）", true, false),
    ("decision_date", "决定日期", true, false),
    ("accepted_date", "受理日期", true, false),
    ("reason", "理由", true, true),
    ("article", "依据条款", true, false),
    ("statutory_channel", "法定途径", true, false),
    ("note", "附言", true, true),
    ("referral", "律师接访引导", true, true),
    ("handling_due", "办理期限", true, false),
    ("feedback_due", "反馈期限", true, false),
    ("extension_days", "延长天数", true, false),
    ("approver", "批准人", true, false),
    ("earlier_case_no", "原信访件编号", true, false),
    ("refusal_basis", "不再受理的依据", true, true),
    ("decision", "处理结论", true, false),
    ("facts", "查明的事实", true, true),
    ("reasons", "处理理由", true, true),
    ("legal_basis", "法律依据", true, false),
    ("grounds", "请求事项", true, true),
    ("requested_date", "申请日期", true, false),
    ("opinion_date", "原意见日期", true, false),
    ("review_organ", "复查机关", true, false),
    ("re_review_organ", "复核机关", true, false),
    ("appeal_due", "复查（复核）期限", true, false),
    ("step", "督办方式", true, false),
    ("reply_by", "回复期限", true, false),
    ("history", "此前督办", true, true),
];

const COMMON: &[&str] = &[
    "office",
    "case_no",
    "issue_date",
    "petitioner",
    "received_date",
    "channel",
    "subject",
    "content",
    "locality",
];

/// The placeholders `kind` supplies: the common ones plus the facts of its step.
pub fn placeholders_for(kind: DocumentKind) -> Vec<&'static str> {
    let own: &[&str] = match kind {
        DocumentKind::NonAcceptanceNotice => &[
            "decision_date",
            "reason",
            "article",
            "statutory_channel",
            "authority",
            "referral",
        ],
        DocumentKind::ForwardingLetter => &["decision_date", "authority", "note"],
        DocumentKind::ForwardingNotice => &["decision_date", "authority", "note"],
        DocumentKind::AcceptanceNotice => &[
            "decision_date",
            "accepted_date",
            "authority",
            "handling_due",
        ],
        DocumentKind::AssignmentLetter => &["decision_date", "authority", "feedback_due", "note"],
        DocumentKind::SupervisionLetter => &[
            "decision_date",
            "authority",
            "note",
            "step",
            "reply_by",
            "history",
        ],
        DocumentKind::NoFurtherAcceptanceNotice => &[
            "decision_date",
            "reason",
            "earlier_case_no",
            "refusal_basis",
        ],
        DocumentKind::ExtensionNotice => &[
            "decision_date",
            "accepted_date",
            "reason",
            "approver",
            "extension_days",
            "handling_due",
        ],
        DocumentKind::HandlingOpinion => &[
            "decision_date",
            "decision",
            "facts",
            "reasons",
            "legal_basis",
            "review_organ",
        ],
        DocumentKind::ReviewOpinion | DocumentKind::ReReviewOpinion => &[
            "decision_date",
            "decision",
            "facts",
            "reasons",
            "legal_basis",
            "grounds",
            "requested_date",
            "opinion_date",
            "review_organ",
            "re_review_organ",
        ],
        DocumentKind::ReviewAcceptanceNotice | DocumentKind::ReReviewAcceptanceNotice => &[
            "grounds",
            "requested_date",
            "opinion_date",
            "review_organ",
            "re_review_organ",
            "appeal_due",
        ],
    };
    COMMON.iter().chain(own).copied().collect()
}

pub fn placeholder_info(name: &str) -> Option<PlaceholderInfo> {
    PLACEHOLDERS
        .iter()
        .find(|p| p.0 == name)
        .map(|&(name, label, editable, multiline)| PlaceholderInfo {
            name: name.to_string(),
            label: label.to_string(),
            editable,
            multiline,
        })
}

/// What is wrong with a template, naming the placeholder and where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("{place}中有未知的占位符“{{{name}}}”")]
    UnknownPlaceholder { name: String, place: String },
    #[error("{place}中的占位符“{{{name}}}”不适用于{kind}")]
    NotForKind {
        name: String,
        place: String,
        kind: &'static str,
    },
    #[error("{place}中的“{brace}”没有配对（文字中的花括号请写成“{brace}{brace}”）")]
    Unbalanced { place: String, brace: char },
    #[error("{0}不能为空")]
    Empty(&'static str),
    #[error("占位符“{{{name}}}”没有值：本案尚无{label}，请在表单中填写")]
    NoValue { name: String, label: String },
}

impl TemplateError {
    /// The placeholder named, if any (the form highlights that field).
    pub fn placeholder(&self) -> Option<&str> {
        match self {
            TemplateError::UnknownPlaceholder { name, .. }
            | TemplateError::NotForKind { name, .. }
            | TemplateError::NoValue { name, .. } => Some(name),
            _ => None,
        }
    }
}

enum Piece<'a> {
    Text(std::borrow::Cow<'a, str>),
    Slot(&'a str),
}

/// Splits `text` into literal text and placeholder names.
fn pieces<'a>(text: &'a str, place: &str) -> Result<Vec<Piece<'a>>, TemplateError> {
    let mut out = Vec::new();
    let mut literal = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(['{', '}']) {
        literal.push_str(&rest[..i]);
        let brace = rest[i..].chars().next().unwrap_or('{');
        let after = &rest[i + 1..];
        if after.starts_with(brace) {
            literal.push(brace);
            rest = &after[1..];
            continue;
        }
        if brace == '}' {
            return Err(TemplateError::Unbalanced {
                place: place.to_string(),
                brace,
            });
        }
        let Some(end) = after.find('}') else {
            return Err(TemplateError::Unbalanced {
                place: place.to_string(),
                brace,
            });
        };
        let name = after[..end].trim();
        if name.is_empty() || name.contains('{') {
            return Err(TemplateError::Unbalanced {
                place: place.to_string(),
                brace,
            });
        }
        if !literal.is_empty() {
            out.push(Piece::Text(std::mem::take(&mut literal).into()));
        }
        out.push(Piece::Slot(name));
        rest = &after[end + 1..];
    }
    literal.push_str(rest);
    if !literal.is_empty() {
        out.push(Piece::Text(literal.into()));
    }
    Ok(out)
}

impl Template {
    /// The shipped wording of `kind`.
    pub fn default_for(kind: DocumentKind) -> Template {
        let raw = match kind {
            DocumentKind::NonAcceptanceNotice => {
                include_str!("../../data/templates/non_acceptance_notice.json")
            }
            DocumentKind::ForwardingLetter => {
                include_str!("../../data/templates/forwarding_letter.json")
            }
            DocumentKind::ForwardingNotice => {
                include_str!("../../data/templates/forwarding_notice.json")
            }
            DocumentKind::AcceptanceNotice => {
                include_str!("../../data/templates/acceptance_notice.json")
            }
            DocumentKind::AssignmentLetter => {
                include_str!("../../data/templates/assignment_letter.json")
            }
            DocumentKind::SupervisionLetter => {
                include_str!("../../data/templates/supervision_letter.json")
            }
            DocumentKind::NoFurtherAcceptanceNotice => {
                include_str!("../../data/templates/no_further_acceptance_notice.json")
            }
            DocumentKind::ExtensionNotice => {
                include_str!("../../data/templates/extension_notice.json")
            }
            DocumentKind::HandlingOpinion => {
                include_str!("../../data/templates/handling_opinion.json")
            }
            DocumentKind::ReviewOpinion => include_str!("../../data/templates/review_opinion.json"),
            DocumentKind::ReReviewOpinion => {
                include_str!("../../data/templates/re_review_opinion.json")
            }
            DocumentKind::ReviewAcceptanceNotice => {
                include_str!("../../data/templates/review_acceptance_notice.json")
            }
            DocumentKind::ReReviewAcceptanceNotice => {
                include_str!("../../data/templates/re_review_acceptance_notice.json")
            }
        };
        // The shipped files are checked by the unit tests below.
        serde_json::from_str(raw).expect("data/templates holds a valid template for every kind")
    }

    /// Every text of the template with where it sits, for messages.
    fn texts(&self) -> Vec<(String, &str)> {
        let mut out = vec![
            ("标题".to_string(), self.title.as_str()),
            ("主送".to_string(), self.addressee.as_str()),
        ];
        for (i, p) in self.body.iter().enumerate() {
            out.push((format!("正文第{}段", i + 1), p.as_str()));
        }
        if let Some(c) = &self.closing {
            out.push(("结束语".to_string(), c.as_str()));
        }
        for (i, a) in self.attachments.iter().enumerate() {
            out.push((format!("附件{}", i + 1), a.as_str()));
        }
        out
    }

    /// The placeholders this template names, in order of first use.
    pub fn used_placeholders(&self) -> Result<Vec<String>, TemplateError> {
        let mut seen = BTreeSet::new();
        let mut out = Vec::new();
        for (place, text) in self.texts() {
            for piece in pieces(text, &place)? {
                if let Piece::Slot(name) = piece {
                    if seen.insert(name.to_string()) {
                        out.push(name.to_string());
                    }
                }
            }
        }
        Ok(out)
    }

    /// Refuses a template that names a placeholder unknown to `kind`, has an unpaired brace
    /// or lacks a title or addressee.
    pub fn validate(&self, kind: DocumentKind) -> Result<(), TemplateError> {
        if self.title.trim().is_empty() {
            return Err(TemplateError::Empty("标题"));
        }
        if self.addressee.trim().is_empty() {
            return Err(TemplateError::Empty("主送"));
        }
        let known = placeholders_for(kind);
        for (place, text) in self.texts() {
            for piece in pieces(text, &place)? {
                let Piece::Slot(name) = piece else { continue };
                if known.contains(&name) {
                    continue;
                }
                return Err(if placeholder_info(name).is_some() {
                    TemplateError::NotForKind {
                        name: name.to_string(),
                        place,
                        kind: kind.label(),
                    }
                } else {
                    TemplateError::UnknownPlaceholder {
                        name: name.to_string(),
                        place,
                    }
                });
            }
        }
        Ok(())
    }

    /// The template with every placeholder replaced. `values` maps a name to its text, or to
    /// `None` when the case does not know it (an error if the template uses it).
    pub fn fill(
        &self,
        kind: DocumentKind,
        values: &BTreeMap<String, Option<String>>,
    ) -> Result<Filled, TemplateError> {
        self.validate(kind)?;
        let sub = |place: &str, text: &str| -> Result<String, TemplateError> {
            let mut out = String::new();
            for piece in pieces(text, place)? {
                match piece {
                    Piece::Text(t) => out.push_str(&t),
                    Piece::Slot(name) => match values.get(name) {
                        Some(Some(v)) => out.push_str(v),
                        _ => {
                            return Err(TemplateError::NoValue {
                                name: name.to_string(),
                                label: placeholder_info(name)
                                    .map(|p| p.label)
                                    .unwrap_or_else(|| name.to_string()),
                            })
                        }
                    },
                }
            }
            Ok(out)
        };
        let mut body = Vec::new();
        for (i, p) in self.body.iter().enumerate() {
            let place = format!("正文第{}段", i + 1);
            let (text, make): (&str, fn(String) -> Paragraph) =
                if let Some(t) = p.strip_prefix("## ") {
                    (t, Paragraph::Heading2)
                } else if let Some(t) = p.strip_prefix("# ") {
                    (t, Paragraph::Heading1)
                } else {
                    (p.as_str(), Paragraph::Text)
                };
            let filled = sub(&place, text)?;
            if !filled.trim().is_empty() {
                body.push(make(filled));
            }
        }
        let closing = match &self.closing {
            Some(c) => Some(sub("结束语", c)?).filter(|c| !c.trim().is_empty()),
            None => None,
        };
        let mut attachments = Vec::new();
        for (i, a) in self.attachments.iter().enumerate() {
            let filled = sub(&format!("附件{}", i + 1), a)?;
            if !filled.trim().is_empty() {
                attachments.push(filled);
            }
        }
        let title = sub("标题", &self.title)?;
        let addressee = sub("主送", &self.addressee)?;
        // A cleared petitioner or organ field must not give a notice without an addressee.
        if title.trim().is_empty() {
            return Err(TemplateError::Empty("标题"));
        }
        if addressee.trim().is_empty() {
            return Err(TemplateError::Empty("主送"));
        }
        Ok(Filled {
            title,
            addressee,
            body,
            closing,
            attachments,
        })
    }
}

/// A template with its placeholders replaced.
#[derive(Debug, Clone, PartialEq)]
pub struct Filled {
    pub title: String,
    pub addressee: String,
    pub body: Vec<Paragraph>,
    pub closing: Option<String>,
    pub attachments: Vec<String>,
}

/// The settings key under which an office's wording of `kind` is stored.
pub fn settings_key(kind: DocumentKind) -> String {
    format!("document_template.{}", kind.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_templates_are_valid_and_use_known_placeholders() {
        for kind in DocumentKind::ALL {
            let t = Template::default_for(kind);
            t.validate(kind).unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            assert_eq!(t.code, kind.default_code(), "{kind:?}");
        }
        for p in PLACEHOLDERS {
            assert!(placeholder_info(p.0).is_some());
        }
        for kind in DocumentKind::ALL {
            for name in placeholders_for(kind) {
                assert!(placeholder_info(name).is_some(), "{name}");
            }
        }
    }

    #[test]
    fn unknown_placeholders_and_braces_are_named() {
        let mut t = Template::default_for(DocumentKind::NonAcceptanceNotice);
        t.body.push("请于{reply_by}前答复。".into());
        let e = t.validate(DocumentKind::NonAcceptanceNotice).unwrap_err();
        assert_eq!(e.placeholder(), Some("reply_by"));
        assert!(e.to_string().contains("{reply_by}"), "{e}");
        assert!(e.to_string().contains("正文第4段"), "{e}");

        let mut t = Template::default_for(DocumentKind::NonAcceptanceNotice);
        t.body.push("{feedback_due}".into());
        let e = t.validate(DocumentKind::NonAcceptanceNotice).unwrap_err();
        assert!(matches!(e, TemplateError::NotForKind { .. }), "{e}");

        let mut t = Template::default_for(DocumentKind::NonAcceptanceNotice);
        t.title = "告知书{petitioner".into();
        assert!(matches!(
            t.validate(DocumentKind::NonAcceptanceNotice),
            Err(TemplateError::Unbalanced { .. })
        ));
        t.title = "告知书}".into();
        assert!(t.validate(DocumentKind::NonAcceptanceNotice).is_err());
    }

    #[test]
    fn fill_replaces_escapes_and_drops_empty_paragraphs() {
        let t = Template {
            code: "x".into(),
            title: "关于{petitioner}的{{函}}".into(),
            addressee: "{authority}".into(),
            body: vec![
                "# 一、{petitioner}".into(),
                "{note}".into(),
                "正文{note}".into(),
            ],
            closing: Some("特此函告。".into()),
            attachments: vec!["{note}".into()],
        };
        let values: BTreeMap<String, Option<String>> = [
            ("petitioner", Some("张三")),
            ("authority", Some("某局")),
            ("note", Some("")),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.map(str::to_string)))
        .collect();
        let f = t.fill(DocumentKind::ForwardingLetter, &values).unwrap();
        assert_eq!(f.title, "关于张三的{函}");
        assert_eq!(
            f.body,
            vec![
                Paragraph::Heading1("一、张三".into()),
                Paragraph::Text("正文".into())
            ]
        );
        assert!(f.attachments.is_empty());

        let mut blank = values.clone();
        blank.insert("authority".into(), Some(" ".into()));
        assert_eq!(
            t.fill(DocumentKind::ForwardingLetter, &blank),
            Err(TemplateError::Empty("主送"))
        );

        let mut values = values;
        values.insert("authority".into(), None);
        let e = t.fill(DocumentKind::ForwardingLetter, &values).unwrap_err();
        assert_eq!(e.placeholder(), Some("authority"));
    }
}
