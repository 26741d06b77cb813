//! The manifest of a sync package, the naming rules of the format, and the sequence chain.
//!
//! Everything here is pure: no IO, so the rules that decide whether a package is acceptable can
//! be tested without building zips. `docs/sync-format.md` is the prose form of these rules.

use std::collections::{BTreeMap, HashSet};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::audit::AuditSegment;
use super::error::SyncError;

/// The newest package format this program writes and reads. Readers refuse anything newer,
/// so every change to what a package contains bumps this number.
pub const FORMAT_VERSION: u32 = 4;

/// The first format whose packages carry the writer's audit chain ([`Manifest::audit`]).
pub const AUDIT_FORMAT_VERSION: u32 = 3;

/// Value of the manifest's `format` field. It makes a signed manifest recognisable as such, so
/// a signature made by an office key over some other JSON can never pass for a package.
pub const MANIFEST_FORMAT: &str = "xinfang-sync-package";

/// File name extension of packages.
pub const PACKAGE_EXTENSION: &str = "xfsync";

/// Zip entry holding the manifest.
pub const MANIFEST_ENTRY: &str = "manifest.json";
/// Zip entry holding the base64 Ed25519 signature over the exact bytes of `manifest.json`.
pub const SIGNATURE_ENTRY: &str = "manifest.sig";
/// Folder of the JSON-lines record entries, one per kind: `records/<kind>.jsonl`.
pub const RECORDS_PREFIX: &str = "records/";
/// Folder of the attached files (issued PDFs).
pub const FILES_PREFIX: &str = "files/";
const RECORDS_SUFFIX: &str = ".jsonl";

const MAX_ENTRY_NAME_BYTES: usize = 512;
const MAX_KIND_CHARS: usize = 64;
const MAX_OFFICE_CODE_CHARS: usize = 32;
const MAX_OFFICE_NAME_CHARS: usize = 100;

/// The signed description of a package: who wrote it, what it covers, and a checksum for every
/// other entry. Field order here is the order in the JSON the writer produces.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// Always [`MANIFEST_FORMAT`].
    pub format: String,
    pub format_version: u32,
    /// Code of the office that wrote the package; selects the trusted key that must have signed it.
    pub office_code: String,
    pub office_name: String,
    /// 1, 2, 3 … per office, without gaps.
    pub seq: u64,
    /// Change-log cursor range covered: exclusive. Cursors are SQLite rowids, hence `i64`.
    pub from_cursor: i64,
    /// Change-log cursor range covered: inclusive.
    pub to_cursor: i64,
    /// True when the package carries the office's whole state rather than the changes since the
    /// previous package.
    pub full: bool,
    pub created_at: DateTime<Utc>,
    /// SHA-256 (lowercase hex) of the exact `manifest.json` bytes of this office's previous
    /// package; `null` exactly when `seq` is 1.
    pub prev_package_hash: Option<String>,
    /// Number of lines in each `records/<kind>.jsonl`; a kind appears here iff its entry exists.
    pub record_counts: BTreeMap<String, u64>,
    /// Every entry except `manifest.json` and `manifest.sig`, in the order written.
    pub entries: Vec<ManifestEntry>,
    /// The writer's audit chain since its previous package, whose entries are the records of
    /// kind `audit_chain`; from format 3 on, and only then.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit: Option<AuditSegment>,
    /// The writer masked its petitioners' ID and phone numbers: whoever reads the package is
    /// not entitled to them (from format 3; absent reads as false).
    #[serde(default)]
    pub masked: bool,
}

/// One listed zip entry: its full name, its decompressed size and the SHA-256 of its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestEntry {
    pub name: String,
    pub size: u64,
    /// Lowercase hex SHA-256 of the decompressed bytes.
    pub sha256: String,
}

