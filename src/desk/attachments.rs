//! Attachments on a case (附件): a file copied into the office's document folder under
//! `attachments/<case no>/`, hashed, recorded on the case's timeline in the same transaction,
//! and withdrawn (never deleted) when attached by mistake.

use std::path::{Path, PathBuf};

use serde_json::json;
use uuid::Uuid;

use super::cases::{own_case, permitted};
use super::documents::{read_stored, record_on_case, write_atomically, Note, Stored};
use super::Desk;
use crate::domain::account::Permission;
use crate::domain::attachment::{self, AttachmentKind};
use crate::domain::digest::sha256_hex;
use crate::domain::workflow::ActionKind;
use crate::store;
use crate::store::attachments::Attachment;
use crate::store::events::{self, Change};
use crate::Error;

/// Folder under the document folder that holds the attachments.
pub const ATTACHMENT_FOLDER: &str = "attachments";

/// The file at `source`, read whole after the checks a clerk's pick can fail.
fn read_source(source: &Path) -> Result<(String, Vec<u8>), Error> {
    let shown = source.display();
    let meta = std::fs::metadata(source)
        .map_err(|_| Error::invalid("file", format!("找不到文件 {shown}")))?;
    if meta.is_dir() {
        return Err(Error::invalid(
            "file",
            format!("{shown} 是文件夹，请选择其中的文件"),
        ));
    }
    let name = attachment::file_name(
        &source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    )?;
    attachment::check_size(&name, meta.len())?;
    let bytes = std::fs::read(source)
        .map_err(|e| Error::invalid("file", format!("无法读取文件 {shown}：{e}")))?;
    // The file may have changed between the check and the read.
    attachment::check_size(&name, bytes.len() as u64)?;
    Ok((name, bytes))
}

/// The attachment `id`, or the refusal a clerk reads.
async fn held(conn: &mut sqlx::SqliteConnection, id: Uuid) -> Result<Attachment, Error> {
    store::attachments::by_id(conn, id)
        .await?
        .ok_or_else(|| Error::invalid("attachment", format!("找不到附件 {id}")))
}

/// The change-log row that makes sync carry the attachment at its version.
async fn log_change(
    conn: &mut sqlx::SqliteConnection,
    a: &Attachment,
    now: chrono::DateTime<chrono::Utc>,
) -> Result<(), Error> {
    events::log_changes(
        conn,
        &[Change {
            office_code: &a.office_code,
            entity: "attachment",
            entity_id: a.id.to_string(),
            version: a.version,
            op: if a.version == 1 { "insert" } else { "update" },
            at: store::instant_text(now),
        }],
    )
    .await
}

impl Desk {
    /// Attaches the file at `source` to the case: copied, hashed and recorded in one
    /// transaction (the copy is removed again if the transaction fails).
    pub async fn attach_file(
        &self,
        case_no: &str,
        source: &Path,
        kind: AttachmentKind,
        note: Option<&str>,
    ) -> Result<Attachment, Error> {
        let actor = &self.require(Permission::Register)?;
        let action = ActionKind::Attach;
        let source = source.to_path_buf();
        let (name, bytes) = tokio::task::spawn_blocking(move || read_source(&source))
            .await
            .map_err(|e| Error::Corrupt(format!("读取附件中断：{e}")))??;
        let note = note.map(str::trim).filter(|n| !n.is_empty());
        if note.is_some_and(|n| n.chars().count() > 200) {
            return Err(Error::invalid("note", "附件说明不能超过200个字"));
        }
        let folder = self.documents_folder().await?;
        let now = self.now();
        let mut tx = self.db.begin_write().await?;
        let case = own_case(&mut tx, case_no.trim(), action).await?;
        permitted(actor, action, &case)?;

        let id = Uuid::now_v7();
        // The id's tail keeps two files of one name apart; the name stays readable.
        let short = &id.simple().to_string()[24..];
        let relative = format!("{ATTACHMENT_FOLDER}/{}/{short}-{name}", case.case_no);
        let sha256 = sha256_hex(&bytes);
        let size = bytes.len() as i64;
        let file = {
            let path = folder.join(&relative);
            let claim = self.file_claim();
            tokio::task::spawn_blocking(move || write_atomically(&path, &bytes, &claim))
                .await
                .map_err(|e| Error::Corrupt(format!("写入附件中断：{e}")))??
        };
        let row = Attachment {
            id,
            office_code: case.office_code.clone(),
            case_id: case.id,
            case_no: case.case_no.clone(),
            kind,
            kind_label: kind.label().to_string(),
            name: name.clone(),
            path: relative.clone(),
            sha256: sha256.clone(),
            size,
            note: note.map(str::to_string),
            added_at: now,
            added_by: actor.display_name.clone(),
            withdrawn_at: None,
            withdraw_reason: None,
            withdrawn_by: None,
            version: 1,
        };
        store::attachments::insert(&mut tx, &row).await?;
        log_change(&mut tx, &row, now).await?;
        record_on_case(
            &mut tx,
            &case,
            now,
            |_| {},
            Note {
                actor,
                action,
                summary: format!("添加附件：{}（{name}）", kind.label()),
                details: json!({
                    "attachment_id": id, "kind": kind, "name": name, "path": relative,
                    "sha256": sha256, "size": size, "note": note,
                }),
            },
        )
        .await?;
        tx.commit().await?;
        file.keep();
        Ok(row)
    }

