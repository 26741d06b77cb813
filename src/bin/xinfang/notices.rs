//! `xinfang notice …`: formal documents — issue, preview, list, void, reissue, verify.

use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use xinfang::desk::{DocumentChoice, DocumentKind, IssuedDocument, VerifyReport};
use xinfang::{Desk, Error};

use crate::input::{parse_input, read_json_arg};
use crate::output::{print_json, show, Report};

#[derive(Subcommand)]
pub enum NoticeCommand {
    /// 为信访件出具一份文书
    ///
    /// 输出JSON，含文号（doc_no）和PDF文件路径（path）。
    Issue {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 文书种类，如 non_acceptance_notice（不予受理告知书）、forwarding_letter（转送函），可用 notice allowed 查看
        kind: String,
        /// 要修改或补充的字段：JSON对象，键为占位符名，值为文字
        #[arg(long, default_value = "{}")]
        json: String,
    },
    /// 信访件当前可出具的文书种类及其预填字段
    Allowed {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 生成文书此时的PDF预览，不出具
    Preview {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 文书种类，如 non_acceptance_notice（不予受理告知书）、forwarding_letter（转送函），可用 notice allowed 查看
        kind: String,
        /// 要修改或补充的字段：JSON对象，键为占位符名，值为文字
        #[arg(long, default_value = "{}")]
        json: String,
        /// PDF文件的保存路径
        #[arg(long)]
        out: PathBuf,
    },
    /// 信访件的全部文书，含已作废的
    List {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 作废文书：文号保留，记录作废原因
    Void {
        /// 文号，如 榕信访不受〔2026〕3号
        doc_no: String,
        /// 作废原因
        #[arg(long)]
        reason: String,
    },
    /// 作废文书（如尚未作废）并以新文号重新出具
    Reissue {
        /// 原文书的文号，如 榕信访不受〔2026〕3号
        doc_no: String,
        /// 作废原因
        #[arg(long)]
        reason: String,
        /// 新的字段，JSON对象（默认沿用被作废文书的字段）
        #[arg(long)]
        json: Option<String>,
    },
    /// 逐份重新计算哈希，校验已存文书是否完好
    ///
    /// 退出码：0 全部完好；1 有文书被改动或缺失（逐份列出）。
    Verify {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(desk: &Desk, cmd: NoticeCommand) -> Result<(), Error> {
    match cmd {
        NoticeCommand::Issue {
            case_no,
            kind,
            json,
        } => {
            let kind = document_kind(&kind)?;
            let fields = document_fields(&json)?;
            let receipt = desk.issue_document(&case_no, kind, &fields).await?;
            eprintln!("已出具{}：{}", kind.label(), receipt.doc_no);
            print_json(&receipt)?;
        }
        NoticeCommand::Allowed { case_no, json } => {
            let choices = desk.documents_allowed(&case_no).await?;
            show(&Choices { case_no, choices }, json)?;
        }
        NoticeCommand::Preview {
            case_no,
            kind,
            json,
            out,
        } => {
            let kind = document_kind(&kind)?;
            let fields = document_fields(&json)?;
            let pdf = desk.preview_document(&case_no, kind, &fields).await?;
            std::fs::write(&out, &pdf)?;
            outln!("{}", out.display());
        }
        NoticeCommand::List { case_no, json } => {
            let docs = desk.list_documents(&case_no).await?;
            let folder = desk.documents_folder().await?;
            show(
                &Issued {
                    case_no,
                    docs,
                    folder,
                },
                json,
            )?;
        }
        NoticeCommand::Void { doc_no, reason } => {
            let doc = desk.void_document(&doc_no, &reason).await?;
            outln!("已作废：{}（文号保留）", doc.doc_no);
        }
        NoticeCommand::Reissue {
            doc_no,
            reason,
            json,
        } => {
            let fields = json.as_deref().map(document_fields).transpose()?;
            let receipt = desk
                .reissue_document(&doc_no, &reason, fields.as_ref())
                .await?;
            eprintln!("已作废{doc_no}，重新出具：{}", receipt.doc_no);
            print_json(&receipt)?;
        }
        NoticeCommand::Verify { json } => {
            let report = desk.verify_documents().await?;
            show(&report, json)?;
            if !report.problems.is_empty() {
                let names: Vec<String> = report
                    .problems
                    .iter()
                    .map(|p| format!("{}（{}）", p.doc_no, p.problem.label()))
                    .collect();
                return Err(Error::DocumentsAltered {
                    count: report.problems.len(),
                    names: names.join("、"),
                });
            }
        }
    }
    Ok(())
}

fn document_kind(kind: &str) -> Result<DocumentKind, Error> {
    DocumentKind::parse(kind.trim()).ok_or_else(|| {
        let all: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
        Error::invalid(
            "kind",
            format!("未知的文书种类“{kind}”，可选：{}", all.join("、")),
        )
    })
}

fn document_fields(raw: &str) -> Result<BTreeMap<String, String>, Error> {
    let value: serde_json::Value = parse_input(&read_json_arg(raw)?)?;
    let serde_json::Value::Object(map) = value else {
        return Err(Error::invalid("json", "文书字段应为JSON对象"));
    };
    map.into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k, s)),
            serde_json::Value::Number(n) => Ok((k, n.to_string())),
            _ => Err(Error::invalid(k, "字段值应为文字")),
        })
        .collect()
}

/// The kinds a case may be issued now; the JSON is the list.
#[derive(Serialize)]
#[serde(transparent)]
struct Choices {
    #[serde(skip)]
    case_no: String,
    choices: Vec<DocumentChoice>,
}

impl Report for Choices {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.choices.is_empty() {
            return writeln!(out, "{}：当前没有可出具的文书", self.case_no);
        }
        for c in &self.choices {
            writeln!(out, "{}  {}", c.kind.as_str(), c.label)?;
            for f in &c.fields {
                let mark = if f.required { "（须填写）" } else { "" };
                writeln!(out, "    {}（{}）：{}{mark}", f.label, f.name, f.value)?;
            }
        }
        Ok(())
    }
}

/// A case's documents; the JSON is the list.
#[derive(Serialize)]
#[serde(transparent)]
struct Issued {
    #[serde(skip)]
    case_no: String,
    docs: Vec<IssuedDocument>,
    #[serde(skip)]
    folder: PathBuf,
}

impl Report for Issued {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.docs.is_empty() {
            return writeln!(out, "{}：尚未出具文书", self.case_no);
        }
        for d in &self.docs {
            let state = match (&d.voided_at, &d.void_reason) {
                (Some(at), reason) => format!(
                    "已作废（{}，{}）",
                    at.format("%Y-%m-%d"),
                    reason.as_deref().unwrap_or("")
                ),
                (None, _) => "有效".to_string(),
            };
            writeln!(
                out,
                "{}  {}  {}  {state}  {}",
                d.doc_no,
                d.kind_label,
                d.issued_at.format("%Y-%m-%d %H:%M"),
                self.folder.join(&d.path).display()
            )?;
        }
        Ok(())
    }
}

impl Report for VerifyReport {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        for p in &self.problems {
            writeln!(out, "{}：{}  {}", p.problem.label(), p.doc_no, p.path)?;
        }
        writeln!(
            out,
            "共校验{}份文书，完好{}份，异常{}份（{}）",
            self.checked,
            self.intact,
            self.problems.len(),
            self.folder
        )
    }
}