/// The suggested shape of one record line (`docs/schemas/record-envelope.schema.json`).
///
/// The package layer accepts any JSON object per line; the export and import over the store
/// use this envelope so that records of every kind can be applied idempotently by id and
/// version, and each keeps the office it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordEnvelope<T> {
    /// Stable id of the record across offices (a UUID).
    pub id: String,
    /// Incremented by the owning office on every change; import keeps the highest.
    pub version: u64,
    /// Office that owns the record; other offices hold it read-only.
    pub origin_office: String,
    /// A tombstone: the record was deleted at its origin. `data` then holds its last state.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub deleted: bool,
    pub data: T,
}

impl Manifest {
    /// Full zip entry name of the record entry of `kind`.
    pub fn records_entry_name(kind: &str) -> String {
        format!("{RECORDS_PREFIX}{kind}{RECORDS_SUFFIX}")
    }

    /// Full zip entry name of an attached file, from its name relative to `files/`.
    pub fn file_entry_name(name: &str) -> String {
        format!("{FILES_PREFIX}{name}")
    }

    /// The listed entry called `name`, if any.
    pub fn entry(&self, name: &str) -> Option<&ManifestEntry> {
        self.entries.iter().find(|e| e.name == name)
    }

    /// Attached files, with names relative to `files/`.
    pub fn files(&self) -> impl Iterator<Item = (&str, &ManifestEntry)> {
        self.entries
            .iter()
            .filter_map(|e| e.name.strip_prefix(FILES_PREFIX).map(|n| (n, e)))
    }

    /// Checks every rule a manifest must satisfy beyond parsing. The reason is Chinese, ready
    /// for [`SyncError::InvalidManifest`].
    pub fn validate(&self) -> Result<(), String> {
        if self.format != MANIFEST_FORMAT {
            return Err(format!(
                "format 应为 “{MANIFEST_FORMAT}”，实际为 “{}”",
                self.format
            ));
        }
        if self.format_version == 0 || self.format_version > FORMAT_VERSION {
            return Err(format!("不支持的 format_version {}", self.format_version));
        }
        check_office(&self.office_code, &self.office_name)?;
        match (&self.audit, self.format_version >= AUDIT_FORMAT_VERSION) {
            (Some(audit), true) => audit.validate()?,
            (None, false) => {}
            (None, true) => return Err("缺少审计链信息 audit".into()),
            (Some(_), false) => {
                return Err(format!(
                    "format_version {} 不应有 audit",
                    self.format_version
                ))
            }
        }
        if self.masked && self.format_version < AUDIT_FORMAT_VERSION {
            return Err(format!(
                "format_version {} 不应有 masked",
                self.format_version
            ));
        }
        check_chain_fields(
            self.seq,
            self.from_cursor,
            self.to_cursor,
            self.prev_package_hash.as_deref(),
        )?;

        let mut names = HashSet::new();
        for entry in &self.entries {
            check_entry_name(&entry.name).map_err(|r| format!("条目名 “{}” {r}", entry.name))?;
            if entry.name == MANIFEST_ENTRY || entry.name == SIGNATURE_ENTRY {
                return Err(format!("条目列表不应包含 {}", entry.name));
            }
            if !entry.name.starts_with(RECORDS_PREFIX) && !entry.name.starts_with(FILES_PREFIX) {
                return Err(format!(
                    "条目 “{}” 不在 records/ 或 files/ 之下",
                    entry.name
                ));
            }
            if !is_sha256_hex(&entry.sha256) {
                return Err(format!("条目 “{}” 的 sha256 格式不对", entry.name));
            }
            if !names.insert(entry.name.as_str()) {
                return Err(format!("条目 “{}” 重复列出", entry.name));
            }
        }

        for kind in self.record_counts.keys() {
            check_kind(kind)?;
            if !names.contains(Self::records_entry_name(kind).as_str()) {
                return Err(format!(
                    "记录种类 {kind} 缺少条目 {}",
                    Self::records_entry_name(kind)
                ));
            }
        }
        for name in names.iter().filter(|n| n.starts_with(RECORDS_PREFIX)) {
            let kind = name
                .strip_prefix(RECORDS_PREFIX)
                .and_then(|k| k.strip_suffix(RECORDS_SUFFIX))
                .ok_or_else(|| format!("记录条目 “{name}” 应命名为 records/<种类>.jsonl"))?;
            check_kind(kind)?;
            if !self.record_counts.contains_key(kind) {
                return Err(format!("记录条目 “{name}” 没有对应的 record_counts"));
            }
        }
        Ok(())
    }
}

