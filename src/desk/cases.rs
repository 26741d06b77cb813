//! The case use-cases: register, act, read one, list, and what is due.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;
use uuid::Uuid;

use super::{record, record_new, Desk, Happening};
use crate::domain::account::{Actor, Permission};
use crate::domain::case::{Case, Disposal, NewCase, Status};
use crate::domain::document::{self as kinds, DocumentKind};
use crate::domain::identity;
use crate::domain::level_skip::LevelSkip;
use crate::domain::period::{self, Deadline, DeadlineKind, DeadlineState};
use crate::domain::policy::Policy;
use crate::domain::registration;
use crate::domain::supervision::SupervisionSettings;
use crate::domain::workflow::{self, Action, ActionKind, Context, Earlier};
use crate::store::disclosures::{self, Disclosure};
use crate::store::events::{self, EventJson, TimelineEvent};
use crate::store::query::{self, CaseQuery, CaseSummary, DueBounds};
use crate::store::{self, search};
use crate::Error;

/// A deadline as the case view shows it: with days left and its state today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DeadlineView {
    #[serde(flatten)]
    pub deadline: Deadline,
    pub label: String,
    /// Working days from today to the due date; negative when overdue.
    pub days_left: i64,
    pub state: DeadlineState,
    /// The year whose holiday schedule the due date still waits for: computed on weekends
    /// alone, it is shown as 待节假日安排公布后确认 until that year is imported.
    pub provisional_year: Option<i32>,
}

/// Everything the case detail screen and `xinfang case show` need.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseDetail {
    pub case: Case,
    pub status_label: String,
    pub deadlines: Vec<DeadlineView>,
    pub timeline: Vec<TimelineEvent>,
    pub allowed_actions: Vec<ActionKind>,
    /// Whether ID and phone numbers are shown in full (after a reason was given).
    pub unmasked: bool,
    /// Who saw them in full, when and why, latest first.
    pub disclosures: Vec<Disclosure>,
    /// Why this office should not take the visit (越级访), while it is not yet disposed of.
    pub level_skip: Option<LevelSkip>,
    /// For a case split out of another: that case's timeline up to the split, which is this
    /// matter's history too.
    pub history_before_split: Vec<TimelineEvent>,
    /// Why 受理 is not offered to a case waiting for its disposal (the rule's own words).
    pub accept_refused: Option<String>,
    /// The notices its steps require and not yet issued (待出具), earliest due first.
    pub owed_documents: Vec<OwedDocument>,
}

/// A document a step requires (待出具), by the deadline its issue meets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct OwedDocument {
    pub kind: DocumentKind,
    pub label: String,
    pub deadline: DeadlineKind,
    pub due_on: NaiveDate,
    /// As [`DeadlineView::days_left`].
    pub days_left: i64,
    pub state: DeadlineState,
}

/// A row of the case list: the case's summary and where its next deadline stands today.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseRow {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub next_due_state: Option<DeadlineState>,
    /// Working days left until the next deadline; negative when overdue.
    #[ts(type = "number | null")]
    pub next_due_days_left: Option<i64>,
}

/// One page of the case list and how many cases match in all.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseListPage {
    pub items: Vec<CaseRow>,
    #[ts(type = "number")]
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueItem {
    pub case_no: String,
    pub title: String,
    pub status: Status,
    pub first_petitioner: String,
    pub kind: DeadlineKind,
    pub label: String,
    pub due_on: NaiveDate,
    pub days_left: i64,
    pub state: DeadlineState,
    pub explanation: String,
    /// As [`DeadlineView::provisional_year`].
    pub provisional_year: Option<i32>,
    /// The organ that owes it, for a forwarded or assigned matter (the office follows it up).
    pub owed_by: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueCounts {
    /// Registered cases still waiting for a disposal decision.
    pub awaiting_disposal: i64,
    /// Cases (件) whose nearest duty is near due or overdue: what the case list's filters find.
    pub near_due: i64,
    pub overdue: i64,
}

/// What is near due or overdue today, by deadline.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct DueList {
    pub today: NaiveDate,
    pub near_due_until: NaiveDate,
    pub counts: DueCounts,
    pub items: Vec<DueItem>,
    /// This year and the next when the calendar has no published holiday schedule for them
    /// (the 工作台 asks for the import; deadlines in them are provisional).
    pub missing_calendar_years: Vec<i32>,
}

