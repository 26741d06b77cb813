//! 督查督办: what makes the office supervise a case (the triggers it configures), the
//! escalation chain (督办 → 催办 → 通报 → 约谈), and the suggestions a clerk confirms.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::{cn_date, Calendar};
use super::case::{Case, Disposal, Satisfaction, Status, Supervision};
use super::period::DeadlineKind;
use super::workflow::WorkflowError;

/// Why a case is suggested for supervision, the most pressing first (the order suggestions
/// are listed in).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SupervisionTrigger {
    /// The supervised organ has not responded by the date the letter set: the next step.
    ResponseOverdue,
    /// Not concluded within the handling period.
    HandlingOverdue,
    /// The organ a matter was forwarded or assigned to is late (its notice, its opinion, its
    /// feedback on an assignment).
    OrganOverdue,
    /// Not disposed of (accepted, declined, forwarded, assigned) within its period.
    DisposalOverdue,
    /// A notice the petitioner is owed (Art. 23, the extension notice, the written opinion).
    NoticeOverdue,
    /// The petitioner came again after the reply: the opinion may not have been carried out.
    NotCarriedOut,
    /// The petitioner came again while the matter is still in handling.
    RepeatInHandling,
    /// The petitioner rated the result 不满意.
    Dissatisfied,
}

impl SupervisionTrigger {
    pub const ALL: [SupervisionTrigger; 8] = [
        SupervisionTrigger::ResponseOverdue,
        SupervisionTrigger::HandlingOverdue,
        SupervisionTrigger::OrganOverdue,
        SupervisionTrigger::DisposalOverdue,
        SupervisionTrigger::NoticeOverdue,
        SupervisionTrigger::NotCarriedOut,
        SupervisionTrigger::RepeatInHandling,
        SupervisionTrigger::Dissatisfied,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SupervisionTrigger::DisposalOverdue => "disposal_overdue",
            SupervisionTrigger::NoticeOverdue => "notice_overdue",
            SupervisionTrigger::HandlingOverdue => "handling_overdue",
            SupervisionTrigger::OrganOverdue => "organ_overdue",
            SupervisionTrigger::RepeatInHandling => "repeat_in_handling",
            SupervisionTrigger::Dissatisfied => "dissatisfied",
            SupervisionTrigger::NotCarriedOut => "not_carried_out",
            SupervisionTrigger::ResponseOverdue => "response_overdue",
        }
    }

    pub fn parse(s: &str) -> Option<SupervisionTrigger> {
        SupervisionTrigger::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            SupervisionTrigger::DisposalOverdue => "逾期未处理",
            SupervisionTrigger::NoticeOverdue => "逾期未告知",
            SupervisionTrigger::HandlingOverdue => "逾期未办结",
            SupervisionTrigger::OrganOverdue => "有权机关逾期",
            SupervisionTrigger::RepeatInHandling => "办理中重复信访",
            SupervisionTrigger::Dissatisfied => "信访人不满意",
            SupervisionTrigger::NotCarriedOut => "处理意见未落实",
            SupervisionTrigger::ResponseOverdue => "逾期未回复督办",
        }
    }
}

/// One step of the office's escalation chain and the letter it sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct EscalationStep {
    /// The verb the letter uses: 督办, 催办, 通报, 约谈.
    pub name: String,
    /// Days the organ is given to respond, counted from the letter's date.
    pub reply_days: u32,
}

/// What the office configures: the triggers it checks and its escalation chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SupervisionSettings {
    pub triggers: Vec<SupervisionTrigger>,
    pub steps: Vec<EscalationStep>,
}

impl Default for SupervisionSettings {
    fn default() -> Self {
        let step = |name: &str, reply_days| EscalationStep {
            name: name.to_string(),
            reply_days,
        };
        SupervisionSettings {
            triggers: SupervisionTrigger::ALL.to_vec(),
            steps: vec![
                step("督办", 15),
                step("催办", 10),
                step("通报", 7),
                step("约谈", 5),
            ],
        }
    }
}

impl SupervisionSettings {
    /// Refuses a chain a letter could not be written from.
    pub fn check(&self) -> Result<(), WorkflowError> {
        let invalid = |field: String, reason: String| WorkflowError::Invalid { field, reason };
        if self.steps.is_empty() {
            return Err(invalid("steps".into(), "督办步骤至少要有一步".into()));
        }
        for (i, s) in self.steps.iter().enumerate() {
            let name = s.name.trim();
            if name.is_empty() || name.chars().count() > 8 {
                return Err(invalid(
                    format!("steps[{i}].name"),
                    format!("第{}步的名称应为1至8个字", i + 1),
                ));
            }
            if !(1..=90).contains(&s.reply_days) {
                return Err(invalid(
                    format!("steps[{i}].reply_days"),
                    format!("“{name}”的回复期限应为1至90天"),
                ));
            }
        }
        Ok(())
    }

    /// The step after the case's latest supervision when it went unanswered, else the first.
    pub fn next_step(&self, case: &Case) -> &EscalationStep {
        let open = case.progress.supervisions.last().filter(|s| s.is_open());
        let at = open
            .and_then(|s| self.steps.iter().position(|st| st.name == s.step))
            .map_or(0, |i| (i + 1).min(self.steps.len() - 1));
        &self.steps[at]
    }