    /// A case's attachments, oldest first, withdrawn ones included (they stay on record).
    pub async fn attachments(&self, case_no: &str) -> Result<Vec<Attachment>, Error> {
        self.require(Permission::ViewCases)?;
        let mut conn = self.db.pool.acquire().await?;
        let case = store::cases::load_by_no(&mut conn, case_no.trim())
            .await?
            .ok_or_else(|| Error::CaseNotFound(case_no.trim().to_string()))?;
        store::attachments::for_case(&mut *conn, case.id).await
    }

    /// Withdraws an attachment added by mistake: the file and its hash stay; the reason, who
    /// and when are recorded on it and on the case's timeline.
    pub async fn withdraw_attachment(&self, id: Uuid, reason: &str) -> Result<Attachment, Error> {
        let actor = &self.require(Permission::Register)?;
        let action = ActionKind::WithdrawAttachment;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(Error::invalid("reason", "请填写撤回附件的原因"));
        }
        let now = self.now();
        let mut tx = self.db.begin_write().await?;
        let found = held(&mut tx, id).await?;
        let case = own_case(&mut tx, &found.case_no, action).await?;
        permitted(actor, action, &case)?;
        if found.withdrawn_at.is_some() {
            return Err(Error::invalid(
                "attachment",
                format!("附件“{}”已撤回", found.name),
            ));
        }
        store::attachments::withdraw(&mut tx, id, now, reason, &actor.display_name).await?;
        record_on_case(
            &mut tx,
            &case,
            now,
            |_| {},
            Note {
                actor,
                action,
                summary: format!("撤回附件：{}（{}）", found.kind_label, found.name),
                details: json!({ "attachment_id": id, "reason": reason }),
            },
        )
        .await?;
        let done = Attachment {
            withdrawn_at: Some(now),
            withdraw_reason: Some(reason.to_string()),
            withdrawn_by: Some(actor.display_name.clone()),
            version: found.version + 1,
            ..found
        };
        log_change(&mut tx, &done, now).await?;
        tx.commit().await?;
        Ok(done)
    }

    /// Where the attachment's file is, after checking it still holds what was attached.
    pub async fn attachment_file(&self, id: Uuid) -> Result<PathBuf, Error> {
        self.require(Permission::ViewCases)?;
        let found = held(&mut *self.db.pool.acquire().await?, id).await?;
        let path = self.documents_folder().await?.join(&found.path);
        let problem = match read_stored(&path, &found.sha256).await? {
            Stored::Intact(_) => return Ok(path),
            Stored::Changed => "已被改动，与添加时不一致".to_string(),
            Stored::Missing => format!("不见了：{}", path.display()),
        };
        Err(Error::invalid(
            "attachment",
            format!("附件“{}”的文件{problem}", found.name),
        ))
    }
}
