//! Formal documents (公文): a filled-in notice or letter in, a PDF laid out per
//! GB/T 9704-2012 out.
//!
//! The work is split so that the hard part can be tested without fonts or PDFs:
//! - [`fonts`] finds and parses the typefaces once ([`FontSet`], shared across renders);
//! - [`layout`] is pure arithmetic: Chinese line breaking, the 22 × 28 grid, pagination;
//! - [`pdf`] turns a finished layout into printpdf operations.
//!
//! See `docs/documents-layout.md` for the numbers and the reasons behind them.

pub mod counter;
pub mod fonts;
pub mod issue;
pub mod layout;
pub mod ledger;
pub mod pdf;
pub mod templates;

use std::path::PathBuf;

pub use crate::domain::document::DocumentKind;
pub use fonts::{FontRoleInfo, FontSet};
pub use pdf::{render_ledger, render_pdf};

/// A formal document with every field already filled in (templates and numbering
/// live elsewhere); the page engine only arranges it.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct OfficialDocument {
    /// Red issuing-office banner (版头) for letters between organs; `None` for notices to
    /// petitioners, which carry no banner.
    pub banner: Option<String>,
    /// 发文字号, e.g. `揭信访〔2026〕12号`; centred under the banner (or above the title when
    /// there is no banner). Empty means "not numbered" and prints nothing.
    pub doc_no: String,
    /// 标题, 22 pt 小标宋, centred; a `\n` forces a break where the meaning allows one.
    pub title: String,
    /// 主送: petitioner or organ; printed followed by a full-width colon.
    pub addressee: String,
    pub body: Vec<Paragraph>,
    /// e.g. `特此告知。`, printed as one more body paragraph.
    pub closing: Option<String>,
    /// Attachment names (附件说明), without numbers or final punctuation.
    pub attachments: Vec<String>,
    /// 发文机关署名, centred over the date under the seal.
    pub office_name: String,
    /// 成文日期, printed in Arabic numerals without zero padding.
    pub date: chrono::NaiveDate,
}

/// One paragraph of the body. Headings carry their own numbering (`一、`, `（一）`) in the
/// text: the numbering belongs to the drafter, who may skip or restart it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Paragraph {
    /// 仿宋 body text, first line indented two characters.
    Text(String),
    /// Level-1 heading, 黑体, e.g. `一、基本情况`.
    Heading1(String),
    /// Level-2 heading, 楷体, e.g. `（一）调查经过`.
    Heading2(String),
}

/// The typeface roles GB/T 9704 assigns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum FontRole {
    /// 仿宋 (仿宋_GB2312): body, doc number, addressee, signature, date.
    Body,
    /// 小标宋 (方正小标宋简体): title and the red banner.
    Title,
    /// 黑体: level-1 headings.
    Heading1,
    /// 楷体: level-2 headings.
    Heading2,
    /// 宋体: page numbers.
    PageNumber,
}

impl FontRole {
    pub const ALL: [FontRole; 5] = [
        FontRole::Body,
        FontRole::Title,
        FontRole::Heading1,
        FontRole::Heading2,
        FontRole::PageNumber,
    ];

    /// The role as a clerk would name it, for messages and the settings page.
    pub fn label(self) -> &'static str {
        match self {
            FontRole::Body => "正文（仿宋）",
            FontRole::Title => "标题（小标宋）",
            FontRole::Heading1 => "一级标题（黑体）",
            FontRole::Heading2 => "二级标题（楷体）",
            FontRole::PageNumber => "页码（宋体）",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    #[error("找不到可用的中文字体：{}（已查找：{searched}）", .role.label())]
    FontNotFound { role: FontRole, searched: String },
    #[error("无法读取字体文件 {}：{source}", .path.display())]
    FontRead {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("无法解析字体文件 {}（第 {index} 个字体）", .path.display())]
    FontParse { path: PathBuf, index: usize },
    #[error("公文缺少{0}，无法生成")]
    MissingField(&'static str),
    #[error("字体中没有“{ch}”（U+{:04X}）这个字，无法排版{}：请换用含此字的字体或改写该字", u32::from(*.ch), .role.label())]
    MissingGlyph { ch: char, role: FontRole },
    #[error("生成 PDF 失败：{0}")]
    Pdf(String),
}
