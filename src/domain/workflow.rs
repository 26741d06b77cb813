//! Which action is allowed in which status, and what it changes. Pure: the store loads
//! the case, calls `decide`, and writes the outcome in one transaction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::{cn_date, Calendar};
use super::case::{
    Appeal, Authority, AuthorityKind, Case, Channel, Decision, Disposal, Extension, Finality,
    Hearing, Objection, Opinion, OpinionLevel, OrganProgress, Purpose, Reply, Revocation, Routing,
    Satisfaction, Settlement, SettlementMode, Status, Supervision, SupervisionResponse,
};
use super::channels::{ChannelList, ChannelRow};
use super::level_skip::LevelSkip;
use super::period::{self, Basis, Deadline, DeadlineKind, RuleSet};
use super::supervision::SupervisionTrigger;

/// The actions of the glossary, as a clerk submits them. `date` is the day the act took
/// effect (defaults to today); it may be earlier than today when recording what happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "action", rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum Action {
    /// 分类: the row of the statutory-channel list the matter belongs to (Art. 31).
    Classify {
        #[serde(default)]
        date: Option<NaiveDate>,
        row_id: String,
        /// The row ids the app proposed, best first, as the clerk saw them.
        #[serde(default)]
        proposed: Vec<String>,
    },
    Accept {
        #[serde(default)]
        date: Option<NaiveDate>,
        #[serde(default)]
        authority: Option<Authority>,
    },
    Decline {
        #[serde(default)]
        date: Option<NaiveDate>,
        reason: String,
        article: String,
        statutory_channel: String,
        authority: Authority,
    },
    Forward {
        #[serde(default)]
        date: Option<NaiveDate>,
        authority: Authority,
        #[serde(default)]
        note: Option<String>,
    },
    /// 诉访分离 in one step: a litigation-related visit is declined towards the
    /// political-legal organ (with the 不予受理告知书, and the lawyers' window where there is
    /// one); a letter or online petition is forwarded to it (with the 转送函 and 转送告知书).
    SeparateLitigation {
        #[serde(default)]
        date: Option<NaiveDate>,
        authority: Authority,
        /// For a visit: why it is not accepted (defaults to the litigation rule).
        #[serde(default)]
        reason: String,
        /// For a visit: the procedure to take instead.
        #[serde(default)]
        statutory_channel: String,
        #[serde(default)]
        lawyer_window: Option<String>,
        #[serde(default)]
        note: Option<String>,
    },
    /// 越级走访不予受理 in one step (Arts. 19–20): the visitor is guided to the level that
    /// should take the visit, with the 不予受理告知书.
    DeclineLevelSkip {
        #[serde(default)]
        date: Option<NaiveDate>,
        /// Where the visitor is guided (defaults to the organ the finding names).
        #[serde(default)]
        authority: Option<Authority>,
    },
    /// 有权机关签收: the day the organ a matter was forwarded or assigned to received it.
    OrganReceipt {
        #[serde(default)]
        date: Option<NaiveDate>,
    },
    /// 异议退回: the organ objects that the matter is not its remit and returns the materials,
    /// within 5 working days of its receipt (Art. 23); the office disposes of it again.
    OrganObjection {
        #[serde(default)]
        date: Option<NaiveDate>,
        reason: String,
    },
    /// 有权机关受理: the organ accepted the matter; its handling period runs from that day.
    OrganAcceptance {
        #[serde(default)]
        date: Option<NaiveDate>,
    },
    Assign {
        #[serde(default)]
        date: Option<NaiveDate>,
        authority: Authority,
        feedback_due: NaiveDate,
        #[serde(default)]
        note: Option<String>,
    },
    /// 关联重复件: the case repeats an earlier one on the same facts (a candidate the clerk
    /// recognised after registering, or one named later).
    LinkRepeat {
        #[serde(default)]
        date: Option<NaiveDate>,
        earlier_case_no: String,
    },
    RefuseRepeat {
        #[serde(default)]
        date: Option<NaiveDate>,
        reason: String,
        #[serde(default)]
        earlier_case_no: Option<String>,
    },
    Extend {
        #[serde(default)]
        date: Option<NaiveDate>,
        days: u32,
        reason: String,
        approver: String,
    },
    Conclude {
        #[serde(default)]
        date: Option<NaiveDate>,
        decision: Decision,
        facts: String,
        reasons: String,
        legal_basis: String,
    },
    Reply {
        #[serde(default)]
        date: Option<NaiveDate>,
        /// When the petitioner received it; defaults to `date`.
        #[serde(default)]
        received_on: Option<NaiveDate>,
        #[serde(default)]
        method: Option<String>,
    },
    RateSatisfaction {
        #[serde(default)]
        date: Option<NaiveDate>,
        satisfaction: Satisfaction,
    },
    RequestReview {
        #[serde(default)]
        date: Option<NaiveDate>,
        organ: String,
        #[serde(default)]
        grounds: String,
    },
    ConcludeReview {
        #[serde(default)]
        date: Option<NaiveDate>,
        decision: Decision,
        facts: String,
        reasons: String,
        legal_basis: String,
        /// When the petitioner received the review opinion; defaults to `date`.
        #[serde(default)]
        received_on: Option<NaiveDate>,
        /// On 撤销: the organ to handle the matter again (default: the one that handled it).
        #[serde(default)]
        authority: Option<Authority>,
        /// On 撤销: the date the review organ set for the new opinion (default: Art. 34's period).
        #[serde(default)]
        due_on: Option<NaiveDate>,
    },
    RequestReReview {
        #[serde(default)]
        date: Option<NaiveDate>,
        organ: String,
        #[serde(default)]
        grounds: String,
    },
    ConcludeReReview {
        #[serde(default)]
        date: Option<NaiveDate>,
        decision: Decision,
        facts: String,
        reasons: String,
        legal_basis: String,
        /// On 撤销: the organ to review the matter again (default: the one that reviewed it).
        #[serde(default)]
        authority: Option<Authority>,
        /// On 撤销: the date set for the new review opinion (default: Art. 35's period).
        #[serde(default)]
        due_on: Option<NaiveDate>,
    },
    /// 调解/和解 (Art. 33): the claim ends with the agreement recorded, not with an opinion.
    Settle {
        #[serde(default)]
        date: Option<NaiveDate>,
        mode: SettlementMode,
        parties: String,
        agreement: String,
    },
    /// 听证 in review or re-review (Arts. 31, 36), recorded once held.
    Hearing {
        #[serde(default)]
        date: Option<NaiveDate>,
        held_from: NaiveDate,
        held_to: NaiveDate,
        participants: String,
        outcome: String,
    },
    /// 撤销 of the latest opinion, recorded by the office: the matter goes back to be handled
    /// (or reviewed) again by the organ named, by the date the revoking organ set.
    Revoke {
        #[serde(default)]
        date: Option<NaiveDate>,
        reason: String,
        /// The organ that revoked it (a higher organ, or the review organ).
        #[serde(default)]
        by: Option<String>,
        /// The competent organ to take the matter (default: the one whose opinion was revoked).
        #[serde(default)]
        authority: Option<Authority>,
        #[serde(default)]
        due_on: Option<NaiveDate>,
    },
    Supervise {
        #[serde(default)]
        date: Option<NaiveDate>,
        note: String,
        #[serde(default)]
        authority: Option<String>,
        /// The escalation step; the desk names the next one of the office's chain when absent.
        #[serde(default)]
        step: Option<String>,
        /// The date the organ must respond by (a 督办回复期限 on the case).
        #[serde(default)]
        reply_by: Option<NaiveDate>,
        /// The suggestion confirmed, with what it fired on.
        #[serde(default)]
        trigger: Option<SupervisionTrigger>,
        #[serde(default)]
        basis: Option<String>,
    },
    /// The supervised organ's response to the open supervision.
    RespondSupervision {
        #[serde(default)]
        date: Option<NaiveDate>,
        response: String,
    },
}

