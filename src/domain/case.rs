//! The petition case and the facts recorded about it.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::period::Deadline;

/// How the petition reached the office (登记渠道).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Channel {
    Letter,
    Visit,
    Online,
    Phone,
    Referred,
}

/// The three kinds of petition of Art. 29–31.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Purpose {
    Suggestion,
    Accusation,
    Claim,
}

/// Where a case stands in its lifecycle. Transitions live in `workflow`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Status {
    /// 已登记: waiting for a disposal decision within 15 days.
    Registered,
    /// 已受理: handled by the competent authority within 60 (+30) days.
    Accepted,
    /// 不予受理.
    Declined,
    /// 已转送 to the competent authority.
    Forwarded,
    /// 已交办: waiting for the authority's feedback by the set date.
    Assigned,
    /// 不再受理: same facts already concluded at all levels.
    RefusedRepeat,
    /// 已办结: the handling opinion is issued, not yet delivered.
    Concluded,
    /// 已答复: the petitioner received the written opinion; review window open.
    Replied,
    /// 复查中.
    ReviewRequested,
    /// 已复查: review opinion delivered; re-review window open.
    Reviewed,
    /// 复核中.
    ReReviewRequested,
    /// 三级终结.
    Terminated,
}

impl Status {
    pub const ALL: [Status; 12] = [
        Status::Registered,
        Status::Accepted,
        Status::Declined,
        Status::Forwarded,
        Status::Assigned,
        Status::RefusedRepeat,
        Status::Concluded,
        Status::Replied,
        Status::ReviewRequested,
        Status::Reviewed,
        Status::ReReviewRequested,
        Status::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Registered => "registered",
            Status::Accepted => "accepted",
            Status::Declined => "declined",
            Status::Forwarded => "forwarded",
            Status::Assigned => "assigned",
            Status::RefusedRepeat => "refused_repeat",
            Status::Concluded => "concluded",
            Status::Replied => "replied",
            Status::ReviewRequested => "review_requested",
            Status::Reviewed => "reviewed",
            Status::ReReviewRequested => "re_review_requested",
            Status::Terminated => "terminated",
        }
    }

    pub fn parse(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Status::Registered => "待处理",
            Status::Accepted => "办理中",
            Status::Declined => "不予受理",
            Status::Forwarded => "已转送",
            Status::Assigned => "已交办",
            Status::RefusedRepeat => "不再受理",
            Status::Concluded => "已办结",
            Status::Replied => "已答复",
            Status::ReviewRequested => "复查中",
            Status::Reviewed => "已复查",
            Status::ReReviewRequested => "复核中",
            Status::Terminated => "三级终结",
        }
    }
}

impl Channel {
    pub const ALL: [Channel; 5] = [
        Channel::Letter,
        Channel::Visit,
        Channel::Online,
        Channel::Phone,
        Channel::Referred,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Letter => "letter",
            Channel::Visit => "visit",
            Channel::Online => "online",
            Channel::Phone => "phone",
            Channel::Referred => "referred",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Letter => "来信",
            Channel::Visit => "来访",
            Channel::Online => "网上信访",
            Channel::Phone => "来电",
            Channel::Referred => "上级交办",
        }
    }
}

impl Purpose {
    pub fn as_str(self) -> &'static str {
        match self {
            Purpose::Suggestion => "suggestion",
            Purpose::Accusation => "accusation",
            Purpose::Claim => "claim",
        }
    }

    pub fn parse(s: &str) -> Option<Purpose> {
        [Purpose::Suggestion, Purpose::Accusation, Purpose::Claim]
            .into_iter()
            .find(|p| p.as_str() == s)
    }
}

/// A person or organisation who petitions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Petitioner {
    pub name: String,
    #[serde(default)]
    pub id_number: Option<String>,
    #[serde(default)]
    pub phone: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// One of the (at most 5) people who speak for a group visit.
    #[serde(default)]
    pub representative: bool,
}

/// Administrative area where the problem lies (问题属地).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Locality {
    /// Administrative division code (GB/T 2260), 6 digits, or 9/12 for townships.
    pub code: String,
    pub name: String,
}

/// Facts only a visit has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct VisitInfo {
    /// 人次.
    pub person_count: u32,
    /// 批次: one group visit is one batch.
    #[serde(default = "one")]
    pub batch_count: u32,
}

fn one() -> u32 {
    1
}

/// Facts only a letter has.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct LetterInfo {
    #[serde(default)]
    pub postmark_date: Option<NaiveDate>,
    #[serde(default)]
    pub return_address: Option<String>,
}

