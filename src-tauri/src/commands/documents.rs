use std::collections::BTreeMap;

use tauri::State;
use xinfang::documents::issue::{DocumentChoice, IssueReceipt};
use xinfang::documents::DocumentKind;
use xinfang::store::documents::IssuedDocument;

use crate::error::UiResult;
use crate::state::DeskState;

/// The formal documents the case allows now, each with its form prefilled from the case.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_choices(
    state: State<'_, DeskState>,
    case_no: String,
) -> UiResult<Vec<DocumentChoice>> {
    Ok(state.desk()?.documents_allowed(&case_no).await?)
}

/// Issues one: number, PDF, hash and timeline event in one transaction.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_issue(
    state: State<'_, DeskState>,
    actor: String,
    case_no: String,
    kind: DocumentKind,
    fields: BTreeMap<String, String>,
) -> UiResult<IssueReceipt> {
    Ok(state
        .desk()?
        .issue_document(&actor, &case_no, kind, &fields)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn documents_list(
    state: State<'_, DeskState>,
    case_no: String,
) -> UiResult<Vec<IssuedDocument>> {
    Ok(state.desk()?.list_documents(&case_no).await?)
}