/// The name of an action, for the allowed-actions list, the timeline and errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ActionKind {
    Register,
    Classify,
    Accept,
    Decline,
    Forward,
    SeparateLitigation,
    DeclineLevelSkip,
    Assign,
    OrganReceipt,
    OrganObjection,
    OrganAcceptance,
    LinkRepeat,
    RefuseRepeat,
    Extend,
    Conclude,
    Reply,
    RateSatisfaction,
    RequestReview,
    ConcludeReview,
    RequestReReview,
    ConcludeReReview,
    Settle,
    Hearing,
    Revoke,
    Supervise,
    RespondSupervision,
    /// Deadlines recomputed after the office changed its calendar (not a clerk's action).
    RecomputeDeadlines,
    /// A formal document issued on the case (出具文书; `Desk::issue_document`, not an `Action`).
    IssueDocument,
    /// An issued document voided; it keeps its number (`Desk::void_document`).
    VoidDocument,
    /// Two records of one person made one (`Desk::merge_petitioners`, not an `Action`).
    MergePetitioners,
    /// A matter taken out of a case into a case of its own (`Desk::split_case`).
    SplitCase,
    /// The case given to a 承办人, or taken back (`Desk::assign_handler`, not an `Action`).
    AssignHandler,
    /// A file attached to the case (`Desk::attach_file`, not an `Action`).
    Attach,
    /// An attachment withdrawn; its file stays on record (`Desk::withdraw_attachment`).
    WithdrawAttachment,
}

impl ActionKind {
    pub const ALL: [ActionKind; 34] = [
        ActionKind::Register,
        ActionKind::Classify,
        ActionKind::Accept,
        ActionKind::Decline,
        ActionKind::Forward,
        ActionKind::SeparateLitigation,
        ActionKind::DeclineLevelSkip,
        ActionKind::Assign,
        ActionKind::OrganReceipt,
        ActionKind::OrganObjection,
        ActionKind::OrganAcceptance,
        ActionKind::LinkRepeat,
        ActionKind::RefuseRepeat,
        ActionKind::Extend,
        ActionKind::Conclude,
        ActionKind::Reply,
        ActionKind::RateSatisfaction,
        ActionKind::RequestReview,
        ActionKind::ConcludeReview,
        ActionKind::RequestReReview,
        ActionKind::ConcludeReReview,
        ActionKind::Settle,
        ActionKind::Hearing,
        ActionKind::Revoke,
        ActionKind::Supervise,
        ActionKind::RespondSupervision,
        ActionKind::RecomputeDeadlines,
        ActionKind::IssueDocument,
        ActionKind::VoidDocument,
        ActionKind::MergePetitioners,
        ActionKind::SplitCase,
        ActionKind::AssignHandler,
        ActionKind::Attach,
        ActionKind::WithdrawAttachment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ActionKind::Register => "register",
            ActionKind::Classify => "classify",
            ActionKind::Accept => "accept",
            ActionKind::Decline => "decline",
            ActionKind::Forward => "forward",
            ActionKind::SeparateLitigation => "separate_litigation",
            ActionKind::DeclineLevelSkip => "decline_level_skip",
            ActionKind::Assign => "assign",
            ActionKind::OrganReceipt => "organ_receipt",
            ActionKind::OrganObjection => "organ_objection",
            ActionKind::OrganAcceptance => "organ_acceptance",
            ActionKind::LinkRepeat => "link_repeat",
            ActionKind::RefuseRepeat => "refuse_repeat",
            ActionKind::Extend => "extend",
            ActionKind::Conclude => "conclude",
            ActionKind::Reply => "reply",
            ActionKind::RateSatisfaction => "rate_satisfaction",
            ActionKind::RequestReview => "request_review",
            ActionKind::ConcludeReview => "conclude_review",
            ActionKind::RequestReReview => "request_re_review",
            ActionKind::ConcludeReReview => "conclude_re_review",
            ActionKind::Settle => "settle",
            ActionKind::Hearing => "hearing",
            ActionKind::Revoke => "revoke",
            ActionKind::Supervise => "supervise",
            ActionKind::RespondSupervision => "respond_supervision",
            ActionKind::RecomputeDeadlines => "recompute_deadlines",
            ActionKind::IssueDocument => "issue_document",
            ActionKind::VoidDocument => "void_document",
            ActionKind::MergePetitioners => "merge_petitioners",
            ActionKind::SplitCase => "split_case",
            ActionKind::AssignHandler => "assign_handler",
            ActionKind::Attach => "attach",
            ActionKind::WithdrawAttachment => "withdraw_attachment",
        }
    }

    pub fn parse(s: &str) -> Option<ActionKind> {
        ActionKind::ALL.into_iter().find(|a| a.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            ActionKind::Register => "登记",
            ActionKind::Classify => "分类",
            ActionKind::Accept => "受理",
            ActionKind::Decline => "不予受理",
            ActionKind::Forward => "转送",
            ActionKind::SeparateLitigation => "诉访分离",
            ActionKind::DeclineLevelSkip => "越级走访不予受理",
            ActionKind::Assign => "交办",
            ActionKind::OrganReceipt => "有权机关签收",
            ActionKind::OrganObjection => "异议退回",
            ActionKind::OrganAcceptance => "有权机关受理",
            ActionKind::LinkRepeat => "关联重复件",
            ActionKind::RefuseRepeat => "不再受理",
            ActionKind::Extend => "延期",
            ActionKind::Conclude => "办结",
            ActionKind::Reply => "答复",
            ActionKind::RateSatisfaction => "满意度评价",
            ActionKind::RequestReview => "申请复查",
            ActionKind::ConcludeReview => "复查办结",
            ActionKind::RequestReReview => "申请复核",
            ActionKind::ConcludeReReview => "复核办结",
            ActionKind::Settle => "调解和解",
            ActionKind::Hearing => "听证",
            ActionKind::Revoke => "撤销",
            ActionKind::Supervise => "督办",
            ActionKind::RespondSupervision => "记录督办回复",
            ActionKind::RecomputeDeadlines => "期限重算",
            ActionKind::IssueDocument => "出具文书",
            ActionKind::VoidDocument => "作废文书",
            ActionKind::MergePetitioners => "合并信访人记录",
            ActionKind::SplitCase => "拆分信访件",
            ActionKind::AssignHandler => "分派承办人",
            ActionKind::Attach => "添加附件",
            ActionKind::WithdrawAttachment => "撤回附件",
        }
    }
}

impl Action {
    pub fn kind(&self) -> ActionKind {
        match self {
            Action::Classify { .. } => ActionKind::Classify,
            Action::Accept { .. } => ActionKind::Accept,
            Action::Decline { .. } => ActionKind::Decline,
            Action::Forward { .. } => ActionKind::Forward,
            Action::SeparateLitigation { .. } => ActionKind::SeparateLitigation,
            Action::DeclineLevelSkip { .. } => ActionKind::DeclineLevelSkip,
            Action::Assign { .. } => ActionKind::Assign,
            Action::OrganReceipt { .. } => ActionKind::OrganReceipt,
            Action::OrganObjection { .. } => ActionKind::OrganObjection,
            Action::OrganAcceptance { .. } => ActionKind::OrganAcceptance,
            Action::LinkRepeat { .. } => ActionKind::LinkRepeat,
            Action::RefuseRepeat { .. } => ActionKind::RefuseRepeat,
            Action::Extend { .. } => ActionKind::Extend,
            Action::Conclude { .. } => ActionKind::Conclude,
            Action::Reply { .. } => ActionKind::Reply,
            Action::RateSatisfaction { .. } => ActionKind::RateSatisfaction,
            Action::RequestReview { .. } => ActionKind::RequestReview,
            Action::ConcludeReview { .. } => ActionKind::ConcludeReview,
            Action::RequestReReview { .. } => ActionKind::RequestReReview,
            Action::ConcludeReReview { .. } => ActionKind::ConcludeReReview,
            Action::Settle { .. } => ActionKind::Settle,
            Action::Hearing { .. } => ActionKind::Hearing,
            Action::Revoke { .. } => ActionKind::Revoke,
            Action::Supervise { .. } => ActionKind::Supervise,
            Action::RespondSupervision { .. } => ActionKind::RespondSupervision,
        }
    }

