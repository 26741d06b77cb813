use std::path::PathBuf;

use tauri::State;
use uuid::Uuid;
use xinfang::desk::{Attachment, AttachmentKind};

use super::documents::blocking;
use crate::error::UiResult;
use crate::print;
use crate::state::DeskState;

/// A case's attachments, withdrawn ones included.
#[tauri::command(rename_all = "snake_case")]
pub async fn attachments_list(
    state: State<'_, DeskState>,
    case_no: String,
) -> UiResult<Vec<Attachment>> {
    Ok(state.desk()?.attachments(&case_no).await?)
}

/// 添加附件: one picked or dropped file (the window sends each file of a pick in turn).
#[tauri::command(rename_all = "snake_case")]
pub async fn attachment_add(
    state: State<'_, DeskState>,
    case_no: String,
    path: String,
    kind: AttachmentKind,
    note: Option<String>,
) -> UiResult<Attachment> {
    let source = PathBuf::from(path.trim());
    Ok(state
        .desk()?
        .attach_file(&case_no, &source, kind, note.as_deref())
        .await?)
}

/// 撤回: the file stays on record, with the reason.
#[tauri::command(rename_all = "snake_case")]
pub async fn attachment_withdraw(
    state: State<'_, DeskState>,
    id: Uuid,
    reason: String,
) -> UiResult<Attachment> {
    Ok(state.desk()?.withdraw_attachment(id, &reason).await?)
}

/// 打开 (in the program the system opens the file with), after checking its hash.
#[tauri::command(rename_all = "snake_case")]
pub async fn attachment_open(state: State<'_, DeskState>, id: Uuid) -> UiResult<()> {
    let path = state.desk()?.attachment_file(id).await?;
    blocking(move || print::open(&path)).await
}
