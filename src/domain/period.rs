//! Statutory periods and due dates (《信访工作条例》 with 民法典 Art. 201/203 counting),
//! each with an explanation a clerk can read.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::calendar::{cn_date, Calendar, SkippedDay};

/// Which obligation a deadline measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeadlineKind {
    /// Register and dispose (accept / decline / forward / assign), Art. 22.
    Disposal,
    /// Written notice of acceptance or non-acceptance to the petitioner, Art. 23.
    Notice,
    /// The receiving body may object that a forwarded matter is not its remit, Art. 23.
    ForwardObjection,
    /// Result of an assignment (交办) reported by the date the assigning office set.
    Feedback,
    /// Handling opinion, Art. 34 (extended by at most 30 days).
    Handling,
    /// The petitioner may request review, Art. 35.
    ReviewRequest,
    /// Review opinion, Art. 35.
    Review,
    /// The petitioner may request re-review, Art. 36.
    ReReviewRequest,
    /// Re-review opinion, Art. 36.
    ReReview,
    /// The organ a matter was forwarded or assigned to tells the petitioner whether it
    /// accepts it, within 15 days of its own receipt (Art. 23).
    OrganNotice,
    /// The organ's handling opinion, 60 days from its acceptance (Art. 34).
    OrganHandling,
    /// 延期办理告知书: the petitioner is told why, before the period first set ends (Art. 34).
    ExtensionNotice,
    /// 信访处理意见书: the written opinion of a concluded matter, within the handling period
    /// (Arts. 32, 34); the written reply serves it.
    HandlingOpinion,
    /// The supervised organ's response to a 督办函 or 催办函, by the date the letter set.
    SupervisionReply,
}

impl DeadlineKind {
    pub const ALL: [DeadlineKind; 14] = [
        DeadlineKind::Disposal,
        DeadlineKind::Notice,
        DeadlineKind::ForwardObjection,
        DeadlineKind::Feedback,
        DeadlineKind::Handling,
        DeadlineKind::ReviewRequest,
        DeadlineKind::Review,
        DeadlineKind::ReReviewRequest,
        DeadlineKind::ReReview,
        DeadlineKind::OrganNotice,
        DeadlineKind::OrganHandling,
        DeadlineKind::ExtensionNotice,
        DeadlineKind::HandlingOpinion,
        DeadlineKind::SupervisionReply,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeadlineKind::Disposal => "disposal",
            DeadlineKind::Notice => "notice",
            DeadlineKind::ForwardObjection => "forward_objection",
            DeadlineKind::Feedback => "feedback",
            DeadlineKind::Handling => "handling",
            DeadlineKind::ReviewRequest => "review_request",
            DeadlineKind::Review => "review",
            DeadlineKind::ReReviewRequest => "re_review_request",
            DeadlineKind::ReReview => "re_review",
            DeadlineKind::OrganNotice => "organ_notice",
            DeadlineKind::OrganHandling => "organ_handling",
            DeadlineKind::ExtensionNotice => "extension_notice",
            DeadlineKind::HandlingOpinion => "handling_opinion",
            DeadlineKind::SupervisionReply => "supervision_reply",
        }
    }

    pub fn parse(s: &str) -> Option<DeadlineKind> {
        DeadlineKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            DeadlineKind::Disposal => "登记处理期限",
            DeadlineKind::Notice => "书面告知期限",
            DeadlineKind::ForwardObjection => "转送异议期",
            DeadlineKind::Feedback => "交办反馈期限",
            DeadlineKind::Handling => "办理期限",
            DeadlineKind::ReviewRequest => "申请复查期",
            DeadlineKind::Review => "复查期限",
            DeadlineKind::ReReviewRequest => "申请复核期",
            DeadlineKind::ReReview => "复核期限",
            DeadlineKind::OrganNotice => "有权机关告知期限",
            DeadlineKind::OrganHandling => "有权机关办理期限",
            DeadlineKind::ExtensionNotice => "延期告知期限",
            DeadlineKind::HandlingOpinion => "处理意见书出具期限",
            DeadlineKind::SupervisionReply => "督办回复期限",
        }
    }

    /// Owed by the organ a matter was forwarded or assigned to, which the office follows up.
    pub fn is_organs(self) -> bool {
        matches!(
            self,
            DeadlineKind::Feedback
                | DeadlineKind::OrganNotice
                | DeadlineKind::OrganHandling
                | DeadlineKind::SupervisionReply
        )
    }

    /// Whether the office (or the authority it supervises) owes something by the date.
    /// The petitioner's windows and the receiving body's objection window are not duties:
    /// they never make a case overdue.
    pub fn is_duty(self) -> bool {
        !matches!(
            self,
            DeadlineKind::ReviewRequest
                | DeadlineKind::ReReviewRequest
                | DeadlineKind::ForwardObjection
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum PeriodUnit {
    /// "日": calendar days.
    CalendarDays,
    /// "工作日": working days on the official calendar.
    WorkingDays,
}

/// One row of the office's period rule set (editable per office; defaults per the regulation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodRule {
    pub kind: DeadlineKind,
    pub days: u32,
    pub unit: PeriodUnit,
    /// A last day on a day off moves to the next working day (民法典 Art. 203).
    pub roll_forward: bool,
    pub article: String,
}

/// The office's rules: one per deadline kind, plus the near-due warning and the extension cap.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct RuleSet {
    pub rules: Vec<PeriodRule>,
    /// A deadline is near due this many working days before its end.
    pub near_due_working_days: u32,
    /// The longest extension of the handling period (Art. 34).
    pub max_extension_days: u32,
}