    /// The organ the action sends the matter to, if it names one.
    pub fn authority_mut(&mut self) -> Option<&mut Authority> {
        match self {
            Action::Accept { authority, .. }
            | Action::ConcludeReview { authority, .. }
            | Action::ConcludeReReview { authority, .. }
            | Action::DeclineLevelSkip { authority, .. }
            | Action::Revoke { authority, .. } => authority.as_mut(),
            Action::Decline { authority, .. }
            | Action::Forward { authority, .. }
            | Action::SeparateLitigation { authority, .. }
            | Action::Assign { authority, .. } => Some(authority),
            _ => None,
        }
    }

    fn date(&self) -> Option<NaiveDate> {
        match self {
            Action::Classify { date, .. }
            | Action::Accept { date, .. }
            | Action::Decline { date, .. }
            | Action::Forward { date, .. }
            | Action::SeparateLitigation { date, .. }
            | Action::DeclineLevelSkip { date, .. }
            | Action::Assign { date, .. }
            | Action::OrganReceipt { date }
            | Action::OrganObjection { date, .. }
            | Action::OrganAcceptance { date }
            | Action::LinkRepeat { date, .. }
            | Action::RefuseRepeat { date, .. }
            | Action::Extend { date, .. }
            | Action::Conclude { date, .. }
            | Action::Reply { date, .. }
            | Action::RateSatisfaction { date, .. }
            | Action::RequestReview { date, .. }
            | Action::ConcludeReview { date, .. }
            | Action::RequestReReview { date, .. }
            | Action::ConcludeReReview { date, .. }
            | Action::Settle { date, .. }
            | Action::Hearing { date, .. }
            | Action::Revoke { date, .. }
            | Action::Supervise { date, .. }
            | Action::RespondSupervision { date, .. } => *date,
        }
    }
}

/// An action refused by the rules, or a field that cannot be accepted.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WorkflowError {
    #[error("案件当前状态为“{}”，不能{}：{reason}", status.label(), action.label())]
    Forbidden {
        status: Status,
        action: ActionKind,
        reason: String,
    },
    #[error("{}", super::wording::invalid_message(field, reason))]
    Invalid { field: String, reason: String },
}

/// What the rules need besides the case itself.
pub struct Context<'a> {
    pub today: NaiveDate,
    pub rules: &'a RuleSet,
    pub calendar: &'a Calendar,
    /// The case named by `repeat_of` (or by a 不再受理's `earlier_case_no`), when there is one.
    pub earlier: Option<Earlier>,
    /// The statutory-channel list in use, which a classification picks its row from.
    pub channels: &'a ChannelList,
    /// Why this office should not take the visit (越级访), when it should not.
    pub level_skip: Option<LevelSkip>,
}

/// What the rules read of the earlier case a repeat names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Earlier {
    pub status: Status,
    /// Why its opinion is final (Arts. 35–36), when it is.
    pub finality: Option<Finality>,
}

impl Earlier {
    pub fn of(case: &Case, today: NaiveDate) -> Earlier {
        let lapsed = |kind| {
            case.open_deadline(kind)
                .is_some_and(|window| window.due_on < today)
        };
        let finality = match case.status {
            Status::Terminated => Some(Finality::ReReviewed),
            Status::RefusedRepeat => match &case.progress.disposal {
                Some(Disposal::RefusedRepeat {
                    basis: Some(basis), ..
                }) => Some(*basis),
                _ => Some(Finality::AlreadyRefused),
            },
            Status::Replied if lapsed(DeadlineKind::ReviewRequest) => {
                Some(Finality::ReviewWindowLapsed)
            }
            Status::Reviewed if lapsed(DeadlineKind::ReReviewRequest) => {
                Some(Finality::ReReviewWindowLapsed)
            }
            _ => None,
        };
        Earlier {
            status: case.status,
            finality,
        }
    }

    pub fn is_final(&self) -> bool {
        self.finality.is_some()
    }
}

/// The decided change: the new case state and a one-line Chinese summary for the timeline.
#[derive(Debug, Clone)]
pub struct Outcome {
    pub case: Case,
    pub summary: String,
}

impl ActionKind {
    /// Whether the kind is a step of the workflow (an [`Action`]), rather than something else
    /// the timeline records: registration, documents, records merged or split, a handler given.
    pub fn is_workflow(self) -> bool {
        !matches!(
            self,
            ActionKind::Register
                | ActionKind::RecomputeDeadlines
                | ActionKind::IssueDocument
                | ActionKind::VoidDocument
                | ActionKind::MergePetitioners
                | ActionKind::SplitCase
                | ActionKind::AssignHandler
                | ActionKind::Attach
                | ActionKind::WithdrawAttachment
        )
    }
}

fn statuses_for(kind: ActionKind) -> &'static [Status] {
    use Status::*;
    match kind {
        ActionKind::Register
        | ActionKind::RecomputeDeadlines
        | ActionKind::IssueDocument
        | ActionKind::VoidDocument
        | ActionKind::MergePetitioners
        | ActionKind::SplitCase
        | ActionKind::AssignHandler
        | ActionKind::Attach
        | ActionKind::WithdrawAttachment => &[],
        ActionKind::Classify
        | ActionKind::LinkRepeat
        | ActionKind::Accept
        | ActionKind::Decline
        | ActionKind::Forward
        | ActionKind::SeparateLitigation
        | ActionKind::DeclineLevelSkip
        | ActionKind::Assign
        | ActionKind::RefuseRepeat => &[Registered],
        ActionKind::OrganReceipt | ActionKind::OrganObjection | ActionKind::OrganAcceptance => {
            &[Forwarded, Assigned]
        }
        ActionKind::Extend => &[Accepted],
        ActionKind::Conclude | ActionKind::Settle => &[Accepted, Assigned, Forwarded],
        ActionKind::Reply => &[Concluded],
        ActionKind::RateSatisfaction => &[
            Replied,
            ReviewRequested,
            Reviewed,
            ReReviewRequested,
            Terminated,
        ],
        ActionKind::RequestReview => &[Replied],
        ActionKind::ConcludeReview => &[ReviewRequested],
        ActionKind::RequestReReview => &[Reviewed],
        ActionKind::ConcludeReReview => &[ReReviewRequested],
        ActionKind::Hearing => &[ReviewRequested, ReReviewRequested],
        ActionKind::Revoke => &[
            Concluded,
            Replied,
            ReviewRequested,
            Reviewed,
            ReReviewRequested,
        ],
        // After the reply too: an opinion not carried out is supervised (拒不执行).
        ActionKind::Supervise | ActionKind::RespondSupervision => &[
            Registered,
            Accepted,
            Forwarded,
            Assigned,
            Concluded,
            Replied,
            ReviewRequested,
            Reviewed,
            ReReviewRequested,
            Terminated,
        ],
    }
}

/// The actions a clerk may take now (the UI shows only these). An action listed here can
/// still be refused for its fields or dates.
pub fn allowed_actions(case: &Case, ctx: &Context) -> Vec<ActionKind> {
    ActionKind::ALL
        .into_iter()
        .filter(|k| statuses_for(*k).contains(&case.status))
        .filter(|k| precondition(case, *k, ctx).is_ok())
        .collect()
}