/// What a clerk submits to register a case; validated by `registration::validate`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct NewCase {
    pub channel: Channel,
    /// Defaults to now. Backdating is allowed (a letter opened today that arrived yesterday).
    #[serde(default)]
    pub received_at: Option<DateTime<Utc>>,
    pub petitioners: Vec<Petitioner>,
    #[serde(default)]
    pub visit: Option<VisitInfo>,
    #[serde(default)]
    pub letter: Option<LetterInfo>,
    pub title: String,
    pub content: String,
    pub locality: Locality,
    pub matter_type: String,
    pub purpose: Purpose,
    #[serde(default)]
    pub litigation_related: bool,
    /// The authority the petition is about or addressed to.
    #[serde(default)]
    pub authority: Option<String>,
    /// case_no of an earlier case on the same facts (重复信访).
    #[serde(default)]
    pub repeat_of: Option<String>,
    /// The repeat candidates the clerk was shown, and whether each was linked or dismissed.
    #[serde(default)]
    pub repeat_candidates: Vec<super::repeats::RepeatChoice>,
    /// For referred cases: the date by which the higher office wants the result.
    #[serde(default)]
    pub feedback_due: Option<NaiveDate>,
    #[serde(default)]
    pub handler: Option<String>,
}

/// One petition matter: the unit of work.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Case {
    pub id: Uuid,
    pub office_code: String,
    pub case_no: String,
    pub channel: Channel,
    pub received_at: DateTime<Utc>,
    /// The office's local date of receipt (Asia/Shanghai): periods count from it.
    pub received_on: NaiveDate,
    pub petitioners: Vec<Petitioner>,
    pub visit: Option<VisitInfo>,
    pub letter: Option<LetterInfo>,
    pub title: String,
    pub content: String,
    pub locality: Locality,
    pub matter_type: String,
    pub purpose: Purpose,
    pub litigation_related: bool,
    pub authority: Option<String>,
    pub repeat_of: Option<String>,
    pub handler: Option<String>,
    pub status: Status,
    pub progress: Progress,
    pub deadlines: Vec<Deadline>,
    /// Bumped by every change; sync uses it to apply each version once.
    pub version: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Case {
    /// The case as JSON, as the timeline's before/after and sync's records hold it.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self).expect("a case serialises to JSON")
    }

    /// The case with its petitioners' ID and phone numbers masked, as everyone sees it until
    /// an account that may unmask gives a reason (`Desk::case_unmasked`).
    pub fn masked(mut self) -> Case {
        for p in &mut self.petitioners {
            p.id_number = p.id_number.as_deref().map(super::identity::mask);
            p.phone = p.phone.as_deref().map(super::identity::mask_phone);
        }
        self
    }

    /// The nearest deadline the office (or the authority it tracks) still owes.
    pub fn next_duty(&self) -> Option<&Deadline> {
        self.deadlines
            .iter()
            .filter(|d| d.is_open() && d.kind.is_duty())
            .min_by_key(|d| d.due_on)
    }

    pub fn open_deadline(&self, kind: super::period::DeadlineKind) -> Option<&Deadline> {
        self.deadlines
            .iter()
            .find(|d| d.kind == kind && d.is_open())
    }
}

/// Decision of a handling opinion (Art. 32), or of a review or re-review on the opinion below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Decision {
    /// 支持.
    Support,
    /// 解释说明.
    Explain,
    /// 不予支持.
    Reject,
    /// 维持: the opinion below stands.
    Uphold,
    /// 变更: the opinion below is changed by this one.
    Change,
    /// 撤销: the opinion below is annulled and the matter handled again.
    Revoke,
}

impl Decision {
    /// What a handling opinion decides.
    pub const FIRST: [Decision; 3] = [Decision::Support, Decision::Explain, Decision::Reject];
    /// What a review or re-review decides of the opinion below.
    pub const ON_REVIEW: [Decision; 3] = [Decision::Uphold, Decision::Change, Decision::Revoke];
}

/// Which of a case's opinions: the handling opinion, or the review or re-review opinion on it.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS,
)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum OpinionLevel {
    #[default]
    Handling,
    Review,
    ReReview,
}

impl OpinionLevel {
    pub fn label(self) -> &'static str {
        match self {
            OpinionLevel::Handling => "处理意见",
            OpinionLevel::Review => "复查意见",
            OpinionLevel::ReReview => "复核意见",
        }
    }
}