/// Office code: letters, digits, `-` and `_` (administrative division code plus suffix).
pub(crate) fn check_office(code: &str, name: &str) -> Result<(), String> {
    let code_ok = !code.is_empty()
        && code.chars().count() <= MAX_OFFICE_CODE_CHARS
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !code_ok {
        return Err(format!(
            "机构代码 “{code}” 无效（1–{MAX_OFFICE_CODE_CHARS} 位字母、数字、- 或 _）"
        ));
    }
    let name_len = name.chars().count();
    if name.trim().is_empty()
        || name_len > MAX_OFFICE_NAME_CHARS
        || name.chars().any(char::is_control)
    {
        return Err(format!(
            "机构名称无效（不能为空、不超过 {MAX_OFFICE_NAME_CHARS} 字、不含控制字符）"
        ));
    }
    Ok(())
}

/// The sequence fields must describe a place in a chain: seq 1 starts it (no previous hash),
/// every later package names its predecessor.
pub(crate) fn check_chain_fields(
    seq: u64,
    from_cursor: i64,
    to_cursor: i64,
    prev_package_hash: Option<&str>,
) -> Result<(), String> {
    if seq == 0 {
        return Err("序号 seq 从 1 开始".into());
    }
    if from_cursor < 0 || to_cursor < from_cursor {
        return Err(format!(
            "游标范围无效：from_cursor {from_cursor}，to_cursor {to_cursor}（应 0 ≤ from ≤ to）"
        ));
    }
    match (seq, prev_package_hash) {
        (1, Some(_)) => Err("第 1 号包不应有 prev_package_hash".into()),
        (1, None) => Ok(()),
        (_, None) => Err(format!("第 {seq} 号包缺少 prev_package_hash")),
        (_, Some(h)) if !is_sha256_hex(h) => {
            Err("prev_package_hash 应为 64 位小写十六进制 SHA-256".into())
        }
        (_, Some(_)) => Ok(()),
    }
}

/// Record kinds become part of entry names, so they are kept to a portable alphabet.
pub(crate) fn check_kind(kind: &str) -> Result<(), String> {
    let mut chars = kind.chars();
    let ok = matches!(chars.next(), Some('a'..='z'))
        && kind.len() <= MAX_KIND_CHARS
        && chars.all(|c| matches!(c, 'a'..='z' | '0'..='9' | '_'));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "记录种类 “{kind}” 无效（小写字母开头，只含小写字母、数字和 _，不超过 {MAX_KIND_CHARS} 个字符）"
        ))
    }
}

/// Rejects any entry name that could point outside a folder or be read differently on
/// Windows and Unix. Names never become paths in this program, but the package is also meant
/// for other systems, and an unsafe name is a sign of a crafted file.
pub fn check_entry_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("为空");
    }
    if name.len() > MAX_ENTRY_NAME_BYTES {
        return Err("过长");
    }
    if name.starts_with('/') {
        return Err("是绝对路径");
    }
    if name.contains('\\') {
        return Err("含反斜杠");
    }
    if name.contains(':') {
        return Err("含盘符或冒号");
    }
    if name.chars().any(|c| c.is_control()) {
        return Err("含控制字符");
    }
    if name
        .chars()
        .any(|c| matches!(c, '<' | '>' | '"' | '|' | '?' | '*'))
    {
        return Err("含 Windows 不允许的字符");
    }
    for part in name.split('/') {
        match part {
            ".." => return Err("含 .. 路径段（路径穿越）"),
            "." => return Err("含 . 路径段"),
            "" => return Err("含空路径段"),
            _ => {}
        }
    }
    Ok(())
}

pub(crate) fn is_sha256_hex(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// The last package applied from an office, as the importer's history remembers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainHead {
    pub seq: u64,
    /// SHA-256 hex of that package's `manifest.json`, as given by `VerifiedPackage::manifest_hash`.
    pub manifest_hash: String,
}