/// Rules that depend on the case's facts rather than on the fields of the action.
fn precondition(case: &Case, kind: ActionKind, ctx: &Context) -> Result<(), String> {
    if let Some(refusal) = not_for_this_kind(case.purpose, kind) {
        return Err(refusal.into());
    }
    match kind {
        ActionKind::SeparateLitigation if !case.litigation_related => Err(
            "该事项未认定为涉法涉诉事项：诉访分离只适用于应通过诉讼等法定程序解决的事项（可先按法定途径清单分类，《信访工作条例》第二十八条）".into(),
        ),
        ActionKind::DeclineLevelSkip if ctx.level_skip.is_none() => Err(
            "该来访未越级：事项不在下级机关办理期限内，本机关是有权处理的本级或者上一级机关（《信访工作条例》第十九条、第二十条）".into(),
        ),
        ActionKind::Accept if case.litigation_related => Err(
            "涉法涉诉事项应依法导入诉讼等法定程序，由政法机关处理，不得作为信访事项受理（诉访分离，《信访工作条例》第二十八条）".into(),
        ),
        ActionKind::Accept if ctx.earlier.is_some_and(|e| e.status == Status::Terminated) => {
            Err(format!(
                "同一事实和理由的信访事项（{}）已三级终结，不再受理（《信访工作条例》第三十六条）",
                case.repeat_of.as_deref().unwrap_or("")
            ))
        }
        ActionKind::Accept if ctx.earlier.is_some_and(|e| e.is_final()) => Err(format!(
            "同一事实和理由的信访事项（{}）的处理意见已因逾期未申请复查或复核而生效，不再受理（《信访工作条例》第三十五条、第三十六条）",
            case.repeat_of.as_deref().unwrap_or("")
        )),
        ActionKind::Accept
            if ctx.earlier.is_some_and(|e| {
                matches!(
                    e.status,
                    Status::Accepted
                        | Status::Forwarded
                        | Status::Assigned
                        | Status::Concluded
                        | Status::ReviewRequested
                        | Status::ReReviewRequested
                )
            }) =>
        {
            Err(format!(
                "同一事项（{}）已受理且正在本机关或有权处理机关的办理期限内，不重复受理（《信访工作条例》第十九条）",
                case.repeat_of.as_deref().unwrap_or("")
            ))
        }
        ActionKind::Accept
            if ctx
                .earlier
                .is_some_and(|e| matches!(e.status, Status::Replied | Status::Reviewed)) =>
        {
            Err(format!(
                "同一事项（{}）已有处理意见，信访人不服的，应在期限内请求复查或复核，不作为新的信访事项受理（《信访工作条例》第三十五条、第三十六条）",
                case.repeat_of.as_deref().unwrap_or("")
            ))
        }
        ActionKind::RespondSupervision
            if !case.progress.supervisions.iter().any(|s| s.is_open()) =>
        {
            Err("没有待回复的督办".into())
        }
        ActionKind::RefuseRepeat if !ctx.earlier.is_some_and(|e| e.is_final()) => Err(
            "不再受理只适用于复核意见已作出，或处理意见、复查意见因逾期未请求复查、复核而生效的同一事项：请先指明在先的信访件（《信访工作条例》第三十五条、第三十六条）".into(),
        ),
        ActionKind::OrganReceipt if organ_did(case, |o| o.received_on).is_some() => {
            Err("已记录有权处理机关签收".into())
        }
        ActionKind::OrganObjection | ActionKind::OrganAcceptance
            if organ_did(case, |o| o.accepted_on).is_some() =>
        {
            Err("有权处理机关已受理该事项".into())
        }
        ActionKind::Conclude | ActionKind::Settle
            if case.status == Status::Forwarded && organ_did(case, |o| o.accepted_on).is_none() =>
        {
            Err("有权处理机关受理后才能记录其办理结果".into())
        }
        ActionKind::RequestReview | ActionKind::Revoke if case.progress.settlement.is_some() => Err(
            "该事项已经调解（和解）达成协议办结，没有可申请复查或撤销的处理意见（《信访工作条例》第三十三条）".into(),
        ),
        ActionKind::Extend if case.progress.extension.is_some() => {
            Err("办理期限只能延长一次（《信访工作条例》第三十四条）".into())
        }
        ActionKind::RateSatisfaction if case.progress.satisfaction.is_some() => {
            Err("已评价过满意度".into())
        }
        ActionKind::Accept => match &case.progress.routing {
            Some(r) if r.row.petition_kind == Purpose::Claim && !r.row.is_petition_procedure() => {
                Err(outside_petition_procedure(r))
            }
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

/// A date the receiving organ reported, if it has.
fn organ_did(case: &Case, fact: impl Fn(&OrganProgress) -> Option<NaiveDate>) -> Option<NaiveDate> {
    case.progress.organ.as_ref().and_then(fact)
}

/// The organ a forwarded or assigned case is with.
fn receiving_organ(case: &Case) -> Option<&Authority> {
    match &case.progress.disposal {
        Some(Disposal::Forwarded { authority, .. } | Disposal::Assigned { authority, .. }) => {
            Some(authority)
        }
        _ => None,
    }
}

/// Art. 31: a claim with a statutory road of its own is not handled as a petition.
fn outside_petition_procedure(r: &Routing) -> String {
    let how = if r.row.art31_route == 5 {
        "应转送、交办有权处理的机关依法履行职责或者答复"
    } else {
        "应告知信访人通过该法定途径提出（不予受理）"
    };
    format!(
        "该事项按法定途径清单第{}项“{}”属于{}，{how}，不作为信访事项受理（《信访工作条例》第三十一条）",
        r.row.no,
        r.row.problem,
        super::channels::art31_route_label(r.row.art31_route)
    )
}

/// 诉访分离 as the decline (a visit, told at the counter) or the forward (a letter or online
/// petition) it stands for, under the same rules, with the lawyers' window recorded.
fn separate_litigation(
    case: &Case,
    action: &Action,
    ctx: &Context,
) -> Result<Outcome, WorkflowError> {
    let Action::SeparateLitigation {
        date,
        authority,
        reason,
        statutory_channel,
        lawyer_window,
        note,
    } = action
    else {
        unreachable!("called for SeparateLitigation only");
    };
    let lawyer_window = lawyer_window
        .as_deref()
        .map(str::trim)
        .filter(|w| !w.is_empty());
    let told_at_the_counter = matches!(case.channel, Channel::Visit | Channel::Phone);
    let step = if told_at_the_counter {
        let reason = if reason.trim().is_empty() {
            "属于涉法涉诉事项，应当依法通过诉讼等法定程序解决".to_string()
        } else {
            reason.clone()
        };
        Action::Decline {
            date: *date,
            reason,
            article: LITIGATION_ARTICLES.into(),
            statutory_channel: statutory_channel.clone(),
            authority: authority.clone(),
        }
    } else {
        Action::Forward {
            date: *date,
            authority: authority.clone(),
            note: note.clone(),
        }
    };
    let mut out = decide(case, &step, ctx).map_err(|e| match e {
        WorkflowError::Forbidden { status, reason, .. } => WorkflowError::Forbidden {
            status,
            action: ActionKind::SeparateLitigation,
            reason,
        },
        other => other,
    })?;
    if let Some(Disposal::Declined {
        lawyer_window: w, ..
    }) = &mut out.case.progress.disposal
    {
        *w = lawyer_window.map(str::to_string);
    }
    out.summary = match lawyer_window {
        Some(w) if told_at_the_counter => format!("诉访分离：{}，引导至{w}", out.summary),
        _ => format!("诉访分离：{}", out.summary),
    };
    Ok(out)
}

/// 越级走访 declined as the 不予受理 it stands for, with the finding's reason and article and the
/// visitor guided to the level that should take the visit.
fn decline_level_skip(
    case: &Case,
    action: &Action,
    ctx: &Context,
) -> Result<Outcome, WorkflowError> {
    let Action::DeclineLevelSkip { date, authority } = action else {
        unreachable!("called for DeclineLevelSkip only");
    };
    let Some(skip) = ctx.level_skip.as_ref() else {
        unreachable!("the precondition holds a finding");
    };
    let authority = authority
        .clone()
        .or_else(|| skip.guide_to.clone())
        .ok_or_else(|| WorkflowError::Invalid {
            field: "authority".into(),
            reason: "名录中没有应引导去的机关，请选择".into(),
        })?;
    let step = Action::Decline {
        date: *date,
        reason: skip.reason.clone(),
        article: skip.article.clone(),
        statutory_channel: skip.statutory_channel.clone(),
        authority,
    };
    let mut out = decide(case, &step, ctx).map_err(|e| match e {
        WorkflowError::Forbidden { status, reason, .. } => WorkflowError::Forbidden {
            status,
            action: ActionKind::DeclineLevelSkip,
            reason,
        },
        other => other,
    })?;
    out.summary = format!("越级走访：{}", out.summary);
    Ok(out)
}

/// The organ that made the handling opinion, when the case names one other than this office.
pub fn handling_organ(case: &Case) -> Option<&str> {
    let accepted_by = match &case.progress.disposal {
        Some(Disposal::Accepted {
            authority: Some(a), ..
        }) => Some(a.name.as_str()),
        _ => None,
    };
    // The organ that accepted it (again, after a revocation) handles it.
    accepted_by
        .or(case.authority.as_deref())
        .or_else(|| receiving_organ(case).map(|a| a.name.as_str()))
}

fn same_organ(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

fn organ_name(case: &Case) -> String {
    receiving_organ(case).map_or_else(|| "有权处理机关".to_string(), |a| a.name.clone())
}

/// The day the case was forwarded or assigned.
fn disposed_on(case: &Case) -> NaiveDate {
    match &case.progress.disposal {
        Some(Disposal::Forwarded { on, .. } | Disposal::Assigned { on, .. }) => *on,
        _ => case.received_on,
    }
}

/// The articles a litigation-related matter is kept out of petition handling by.
pub const LITIGATION_ARTICLES: &str = "《信访工作条例》第二十二条、第二十八条";

/// Arts. 29–31: only a claim is accepted, declined to a statutory channel, answered with a
/// handling opinion and open to review; suggestions and accusations go to the organ concerned.
fn not_for_this_kind(purpose: Purpose, kind: ActionKind) -> Option<&'static str> {
    use ActionKind as A;
    match (purpose, kind) {
        (Purpose::Claim, _) => None,
        (Purpose::Suggestion, A::Accept | A::Decline) => Some(
            "建议意见类事项转送或交由有关机关研究论证并答复，不作为信访事项受理或不予受理（《信访工作条例》第二十九条）",
        ),
        (Purpose::Accusation, A::Accept | A::Decline) => Some(
            "检举控告类事项转送或交由纪检监察机关、有权处理的机关依规依纪依法处理，不作为信访事项受理或不予受理（《信访工作条例》第三十条）",
        ),
        (_, A::Settle) => Some(
            "调解、和解适用于申诉求决类事项（《信访工作条例》第三十三条）",
        ),
        (_, A::RequestReview | A::RequestReReview) => Some(
            "只有申诉求决类事项的信访处理意见可以申请复查、复核（《信访工作条例》第三十一条、第三十五条）",
        ),
        _ => None,
    }
}

/// Where a forwarded or assigned matter may go: a litigation-related one only to the
/// political-legal organs (Arts. 22, 28), an accusation not to another petition office (Art. 30).
fn routed_lawfully(case: &Case, authority: &Authority, verb: &str) -> Result<(), String> {
    if case.litigation_related && authority.kind != AuthorityKind::PoliticalLegal {
        return Err(format!(
            "涉法涉诉事项只能{verb}政法机关（法院、检察院、公安、司法行政机关）处理（《信访工作条例》第二十二条、第二十八条）"
        ));
    }
    if case.purpose == Purpose::Accusation && authority.kind == AuthorityKind::Petition {
        return Err(format!(
            "检举控告类事项应{verb}纪检监察机关或有权处理的机关，不{verb}信访工作机构（《信访工作条例》第三十条）"
        ));
    }
    Ok(())
}

fn invalid(field: &str, reason: impl Into<String>) -> WorkflowError {
    WorkflowError::Invalid {
        field: field.to_string(),
        reason: reason.into(),
    }
}

fn required(field: &str, value: &str) -> Result<(), WorkflowError> {
    if value.trim().is_empty() {
        Err(invalid(field, "不能为空"))
    } else {
        Ok(())
    }
}

fn check_authority(a: &Authority) -> Result<(), WorkflowError> {
    required("authority.name", &a.name)
}

/// Decides whether `action` is allowed on `case` and returns the new state.
pub fn decide(case: &Case, action: &Action, ctx: &Context) -> Result<Outcome, WorkflowError> {
    let kind = action.kind();
    let forbidden = |reason: String| WorkflowError::Forbidden {
        status: case.status,
        action: kind,
        reason,
    };
    if !statuses_for(kind).contains(&case.status) {
        return Err(forbidden("该状态下不允许此操作".into()));
    }
    precondition(case, kind, ctx).map_err(forbidden)?;

    let date = action.date().unwrap_or(ctx.today);
    if date > ctx.today {
        return Err(invalid("date", format!("日期{}晚于今天", cn_date(date))));
    }
    if date < case.received_on {
        return Err(invalid(
            "date",
            format!(
                "日期{}早于收件日期{}",
                cn_date(date),
                cn_date(case.received_on)
            ),
        ));
    }
    // Steps happen in order: nothing is dated before the step recorded last (every
    // deadline starts or ends on the date of a step).
    let last_step = case
        .deadlines
        .iter()
        .flat_map(|d| [Some(d.start_on), d.met_on])
        .flatten()
        .max();
    if let Some(last) = last_step.filter(|last| date < *last) {
        return Err(invalid(
            "date",
            format!("日期{}早于上一步骤的日期{}", cn_date(date), cn_date(last)),
        ));
    }

    let mut next = case.clone();
    let close = |c: &mut Case, k: DeadlineKind| {
        for d in c
            .deadlines
            .iter_mut()
            .filter(|d| d.kind == k && d.is_open())
        {
            d.met_on = Some(date);
        }
    };
    let open = |c: &mut Case, k: DeadlineKind, start: NaiveDate| {
        if let Some(d) = period::from_rule(k, start, ctx.rules, ctx.calendar) {
            c.deadlines.push(d);
        }
    };

    // Art. 23: an office that decides on a matter itself (accepts, declines, refuses a
    // repeat) tells the petitioner in writing within 15 days of receipt; issuing the notice
    // meets the deadline. A forwarded or assigned matter is the receiving organ's to tell.
    let owe_notice = |c: &mut Case| {
        if !c.deadlines.iter().any(|d| d.kind == DeadlineKind::Notice) {
            open(c, DeadlineKind::Notice, case.received_on);
        }
    };

    let summary = match action {
        Action::SeparateLitigation { .. } => return separate_litigation(case, action, ctx),
        Action::DeclineLevelSkip { .. } => return decline_level_skip(case, action, ctx),
        Action::Classify {
            row_id, proposed, ..
        } => {
            let list = ctx.channels;
            let row = list.row(row_id).ok_or_else(|| {
                invalid(
                    "row_id",
                    format!("清单事项“{row_id}”不在法定途径清单（{}）中", list.version),
                )
            })?;
            next.purpose = row.petition_kind;
            next.litigation_related = row.litigation_related;
            next.progress.routing = Some(Routing {
                on: date,
                list_version: list.version.clone(),
                row: ChannelRow {
                    terms: Vec::new(),
                    ..row.clone()
                },
                proposed: proposed.clone(),
            });
            format!(
                "按法定途径清单（{}）第{}项分类：{}",
                list.version, row.no, row.problem
            )
        }
        Action::LinkRepeat {
            earlier_case_no, ..
        } => {
            let earlier = earlier_case_no.trim();
            if earlier.is_empty() || earlier == case.case_no {
                return Err(invalid("earlier_case_no", "请填写在先的另一件信访件编号"));
            }
            next.repeat_of = Some(earlier.to_string());
            format!("关联为重复信访，原件{earlier}")
        }
        Action::Accept { authority, .. } => {
            if let Some(a) = authority {
                check_authority(a)?;
            }
            close(&mut next, DeadlineKind::Disposal);
            owe_notice(&mut next);
            open(&mut next, DeadlineKind::Handling, date);
            next.status = Status::Accepted;
            next.progress.disposal = Some(Disposal::Accepted {
                on: date,
                authority: authority.clone(),
            });
            match authority {
                Some(a) => format!("受理，由{}办理", a.name),
                None => "受理".to_string(),
            }
        }
        Action::Decline {
            reason,
            article,
            statutory_channel,
            authority,
            ..
        } => {
            required("reason", reason)?;
            required("article", article)?;
            required("statutory_channel", statutory_channel)?;
            check_authority(authority)?;
            routed_lawfully(case, authority, "告知信访人向").map_err(forbidden)?;
            close(&mut next, DeadlineKind::Disposal);
            owe_notice(&mut next);
            next.status = Status::Declined;
            next.progress.disposal = Some(Disposal::Declined {
                on: date,
                reason: reason.clone(),
                article: article.clone(),
                statutory_channel: statutory_channel.clone(),
                authority: authority.clone(),
                lawyer_window: None,
            });
            format!(
                "不予受理，告知通过{}向{}提出",
                statutory_channel, authority.name
            )
        }
        Action::Forward {
            authority, note, ..
        } => {
            check_authority(authority)?;
            routed_lawfully(case, authority, "转送").map_err(forbidden)?;
            close(&mut next, DeadlineKind::Disposal);
            open(&mut next, DeadlineKind::ForwardObjection, date);
            next.status = Status::Forwarded;
            next.progress.disposal = Some(Disposal::Forwarded {
                on: date,
                authority: authority.clone(),
                note: note.clone(),
            });
            format!("转送{}", authority.name)
        }
        Action::Assign {
            authority,
            feedback_due,
            note,
            ..
        } => {
            check_authority(authority)?;
            routed_lawfully(case, authority, "交由").map_err(forbidden)?;
            if *feedback_due <= date {
                return Err(invalid("feedback_due", "反馈期限应晚于交办日期"));
            }
            close(&mut next, DeadlineKind::Disposal);
            next.deadlines.push(period::fixed(
                DeadlineKind::Feedback,
                date,
                *feedback_due,
                "本机关",
                ctx.calendar,
            ));
            next.status = Status::Assigned;
            next.progress.disposal = Some(Disposal::Assigned {
                on: date,
                authority: authority.clone(),
                feedback_due: *feedback_due,
                note: note.clone(),
            });
            format!("交办{}，{}前反馈", authority.name, cn_date(*feedback_due))
        }
        Action::OrganReceipt { .. } => {
            next.progress
                .organ
                .get_or_insert_with(Default::default)
                .received_on = Some(date);
            // Art. 23: the objection window counts from the organ's own receipt.
            let window = period::from_rule(
                DeadlineKind::ForwardObjection,
                date,
                ctx.rules,
                ctx.calendar,
            );
            let open_window = next
                .deadlines
                .iter_mut()
                .find(|d| d.kind == DeadlineKind::ForwardObjection && d.is_open());
            match (open_window, window) {
                (Some(slot), Some(w)) => *slot = w,
                (None, Some(w)) => next.deadlines.push(w),
                (_, None) => {}
            }
            open(&mut next, DeadlineKind::OrganNotice, date);
            format!("{}于{}签收", organ_name(case), cn_date(date))
        }
        Action::OrganObjection { reason, .. } => {
            required("reason", reason)?;
            let from = organ_did(case, |o| o.received_on).unwrap_or(disposed_on(case));
            let window = case
                .open_deadline(DeadlineKind::ForwardObjection)
                .cloned()
                .or_else(|| {
                    period::from_rule(
                        DeadlineKind::ForwardObjection,
                        from,
                        ctx.rules,
                        ctx.calendar,
                    )
                });
            if let Some(w) = window.filter(|w| date > w.due_on) {
                return Err(invalid(
                    "date",
                    format!(
                        "有权处理机关应自收到之日起5个工作日内（{}前）提出异议（《信访工作条例》第二十三条），已超过异议期",
                        cn_date(w.due_on)
                    ),
                ));
            }
            for kind in [
                DeadlineKind::ForwardObjection,
                DeadlineKind::OrganNotice,
                DeadlineKind::Feedback,
            ] {
                close(&mut next, kind);
            }
            let organ = organ_name(case);
            next.progress.objections.push(Objection {
                on: date,
                organ: organ.clone(),
                reason: reason.clone(),
            });
            next.progress.disposal = None;
            next.progress.organ = None;
            next.status = Status::Registered;
            // The returned matter is disposed of again within the period of Art. 22.
            open(&mut next, DeadlineKind::Disposal, date);
            format!("{organ}提出异议并退回材料（{reason}），重新处理")
        }
        Action::OrganAcceptance { .. } => {
            let organ = next.progress.organ.get_or_insert_with(Default::default);
            organ.received_on.get_or_insert(date);
            organ.accepted_on = Some(date);
            close(&mut next, DeadlineKind::ForwardObjection);
            close(&mut next, DeadlineKind::OrganNotice);
            open(&mut next, DeadlineKind::OrganHandling, date);
            format!("{}于{}受理", organ_name(case), cn_date(date))
        }
        Action::RefuseRepeat {
            reason,
            earlier_case_no,
            ..
        } => {
            required("reason", reason)?;
            close(&mut next, DeadlineKind::Disposal);
            owe_notice(&mut next);
            next.status = Status::RefusedRepeat;
            next.progress.disposal = Some(Disposal::RefusedRepeat {
                on: date,
                reason: reason.clone(),
                earlier_case_no: earlier_case_no.clone().or_else(|| case.repeat_of.clone()),
                basis: ctx.earlier.and_then(|e| e.finality),
            });
            "不再受理".to_string()
        }
        Action::Extend {
            days,
            reason,
            approver,
            ..
        } => {
            required("reason", reason)?;
            required("approver", approver)?;
            if *days == 0 || *days > ctx.rules.max_extension_days {
                return Err(invalid(
                    "days",
                    format!("延长天数应为1至{}日", ctx.rules.max_extension_days),
                ));
            }
            let Some(handling) = next
                .deadlines
                .iter_mut()
                .find(|d| d.kind == DeadlineKind::Handling && d.is_open())
            else {
                return Err(forbidden("没有进行中的办理期限".into()));
            };
            if date > handling.due_on {
                return Err(forbidden(format!(
                    "办理期限已于{}届满，不能再延期",
                    cn_date(handling.due_on)
                )));
            }
            let Basis::Period(mut basis) = handling.basis.clone() else {
                return Err(forbidden("办理期限不是按法定期间计算的，不能延期".into()));
            };
            // The reason is told before the period first set runs out.
            let notice = Deadline {
                kind: DeadlineKind::ExtensionNotice,
                ..handling.clone()
            };
            basis.extension_days = *days;
            *handling = period::compute(
                DeadlineKind::Handling,
                handling.start_on,
                basis,
                ctx.calendar,
            );
            next.deadlines.push(notice);
            next.progress.extension = Some(Extension {
                days: *days,
                reason: reason.clone(),
                approver: approver.clone(),
                on: date,
            });
            format!("延期{}日，经{}批准", days, approver)
        }
        Action::Conclude {
            decision,
            facts,
            reasons,
            legal_basis,
            ..
        } => {
            let opinion = opinion(
                *decision,
                OpinionLevel::Handling,
                facts,
                reasons,
                legal_basis,
                date,
            )?;
            // The office's own conclusion is written out within the handling period.
            if case.status == Status::Accepted {
                if let Some(handling) = case.open_deadline(DeadlineKind::Handling) {
                    next.deadlines.push(Deadline {
                        kind: DeadlineKind::HandlingOpinion,
                        ..handling.clone()
                    });
                }
            }
            close(&mut next, DeadlineKind::Handling);
            close(&mut next, DeadlineKind::Feedback);
            close(&mut next, DeadlineKind::OrganHandling);
            let by = match case.status {
                Status::Forwarded => organ_name(case),
                _ => String::new(),
            };
            next.status = Status::Concluded;
            next.progress.opinion = Some(opinion);
            format!("{by}办结，出具处理意见（{}）", decision_label(*decision))
        }
        Action::Settle {
            mode,
            parties,
            agreement,
            ..
        } => {
            required("parties", parties)?;
            required("agreement", agreement)?;
            close(&mut next, DeadlineKind::Handling);
            close(&mut next, DeadlineKind::Feedback);
            close(&mut next, DeadlineKind::OrganHandling);
            let by = match case.status {
                Status::Forwarded => organ_name(case),
                _ => String::new(),
            };
            next.status = Status::Concluded;
            next.progress.settlement = Some(Settlement {
                mode: *mode,
                parties: parties.trim().to_string(),
                agreement: agreement.trim().to_string(),
                on: date,
            });
            format!(
                "{by}经{}达成协议，办结（《信访工作条例》第三十三条）",
                mode.label()
            )
        }
        Action::Reply {
            received_on,
            method,
            ..
        } => {
            let received = received_on.unwrap_or(date);
            if received < date || received > ctx.today {
                return Err(invalid(
                    "received_on",
                    "送达日期应在答复日期之后且不晚于今天",
                ));
            }
            // Only a claim's handling opinion can be taken to review (Art. 35); an agreement is none.
            if case.purpose == Purpose::Claim && case.progress.settlement.is_none() {
                open(&mut next, DeadlineKind::ReviewRequest, received);
            }
            next.status = Status::Replied;
            next.progress.reply = Some(Reply {
                sent_on: date,
                received_on: received,
                method: method.clone().unwrap_or_else(|| "书面".into()),
            });
            format!("答复信访人，{}送达", cn_date(received))
        }
        Action::RateSatisfaction { satisfaction, .. } => {
            next.progress.satisfaction = Some(*satisfaction);
            format!("满意度评价：{}", satisfaction_label(*satisfaction))
        }
        Action::RequestReview { organ, grounds, .. } => {
            required("organ", organ)?;
            if let Some(handler) = handling_organ(case).filter(|h| same_organ(h, organ)) {
                return Err(invalid(
                    "organ",
                    format!("复查由{handler}的上一级机关办理，原办理机关不能复查自己的处理意见（《信访工作条例》第三十五条）"),
                ));
            }
            within_window(case, DeadlineKind::ReviewRequest, date).map_err(forbidden)?;
            close(&mut next, DeadlineKind::ReviewRequest);
            open(&mut next, DeadlineKind::Review, date);
            next.status = Status::ReviewRequested;
            next.progress.review = Some(Appeal {
                requested_on: date,
                organ: organ.clone(),
                grounds: grounds.clone(),
                opinion: None,
                opinion_received_on: None,
            });
            format!("信访人向{}申请复查", organ)
        }
        Action::ConcludeReview {
            decision,
            facts,
            reasons,
            legal_basis,
            received_on,
            authority,
            due_on,
            ..
        } => {
            let op = opinion(
                *decision,
                OpinionLevel::Review,
                facts,
                reasons,
                legal_basis,
                date,
            )?;
            let received = received_on.unwrap_or(date);
            if received < date || received > ctx.today {
                return Err(invalid(
                    "received_on",
                    "送达日期应在复查意见日期之后且不晚于今天",
                ));
            }
            if *decision == Decision::Revoke {
                let mut review = case
                    .progress
                    .review
                    .clone()
                    .ok_or_else(|| forbidden("没有复查申请".into()))?;
                let back = Sendback {
                    reason: reasons,
                    by: Some(review.organ.clone()),
                    authority: authority.as_ref(),
                    due_on: *due_on,
                };
                let summary = revoke(&mut next, OpinionLevel::Handling, back, date, ctx)?;
                // The review that revoked it stays on record, for its 复查意见书.
                review.opinion = Some(op);
                review.opinion_received_on = Some(received);
                next.progress.review = Some(review);
                return Ok(Outcome {
                    case: next,
                    summary: format!("复查办结（撤销）：{summary}"),
                });
            }
            close(&mut next, DeadlineKind::Review);
            open(&mut next, DeadlineKind::ReReviewRequest, received);
            next.status = Status::Reviewed;
            if let Some(review) = next.progress.review.as_mut() {
                review.opinion = Some(op);
                review.opinion_received_on = Some(received);
            }
            format!("复查办结（{}）", decision_label(*decision))
        }
        Action::RequestReReview { organ, grounds, .. } => {
            required("organ", organ)?;
            let reviewer = case.progress.review.as_ref().map(|r| r.organ.as_str());
            if let Some(below) = reviewer
                .into_iter()
                .chain(handling_organ(case))
                .find(|o| same_organ(o, organ))
            {
                return Err(invalid(
                    "organ",
                    format!("复核由复查机关的上一级机关办理，{below}已办理过该事项，不能复核（《信访工作条例》第三十六条）"),
                ));
            }
            within_window(case, DeadlineKind::ReReviewRequest, date).map_err(forbidden)?;
            close(&mut next, DeadlineKind::ReReviewRequest);
            open(&mut next, DeadlineKind::ReReview, date);
            next.status = Status::ReReviewRequested;
            next.progress.re_review = Some(Appeal {
                requested_on: date,
                organ: organ.clone(),
                grounds: grounds.clone(),
                opinion: None,
                opinion_received_on: None,
            });
            format!("信访人向{}申请复核", organ)
        }
        Action::ConcludeReReview {
            decision,
            facts,
            reasons,
            legal_basis,
            authority,
            due_on,
            ..
        } => {
            let op = opinion(
                *decision,
                OpinionLevel::ReReview,
                facts,
                reasons,
                legal_basis,
                date,
            )?;
            if *decision == Decision::Revoke {
                let mut re_review = case
                    .progress
                    .re_review
                    .clone()
                    .ok_or_else(|| forbidden("没有复核申请".into()))?;
                let back = Sendback {
                    reason: reasons,
                    by: Some(re_review.organ.clone()),
                    authority: authority.as_ref(),
                    due_on: *due_on,
                };
                let summary = revoke(&mut next, OpinionLevel::Review, back, date, ctx)?;
                re_review.opinion = Some(op);
                re_review.opinion_received_on = Some(date);
                next.progress.re_review = Some(re_review);
                return Ok(Outcome {
                    case: next,
                    summary: format!("复核办结（撤销）：{summary}"),
                });
            }
            close(&mut next, DeadlineKind::ReReview);
            next.status = Status::Terminated;
            if let Some(rr) = next.progress.re_review.as_mut() {
                rr.opinion = Some(op);
                rr.opinion_received_on = Some(date);
            }
            format!("复核办结（{}），三级终结", decision_label(*decision))
        }
        Action::Hearing {
            held_from,
            held_to,
            participants,
            outcome,
            ..
        } => {
            required("participants", participants)?;
            required("outcome", outcome)?;
            let (level, appeal) = match case.status {
                Status::ReReviewRequested => {
                    (OpinionLevel::ReReview, case.progress.re_review.as_ref())
                }
                _ => (OpinionLevel::Review, case.progress.review.as_ref()),
            };
            let requested = appeal.map_or(case.received_on, |a| a.requested_on);
            if *held_from < requested || held_to < held_from || *held_to > date {
                return Err(invalid(
                    "held_from",
                    format!(
                        "听证应在申请{}（{}）之后举行，结束日期不早于开始日期、不晚于记录日期",
                        if level == OpinionLevel::ReReview {
                            "复核"
                        } else {
                            "复查"
                        },
                        cn_date(requested)
                    ),
                ));
            }
            let hearing = Hearing {
                held_from: *held_from,
                held_to: *held_to,
                level,
                participants: participants.clone(),
                outcome: outcome.clone(),
                recorded_on: date,
            };
            let days = hearing.days();
            next.progress.hearings.push(hearing);
            if level == OpinionLevel::ReReview {
                if let Some(d) = next
                    .deadlines
                    .iter_mut()
                    .find(|d| d.kind == DeadlineKind::ReReview && d.is_open())
                {
                    *d = period::exclude_hearing(d, days, ctx.calendar);
                }
                format!("听证{days}日，不计入复核期限（《信访工作条例》第三十六条）")
            } else {
                format!("复查听证{days}日")
            }
        }
        Action::Revoke {
            reason,
            by,
            authority,
            due_on,
            ..
        } => {
            required("reason", reason)?;
            // The latest opinion goes: a review opinion back to review, else the handling one.
            let level = match case.status {
                Status::Reviewed | Status::ReReviewRequested => OpinionLevel::Review,
                _ => OpinionLevel::Handling,
            };
            let back = Sendback {
                reason,
                by: by.clone().filter(|b| !b.trim().is_empty()),
                authority: authority.as_ref(),
                due_on: *due_on,
            };
            revoke(&mut next, level, back, date, ctx)?
        }
        Action::Supervise {
            note,
            authority,
            step,
            reply_by,
            trigger,
            basis,
            ..
        } => {
            required("note", note)?;
            let step = step.as_deref().map(str::trim).unwrap_or("督办");
            required("step", step)?;
            if let Some(by) = reply_by {
                if *by <= date {
                    return Err(invalid("reply_by", "回复期限应晚于督办日期"));
                }
                next.deadlines.push(period::fixed(
                    DeadlineKind::SupervisionReply,
                    date,
                    *by,
                    &format!("本机关{step}函"),
                    ctx.calendar,
                ));
            }
            let authority = authority.clone().filter(|a| !a.trim().is_empty());
            let summary = match &authority {
                Some(a) => format!("{step}{a}"),
                None => step.to_string(),
            };
            next.progress.supervisions.push(Supervision {
                on: date,
                note: note.clone(),
                authority,
                step: step.to_string(),
                reply_by: *reply_by,
                trigger: *trigger,
                basis: basis.clone().unwrap_or_default(),
                response: None,
            });
            summary
        }
        Action::RespondSupervision { response, .. } => {
            required("response", response)?;
            let Some(open) = next
                .progress
                .supervisions
                .iter()
                .rev()
                .find(|s| s.is_open())
            else {
                return Err(forbidden("没有待回复的督办".into()));
            };
            if date < open.on {
                return Err(invalid("date", "回复日期早于督办日期"));
            }
            let organ = open.authority.clone().unwrap_or_default();
            // One response answers the whole chain of letters (督办, then 催办) still open.
            for s in next
                .progress
                .supervisions
                .iter_mut()
                .filter(|s| s.is_open())
            {
                s.response = Some(SupervisionResponse {
                    on: date,
                    content: response.clone(),
                });
            }
            close(&mut next, DeadlineKind::SupervisionReply);
            format!("{organ}回复督办")
        }
    };
    Ok(Outcome {
        case: next,
        summary,
    })
}

/// Where a revoked opinion sends the matter, as the revoking organ set it.
struct Sendback<'a> {
    reason: &'a str,
    by: Option<String>,
    authority: Option<&'a Authority>,
    due_on: Option<NaiveDate>,
}

/// Annuls the opinion at `level` and sends the matter back to be handled (or reviewed) again:
/// by the organ named, or the one whose opinion it was; by the date set, or the statutory
/// period (Arts. 34, 35). The annulled opinion stays on record.
fn revoke(
    next: &mut Case,
    level: OpinionLevel,
    back: Sendback,
    date: NaiveDate,
    ctx: &Context,
) -> Result<String, WorkflowError> {
    let p = &next.progress;
    let annulled = match level {
        OpinionLevel::Handling => p.opinion.clone(),
        OpinionLevel::Review => p.review.as_ref().and_then(|r| r.opinion.clone()),
        OpinionLevel::ReReview => p.re_review.as_ref().and_then(|r| r.opinion.clone()),
    }
    .ok_or_else(|| WorkflowError::Forbidden {
        status: next.status,
        action: ActionKind::Revoke,
        reason: format!("没有可撤销的{}", level.label()),
    })?;
    let (kind, status) = match level {
        OpinionLevel::Handling => (DeadlineKind::Handling, Status::Accepted),
        _ => (DeadlineKind::Review, Status::ReviewRequested),
    };
    if let Some(a) = back.authority {
        required("authority", &a.name)?;
        routed_lawfully(next, a, "交由").map_err(|r| invalid("authority", r))?;
    }
    if let Some(due) = back.due_on.filter(|d| *d <= date) {
        return Err(invalid(
            "due_on",
            format!("重新办理的期限{}应在撤销日期之后", cn_date(due)),
        ));
    }
    for d in next.deadlines.iter_mut().filter(|d| d.is_open()) {
        d.met_on = Some(date);
    }
    let by = back.by.clone().unwrap_or_else(|| "撤销机关".to_string());
    let deadline = match back.due_on {
        Some(due) => Some(period::fixed(kind, date, due, &by, ctx.calendar)),
        None => period::from_rule(kind, date, ctx.rules, ctx.calendar),
    };
    next.deadlines.extend(deadline);
    let p = &mut next.progress;
    let to = match level {
        OpinionLevel::Handling => {
            let authority = back.authority.cloned().or_else(|| match &p.disposal {
                Some(Disposal::Accepted { authority, .. }) => authority.clone(),
                _ => None,
            });
            let to = authority.as_ref().map(|a| a.name.clone());
            p.disposal = Some(Disposal::Accepted {
                on: date,
                authority,
            });
            p.opinion = None;
            p.reply = None;
            p.satisfaction = None;
            p.review = None;
            p.re_review = None;
            p.extension = None;
            to
        }
        _ => {
            let review = p.review.as_mut().expect("a review opinion was annulled");
            if let Some(a) = back.authority {
                review.organ = a.name.clone();
            }
            review.opinion = None;
            review.opinion_received_on = None;
            p.re_review = None;
            Some(review.organ.clone())
        }
    };
    p.revoked.push(Revocation {
        on: date,
        reason: back.reason.to_string(),
        annulled,
        level,
        by: back.by,
        authority: back.authority.cloned(),
        due_on: back.due_on,
    });
    next.status = status;
    let again = if level == OpinionLevel::Handling {
        "重新办理"
    } else {
        "重新复查"
    };
    Ok(format!(
        "撤销原{}，{}{}{}",
        level.label(),
        to.map_or_else(String::new, |t| format!("交{t}")),
        again,
        back.due_on
            .map_or_else(String::new, |d| format!("，限{}前", cn_date(d)))
    ))
}

fn within_window(case: &Case, kind: DeadlineKind, date: NaiveDate) -> Result<(), String> {
    let Some(window) = case.open_deadline(kind) else {
        return Err(format!("没有进行中的{}", kind.label()));
    };
    if date > window.due_on {
        return Err(format!(
            "{}已于{}届满（{}），申请日期{}已超期",
            kind.label(),
            cn_date(window.due_on),
            window.explanation.trim_end_matches('。'),
            cn_date(date)
        ));
    }
    Ok(())
}

fn opinion(
    decision: Decision,
    level: OpinionLevel,
    facts: &str,
    reasons: &str,
    legal_basis: &str,
    on: NaiveDate,
) -> Result<Opinion, WorkflowError> {
    let allowed = match level {
        OpinionLevel::Handling => Decision::FIRST,
        _ => Decision::ON_REVIEW,
    };
    if !allowed.contains(&decision) {
        let names: Vec<&str> = allowed.into_iter().map(decision_label).collect();
        let article = match level {
            OpinionLevel::Handling => "第三十二条",
            _ => "第三十五条、第三十六条",
        };
        return Err(invalid(
            "decision",
            format!(
                "{}的决定应为{}（《信访工作条例》{article}）",
                level.label(),
                names.join("、")
            ),
        ));
    }
    required("facts", facts)?;
    required("reasons", reasons)?;
    required("legal_basis", legal_basis)?;
    Ok(Opinion {
        decision,
        facts: facts.to_string(),
        reasons: reasons.to_string(),
        legal_basis: legal_basis.to_string(),
        on,
    })
}

pub fn decision_label(d: Decision) -> &'static str {
    match d {
        Decision::Support => "支持",
        Decision::Explain => "解释说明",
        Decision::Reject => "不予支持",
        Decision::Uphold => "维持",
        Decision::Change => "变更",
        Decision::Revoke => "撤销",
    }
}

pub fn satisfaction_label(s: Satisfaction) -> &'static str {
    match s {
        Satisfaction::Satisfied => "满意",
        Satisfaction::BasicallySatisfied => "基本满意",
        Satisfaction::Dissatisfied => "不满意",
    }
}