    /// The date an organ must respond by, for a letter of `step` dated `on`: a day off moves it
    /// to the next working day (Civil Code Art. 203).
    pub fn reply_by(step: &EscalationStep, on: NaiveDate, cal: &Calendar) -> NaiveDate {
        let mut day = on + chrono::Days::new(u64::from(step.reply_days));
        while !cal.is_working_day(day) {
            day = day.succ_opt().unwrap_or(day);
        }
        day
    }
}

impl Supervision {
    /// Waiting for the supervised organ's response.
    pub fn is_open(&self) -> bool {
        self.response.is_none()
    }
}

/// What the office knows of later petitions on the same matter, read by the triggers.
#[derive(Debug, Clone, Default)]
pub struct LaterPetition {
    pub case_no: String,
    pub received_on: NaiveDate,
}

/// A case suggested for supervision, for the clerk to confirm or dismiss.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Suggestion {
    pub case_no: String,
    pub title: String,
    pub trigger: SupervisionTrigger,
    /// What the trigger fired on (a due date, a later case's number): the suggestion's key with
    /// the case and the trigger, so a dismissal or a confirmation is not suggested again.
    pub basis: String,
    pub reason: String,
    /// The organ to supervise: the one handling the matter.
    pub authority: Option<String>,
    /// The escalation step the letter would be.
    pub step: String,
    pub reply_by: NaiveDate,
}

/// The organ handling the matter: the competent authority the case went to, else the one named
/// at registration.
pub fn handling_organ(case: &Case) -> Option<String> {
    match &case.progress.disposal {
        Some(Disposal::Accepted {
            authority: Some(a), ..
        })
        | Some(Disposal::Assigned { authority: a, .. })
        | Some(Disposal::Forwarded { authority: a, .. }) => Some(a.name.clone()),
        _ => case.authority.clone(),
    }
}

/// The triggers that fire on `case` today, each with its basis and the reason in words.
pub fn fired(
    case: &Case,
    later: &[LaterPetition],
    today: NaiveDate,
    settings: &SupervisionSettings,
) -> Vec<(SupervisionTrigger, String, String)> {
    use SupervisionTrigger as T;
    let mut out = Vec::new();
    for d in case
        .deadlines
        .iter()
        .filter(|d| d.is_open() && d.due_on < today)
    {
        let trigger = match d.kind {
            DeadlineKind::Disposal => T::DisposalOverdue,
            DeadlineKind::Notice
            | DeadlineKind::ExtensionNotice
            | DeadlineKind::HandlingOpinion => T::NoticeOverdue,
            DeadlineKind::Handling => T::HandlingOverdue,
            DeadlineKind::OrganNotice | DeadlineKind::OrganHandling | DeadlineKind::Feedback => {
                T::OrganOverdue
            }
            DeadlineKind::SupervisionReply => T::ResponseOverdue,
            _ => continue,
        };
        let reason = format!("{}已于{}届满", d.kind.label(), cn_date(d.due_on));
        out.push((trigger, d.due_on.to_string(), reason));
    }
    let in_handling = matches!(
        case.status,
        Status::Registered | Status::Accepted | Status::Forwarded | Status::Assigned
    );
    let replied = matches!(
        case.status,
        Status::Replied | Status::Reviewed | Status::Terminated
    );
    for l in later {
        let trigger = if in_handling {
            T::RepeatInHandling
        } else if replied {
            T::NotCarriedOut
        } else {
            continue;
        };
        let reason = format!(
            "信访人于{}再次反映（{}）",
            cn_date(l.received_on),
            l.case_no
        );
        out.push((trigger, l.case_no.clone(), reason));
    }
    if case.progress.satisfaction == Some(Satisfaction::Dissatisfied) {
        let on = case.progress.reply.as_ref().map(|r| r.sent_on.to_string());
        out.push((
            T::Dissatisfied,
            on.unwrap_or_default(),
            "信访人对处理结果不满意".to_string(),
        ));
    }
    out.retain(|(t, basis, _)| {
        settings.triggers.contains(t)
            && !case
                .progress
                .supervisions
                .iter()
                .any(|s| s.trigger == Some(*t) && s.basis == *basis)
    });
    out
}

/// The suggestions for `case`: one per trigger that fired and was neither confirmed nor
/// `dismissed` (trigger and basis).
pub fn suggest(
    case: &Case,
    later: &[LaterPetition],
    today: NaiveDate,
    settings: &SupervisionSettings,
    cal: &Calendar,
    dismissed: &[(SupervisionTrigger, String)],
) -> Vec<Suggestion> {
    let step = settings.next_step(case);
    fired(case, later, today, settings)
        .into_iter()
        .filter(|(t, b, _)| !dismissed.iter().any(|(dt, db)| dt == t && db == b))
        .map(|(trigger, basis, reason)| Suggestion {
            case_no: case.case_no.clone(),
            title: case.title.clone(),
            trigger,
            basis,
            reason,
            authority: case
                .progress
                .supervisions
                .last()
                .and_then(|s| s.authority.clone())
                .or_else(|| handling_organ(case)),
            step: step.name.clone(),
            reply_by: SupervisionSettings::reply_by(step, today, cal),
        })
        .collect()
}