/// What to do with a verified package, given the office's import history.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SequenceCheck {
    /// Apply it: it continues the chain (or is a full package that restarts it).
    Next,
    /// Skip it: this package, or a later one, was applied already.
    AlreadyApplied,
}

/// Decides whether `incoming` (whose manifest hashes to `incoming_hash`) is the next package of
/// its office, given `last`, the last package applied from that office (`None`: none yet).
///
/// A full package is accepted across a gap (or as the first package seen from an office):
/// it carries the office's whole state, so nothing is lost by the missing ones. This is how an
/// office recovers from a lost package without re-issuing it.
pub fn check_sequence(
    last: Option<&ChainHead>,
    incoming: &Manifest,
    incoming_hash: &str,
) -> Result<SequenceCheck, SyncError> {
    let office_code = || incoming.office_code.clone();
    let seq = incoming.seq;
    let Some(last) = last else {
        return if seq == 1 || incoming.full {
            Ok(SequenceCheck::Next)
        } else {
            Err(SyncError::SequenceGap {
                office_code: office_code(),
                first_missing: 1,
                last_missing: seq - 1,
            })
        };
    };
    if seq < last.seq {
        return Ok(SequenceCheck::AlreadyApplied);
    }
    if seq == last.seq {
        return if incoming_hash == last.manifest_hash {
            Ok(SequenceCheck::AlreadyApplied)
        } else {
            Err(SyncError::ForkedSequence {
                office_code: office_code(),
                seq,
            })
        };
    }
    if seq == last.seq + 1 {
        return if incoming.prev_package_hash.as_deref() == Some(last.manifest_hash.as_str()) {
            Ok(SequenceCheck::Next)
        } else {
            Err(SyncError::ChainMismatch {
                office_code: office_code(),
                seq,
                expected: last.manifest_hash.clone(),
                found: incoming.prev_package_hash.clone(),
            })
        };
    }
    if incoming.full {
        return Ok(SequenceCheck::Next);
    }
    Err(SyncError::SequenceGap {
        office_code: office_code(),
        first_missing: last.seq + 1,
        last_missing: seq - 1,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entry_names_that_escape_or_confuse_are_rejected() {
        for bad in [
            "../x",
            "records/../../etc/passwd",
            "/etc/passwd",
            "files\\a.pdf",
            "C:/Windows/x",
            "c:x",
            "files//a.pdf",
            "files/./a.pdf",
            "files/",
            "",
            "files/a\u{0}.pdf",
            "files/a?.pdf",
        ] {
            assert!(check_entry_name(bad).is_err(), "{bad:?} should be rejected");
        }
        for good in [
            "manifest.json",
            "records/cases.jsonl",
            "files/documents/2026/揭信访〔2026〕12号.pdf",
            "files/a..b.pdf",
        ] {
            assert!(
                check_entry_name(good).is_ok(),
                "{good:?} should be accepted"
            );
        }
    }

    #[test]
    fn kinds_are_a_portable_alphabet() {
        assert!(check_kind("cases").is_ok());
        assert!(check_kind("issued_documents2").is_ok());
        for bad in ["", "Cases", "1cases", "cases/x", "cases.jsonl", "案件"] {
            assert!(check_kind(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn chain_fields_tie_seq_and_previous_hash() {
        let h = "a".repeat(64);
        assert!(check_chain_fields(1, 0, 10, None).is_ok());
        assert!(check_chain_fields(1, 0, 10, Some(&h)).is_err());
        assert!(check_chain_fields(2, 10, 20, None).is_err());
        assert!(check_chain_fields(2, 10, 20, Some(&h)).is_ok());
        assert!(check_chain_fields(2, 10, 20, Some("ABC")).is_err());
        assert!(check_chain_fields(0, 0, 0, None).is_err());
        assert!(check_chain_fields(2, 20, 10, Some(&h)).is_err());
        assert!(check_chain_fields(1, -1, 10, None).is_err());
    }
}