impl Default for RuleSet {
    fn default() -> Self {
        use DeadlineKind::*;
        use PeriodUnit::*;
        let rule = |kind, days, unit, article: &str| PeriodRule {
            kind,
            days,
            unit,
            roll_forward: true,
            article: article.to_string(),
        };
        RuleSet {
            rules: vec![
                rule(Disposal, 15, CalendarDays, "《信访工作条例》第二十二条"),
                rule(Notice, 15, CalendarDays, "《信访工作条例》第二十三条"),
                rule(
                    ForwardObjection,
                    5,
                    WorkingDays,
                    "《信访工作条例》第二十三条",
                ),
                rule(Handling, 60, CalendarDays, "《信访工作条例》第三十四条"),
                rule(
                    ReviewRequest,
                    30,
                    CalendarDays,
                    "《信访工作条例》第三十五条",
                ),
                rule(Review, 30, CalendarDays, "《信访工作条例》第三十五条"),
                rule(
                    ReReviewRequest,
                    30,
                    CalendarDays,
                    "《信访工作条例》第三十六条",
                ),
                rule(ReReview, 30, CalendarDays, "《信访工作条例》第三十六条"),
            ],
            near_due_working_days: 3,
            max_extension_days: 30,
        }
    }
}

impl RuleSet {
    /// The rule `kind` is counted by: the organ's periods are the office's own (Arts. 23, 34).
    pub fn rule(&self, kind: DeadlineKind) -> Option<&PeriodRule> {
        let kind = match kind {
            DeadlineKind::OrganNotice => DeadlineKind::Notice,
            DeadlineKind::OrganHandling => DeadlineKind::Handling,
            k => k,
        };
        self.rules.iter().find(|r| r.kind == kind)
    }
}

/// A period counted by rule from an event, plus any extension in calendar days.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PeriodBasis {
    pub days: u32,
    pub unit: PeriodUnit,
    pub roll_forward: bool,
    pub article: String,
    #[serde(default)]
    pub extension_days: u32,
    /// Days of hearings held in the period, not counted in it (Art. 36).
    #[serde(default)]
    pub hearing_days: u32,
}

/// How a deadline was derived, kept so that a changed calendar or rule can recompute it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "basis", rename_all = "snake_case")]
#[ts(export)]
pub enum Basis {
    Period(PeriodBasis),
    /// A date set by someone (an assignment's feedback date).
    Fixed {
        set_by: String,
    },
}

/// One deadline of a case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Deadline {
    pub kind: DeadlineKind,
    /// The day of the event the period counts from (receipt, acceptance, …); not itself counted.
    pub start_on: NaiveDate,
    pub due_on: NaiveDate,
    pub basis: Basis,
    pub explanation: String,
    pub skipped: Vec<SkippedDay>,
    /// When the obligation was fulfilled or the window closed; `None` while open.
    pub met_on: Option<NaiveDate>,
}

impl Deadline {
    pub fn is_open(&self) -> bool {
        self.met_on.is_none()
    }

    /// The year whose holiday schedule this open due date still waits for (see
    /// [`provisional_year`]).
    pub fn provisional_year(&self, cal: &Calendar) -> Option<i32> {
        provisional_year(
            matches!(self.basis, Basis::Period(_)),
            self.due_on,
            self.met_on,
            cal,
        )
    }
}

