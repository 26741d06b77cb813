//! 督查督办: the suggestions the office's triggers make today, confirmed into a supervision and
//! its letter (`Desk::act` with `Action::Supervise`) or dismissed; the open supervisions by organ.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Desk;
use crate::domain::account::Permission;
use crate::domain::case::{Case, Status, SupervisionResponse};
use crate::domain::supervision::{self, Suggestion, SupervisionSettings, SupervisionTrigger};
use crate::domain::workflow::Action;
use crate::store;
use crate::Error;

/// Cases the triggers look at in one check: the earliest due first.
const CHECKED_AT_MOST: u32 = 2_000;

/// Where a supervision stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SupervisionState {
    /// 待回复.
    Awaiting,
    /// 逾期未回复: past the date the letter set.
    Overdue,
    /// 已回复.
    Answered,
}

/// One supervision letter, as the 督办 screen lists it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SupervisionRow {
    pub case_no: String,
    pub title: String,
    pub case_status: Status,
    pub step: String,
    pub on: NaiveDate,
    pub authority: Option<String>,
    pub note: String,
    pub reply_by: Option<NaiveDate>,
    pub trigger: Option<SupervisionTrigger>,
    pub state: SupervisionState,
    pub response: Option<SupervisionResponse>,
}

impl Desk {
    pub async fn supervision_settings(&self) -> Result<SupervisionSettings, Error> {
        Ok(self
            .setting(store::settings::SUPERVISION)
            .await?
            .unwrap_or_default())
    }

    pub async fn set_supervision_settings(
        &self,
        settings: SupervisionSettings,
    ) -> Result<SupervisionSettings, Error> {
        self.require(Permission::ManageSettings)?;
        settings.check()?;
        self.save_setting(store::settings::SUPERVISION, &settings)
            .await?;
        Ok(settings)
    }

    /// Today's suggestions: each trigger the office checks that fired on one of its cases and
    /// was neither confirmed nor dismissed; the most pressing trigger first, then the oldest.
    pub async fn supervision_suggestions(&self) -> Result<Vec<Suggestion>, Error> {
        self.require(Permission::ViewCases)?;
        let office = self.cached_office().await?;
        let today = self.today();
        let mut conn = self.db.pool.acquire().await?;
        let ids =
            store::supervision::candidate_ids(&mut conn, &office.code, today, CHECKED_AT_MOST)
                .await?;
        let cases = store::cases::load_many(&mut conn, &ids).await?;
        drop(conn);
        let mut out = self.suggestions_for(&cases).await?;
        out.sort_by(|a, b| {
            (a.trigger, &a.basis, &a.case_no).cmp(&(b.trigger, &b.basis, &b.case_no))
        });
        Ok(out)
    }

    /// What the triggers suggest today for `cases`, with their later petitions and dismissals.
    async fn suggestions_for(&self, cases: &[Case]) -> Result<Vec<Suggestion>, Error> {
        let settings = self.supervision_settings().await?;
        let policy = self.policy();
        let today = self.today();
        let nos: Vec<String> = cases.iter().map(|c| c.case_no.clone()).collect();
        let ids: Vec<String> = cases.iter().map(|c| c.id.to_string()).collect();
        let mut conn = self.db.pool.acquire().await?;
        let later = store::supervision::later_petitions(&mut conn, &nos).await?;
        let dismissed = store::supervision::dismissed(&mut conn, &ids).await?;
        Ok(cases
            .iter()
            .zip(&ids)
            .flat_map(|(c, id)| {
                supervision::suggest(
                    c,
                    later.get(&c.case_no).map_or(&[][..], Vec::as_slice),
                    today,
                    &settings,
                    &policy.calendar,
                    dismissed.get(id).map_or(&[][..], Vec::as_slice),
                )
            })
            .collect())
    }

