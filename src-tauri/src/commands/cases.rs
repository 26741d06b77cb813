use serde::Serialize;
use tauri::State;
use ts_rs::TS;
use xinfang::desk::{CaseDetail, DueList};
use xinfang::desk::{CaseQuery, CaseSummary};
use xinfang::domain::case::{Case, NewCase};
use xinfang::domain::identity;
use xinfang::domain::period::{self, DeadlineState};
use xinfang::domain::workflow::Action;

use crate::error::{UiError, UiResult};
use crate::state::DeskState;

#[tauri::command(rename_all = "snake_case")]
pub async fn case_register(
    state: State<'_, DeskState>,
    actor: String,
    new_case: NewCase,
) -> UiResult<Case> {
    Ok(state.desk()?.register(&actor, new_case).await?)
}

/// A row of the case list: the core's summary plus where its next deadline stands today
/// (for the colour), assessed by the core's own `period::assess_due`.
#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct CaseRow {
    #[serde(flatten)]
    pub summary: CaseSummary,
    pub next_due_state: Option<DeadlineState>,
    /// Working days left until the next deadline; negative when overdue.
    #[ts(type = "number | null")]
    pub next_due_days_left: Option<i64>,
}

#[derive(Debug, Serialize, TS)]
#[ts(export)]
pub struct CaseListPage {
    pub items: Vec<CaseRow>,
    #[ts(type = "number")]
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_list(state: State<'_, DeskState>, query: CaseQuery) -> UiResult<CaseListPage> {
    let desk = state.desk()?;
    let page = desk.list_cases(&query).await?;
    let policy = desk.policy();
    let today = desk.today();
    let items = page
        .items
        .into_iter()
        .map(|summary| {
            let assessed = summary
                .next_due_on
                .map(|due| period::assess_due(due, None, today, &policy.calendar, &policy.rules));
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

#[tauri::command(rename_all = "snake_case")]
pub async fn case_detail(state: State<'_, DeskState>, case_no: String) -> UiResult<CaseDetail> {
    Ok(state.desk()?.case_detail(&case_no).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_act(
    state: State<'_, DeskState>,
    actor: String,
    case_no: String,
    action: Action,
) -> UiResult<Case> {
    Ok(state.desk()?.act(&actor, &case_no, action).await?)
}

/// 工作台: what waits for a decision, is near due or overdue today, by deadline.
#[tauri::command(rename_all = "snake_case")]
pub async fn due_list(state: State<'_, DeskState>, limit: Option<u32>) -> UiResult<DueList> {
    let desk = state.desk()?;
    Ok(desk.due(desk.today(), limit.unwrap_or(200)).await?)
}

/// Checks a resident ID number as it is typed; returns it normalised (upper-case X).
#[tauri::command(rename_all = "snake_case")]
pub fn identity_check(id_number: String) -> UiResult<String> {
    identity::validate(&id_number).map_err(|e| UiError {
        field: Some("id_number".into()),
        ..UiError::new("invalid_input", e.to_string())
    })
}