/// What a provisional due date says beside it: computed on weekends alone, it may still move.
pub const PROVISIONAL_MARK: &str = "待节假日安排公布后确认";

/// A counted period whose last day falls in a year the calendar has no published schedule for
/// was computed on weekends alone: that year, until it is imported (which recomputes the date).
/// A date someone set, and a deadline already met, are final.
pub fn provisional_year(
    counted: bool,
    due_on: NaiveDate,
    met_on: Option<NaiveDate>,
    cal: &Calendar,
) -> Option<i32> {
    let year = chrono::Datelike::year(&due_on);
    (counted && met_on.is_none() && !cal.covers(year)).then_some(year)
}

/// Where an open deadline stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DeadlineState {
    OnTime,
    NearDue,
    Overdue,
    MetOnTime,
    MetLate,
}

impl DeadlineState {
    pub fn label(self) -> &'static str {
        match self {
            DeadlineState::OnTime => "正常",
            DeadlineState::NearDue => "临期",
            DeadlineState::Overdue => "超期",
            DeadlineState::MetOnTime => "按期完成",
            DeadlineState::MetLate => "逾期完成",
        }
    }
}

/// Working days from today to the due date (negative when overdue) and the resulting state.
pub fn assess(
    d: &Deadline,
    today: NaiveDate,
    cal: &Calendar,
    rules: &RuleSet,
) -> (i64, DeadlineState) {
    assess_due(d.due_on, d.met_on, today, cal, rules)
}

/// `assess` for a due date read on its own (the due list reads no whole deadline).
pub fn assess_due(
    due_on: NaiveDate,
    met_on: Option<NaiveDate>,
    today: NaiveDate,
    cal: &Calendar,
    rules: &RuleSet,
) -> (i64, DeadlineState) {
    let left = cal.working_days_between(today, due_on);
    let state = match met_on {
        Some(met) if met <= due_on => DeadlineState::MetOnTime,
        Some(_) => DeadlineState::MetLate,
        // The last day ends at 24:00: the due day itself is still on time.
        None if today > due_on => DeadlineState::Overdue,
        None if left <= i64::from(rules.near_due_working_days) => DeadlineState::NearDue,
        None => DeadlineState::OnTime,
    };
    (left, state)
}

/// Working days left in words, as the window and the exports say them: "剩3个工作日",
/// "今日到期", "超期2个工作日".
pub fn days_left_text(days_left: i64) -> String {
    match days_left {
        n if n > 0 => format!("剩{n}个工作日"),
        0 => "今日到期".to_string(),
        n => format!("超期{}个工作日", -n),
    }
}

fn unit_label(unit: PeriodUnit) -> &'static str {
    match unit {
        PeriodUnit::CalendarDays => "日",
        PeriodUnit::WorkingDays => "个工作日",
    }
}

/// Sums skipped days by reason for the explanation: "春节假期9天、周末2天".
fn skipped_summary(skipped: &[SkippedDay]) -> String {
    let mut groups: Vec<(String, usize)> = Vec::new();
    for s in skipped {
        let label = s.reason.label();
        match groups.iter_mut().find(|(l, _)| *l == label) {
            Some((_, n)) => *n += 1,
            None => groups.push((label, 1)),
        }
    }
    groups
        .iter()
        .map(|(l, n)| format!("{l}{n}天"))
        .collect::<Vec<_>>()
        .join("、")
}

/// Computes a due date from a rule: the period starts the day after `start_on`
/// (民法典 Art. 201); a last day that is a day off moves to the next working day (Art. 203).
pub fn compute(
    kind: DeadlineKind,
    start_on: NaiveDate,
    basis: PeriodBasis,
    cal: &Calendar,
) -> Deadline {
    let (due_on, skipped, explanation) = explain_period(start_on, &basis, cal);
    Deadline {
        kind,
        start_on,
        due_on,
        basis: Basis::Period(basis),
        explanation,
        skipped,
        met_on: None,
    }
}

