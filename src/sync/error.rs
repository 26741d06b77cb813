//! Errors of the sync package layer.
//!
//! The Display text is Chinese because it reaches the clerk unchanged (CLI, UI). The variants
//! carry the facts (entry name, office, numbers) so the CLI and UI can react without parsing
//! text: [`SyncError::is_refusal`] tells "this package is refused" (CLI exit code 2) apart from
//! local failures, and [`SyncError::code`] is a stable machine-readable name.

use std::path::PathBuf;

/// Everything that can go wrong while writing, reading or verifying a sync package or a key file.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SyncError {
    /// A local file could not be opened, created, written or renamed.
    #[error("读写文件失败（{}）：{}", path.display(), crate::domain::wording::io_reason(source))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },

    /// A file to be packed is no longer what its record says it is (its SHA-256 differs):
    /// sending it would pass an altered file on as the original.
    #[error("文件 {} 已被改动（与出具时记录的校验值不一致），未导出同步包；请用 xinfang notice verify 查明", path.display())]
    SourceChanged { path: PathBuf },

    /// The zip structure itself cannot be read: truncated copy, not a zip, unsupported zip feature.
    #[error("同步包无法读取，文件可能不完整、已损坏或不是同步包：{reason}")]
    Unreadable { reason: String },

    /// An entry the format requires, or one the manifest lists, is absent.
    #[error("同步包缺少条目 {entry}")]
    MissingEntry { entry: String },

    /// An entry the manifest does not list; every byte in a package must be covered by the signature.
    #[error("同步包含有清单未列出的条目 {entry}，拒绝导入")]
    UnlistedEntry { entry: String },

    /// An entry name that could escape a folder or means different things on different systems.
    #[error("同步包条目名不安全：“{entry}”（{reason}），拒绝导入")]
    UnsafeEntryName { entry: String, reason: &'static str },

    /// manifest.json does not parse or breaks a rule of the format.
    #[error("同步包清单无效：{reason}")]
    InvalidManifest { reason: String },

    /// The package was written by a newer program.
    #[error("同步包格式版本为 {found}，本程序最高支持版本 {supported}，请先升级本程序再导入")]
    UnsupportedVersion { found: u64, supported: u32 },

    /// No trusted public key is registered for the office the package claims to come from.
    #[error(
        "未登记机构 {office_code} 的公钥，无法验证同步包；请先导入该机构提供的公钥文件并核对指纹"
    )]
    UnknownOffice { office_code: String },

    /// The signature does not verify against the trusted key of the office.
    #[error("同步包签名无效：{reason}（机构 {office_code}）")]
    BadSignature { office_code: String, reason: String },

    /// An entry's bytes differ from what the signed manifest says: checksum, size (shorter, or
    /// longer: decompression stops one byte past the declared size), broken deflate data.
    #[error("同步包条目 {entry} 已损坏或被改动：{reason}")]
    EntryCorrupt { entry: String, reason: String },

    /// An entry is larger than a configured cap (declared so, or found so while decompressing
    /// the entries read before the signature is checked): a zip bomb, or a cap set too low.
    #[error("同步包条目 {entry} 超过 {limit} 字节的上限，已停止读取（疑似压缩炸弹）")]
    EntryTooLarge { entry: String, limit: u64 },

    /// More entries than the configured cap.
    #[error("同步包条目过多：{count} 个，上限 {limit} 个")]
    TooManyEntries { count: u64, limit: u64 },

    /// The declared total size exceeds the configured cap.
    #[error("同步包解压后总大小 {total} 字节，超过上限 {limit} 字节")]
    TooLarge { total: u64, limit: u64 },

    /// A record line that is not the JSON the caller expects, or too long.
    #[error("同步包 {entry} 第 {line} 行记录无法读取：{reason}")]
    BadRecord {
        entry: String,
        line: u64,
        reason: String,
    },

    /// Packages are missing between the last applied one and this one.
    #[error(
        "缺少机构 {office_code} 的{}，请先导入缺少的同步包",
        missing_text(*first_missing, *last_missing)
    )]
    SequenceGap {
        office_code: String,
        first_missing: u64,
        last_missing: u64,
    },

    /// The package does not continue the chain of packages already applied from this office.
    #[error(
        "机构 {office_code} 的第 {seq} 号同步包与已导入的上一包不衔接（上一包摘要 {expected}，\
         此包记录的是 {}），拒绝导入",
        found.as_deref().unwrap_or("空")
    )]
    ChainMismatch {
        office_code: String,
        seq: u64,
        expected: String,
        found: Option<String>,
    },

    /// Same sequence number as one already applied, different content: the office forked its history.
    #[error("机构 {office_code} 的第 {seq} 号同步包已导入过，但内容与此包不同，拒绝导入")]
    ForkedSequence { office_code: String, seq: u64 },

    /// The caller asked for something the format does not allow (bad kind name, header, order).
    #[error("同步包写入参数无效：{reason}")]
    InvalidInput { reason: String },

    /// A private key or public key file that cannot be used.
    #[error("密钥文件无效（{}）：{reason}", path.display())]
    InvalidKeyFile { path: PathBuf, reason: String },

    /// Refusing to overwrite a file that exists (a private key, a package, an extracted file).
    #[error("文件已存在，不会覆盖：{}", path.display())]
    AlreadyExists { path: PathBuf },

    /// The office already has a different trusted key; replacing it must be a deliberate act.
    #[error(
        "机构 {office_code} 已登记另一把公钥（指纹 {existing}），新公钥指纹 {new}；\
         如确需更换，请先移除旧公钥"
    )]
    TrustConflict {
        office_code: String,
        existing: String,
        new: String,
    },
}