    /// The suggestion `trigger` on `basis` for the case, if it stands today.
    async fn suggestion(
        &self,
        case: &Case,
        trigger: SupervisionTrigger,
        basis: &str,
    ) -> Result<Suggestion, Error> {
        self.suggestions_for(std::slice::from_ref(case))
            .await?
            .into_iter()
            .find(|s| s.trigger == trigger && s.basis == basis)
            .ok_or_else(|| {
                Error::invalid(
                    "trigger",
                    format!("该信访件没有待确认的“{}”督办建议", trigger.label()),
                )
            })
    }

    /// Confirms a suggestion: the supervision is recorded and its letter (督办函, 催办函, …) issued
    /// with the reply date, in one transaction.
    pub async fn confirm_suggestion(
        &self,
        case_no: &str,
        trigger: SupervisionTrigger,
        basis: &str,
        note: Option<String>,
        authority: Option<String>,
    ) -> Result<Case, Error> {
        self.require(Permission::Supervise)?;
        let case = self.case(case_no).await?;
        let s = self.suggestion(&case, trigger, basis).await?;
        let note = note
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| format!("{}，请抓紧依法办理", s.reason));
        self.act(
            case_no,
            Action::Supervise {
                date: None,
                note,
                authority: authority.filter(|a| !a.trim().is_empty()).or(s.authority),
                step: Some(s.step),
                reply_by: Some(s.reply_by),
                trigger: Some(trigger),
                basis: Some(s.basis),
            },
        )
        .await
    }

    /// Dismisses a suggestion with the reason; it is not suggested again.
    pub async fn dismiss_suggestion(
        &self,
        case_no: &str,
        trigger: SupervisionTrigger,
        basis: &str,
        reason: &str,
    ) -> Result<(), Error> {
        let actor = self.require(Permission::Supervise)?;
        if reason.trim().is_empty() {
            return Err(Error::invalid("reason", "请填写不予督办的原因"));
        }
        let case = self.case(case_no).await?;
        self.suggestion(&case, trigger, basis).await?;
        let at = store::instant_text(self.now());
        let mut tx = self.db.begin_write().await?;
        store::supervision::dismiss(
            &mut tx,
            &store::supervision::Dismissal {
                case_id: &case.id.to_string(),
                trigger,
                basis,
                reason: reason.trim(),
                by: &actor.account,
                at: &at,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Every supervision of the office's cases, open ones first, then by organ.
    pub async fn supervisions(&self) -> Result<Vec<SupervisionRow>, Error> {
        self.require(Permission::ViewCases)?;
        let office = self.cached_office().await?;
        let today = self.today();
        let mut conn = self.db.pool.acquire().await?;
        let ids = store::supervision::supervised_ids(&mut conn, &office.code).await?;
        let cases = store::cases::load_many(&mut conn, &ids).await?;
        let mut rows: Vec<SupervisionRow> = cases
            .iter()
            .flat_map(|c| {
                c.progress.supervisions.iter().map(|s| SupervisionRow {
                    case_no: c.case_no.clone(),
                    title: c.title.clone(),
                    case_status: c.status,
                    step: s.step.clone(),
                    on: s.on,
                    authority: s.authority.clone(),
                    note: s.note.clone(),
                    reply_by: s.reply_by,
                    trigger: s.trigger,
                    state: match (&s.response, s.reply_by) {
                        (Some(_), _) => SupervisionState::Answered,
                        (None, Some(by)) if by < today => SupervisionState::Overdue,
                        (None, _) => SupervisionState::Awaiting,
                    },
                    response: s.response.clone(),
                })
            })
            .collect();
        let rank = |s: SupervisionState| match s {
            SupervisionState::Overdue => 0,
            SupervisionState::Awaiting => 1,
            SupervisionState::Answered => 2,
        };
        rows.sort_by(|a, b| {
            rank(a.state)
                .cmp(&rank(b.state))
                .then(a.authority.cmp(&b.authority))
                .then(b.on.cmp(&a.on))
                .then(a.case_no.cmp(&b.case_no))
        });
        Ok(rows)
    }
}