/// 满意 / 基本满意 / 不满意.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Satisfaction {
    Satisfied,
    BasicallySatisfied,
    Dissatisfied,
}

/// The competent organ a case is sent to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Authority {
    pub name: String,
    #[serde(default)]
    pub kind: AuthorityKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AuthorityKind {
    #[default]
    Administrative,
    /// Courts, procuratorates, public security, justice bureaus (政法机关).
    PoliticalLegal,
    /// 纪检监察.
    Discipline,
    /// A lower petition office or township.
    Petition,
}

/// How the case left (or stayed in) this office's hands at disposal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Disposal {
    Accepted {
        on: NaiveDate,
        authority: Option<Authority>,
    },
    Declined {
        on: NaiveDate,
        reason: String,
        article: String,
        statutory_channel: String,
        authority: Authority,
        /// The lawyers' window a litigation-related visitor was taken to (诉访分离).
        #[serde(default)]
        lawyer_window: Option<String>,
    },
    Forwarded {
        on: NaiveDate,
        authority: Authority,
        note: Option<String>,
    },
    Assigned {
        on: NaiveDate,
        authority: Authority,
        feedback_due: NaiveDate,
        note: Option<String>,
    },
    RefusedRepeat {
        on: NaiveDate,
        reason: String,
        earlier_case_no: Option<String>,
        /// Why the earlier opinion is final; absent on refusals recorded before it was kept.
        #[serde(default)]
        basis: Option<Finality>,
    },
}

impl Disposal {
    /// 受理, 不予受理, 转送, 交办 or 不再受理, as registers and ledgers name the disposal.
    pub fn label(&self) -> &'static str {
        match self {
            Disposal::Accepted { .. } => "受理",
            Disposal::Declined { .. } => "不予受理",
            Disposal::Forwarded { .. } => "转送",
            Disposal::Assigned { .. } => "交办",
            Disposal::RefusedRepeat { .. } => "不再受理",
        }
    }

    /// The organ the disposal names: the one handling it, or the one the petitioner is guided to.
    pub fn authority(&self) -> Option<&Authority> {
        match self {
            Disposal::Accepted { authority, .. } => authority.as_ref(),
            Disposal::Declined { authority, .. }
            | Disposal::Forwarded { authority, .. }
            | Disposal::Assigned { authority, .. } => Some(authority),
            Disposal::RefusedRepeat { .. } => None,
        }
    }
}

/// Why an earlier opinion is final, so that the same matter is not accepted again (Arts. 35–36).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Finality {
    /// The re-review concluded (三级终结, Art. 36).
    ReReviewed,
    /// The 30 days to ask for review went by unused (*policy*).
    ReviewWindowLapsed,
    /// The 30 days to ask for re-review went by unused (*policy*).
    ReReviewWindowLapsed,
    /// A repeat of it was already refused, on a basis not recorded then.
    AlreadyRefused,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Extension {
    pub days: u32,
    pub reason: String,
    pub approver: String,
    pub on: NaiveDate,
}

/// A written opinion: the handling opinion, or a review / re-review opinion.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Opinion {
    pub decision: Decision,
    pub facts: String,
    pub reasons: String,
    pub legal_basis: String,
    pub on: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Reply {
    pub sent_on: NaiveDate,
    /// The petitioner's receipt: the review window counts from it (Art. 35).
    pub received_on: NaiveDate,
    pub method: String,
}

/// One level of further handling (复查 or 复核).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Appeal {
    pub requested_on: NaiveDate,
    pub organ: String,
    pub grounds: String,
    pub opinion: Option<Opinion>,
    /// When the petitioner received the appeal opinion.
    pub opinion_received_on: Option<NaiveDate>,
}

/// Facts accumulated by the workflow actions.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Progress {
    pub disposal: Option<Disposal>,
    pub extension: Option<Extension>,
    pub opinion: Option<Opinion>,
    pub reply: Option<Reply>,
    pub satisfaction: Option<Satisfaction>,
    pub review: Option<Appeal>,
    pub re_review: Option<Appeal>,
    /// Opinions annulled on review (撤销), newest last.
    pub revoked: Vec<Revocation>,
    pub supervisions: Vec<Supervision>,
    /// The statutory-channel row the clerk chose (依法分类处理); absent in older records.
    #[serde(default)]
    pub routing: Option<Routing>,
    /// What the organ the case was forwarded or assigned to has done with it so far.
    #[serde(default)]
    pub organ: Option<OrganProgress>,
    /// Organs that sent the matter back as not theirs (Art. 23), oldest first.
    #[serde(default)]
    pub objections: Vec<Objection>,
    #[serde(default)]
    pub hearings: Vec<Hearing>,
    /// A claim ended by an agreement (调解/和解, Art. 33) instead of a handling opinion.
    #[serde(default)]
    pub settlement: Option<Settlement>,
    /// The case this one's matter was split out of (拆分信访件).
    #[serde(default)]
    pub split_from: Option<SplitOrigin>,
    /// The cases split out of this one, oldest first.
    #[serde(default)]
    pub split_into: Vec<String>,
}