impl SyncError {
    /// True when the package (or key file) itself is refused, as opposed to a local failure.
    /// The CLI maps refusals to exit code 2.
    pub fn is_refusal(&self) -> bool {
        !matches!(
            self,
            SyncError::Io { .. }
                | SyncError::SourceChanged { .. }
                | SyncError::InvalidInput { .. }
                | SyncError::AlreadyExists { .. }
        )
    }

    /// Stable snake_case name of the variant, for `{code, message}` in the UI and for scripts.
    pub fn code(&self) -> &'static str {
        match self {
            SyncError::Io { .. } => "io",
            SyncError::SourceChanged { .. } => "source_changed",
            SyncError::Unreadable { .. } => "unreadable",
            SyncError::MissingEntry { .. } => "missing_entry",
            SyncError::UnlistedEntry { .. } => "unlisted_entry",
            SyncError::UnsafeEntryName { .. } => "unsafe_entry_name",
            SyncError::InvalidManifest { .. } => "invalid_manifest",
            SyncError::UnsupportedVersion { .. } => "unsupported_version",
            SyncError::UnknownOffice { .. } => "unknown_office",
            SyncError::BadSignature { .. } => "bad_signature",
            SyncError::EntryCorrupt { .. } => "entry_corrupt",
            SyncError::EntryTooLarge { .. } => "entry_too_large",
            SyncError::TooManyEntries { .. } => "too_many_entries",
            SyncError::TooLarge { .. } => "too_large",
            SyncError::BadRecord { .. } => "bad_record",
            SyncError::SequenceGap { .. } => "sequence_gap",
            SyncError::ChainMismatch { .. } => "chain_mismatch",
            SyncError::ForkedSequence { .. } => "forked_sequence",
            SyncError::InvalidInput { .. } => "invalid_input",
            SyncError::InvalidKeyFile { .. } => "invalid_key_file",
            SyncError::AlreadyExists { .. } => "already_exists",
            SyncError::TrustConflict { .. } => "trust_conflict",
        }
    }

    pub(crate) fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        SyncError::Io {
            path: path.into(),
            source,
        }
    }
}

fn missing_text(first: u64, last: u64) -> String {
    if first == last {
        format!("第 {first} 号同步包")
    } else {
        format!("第 {first}–{last} 号同步包（共 {} 个）", last - first + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_message_names_the_missing_packages() {
        let one = SyncError::SequenceGap {
            office_code: "445202".into(),
            first_missing: 4,
            last_missing: 4,
        };
        assert_eq!(
            one.to_string(),
            "缺少机构 445202 的第 4 号同步包，请先导入缺少的同步包"
        );
        let many = SyncError::SequenceGap {
            office_code: "445202".into(),
            first_missing: 4,
            last_missing: 6,
        };
        assert!(many.to_string().contains("第 4–6 号同步包（共 3 个）"));
    }

    #[test]
    fn local_failures_are_not_refusals() {
        let io = SyncError::io("/x", std::io::Error::other("disk full"));
        assert!(!io.is_refusal());
        let sig = SyncError::BadSignature {
            office_code: "445202".into(),
            reason: "签名不符".into(),
        };
        assert!(sig.is_refusal());
        assert_eq!(sig.code(), "bad_signature");
    }
}
