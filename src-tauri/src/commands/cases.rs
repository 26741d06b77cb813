use std::path::PathBuf;
use tauri::State;

use chrono::NaiveDate;
use xinfang::desk::{
    Account, Agenda, CaseDetail, CaseListExport, CaseListPage, CaseQuery, DueList,
};
use xinfang::domain::case::{Case, NewCase};
use xinfang::domain::case_split::CaseSplit;
use xinfang::domain::identity;
use xinfang::domain::petitioner_merge::PetitionerMerge;
use xinfang::domain::workflow::Action;

use crate::error::{UiError, UiResult};
use crate::state::DeskState;

#[tauri::command(rename_all = "snake_case")]
pub async fn case_register(state: State<'_, DeskState>, new_case: NewCase) -> UiResult<Case> {
    Ok(state.desk()?.register(new_case).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_list(state: State<'_, DeskState>, query: CaseQuery) -> UiResult<CaseListPage> {
    Ok(state.desk()?.list_cases(&query).await?)
}

/// 导出Excel: every case the filters match, into the exports folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn case_list_export(
    state: State<'_, DeskState>,
    query: CaseQuery,
) -> UiResult<CaseListExport> {
    Ok(state.desk()?.export_case_list(&query, None).await?)
}

/// Opens an export (in Excel or WPS), or with `reveal` selects it in the file manager; only
/// files in the exports folder.
#[tauri::command(rename_all = "snake_case")]
pub async fn case_list_export_show(
    state: State<'_, DeskState>,
    path: PathBuf,
    reveal: bool,
) -> UiResult<()> {
    let folder = state.desk()?.exports_folder().await?;
    if path.parent() != Some(folder.as_path()) {
        return Err(UiError::new(
            "invalid_input",
            "只能打开导出文件夹中的文件".to_string(),
        ));
    }
    crate::commands::documents::blocking(move || {
        if reveal {
            crate::print::reveal(&path)
        } else {
            crate::print::open(&path)
        }
    })
    .await
}

/// The case page with full ID and phone numbers; the reason is recorded first.
#[tauri::command(rename_all = "snake_case")]
pub async fn case_unmask(
    state: State<'_, DeskState>,
    case_no: String,
    reason: String,
) -> UiResult<CaseDetail> {
    Ok(state.desk()?.case_unmasked(&case_no, &reason).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_detail(state: State<'_, DeskState>, case_no: String) -> UiResult<CaseDetail> {
    Ok(state.desk()?.case_detail(&case_no).await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn case_act(
    state: State<'_, DeskState>,
    case_no: String,
    action: Action,
) -> UiResult<Case> {
    Ok(state.desk()?.act(&case_no, action).await?)
}

/// 合并信访人记录: the cases changed, first record's case first.
#[tauri::command(rename_all = "snake_case")]
pub async fn petitioners_merge(
    state: State<'_, DeskState>,
    merge: PetitionerMerge,
) -> UiResult<Vec<Case>> {
    Ok(state.desk()?.merge_petitioners(&merge).await?)
}

/// 拆分信访件: the new case (the original is read again by its page).
#[tauri::command(rename_all = "snake_case")]
pub async fn case_split(
    state: State<'_, DeskState>,
    case_no: String,
    split: CaseSplit,
) -> UiResult<Case> {
    Ok(state.desk()?.split_case(&case_no, &split).await?.1)
}

/// 工作台: what waits for a decision, is near due or overdue today, by deadline.
#[tauri::command(rename_all = "snake_case")]
pub async fn due_list(state: State<'_, DeskState>, limit: Option<u32>) -> UiResult<DueList> {
    let desk = state.desk()?;
    Ok(desk.due(desk.today(), limit.unwrap_or(200)).await?)
}

/// The accounts a case can be given to (承办人 and those above them).
#[tauri::command(rename_all = "snake_case")]
pub async fn handlers(state: State<'_, DeskState>) -> UiResult<Vec<Account>> {
    Ok(state.desk()?.handlers().await?)
}

/// 分派承办人: the case given to `handler` (an account name), or taken back with none.
#[tauri::command(rename_all = "snake_case")]
pub async fn case_assign_handler(
    state: State<'_, DeskState>,
    case_no: String,
    handler: Option<String>,
) -> UiResult<Case> {
    Ok(state
        .desk()?
        .assign_handler(&case_no, handler.as_deref())
        .await?)
}

/// 期限日程: the open duties due on each day of `[from, to]`.
#[tauri::command(rename_all = "snake_case")]
pub async fn agenda(
    state: State<'_, DeskState>,
    from: NaiveDate,
    to: NaiveDate,
    limit: Option<u32>,
) -> UiResult<Agenda> {
    let desk = state.desk()?;
    Ok(desk.agenda(from, to, limit.unwrap_or(500)).await?)
}

/// Checks a resident ID number as it is typed; returns it normalised (upper-case X).
#[tauri::command(rename_all = "snake_case")]
pub fn identity_check(id_number: String) -> UiResult<String> {
    identity::validate(&id_number).map_err(|e| UiError {
        field: Some("id_number".into()),
        ..UiError::new("invalid_input", e.to_string())
    })
}
