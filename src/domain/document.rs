//! The document kinds of the glossary and when a case may have each.
//!
//! Pure: given a case, which kinds its recorded facts support now. Whether one of that kind
//! was already issued (and not voided) is the store's knowledge and is checked by the desk.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::case::{Case, Disposal, OpinionLevel, Status};
use crate::domain::period::{Deadline, DeadlineKind};

/// One standard form (一类文书). The snake_case names are the glossary's and the CLI's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DocumentKind {
    /// 不予受理告知书.
    NonAcceptanceNotice,
    /// 转送函.
    ForwardingLetter,
    /// 转送告知书: tells the petitioner where the matter was forwarded.
    ForwardingNotice,
    /// 受理告知书.
    AcceptanceNotice,
    /// 交办函.
    AssignmentLetter,
    /// 督办函.
    SupervisionLetter,
    /// 不再受理告知书.
    NoFurtherAcceptanceNotice,
    /// 延期办理告知书.
    ExtensionNotice,
    /// 信访处理意见书.
    HandlingOpinion,
    /// 复查意见书.
    ReviewOpinion,
    /// 复核意见书.
    ReReviewOpinion,
    /// 复查受理告知书: the review request is taken up, and by when the opinion comes.
    ReviewAcceptanceNotice,
    /// 复核受理告知书.
    ReReviewAcceptanceNotice,
}