/// What 诉访分离 may issue: the notice for a visit, the letter and notice for a forward.
const SEPARATION_DOCUMENTS: [DocumentKind; 3] = [
    DocumentKind::NonAcceptanceNotice,
    DocumentKind::ForwardingLetter,
    DocumentKind::ForwardingNotice,
];

impl Desk {
    /// Registers a case: validates, allocates the next case number of the year, and writes
    /// the case, its first deadlines, the timeline event and the change log in one transaction.
    pub async fn register(&self, new: NewCase) -> Result<Case, Error> {
        let mut cases = self.register_many(vec![new]).await?;
        Ok(cases.remove(0))
    }

    /// The case page with full ID and phone numbers, for an account that may see them; the
    /// reason is recorded before anything is shown.
    pub async fn case_unmasked(&self, case_no: &str, reason: &str) -> Result<CaseDetail, Error> {
        let actor = self.require(Permission::Unmask)?;
        let reason = reason.trim();
        if reason.chars().count() < 2 {
            return Err(Error::invalid(
                "reason",
                "请写明查看完整身份证号和电话的理由",
            ));
        }
        let mut tx = self.db.begin_write().await?;
        let case = store::cases::load_by_no(&mut tx, case_no)
            .await?
            .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
        let disclosure = Disclosure {
            account: actor.account.clone(),
            actor: actor.display_name.clone(),
            at: store::instant_text(self.now()),
            reason: reason.to_string(),
        };
        disclosures::insert(&mut tx, case.id, case_no, &disclosure).await?;
        tx.commit().await?;
        self.detail(&actor, case_no, true).await
    }

    /// Registers a batch (an import) in one transaction: all of them or, on the first
    /// invalid one, none; the error names the position.
    pub async fn register_many(&self, batch: Vec<NewCase>) -> Result<Vec<Case>, Error> {
        let actor = &self.require(Permission::Register)?;
        let now = self.now();
        let single = batch.len() == 1;
        let batch = batch
            .into_iter()
            .enumerate()
            .map(|(i, new)| {
                registration::validate(new, now).map_err(|e| match Error::from(e) {
                    Error::Invalid { field, reason } if !single => {
                        Error::invalid(format!("[{i}].{field}"), reason)
                    }
                    other => other,
                })
            })
            .collect::<Result<Vec<_>, _>>()?;
        let office = self.cached_office().await?;
        let policy = self.policy();
        let mut tx = self.db.begin_write().await?;
        // One block of numbers per year of receipt, handed out in the batch's order.
        let mut per_year: std::collections::BTreeMap<i32, i64> = Default::default();
        for new in &batch {
            let year = crate::domain::calendar::office_date(new.received_at.unwrap_or(now)).year();
            *per_year.entry(year).or_default() += 1;
        }
        let mut next_no = std::collections::BTreeMap::new();
        for (year, count) in per_year {
            let last =
                store::office::take_numbers(&mut tx, &office.code, "case", year, count).await?;
            next_no.insert(year, last - count + 1);
        }
        let mut cases = Vec::with_capacity(batch.len());
        let mut events = Vec::with_capacity(batch.len());
        let named: std::collections::BTreeSet<&str> =
            batch.iter().filter_map(|n| n.handler.as_deref()).collect();
        for handler in named {
            super::handlers::handler_account(&mut tx, handler).await?;
        }
        for new in batch {
            if let Some(earlier) = new.repeat_of.as_deref() {
                if store::cases::status_of(&mut *tx, earlier).await?.is_none() {
                    return Err(Error::invalid(
                        "repeat_of",
                        format!("找不到信访件“{earlier}”"),
                    ));
                }
            }
            let received_on = crate::domain::calendar::office_date(new.received_at.unwrap_or(now));
            let year = received_on.year();
            let n = next_no.get_mut(&year).map(|n| {
                *n += 1;
                *n - 1
            });
            let n = n.expect("a number block was taken for every year in the batch");
            let case_no = format!("{}-{}-{:06}", office.code, year, n);
            let details = serde_json::to_string(&new).expect("a registration serialises to JSON");
            let case = registration::build(
                new,
                Uuid::now_v7(),
                &office.code,
                case_no,
                now,
                &policy.rules,
                &policy.calendar,
            );
            // The registration itself is in `details`; the state it created is the case's
            // first version, so only the new facts are repeated in `after`.
            let after = json!({ "case_no": case.case_no, "status": case.status }).to_string();
            let event = Happening {
                actor,
                at: now,
                action: ActionKind::Register.as_str(),
                summary: format!("登记{}", case.channel.label()),
                // Written as text (below), not kept.
                details: Value::Null,
                before: Value::Null,
                after: Value::Null,
            }
            .event(&case, 1);
            events.push((event, EventJson::new(details, "{}".into(), after)));
            cases.push(case);
        }
        record_new(&mut tx, &cases, events).await?;
        tx.commit().await?;
        if cases.len() >= 1000 {
            // An import changes the shape of the data: let the planner see it.
            self.db.optimize().await?;
        }
        Ok(cases.into_iter().map(Case::masked).collect())
    }

