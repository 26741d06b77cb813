//! 积案化解: a backlog campaign, the state of each case in it (未化解 → 化解中 → 已化解 /
//! 息诉罢访 / 依法终结, then 销号), and the campaign board (挂图作战) computed from them.

use std::collections::BTreeMap;

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::attachment::AttachmentKind;
use crate::Error;

/// Where a backlog case stands in its campaign.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum BacklogState {
    /// 未化解: handed to its lead official, nothing done yet.
    Unresolved,
    /// 化解中: work logged.
    Resolving,
    /// 已化解（案结事了）: the matter is settled.
    Resolved,
    /// 息诉罢访: the petitioner signed an undertaking to end the matter.
    Undertaken,
    /// 依法终结: the matter was ended by law (re-review concluded, or terminated).
    Terminated,
}

impl BacklogState {
    pub const ALL: [BacklogState; 5] = [
        BacklogState::Unresolved,
        BacklogState::Resolving,
        BacklogState::Resolved,
        BacklogState::Undertaken,
        BacklogState::Terminated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            BacklogState::Unresolved => "unresolved",
            BacklogState::Resolving => "resolving",
            BacklogState::Resolved => "resolved",
            BacklogState::Undertaken => "undertaken",
            BacklogState::Terminated => "terminated",
        }
    }

    pub fn parse(s: &str) -> Option<BacklogState> {
        BacklogState::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The ledger's wording; 已化解 also reads as 案结事了 on a handed-down ledger.
    pub fn from_label(s: &str) -> Option<BacklogState> {
        match s.trim() {
            "案结事了" => Some(BacklogState::Resolved),
            t => BacklogState::ALL.into_iter().find(|k| k.label() == t),
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            BacklogState::Unresolved => "未化解",
            BacklogState::Resolving => "化解中",
            BacklogState::Resolved => "已化解",
            BacklogState::Undertaken => "息诉罢访",
            BacklogState::Terminated => "依法终结",
        }
    }

    /// One of the three ends a case may be signed off from.
    pub fn is_outcome(self) -> bool {
        matches!(
            self,
            BacklogState::Resolved | BacklogState::Undertaken | BacklogState::Terminated
        )
    }
}

/// A campaign as the office opens it, e.g. 2020年信访积案化解.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct NewCampaign {
    pub name: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Which matters it takes on, in the office's words (e.g. 2019年底前未化解的信访事项).
    #[serde(default)]
    pub scope: String,
}

impl NewCampaign {
    pub fn check(&self) -> Result<(), Error> {
        text("name", &self.name, "专项名称", 60, true)?;
        if self.ends_on < self.starts_on {
            return Err(Error::invalid("ends_on", "结束日期不能早于开始日期"));
        }
        text("scope", &self.scope, "化解范围", 500, false)
    }
}

/// Who answers for a backlog case and by when (领导包案).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacklogAssignment {
    /// 包案领导.
    pub lead_official: String,
    /// 责任单位.
    pub organ: String,
    /// 责任人.
    #[serde(default)]
    pub person: String,
    /// 化解时限.
    pub target_on: NaiveDate,
    /// 化解方案.
    #[serde(default)]
    pub plan: String,
}

impl BacklogAssignment {
    pub fn check(&self) -> Result<(), Error> {
        text("lead_official", &self.lead_official, "包案领导", 60, true)?;
        text("organ", &self.organ, "责任单位", 60, true)?;
        text("person", &self.person, "责任人", 60, false)?;
        text("plan", &self.plan, "化解方案", 2000, false)
    }
}

/// Where a case stands: its state, and since when it is signed off (销号), if it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BacklogStanding {
    pub state: BacklogState,
    pub signed_off_on: Option<NaiveDate>,
}

impl BacklogStanding {
    pub const NEW: BacklogStanding = BacklogStanding {
        state: BacklogState::Unresolved,
        signed_off_on: None,
    };
}

/// What is done to a backlog case, as the clerk submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "step", rename_all = "snake_case", deny_unknown_fields)]
#[ts(export)]
pub enum BacklogStep {
    /// 化解进展: what was done on a day; the first entry starts the work (化解中).
    Progress { on: NaiveDate, content: String },
    /// The case reached one of its ends.
    Conclude {
        on: NaiveDate,
        outcome: BacklogState,
        #[serde(default)]
        note: String,
    },
    /// 销号: the end is proven by the attachments named.
    SignOff {
        on: NaiveDate,
        evidence: Vec<String>,
        #[serde(default)]
        note: String,
    },
    /// The petitioner came back: the case is worked again.
    Reopen { on: NaiveDate, reason: String },
}