/// Where a split-off case came from: the original's history up to `seq` is its own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SplitOrigin {
    pub case_no: String,
    /// The original's last timeline event before the split.
    #[ts(type = "number")]
    pub seq: i64,
}

/// The receiving organ's side of a forwarded or assigned case, as it reports back: its
/// periods run from its own dates.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OrganProgress {
    /// When the organ received the matter (签收).
    pub received_on: Option<NaiveDate>,
    /// When it accepted the matter for handling.
    pub accepted_on: Option<NaiveDate>,
}

/// An organ's objection that a matter is not its remit, with the materials returned.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Objection {
    pub on: NaiveDate,
    pub organ: String,
    pub reason: String,
}

/// The clerk's classification of a case by the statutory-channel list, with what the app
/// proposed, so that the proposals' accuracy can be measured in the field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Routing {
    pub on: NaiveDate,
    /// The list version the case was routed by: a later version does not change it.
    pub list_version: String,
    /// The row as it read in that version (without its match terms, which are the list's).
    pub row: super::channels::ChannelRow,
    /// The row ids the app proposed, best first.
    pub proposed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Revocation {
    pub on: NaiveDate,
    pub reason: String,
    pub annulled: Opinion,
    /// Which opinion was annulled; records before the review chain knew only handling opinions.
    #[serde(default)]
    pub level: OpinionLevel,
    /// Who annulled it: the review or re-review organ, or the office recording it.
    #[serde(default)]
    pub by: Option<String>,
    /// The organ the matter went back to, and the date the revoking organ set for it.
    #[serde(default)]
    pub authority: Option<Authority>,
    #[serde(default)]
    pub due_on: Option<NaiveDate>,
}

/// 听证 (Arts. 31, 36): held in review or re-review; its days are not counted in the re-review
/// period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Hearing {
    pub held_from: NaiveDate,
    pub held_to: NaiveDate,
    pub level: OpinionLevel,
    pub participants: String,
    pub outcome: String,
    pub recorded_on: NaiveDate,
}

/// 调解 (a third party brings the sides together) or 和解 (the sides agree by themselves).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SettlementMode {
    Mediation,
    Reconciliation,
}

impl SettlementMode {
    pub fn label(self) -> &'static str {
        match self {
            SettlementMode::Mediation => "调解",
            SettlementMode::Reconciliation => "和解",
        }
    }
}

/// The agreement that ended a claim (Art. 33): who agreed to what, and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Settlement {
    pub mode: SettlementMode,
    pub parties: String,
    pub agreement: String,
    pub on: NaiveDate,
}

impl Hearing {
    /// The days the hearing took, both ends counted.
    pub fn days(&self) -> u32 {
        u32::try_from((self.held_to - self.held_from).num_days() + 1).unwrap_or(0)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Supervision {
    pub on: NaiveDate,
    pub note: String,
    pub authority: Option<String>,
    /// The escalation step (督办, 催办, …); older records were all 督办.
    #[serde(default = "first_step")]
    pub step: String,
    /// The date the supervised organ must respond by.
    #[serde(default)]
    pub reply_by: Option<NaiveDate>,
    /// The suggestion the clerk confirmed, when there was one.
    #[serde(default)]
    pub trigger: Option<super::supervision::SupervisionTrigger>,
    #[serde(default)]
    pub basis: String,
    #[serde(default)]
    pub response: Option<SupervisionResponse>,
}

fn first_step() -> String {
    "督办".to_string()
}

/// What the supervised organ reported back.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SupervisionResponse {
    pub on: NaiveDate,
    pub content: String,
}

/// A referred case registered for a case a higher office assigned (交办) to this office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct AssignmentLink {
    /// The referred case at the office the case was assigned to.
    pub case_id: String,
    pub case_no: String,
    /// The office the case was assigned to, which registered the referred case.
    pub office_code: String,
    /// The assigned case at the higher office.
    pub parent_case_id: String,
    pub parent_case_no: String,
    pub parent_office: String,
}
