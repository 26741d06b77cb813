//! The record kinds Xinfang Desk exchanges and the data of each (docs/sync-format.md §12).
//!
//! Every line is a [`RecordEnvelope`] whose `origin_office` is the office that owns the record;
//! a package carries only records of the office that wrote it.

use serde::{Deserialize, Serialize};

use crate::domain::case::Case;

pub use super::manifest::RecordEnvelope;
pub use crate::domain::case::AssignmentLink;

/// The writing office as it describes itself (one record per package).
pub const KIND_OFFICES: &str = "offices";
/// Whole cases: the domain `Case` with its petitioners, deadlines and progress.
pub const KIND_CASES: &str = "cases";
/// Timeline events (`TimelineEvent`), append-only.
pub const KIND_EVENTS: &str = "events";
/// Referred cases registered for assignments (交办) from a higher office.
pub const KIND_ASSIGNMENTS: &str = "assignments";
/// Issued documents (`IssuedDocument`); each PDF travels as `files/documents/<path>`.
pub const KIND_DOCUMENTS: &str = "documents";
/// Attachments on cases (`Attachment`); each file travels as `files/attachments/<path>`.
pub const KIND_ATTACHMENTS: &str = "attachments";
/// The writer's audit-chain entries since its previous package (`audit::AuditEntry`, bare
/// lines rather than envelopes: they belong to no record).
pub const KIND_AUDIT: &str = "audit_chain";
/// Each record kind as the clerk knows it, in the order a package carries them.
pub const KINDS: [(&str, &str); 7] = [
    (KIND_OFFICES, "机构"),
    (KIND_AUDIT, "审计链"),
    (KIND_CASES, "信访件"),
    (KIND_EVENTS, "办理经过"),
    (KIND_ASSIGNMENTS, "交办关系"),
    (KIND_DOCUMENTS, "文书"),
    (KIND_ATTACHMENTS, "附件"),
];

/// The Chinese name of a record kind; a kind this version does not know keeps its name.
pub fn kind_label(kind: &str) -> &str {
    KINDS
        .iter()
        .find(|(k, _)| *k == kind)
        .map_or(kind, |(_, label)| label)
}

/// Folder under `files/` of the issued PDFs.
pub const DOCUMENT_FILES: &str = "documents/";

/// Name under `files/` of an issued document's PDF, from its path in the document folder.
pub fn document_file_name(path: &str) -> String {
    format!("{DOCUMENT_FILES}{path}")
}

/// Folder under `files/` of the attachments.
pub const ATTACHMENT_FILES: &str = "attachments/";

/// Name under `files/` of an attachment's file, from its path in the document folder.
pub fn attachment_file_name(path: &str) -> String {
    format!("{ATTACHMENT_FILES}{path}")
}

/// Data of an `offices` record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeRecord {
    pub code: String,
    pub name: String,
    pub doc_prefix: String,
}

/// SHA-256 of a case's JSON as this program writes it: what the sync base remembers, so that
/// "the same version with other content" can be told from a repeat.
pub fn case_hash(case: &Case) -> String {
    let bytes = serde_json::to_vec(case).unwrap_or_default();
    crate::domain::digest::sha256_hex(&bytes)
}
