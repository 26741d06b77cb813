//! Attachments on a case (附件): what kinds the office files, and which files it takes.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Error;

/// What an attached file is, as the clerk files it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum AttachmentKind {
    /// 来信扫描件: the letter as it came in.
    LetterScan,
    /// 证据材料: what the petitioner hands over in support.
    Evidence,
    /// 签收回执: a receipt signed by the petitioner or an organ.
    SignedReceipt,
    /// 息诉罢访承诺书: the petitioner's signed undertaking to end the matter.
    Undertaking,
    /// 其他.
    Other,
}

impl AttachmentKind {
    pub const ALL: [AttachmentKind; 5] = [
        AttachmentKind::LetterScan,
        AttachmentKind::Evidence,
        AttachmentKind::SignedReceipt,
        AttachmentKind::Undertaking,
        AttachmentKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttachmentKind::LetterScan => "letter_scan",
            AttachmentKind::Evidence => "evidence",
            AttachmentKind::SignedReceipt => "signed_receipt",
            AttachmentKind::Undertaking => "undertaking",
            AttachmentKind::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<AttachmentKind> {
        AttachmentKind::ALL.into_iter().find(|k| k.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            AttachmentKind::LetterScan => "来信扫描件",
            AttachmentKind::Evidence => "证据材料",
            AttachmentKind::SignedReceipt => "签收回执",
            AttachmentKind::Undertaking => "息诉罢访承诺书",
            AttachmentKind::Other => "其他",
        }
    }
}

/// The largest file taken: a multi-page colour scan fits; a video of a visit does not belong
/// in a sync package carried on a USB stick.
pub const MAX_BYTES: u64 = 50 * 1024 * 1024;

/// The name an attachment keeps: the file's own name, without control characters or path
/// separators, 1–100 characters.
pub fn file_name(name: &str) -> Result<String, Error> {
    let name: String = name
        .trim()
        .chars()
        .filter(|c| !c.is_control())
        .map(|c| if matches!(c, '/' | '\\') { '_' } else { c })
        .collect();
    let name = name.trim().to_string();
    if name.is_empty() || name == "." || name == ".." {
        return Err(Error::invalid("file", "附件文件名不能为空"));
    }
    if name.chars().count() > 100 {
        return Err(Error::invalid("file", "附件文件名不能超过100个字符"));
    }
    Ok(name)
}

/// Refuses a file the office cannot keep: empty, or larger than [`MAX_BYTES`].
pub fn check_size(name: &str, size: u64) -> Result<(), Error> {
    if size == 0 {
        return Err(Error::invalid("file", format!("附件“{name}”是空文件")));
    }
    if size > MAX_BYTES {
        return Err(Error::invalid(
            "file",
            format!(
                "附件“{name}”有{:.1}MB，超过{}MB的上限，请压缩或分开扫描后再添加",
                size as f64 / 1024.0 / 1024.0,
                MAX_BYTES / 1024 / 1024
            ),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_keep_the_clerks_words_and_lose_separators() {
        assert_eq!(file_name(" 来信 扫描.pdf ").unwrap(), "来信 扫描.pdf");
        assert_eq!(file_name("a/b\\c.jpg").unwrap(), "a_b_c.jpg");
        assert!(file_name("\u{0}\n").is_err());
        assert!(file_name("..").is_err());
        assert!(file_name(&"字".repeat(101)).is_err());
    }

    #[test]
    fn sizes_outside_the_limits_are_refused_with_the_name() {
        assert!(check_size("a.pdf", 1).is_ok());
        assert!(check_size("a.pdf", MAX_BYTES).is_ok());
        let empty = check_size("a.pdf", 0).unwrap_err().to_string();
        assert!(
            empty.contains("a.pdf") && empty.contains("空文件"),
            "{empty}"
        );
        let big = check_size("b.pdf", MAX_BYTES + 1).unwrap_err().to_string();
        assert!(big.contains("b.pdf") && big.contains("50MB"), "{big}");
    }

    #[test]
    fn kinds_round_trip() {
        for k in AttachmentKind::ALL {
            assert_eq!(AttachmentKind::parse(k.as_str()), Some(k));
        }
    }
}
