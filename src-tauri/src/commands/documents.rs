use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use tauri::ipc::Response;
use tauri::State;
use xinfang::desk::{
    CaseQuery, CounterPaper, CounterPaperFile, DocumentChoice, DocumentKind, DocumentSettings,
    IssueReceipt, IssuedDocument, LedgerFile,
};

use crate::error::{UiError, UiResult};
use crate::print::{self, PrintError, PrintOutcome};
use crate::state::DeskState;

/// The formal documents the case allows now, each with its form prefilled from the case.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_choices(
    state: State<'_, DeskState>,
    case_no: String,
) -> UiResult<Vec<DocumentChoice>> {
    Ok(state.desk()?.documents_allowed(&case_no).await?)
}

/// 预览: the PDF as it would be issued, numbered `…〔2026〕草稿`; takes no number and stores
/// nothing. The bytes go to the window as an `ArrayBuffer`.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_draft(
    state: State<'_, DeskState>,
    case_no: String,
    kind: DocumentKind,
    fields: BTreeMap<String, String>,
) -> UiResult<Response> {
    let pdf = state
        .desk()?
        .draft_document(&case_no, kind, &fields)
        .await?;
    Ok(Response::new(pdf))
}

/// Issues one: number, PDF, hash and timeline event in one transaction.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_issue(
    state: State<'_, DeskState>,
    case_no: String,
    kind: DocumentKind,
    fields: BTreeMap<String, String>,
) -> UiResult<IssueReceipt> {
    Ok(state
        .desk()?
        .issue_document(&case_no, kind, &fields)
        .await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn documents_list(
    state: State<'_, DeskState>,
    case_no: String,
) -> UiResult<Vec<IssuedDocument>> {
    Ok(state.desk()?.list_documents(&case_no).await?)
}

/// An issued document's stored PDF (checked against its hash), as an `ArrayBuffer`.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_pdf(state: State<'_, DeskState>, doc_no: String) -> UiResult<Response> {
    Ok(Response::new(state.desk()?.document_pdf(&doc_no).await?))
}

/// 作废: the document keeps its number and file; the reason goes on the timeline.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_void(
    state: State<'_, DeskState>,
    doc_no: String,
    reason: String,
) -> UiResult<IssuedDocument> {
    Ok(state.desk()?.void_document(&doc_no, &reason).await?)
}

impl From<PrintError> for UiError {
    fn from(e: PrintError) -> UiError {
        UiError::new(e.code(), e.to_string())
    }
}

/// Runs a blocking print / open / reveal off the async runtime's threads.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, PrintError> + Send + 'static,
) -> UiResult<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .map_err(|e| UiError::new("internal", format!("操作中断：{e}")))?
        .map_err(UiError::from)
}

/// 打印: an issued document (never a draft) to the printer, or into the default viewer.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_print(state: State<'_, DeskState>, doc_no: String) -> UiResult<PrintOutcome> {
    let (_, path) = state.desk()?.document(&doc_no).await?;
    blocking(move || print::print(&path)).await
}

/// 打开 (in the default PDF viewer).
#[tauri::command(rename_all = "snake_case")]
pub async fn document_open(state: State<'_, DeskState>, doc_no: String) -> UiResult<()> {
    let (_, path) = state.desk()?.document(&doc_no).await?;
    blocking(move || print::open(&path)).await
}

/// 打开所在文件夹: the file selected in the file manager.
#[tauri::command(rename_all = "snake_case")]
pub async fn document_reveal(state: State<'_, DeskState>, doc_no: String) -> UiResult<()> {
    let (_, path) = state.desk()?.document(&doc_no).await?;
    blocking(move || print::reveal(&path)).await
}

/// A counter paper as printed: where it was written and how the print went.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct CounterPrint {
    pub file: CounterPaperFile,
    pub outcome: PrintOutcome,
}

/// 打印回执 / 打印登记表: lays the paper out from the case as it stands, then prints it.
#[tauri::command(rename_all = "snake_case")]
pub async fn counter_paper_print(
    state: State<'_, DeskState>,
    case_no: String,
    paper: CounterPaper,
) -> UiResult<CounterPrint> {
    let file = state.desk()?.counter_paper(&case_no, paper).await?;
    let path = PathBuf::from(&file.path);
    let outcome = blocking(move || print::print(&path)).await?;
    Ok(CounterPrint { file, outcome })
}

/// A ledger as printed: where it was written and how the print went.
#[derive(Debug, Clone, serde::Serialize, ts_rs::TS)]
#[ts(export)]
pub struct LedgerPrint {
    pub file: LedgerFile,
    pub outcome: PrintOutcome,
}

async fn print_ledger(file: LedgerFile) -> UiResult<LedgerPrint> {
    let path = PathBuf::from(&file.path);
    let outcome = blocking(move || print::print(&path)).await?;
    Ok(LedgerPrint { file, outcome })
}

/// 打印受理登记簿: the matters received from `from` to `to`.
#[tauri::command(rename_all = "snake_case")]
pub async fn received_register_print(
    state: State<'_, DeskState>,
    from: NaiveDate,
    to: NaiveDate,
) -> UiResult<LedgerPrint> {
    print_ledger(state.desk()?.received_register(from, to).await?).await
}

/// 打印 on the case list: every case the filters match.
#[tauri::command(rename_all = "snake_case")]
pub async fn case_list_print(
    state: State<'_, DeskState>,
    query: CaseQuery,
) -> UiResult<LedgerPrint> {
    print_ledger(state.desk()?.print_case_list(&query).await?).await
}

/// The office's document settings (the 接待电话 on the receipt among them).
#[tauri::command(rename_all = "snake_case")]
pub async fn document_settings(state: State<'_, DeskState>) -> UiResult<DocumentSettings> {
    Ok(state.desk()?.document_settings().await?)
}

#[tauri::command(rename_all = "snake_case")]
pub async fn document_settings_set(
    state: State<'_, DeskState>,
    settings: DocumentSettings,
) -> UiResult<DocumentSettings> {
    Ok(state.desk()?.set_document_settings(settings).await?)
}