impl DocumentKind {
    pub const ALL: [DocumentKind; 13] = [
        DocumentKind::NonAcceptanceNotice,
        DocumentKind::ForwardingLetter,
        DocumentKind::ForwardingNotice,
        DocumentKind::AcceptanceNotice,
        DocumentKind::AssignmentLetter,
        DocumentKind::SupervisionLetter,
        DocumentKind::NoFurtherAcceptanceNotice,
        DocumentKind::ExtensionNotice,
        DocumentKind::HandlingOpinion,
        DocumentKind::ReviewOpinion,
        DocumentKind::ReReviewOpinion,
        DocumentKind::ReviewAcceptanceNotice,
        DocumentKind::ReReviewAcceptanceNotice,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::NonAcceptanceNotice => "non_acceptance_notice",
            DocumentKind::ForwardingLetter => "forwarding_letter",
            DocumentKind::ForwardingNotice => "forwarding_notice",
            DocumentKind::AcceptanceNotice => "acceptance_notice",
            DocumentKind::AssignmentLetter => "assignment_letter",
            DocumentKind::SupervisionLetter => "supervision_letter",
            DocumentKind::NoFurtherAcceptanceNotice => "no_further_acceptance_notice",
            DocumentKind::ExtensionNotice => "extension_notice",
            DocumentKind::HandlingOpinion => "handling_opinion",
            DocumentKind::ReviewOpinion => "review_opinion",
            DocumentKind::ReReviewOpinion => "re_review_opinion",
            DocumentKind::ReviewAcceptanceNotice => "review_acceptance_notice",
            DocumentKind::ReReviewAcceptanceNotice => "re_review_acceptance_notice",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        DocumentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The form's name as the office calls it.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::NonAcceptanceNotice => "不予受理告知书",
            DocumentKind::ForwardingLetter => "转送函",
            DocumentKind::ForwardingNotice => "转送告知书",
            DocumentKind::AcceptanceNotice => "受理告知书",
            DocumentKind::AssignmentLetter => "交办函",
            DocumentKind::SupervisionLetter => "督办函",
            DocumentKind::NoFurtherAcceptanceNotice => "不再受理告知书",
            DocumentKind::ExtensionNotice => "延期办理告知书",
            DocumentKind::HandlingOpinion => "信访处理意见书",
            DocumentKind::ReviewOpinion => "复查意见书",
            DocumentKind::ReReviewOpinion => "复核意见书",
            DocumentKind::ReviewAcceptanceNotice => "复查受理告知书",
            DocumentKind::ReReviewAcceptanceNotice => "复核受理告知书",
        }
    }

    /// Letters to another organ carry the red banner and rule (GB/T 9704 §7.2); notices and
    /// opinions go to the petitioner without one.
    pub fn between_organs(self) -> bool {
        matches!(
            self,
            DocumentKind::ForwardingLetter
                | DocumentKind::AssignmentLetter
                | DocumentKind::SupervisionLetter
        )
    }

    /// The opinion this kind writes out, for the opinions a revocation can annul.
    pub fn opinion_level(self) -> Option<OpinionLevel> {
        match self {
            DocumentKind::HandlingOpinion => Some(OpinionLevel::Handling),
            DocumentKind::ReviewOpinion => Some(OpinionLevel::Review),
            DocumentKind::ReReviewOpinion => Some(OpinionLevel::ReReview),
            _ => None,
        }
    }

    /// Whether issuing this kind meets an open deadline of `deadline`'s kind. The written
    /// handling opinion also meets the Art. 23 notice, which it makes moot (met late, as it was).
    pub fn meets(self, deadline: DeadlineKind) -> bool {
        match deadline {
            DeadlineKind::Notice => {
                self.is_article_23_notice() || self == DocumentKind::HandlingOpinion
            }
            DeadlineKind::ExtensionNotice => self == DocumentKind::ExtensionNotice,
            DeadlineKind::HandlingOpinion => self == DocumentKind::HandlingOpinion,
            _ => false,
        }
    }

    /// Kinds a case may hold only one live (not voided) copy of; a supervision letter goes
    /// out once per supervision recorded.
    pub fn one_per_case(self) -> bool {
        self != DocumentKind::SupervisionLetter
    }

    /// Issuing this kind is the written notice of Art. 23 (acceptance or non-acceptance), so
    /// it meets an open notice deadline.
    pub fn is_article_23_notice(self) -> bool {
        matches!(
            self,
            DocumentKind::AcceptanceNotice
                | DocumentKind::NonAcceptanceNotice
                | DocumentKind::NoFurtherAcceptanceNotice
        )
    }

    /// Whether the case's recorded facts support this document now; `Err` says, in Chinese,
    /// what has to happen first.
    pub fn check(self, case: &Case) -> Result<(), String> {
        let p = &case.progress;
        let ok = match self {
            DocumentKind::NonAcceptanceNotice => {
                matches!(p.disposal, Some(Disposal::Declined { .. }))
            }
            DocumentKind::ForwardingLetter | DocumentKind::ForwardingNotice => {
                matches!(p.disposal, Some(Disposal::Forwarded { .. }))
            }
            // It promises a conclusion by a date: not once the matter is concluded.
            DocumentKind::AcceptanceNotice => {
                matches!(p.disposal, Some(Disposal::Accepted { .. }))
                    && p.opinion.is_none()
                    && p.settlement.is_none()
            }
            DocumentKind::AssignmentLetter => {
                matches!(p.disposal, Some(Disposal::Assigned { .. }))
            }
            DocumentKind::NoFurtherAcceptanceNotice => {
                matches!(p.disposal, Some(Disposal::RefusedRepeat { .. }))
            }
            DocumentKind::SupervisionLetter => !p.supervisions.is_empty(),
            DocumentKind::ExtensionNotice => p.extension.is_some(),
            DocumentKind::HandlingOpinion => p.opinion.is_some(),
            DocumentKind::ReviewOpinion => p.review.as_ref().is_some_and(|r| r.opinion.is_some()),
            DocumentKind::ReReviewOpinion => {
                p.re_review.as_ref().is_some_and(|r| r.opinion.is_some())
            }
            // It promises an opinion by a date: only while the request is open.
            DocumentKind::ReviewAcceptanceNotice => case.status == Status::ReviewRequested,
            DocumentKind::ReReviewAcceptanceNotice => case.status == Status::ReReviewRequested,
        };
        if ok {
            Ok(())
        } else {
            Err(format!("{}须{}出具", self.label(), self.prerequisite()))
        }
    }

    /// When this document can be issued, as its refusal says it ("须{}出具").
    pub fn prerequisite(self) -> &'static str {
        match self {
            DocumentKind::NonAcceptanceNotice => "在作出不予受理决定后",
            DocumentKind::ForwardingLetter | DocumentKind::ForwardingNotice => "在转送后",
            DocumentKind::AcceptanceNotice => "在受理后、办结之前",
            DocumentKind::AssignmentLetter => "在交办后",
            DocumentKind::SupervisionLetter => "在记录督办后",
            DocumentKind::NoFurtherAcceptanceNotice => "在作出不再受理决定后",
            DocumentKind::ExtensionNotice => "在批准延期后",
            DocumentKind::HandlingOpinion => "在办结并作出处理意见后",
            DocumentKind::ReviewOpinion => "在复查办结后",
            DocumentKind::ReReviewOpinion => "在复核办结后",
            DocumentKind::ReviewAcceptanceNotice => "在收到复查申请后、复查办结之前",
            DocumentKind::ReReviewAcceptanceNotice => "在收到复核申请后、复核办结之前",
        }
    }

    /// The default 代字 inserted after the office's prefix: document numbers are counted per
    /// kind, so each kind needs its own word to keep `doc_no` unique
    /// (`榕信访` + `不受` → `榕信访不受〔2026〕3号`). Editable with the template.
    pub fn default_code(self) -> &'static str {
        match self {
            DocumentKind::NonAcceptanceNotice => "不受",
            DocumentKind::ForwardingLetter => "转",
            DocumentKind::ForwardingNotice => "转告",
            DocumentKind::AcceptanceNotice => "受",
            DocumentKind::AssignmentLetter => "交",
            DocumentKind::SupervisionLetter => "督",
            DocumentKind::NoFurtherAcceptanceNotice => "不再",
            DocumentKind::ExtensionNotice => "延",
            DocumentKind::HandlingOpinion => "处",
            DocumentKind::ReviewOpinion => "复查",
            DocumentKind::ReReviewOpinion => "复核",
            DocumentKind::ReviewAcceptanceNotice => "复查受",
            DocumentKind::ReReviewAcceptanceNotice => "复核受",
        }
    }

    /// The scope of this kind's counter in the `counters` table (one sequence per office,
    /// kind and year).
    pub fn counter_scope(self) -> String {
        format!("doc:{}", self.as_str())
    }
}