    /// Takes a workflow action on a case, if the rules allow it now.
    pub async fn act(&self, case_no: &str, action: Action) -> Result<Case, Error> {
        let actor = &self.require(Permission::ViewCases)?;
        let now = self.now();
        let policy = self.policy();
        let channels = self.channel_list().await?;
        let mut action = action;
        // An organ of the directory is what the directory says it is (its kind decides where a
        // litigation-related matter or an accusation may go).
        if let Some(authority) = action.authority_mut() {
            if let Some(organ) = self.authorities().await?.organ(&authority.name) {
                *authority = organ.authority();
            }
        }
        if let Action::Classify { proposed, .. } = &mut action {
            // What the app would have shown, when the caller (the CLI) did not say.
            if proposed.is_empty() {
                let case = self.case(case_no).await?;
                *proposed = self
                    .proposals_for(&case, &channels)
                    .await?
                    .into_iter()
                    .map(|p| p.row_id)
                    .collect();
            }
        }
        if let Action::Supervise {
            date,
            step,
            reply_by,
            ..
        } = &mut action
        {
            // The office's chain names the step and the date to respond by, when the clerk did not.
            let settings = self.supervision_settings().await?;
            let next = settings.next_step(&self.case(case_no).await?).clone();
            let on = date.unwrap_or_else(|| self.today());
            if reply_by.is_none() {
                *reply_by = Some(SupervisionSettings::reply_by(&next, on, &policy.calendar));
            }
            step.get_or_insert(next.name);
        }
        // 诉访分离, 越级走访 and 督办 issue their documents in the same transaction as the step.
        let prep = match &action {
            Action::Supervise { .. } => Some(
                self.prepare_issue(&[DocumentKind::SupervisionLetter])
                    .await?,
            ),
            Action::SeparateLitigation { .. } => {
                Some(self.prepare_issue(&SEPARATION_DOCUMENTS).await?)
            }
            Action::DeclineLevelSkip { .. } => Some(
                self.prepare_issue(&[DocumentKind::NonAcceptanceNotice])
                    .await?,
            ),
            // A written reply serves the 信访处理意见书: one not issued yet is issued with it.
            Action::Reply { .. }
                if self
                    .case(case_no)
                    .await?
                    .open_deadline(DeadlineKind::HandlingOpinion)
                    .is_some() =>
            {
                Some(self.prepare_issue(&[DocumentKind::HandlingOpinion]).await?)
            }
            _ => None,
        };
        let mut tx = self.db.begin_write().await?;
        let case = own_case(&mut tx, case_no, action.kind()).await?;
        permitted(actor, action.kind(), &case)?;
        let earlier_no = match &action {
            Action::RefuseRepeat {
                earlier_case_no: Some(no),
                ..
            } => Some(no.as_str()),
            Action::LinkRepeat {
                earlier_case_no, ..
            } => Some(earlier_case_no.trim()),
            _ => case.repeat_of.as_deref(),
        };
        let earlier_case = match earlier_no {
            Some(no) => store::cases::load_by_no(&mut tx, no).await?,
            None => None,
        };
        let earlier = earlier_case.as_ref().map(|e| Earlier::of(e, self.today()));
        if let (Action::LinkRepeat { .. }, None, Some(no)) = (&action, earlier, earlier_no) {
            if !no.is_empty() {
                return Err(Error::invalid(
                    "earlier_case_no",
                    format!("找不到信访件“{no}”"),
                ));
            }
        }
        let ctx = Context {
            today: self.today(),
            rules: &policy.rules,
            calendar: &policy.calendar,
            earlier,
            channels: &channels,
            level_skip: self.level_skip_of(&case, earlier_case.as_ref()).await?,
        };
        let outcome = workflow::decide(&case, &action, &ctx)?;
        let mut next = outcome.case;
        next.version = case.version + 1;
        next.updated_at = now;
        store::cases::update(&mut tx, &next).await?;
        let (before, after) = events::diff(&case.to_json(), &next.to_json());
        let details = serde_json::to_value(&action).expect("an action serialises to JSON");
        record(
            &mut tx,
            &next,
            Happening {
                actor,
                at: now,
                action: action.kind().as_str(),
                summary: outcome.summary.clone(),
                details,
                before,
                after,
            },
        )
        .await?;
        let Some(prep) = prep else {
            tx.commit().await?;
            return Ok(next.masked());
        };
        let none = BTreeMap::new();
        let (docs, served_on): (Vec<(DocumentKind, &BTreeMap<String, String>)>, _) =
            match (&action, &next.progress.disposal) {
                (Action::Reply { .. }, _) => (
                    vec![(DocumentKind::HandlingOpinion, &none)],
                    next.progress.reply.as_ref().map(|r| r.sent_on),
                ),
                (Action::Supervise { .. }, _) => {
                    (vec![(DocumentKind::SupervisionLetter, &none)], None)
                }
                (_, Some(Disposal::Declined { .. })) => {
                    (vec![(DocumentKind::NonAcceptanceNotice, &none)], None)
                }
                _ => (
                    vec![
                        (DocumentKind::ForwardingLetter, &none),
                        (DocumentKind::ForwardingNotice, &none),
                    ],
                    None,
                ),
            };
        let mut issued = self
            .issue_in_tx(&mut tx, &prep, actor, case_no, &docs, served_on)
            .await?;
        let next = store::cases::load_by_no(&mut tx, case_no)
            .await?
            .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
        tx.commit().await?;
        issued.keep();
        Ok(next.masked())
    }