impl BacklogStep {
    pub fn on(&self) -> NaiveDate {
        match self {
            BacklogStep::Progress { on, .. }
            | BacklogStep::Conclude { on, .. }
            | BacklogStep::SignOff { on, .. }
            | BacklogStep::Reopen { on, .. } => *on,
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            BacklogStep::Progress { .. } => "化解进展",
            BacklogStep::Conclude { .. } => "化解结果",
            BacklogStep::SignOff { .. } => "销号",
            BacklogStep::Reopen { .. } => "重新化解",
        }
    }
}

/// The standing after `step`. `evidence` holds the kinds of the attachments a sign-off names,
/// as found on the case (a name not found is refused before this).
pub fn apply(
    now: BacklogStanding,
    step: &BacklogStep,
    evidence: &[AttachmentKind],
) -> Result<BacklogStanding, Error> {
    let signed_off = |what: &str| {
        Error::invalid(
            "step",
            format!(
                "该积案已于{}销号，{what}",
                now.signed_off_on.map(super::cn_date).unwrap_or_default()
            ),
        )
    };
    match step {
        BacklogStep::Progress { content, .. } => {
            if now.signed_off_on.is_some() {
                return Err(signed_off("如信访人再次信访，请先重新化解"));
            }
            text("content", content, "化解进展", 2000, true)?;
            let state = match now.state {
                BacklogState::Unresolved => BacklogState::Resolving,
                s => s,
            };
            Ok(BacklogStanding { state, ..now })
        }
        BacklogStep::Conclude { outcome, .. } => {
            if now.signed_off_on.is_some() {
                return Err(signed_off("不能再变更化解结果"));
            }
            if !outcome.is_outcome() {
                return Err(Error::invalid(
                    "outcome",
                    "化解结果只能是已化解、息诉罢访或依法终结",
                ));
            }
            if now.state == BacklogState::Unresolved {
                return Err(Error::invalid(
                    "outcome",
                    "尚无化解进展，请先记录化解工作情况",
                ));
            }
            Ok(BacklogStanding {
                state: *outcome,
                ..now
            })
        }
        BacklogStep::SignOff { on, .. } => {
            if now.signed_off_on.is_some() {
                return Err(signed_off("不能重复销号"));
            }
            if !now.state.is_outcome() {
                return Err(Error::invalid(
                    "step",
                    format!("积案当前为“{}”，化解后才能销号", now.state.label()),
                ));
            }
            if evidence.is_empty() {
                return Err(Error::invalid(
                    "evidence",
                    "销号须附化解佐证材料（请先上传附件并选中）",
                ));
            }
            if now.state == BacklogState::Undertaken
                && !evidence.contains(&AttachmentKind::Undertaking)
            {
                return Err(Error::invalid(
                    "evidence",
                    "息诉罢访的积案销号须附信访人签字的息诉罢访承诺书",
                ));
            }
            Ok(BacklogStanding {
                signed_off_on: Some(*on),
                ..now
            })
        }
        BacklogStep::Reopen { reason, .. } => {
            if now.state == BacklogState::Resolving && now.signed_off_on.is_none() {
                return Err(Error::invalid("step", "该积案正在化解中，无需重新化解"));
            }
            if now.state == BacklogState::Unresolved {
                return Err(Error::invalid("step", "该积案尚未化解，无需重新化解"));
            }
            text("reason", reason, "重新化解的原因", 2000, true)?;
            Ok(BacklogStanding {
                state: BacklogState::Resolving,
                signed_off_on: None,
            })
        }
    }
}

/// A free-text field: filled in when `required`, at most `max` characters.
fn text(field: &str, value: &str, what: &str, max: usize, required: bool) -> Result<(), Error> {
    let value = value.trim();
    if required && value.is_empty() {
        return Err(Error::invalid(field, format!("请填写{what}")));
    }
    if value.chars().count() > max {
        return Err(Error::invalid(field, format!("{what}不能超过{max}个字符")));
    }
    Ok(())
}

fn nos<'a>(cases: impl IntoIterator<Item = &'a BoardCase>) -> Vec<String> {
    cases.into_iter().map(|c| c.case_no.clone()).collect()
}