/// A deadline on a date someone set; the explanation says who set it.
pub fn fixed(
    kind: DeadlineKind,
    start_on: NaiveDate,
    due_on: NaiveDate,
    set_by: &str,
    cal: &Calendar,
) -> Deadline {
    let reason = cal.reason(due_on);
    let note = if reason.is_working() {
        String::new()
    } else {
        format!("（该日为{}）", reason.label())
    };
    Deadline {
        kind,
        start_on,
        due_on,
        basis: Basis::Fixed {
            set_by: set_by.to_string(),
        },
        explanation: format!(
            "{set_by}于{}指定，须于{}前反馈{note}。",
            cn_date(start_on),
            cn_date(due_on)
        ),
        skipped: Vec::new(),
        met_on: None,
    }
}

/// A deadline from the office's rule for `kind`.
pub fn from_rule(
    kind: DeadlineKind,
    start_on: NaiveDate,
    rules: &RuleSet,
    cal: &Calendar,
) -> Option<Deadline> {
    let rule = rules.rule(kind)?;
    Some(compute(
        kind,
        start_on,
        PeriodBasis {
            days: rule.days,
            unit: rule.unit,
            roll_forward: rule.roll_forward,
            article: rule.article.clone(),
            extension_days: 0,
            hearing_days: 0,
        },
        cal,
    ))
}

/// The deadline moved by the days of a hearing, which the period does not count (Art. 36).
pub fn exclude_hearing(d: &Deadline, days: u32, cal: &Calendar) -> Deadline {
    match &d.basis {
        Basis::Period(p) => Deadline {
            met_on: d.met_on,
            ..compute(
                d.kind,
                d.start_on,
                PeriodBasis {
                    hearing_days: p.hearing_days + days,
                    ..p.clone()
                },
                cal,
            )
        },
        Basis::Fixed { .. } => {
            let due_on = d.due_on + Duration::days(i64::from(days));
            Deadline {
                due_on,
                explanation: format!(
                    "{}听证{}日不计入期限（《信访工作条例》第三十六条），顺延至{}。",
                    d.explanation,
                    days,
                    cn_date(due_on)
                ),
                ..d.clone()
            }
        }
    }
}

/// The same deadline recomputed on a (possibly changed) calendar; `met_on` is kept.
pub fn recompute(d: &Deadline, cal: &Calendar) -> Deadline {
    match &d.basis {
        Basis::Fixed { .. } => d.clone(),
        Basis::Period(p) => Deadline {
            met_on: d.met_on,
            ..compute(d.kind, d.start_on, p.clone(), cal)
        },
    }
}

fn explain_period(
    start_on: NaiveDate,
    basis: &PeriodBasis,
    cal: &Calendar,
) -> (NaiveDate, Vec<SkippedDay>, String) {
    let PeriodBasis {
        days,
        unit,
        roll_forward,
        ref article,
        extension_days,
        hearing_days,
    } = *basis;
    let mut text = format!(
        "自{}的次日起算（民法典第二百零一条），{}规定{}{}",
        cn_date(start_on),
        article,
        days,
        unit_label(unit)
    );
    let (raw_end, mut skipped) = match unit {
        PeriodUnit::CalendarDays => (start_on + Duration::days(i64::from(days)), Vec::new()),
        PeriodUnit::WorkingDays => cal.add_working_days(start_on, days),
    };
    if unit == PeriodUnit::WorkingDays && !skipped.is_empty() {
        text += &format!("，不计{}", skipped_summary(&skipped));
    }
    let mut end = raw_end;
    if extension_days > 0 {
        end = raw_end + Duration::days(i64::from(extension_days));
        text += &format!(
            "，原期满日{}，经批准延长{}日",
            cn_date(raw_end),
            extension_days
        );
    }
    if hearing_days > 0 {
        let before = end;
        end += Duration::days(i64::from(hearing_days));
        text += &format!(
            "，听证{}日不计入期限（《信访工作条例》第三十六条），由{}顺延",
            hearing_days,
            cn_date(before)
        );
    }
    text += &format!("，期满日为{}", cn_date(end));
    if roll_forward && !cal.is_working_day(end) {
        let (rolled, rolled_over) = cal.roll_forward(end);
        text += &format!(
            "；该日适逢{}，顺延至其后第一个工作日{}（民法典第二百零三条）",
            skipped_summary(&rolled_over),
            cn_date(rolled)
        );
        skipped.extend(rolled_over);
        end = rolled;
    }
    if !cal.covers(chrono::Datelike::year(&end)) {
        text += &format!(
            "。注意：{}年的节假日安排尚未导入，仅按周末计算",
            chrono::Datelike::year(&end)
        );
    }
    text.push('。');
    (end, skipped, text)
}
