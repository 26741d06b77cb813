//! `xinfang audit verify`: the office's record checked against its hash chain.

use std::io::{self, Write};

use clap::Subcommand;

use xinfang::desk::ChainReport;
use xinfang::{Desk, Error};

use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum AuditCommand {
    /// 核验审计链：办理记录、文书和个人信息查看记录是否在程序之外被修改、删除或添加
    Verify {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(desk: &Desk, cmd: AuditCommand) -> Result<(), Error> {
    match cmd {
        AuditCommand::Verify { json } => {
            let report = desk.audit_verify().await?;
            show(&Checked(report.clone()), json)?;
            if let Some(first) = report.breaks.first() {
                return Err(Error::AuditChainBroken {
                    count: report.breaks.len(),
                    first: describe(first),
                });
            }
        }
    }
    Ok(())
}

fn describe(b: &xinfang::desk::ChainBreak) -> String {
    let at = if b.seq > 0 {
        format!("第{}条", b.seq)
    } else {
        "链外".to_string()
    };
    format!("{at}（{} {}）{}", b.entity.label(), b.entity_id, b.problem)
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct Checked(ChainReport);

impl Report for Checked {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let r = &self.0;
        if r.breaks.is_empty() {
            writeln!(
                out,
                "审计链完好：共{}条，末条 {}",
                r.entries,
                r.head.as_deref().unwrap_or("（空）")
            )?;
        } else {
            writeln!(
                out,
                "审计链核验未通过：{}处不符，第一处：{}",
                r.breaks.len(),
                describe(&r.breaks[0])
            )?;
            for b in r.breaks.iter().skip(1).take(20) {
                writeln!(out, "  {}", describe(b))?;
            }
        }
        if r.before_chain > 0 {
            writeln!(out, "升级前写入、不在审计链中的记录：{}条", r.before_chain)?;
        }
        Ok(())
    }
}