/// One case as the board reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoardCase {
    pub case_no: String,
    pub locality: String,
    pub lead_official: String,
    pub state: BacklogState,
    pub target_on: NaiveDate,
    pub added_on: NaiveDate,
    /// The days it was signed off and, if it was, reopened again, oldest first.
    pub off_spans: Vec<(NaiveDate, Option<NaiveDate>)>,
}

impl BoardCase {
    fn open_on(&self, day: NaiveDate) -> bool {
        self.added_on <= day
            && !self
                .off_spans
                .iter()
                .any(|(off, back)| *off <= day && back.is_none_or(|b| day < b))
    }

    fn signed_off(&self) -> bool {
        self.off_spans
            .last()
            .is_some_and(|(_, back)| back.is_none())
    }
}

/// A number on the board and the cases behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BoardCount {
    pub key: String,
    pub label: String,
    pub case_nos: Vec<String>,
}

/// One lead official's cases.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct LeadCount {
    pub lead_official: String,
    pub open: Vec<String>,
    pub signed_off: Vec<String>,
    pub past_target: Vec<String>,
}

/// Open cases on a day of the burn-down.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct BurnPoint {
    pub on: NaiveDate,
    pub open: u32,
}

/// 挂图作战: the campaign board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct Board {
    pub total: u32,
    pub signed_off: Vec<String>,
    /// Every state, in order, with the cases in it (signed-off ones under their end).
    pub by_state: Vec<BoardCount>,
    /// Open cases by locality, most first.
    pub by_locality: Vec<BoardCount>,
    /// Open cases whose target date has passed.
    pub past_target: Vec<String>,
    pub by_lead: Vec<LeadCount>,
    pub burn_down: Vec<BurnPoint>,
}

/// The board on `today` for a campaign running `starts_on..=ends_on`. The burn-down has a
/// point a day for campaigns up to two months, a point a week beyond, and always today's.
pub fn board(
    cases: &[BoardCase],
    starts_on: NaiveDate,
    ends_on: NaiveDate,
    today: NaiveDate,
) -> Board {
    let by_state = BacklogState::ALL
        .into_iter()
        .map(|s| BoardCount {
            key: s.as_str().to_string(),
            label: s.label().to_string(),
            case_nos: nos(cases.iter().filter(|c| c.state == s)),
        })
        .collect();
    let open: Vec<&BoardCase> = cases.iter().filter(|c| !c.signed_off()).collect();
    let mut localities: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for c in &open {
        localities
            .entry(c.locality.as_str())
            .or_default()
            .push(c.case_no.clone());
    }
    let mut by_locality: Vec<BoardCount> = localities
        .into_iter()
        .map(|(l, case_nos)| BoardCount {
            key: l.to_string(),
            label: if l.is_empty() { "未填属地" } else { l }.to_string(),
            case_nos,
        })
        .collect();
    by_locality.sort_by_key(|c| std::cmp::Reverse(c.case_nos.len()));
    let late = |c: &BoardCase| !c.signed_off() && c.target_on < today;
    let mut leads: BTreeMap<&str, LeadCount> = BTreeMap::new();
    for c in cases {
        let lead = leads
            .entry(c.lead_official.as_str())
            .or_insert_with(|| LeadCount {
                lead_official: c.lead_official.clone(),
                open: vec![],
                signed_off: vec![],
                past_target: vec![],
            });
        if c.signed_off() {
            lead.signed_off.push(c.case_no.clone());
        } else {
            lead.open.push(c.case_no.clone());
        }
        if late(c) {
            lead.past_target.push(c.case_no.clone());
        }
    }
    let last = today.min(ends_on);
    let step = if (ends_on - starts_on).num_days() <= 62 {
        1
    } else {
        7
    };
    let mut burn_down = vec![];
    let mut day = starts_on;
    while day <= last {
        burn_down.push(burn_point(cases, day));
        day += Duration::days(step);
    }
    if starts_on <= last && burn_down.last().map(|p| p.on) != Some(last) {
        burn_down.push(burn_point(cases, last));
    }
    Board {
        total: cases.len() as u32,
        signed_off: nos(cases.iter().filter(|c| c.signed_off())),
        by_state,
        by_locality,
        past_target: nos(cases.iter().filter(|c| late(c))),
        by_lead: leads.into_values().collect(),
        burn_down,
    }
}

fn burn_point(cases: &[BoardCase], on: NaiveDate) -> BurnPoint {
    BurnPoint {
        on,
        open: cases.iter().filter(|c| c.open_on(on)).count() as u32,
    }
}