/// The documents the case owes (待出具): each open deadline a document meets, with the kind
/// the case's facts support, earliest due first; a kind owed twice is listed once.
pub fn owed(case: &Case) -> Vec<(DocumentKind, &Deadline)> {
    let mut out: Vec<(DocumentKind, &Deadline)> = Vec::new();
    let mut open: Vec<&Deadline> = case.deadlines.iter().filter(|d| d.is_open()).collect();
    open.sort_by_key(|d| d.due_on);
    for d in open {
        let kind = DocumentKind::ALL
            .into_iter()
            .find(|k| k.meets(d.kind) && k.check(case).is_ok());
        if let Some(kind) = kind.filter(|k| out.iter().all(|(o, _)| o != k)) {
            out.push((kind, d));
        }
    }
    out
}

/// The kinds the case's facts support now, in `DocumentKind::ALL` order.
pub fn supported(case: &Case) -> Vec<DocumentKind> {
    DocumentKind::ALL
        .into_iter()
        .filter(|k| k.check(case).is_ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_codes_are_distinct() {
        let mut codes = std::collections::HashSet::new();
        for k in DocumentKind::ALL {
            assert_eq!(DocumentKind::parse(k.as_str()), Some(k));
            assert_eq!(
                serde_json::to_value(k).unwrap(),
                serde_json::Value::String(k.as_str().into())
            );
            assert!(codes.insert(k.default_code()), "{k:?}");
        }
        assert_eq!(DocumentKind::parse("notice"), None);
    }
}