    /// The case, its personal numbers masked.
    pub async fn case(&self, case_no: &str) -> Result<Case, Error> {
        self.require(Permission::ViewCases)?;
        let mut conn = self.db.pool.acquire().await?;
        store::cases::load_by_no(&mut conn, case_no)
            .await?
            .map(Case::masked)
            .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))
    }

    /// The case page, its personal numbers masked (in the timeline too).
    pub async fn case_detail(&self, case_no: &str) -> Result<CaseDetail, Error> {
        let actor = self.require(Permission::ViewCases)?;
        self.detail(&actor, case_no, false).await
    }

    async fn detail(
        &self,
        actor: &Actor,
        case_no: &str,
        unmask: bool,
    ) -> Result<CaseDetail, Error> {
        let policy = self.policy();
        let today = self.today();
        let channels = self.channel_list().await?;
        let mut conn = self.db.pool.acquire().await?;
        let case = store::cases::load_by_no(&mut conn, case_no)
            .await?
            .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
        let earlier_case = match case.repeat_of.as_deref() {
            Some(no) => store::cases::load_by_no(&mut conn, no).await?,
            None => None,
        };
        let earlier = earlier_case.as_ref().map(|e| Earlier::of(e, today));
        let level_skip = self.level_skip_of(&case, earlier_case.as_ref()).await?;
        let mut timeline = events::timeline(&mut conn, case.id).await?;
        let mut history_before_split = Vec::new();
        if let Some(origin) = &case.progress.split_from {
            if let Some(original) = store::cases::load_by_no(&mut conn, &origin.case_no).await? {
                history_before_split = events::timeline(&mut conn, original.id).await?;
                history_before_split.retain(|e| e.seq <= origin.seq);
            }
        }
        let disclosures = disclosures::for_case(&mut conn, case.id).await?;
        let ctx = Context {
            today,
            rules: &policy.rules,
            calendar: &policy.calendar,
            earlier,
            channels: &channels,
            level_skip: level_skip.clone(),
        };
        // Other offices' cases arrive by sync and are handled there: nothing to do here.
        let local = self.policy().office.as_ref().map(|o| o.code.clone());
        let allowed_actions = if local.is_some_and(|code| code != case.office_code) {
            Vec::new()
        } else {
            let mut allowed = workflow::allowed_actions(&case, &ctx);
            allowed.retain(|kind| actor.may_act(*kind, &case));
            allowed
        };
        let accept = Action::Accept {
            date: None,
            authority: None,
        };
        let accept_refused = match workflow::decide(&case, &accept, &ctx) {
            Err(workflow::WorkflowError::Forbidden { reason, .. })
                if case.status == Status::Registered =>
            {
                Some(reason)
            }
            _ => None,
        };
        let deadlines = case
            .deadlines
            .iter()
            .map(|d| {
                let (days_left, state) = period::assess(d, today, &policy.calendar, &policy.rules);
                DeadlineView {
                    provisional_year: d.provisional_year(&policy.calendar),
                    deadline: d.clone(),
                    label: d.kind.label().to_string(),
                    days_left,
                    state,
                }
            })
            .collect();
        let owed_documents = kinds::owed(&case)
            .into_iter()
            .map(|(kind, d)| {
                let (days_left, state) = period::assess(d, today, &policy.calendar, &policy.rules);
                OwedDocument {
                    kind,
                    label: kind.label().to_string(),
                    deadline: d.kind,
                    due_on: d.due_on,
                    days_left,
                    state,
                }
            })
            .collect();
        let case = if unmask {
            case
        } else {
            for e in timeline.iter_mut().chain(&mut history_before_split) {
                for v in [&mut e.details, &mut e.before, &mut e.after] {
                    identity::mask_json(v);
                }
            }
            case.masked()
        };
        Ok(CaseDetail {
            status_label: case.status.label().to_string(),
            case,
            deadlines,
            timeline,
            allowed_actions,
            unmasked: unmask,
            disclosures,
            level_skip,
            history_before_split,
            accept_refused,
            owed_documents,
        })
    }

    pub(super) fn due_bounds(&self, today: NaiveDate) -> DueBounds {
        let policy = self.policy();
        let (near_until, _) = policy
            .calendar
            .add_working_days(today, policy.rules.near_due_working_days);
        DueBounds { today, near_until }
    }

    pub async fn list_cases(&self, q: &CaseQuery) -> Result<CaseListPage, Error> {
        self.require(Permission::ViewCases)?;
        if q.text.as_deref().is_some_and(|t| !t.trim().is_empty()) {
            self.flush_search().await?;
        }
        let today = self.today();
        let page = query::list(&self.db.pool, q, &self.due_bounds(today)).await?;
        let policy = self.policy();
        let items = page
            .items
            .into_iter()
            .map(|summary| {
                let assessed = summary.next_due_on.map(|due| {
                    period::assess_due(due, None, today, &policy.calendar, &policy.rules)
                });
                CaseRow {
                    next_due_state: assessed.map(|(_, s)| s),
                    next_due_days_left: assessed.map(|(d, _)| d),
                    summary,
                }
            })
            .collect();
        Ok(CaseListPage {
            items,
            total: page.total,
            page: page.page,
            page_size: page.page_size,
        })
    }

    /// Puts the search entries of cases registered one at a time into the index, so that a
    /// search finds every saved case (`store::search::INDEX_TOGETHER`).
    pub(super) async fn flush_search(&self) -> Result<(), Error> {
        if !search::has_pending(&self.db.pool).await? {
            return Ok(());
        }
        let mut tx = self.db.begin_write().await?;
        search::flush_pending(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Open duties that are overdue or near due on `today`, earliest first (at most `limit`).
    pub async fn due(&self, today: NaiveDate, limit: u32) -> Result<DueList, Error> {
        self.require(Permission::ViewCases)?;
        let policy = self.policy();
        let bounds = self.due_bounds(today);
        // Three reads on three of the pool's connections at once: the due list takes about as
        // long as its longest read, not the sum (docs/performance.md, Store).
        let (rows, (overdue, near_due), awaiting_disposal) = tokio::try_join!(
            query::due_between(&self.db.pool, None, bounds.near_until, limit),
            query::due_counts(&self.db.pool, &bounds),
            query::count_status(&self.db.pool, Status::Registered),
        )?;
        let items = rows
            .into_iter()
            .map(|r| due_item(r, today, &policy))
            .collect();
        Ok(DueList {
            today,
            near_due_until: bounds.near_until,
            counts: DueCounts {
                awaiting_disposal,
                near_due,
                overdue,
            },
            items,
            missing_calendar_years: (today.year()..=today.year() + 1)
                .filter(|y| !policy.calendar.covers(*y))
                .collect(),
        })
    }
}

/// A due row as the due list and the agenda show it: with days left and its state on `today`.
pub(super) fn due_item(r: query::DueRow, today: NaiveDate, policy: &Policy) -> DueItem {
    let (days_left, state) =
        period::assess_due(r.due_on, None, today, &policy.calendar, &policy.rules);
    DueItem {
        provisional_year: period::provisional_year(r.counted, r.due_on, None, &policy.calendar),
        label: r.kind.label().to_string(),
        case_no: r.case_no,
        title: r.title,
        status: r.status,
        first_petitioner: r.first_petitioner,
        kind: r.kind,
        due_on: r.due_on,
        days_left,
        state,
        explanation: r.explanation,
        owed_by: r.owed_by,
    }
}

/// The case, if this office may change it: cases of other offices arrive by sync and are
/// handled there; here they are read-only.
pub(super) async fn own_case(
    conn: &mut sqlx::SqliteConnection,
    case_no: &str,
    kind: ActionKind,
) -> Result<Case, Error> {
    let case = store::cases::load_by_no(conn, case_no)
        .await?
        .ok_or_else(|| Error::CaseNotFound(case_no.to_string()))?;
    if store::office::local(&mut *conn)
        .await?
        .is_some_and(|o| o.code != case.office_code)
    {
        let reason = format!(
            "该信访件属于机构 {}，由同步导入，本机只能查看",
            case.office_code
        );
        return Err(Error::Forbidden {
            status: case.status,
            action: kind,
            reason,
        });
    }
    Ok(case)
}

/// Whether `actor` may take `kind` on `case`, as the refusal a clerk reads.
pub(super) fn permitted(actor: &Actor, kind: ActionKind, case: &Case) -> Result<(), Error> {
    if actor.may_act(kind, case) {
        return Ok(());
    }
    let needed = Permission::for_action(kind);
    if needed == Permission::Handle && actor.allows(needed) {
        return Err(Error::NotAssigned(case.case_no.clone()));
    }
    Err(Error::NotPermitted {
        role: actor.role.label(),
        what: needed.label(),
    })
}
