//! `xinfang authorities …`: the directory of authorities decisions and letters pick from.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;

use xinfang::domain::authorities::Directory;
use xinfang::{Desk, Error};

use crate::input::openable;
use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum AuthoritiesCommand {
    /// 列出有权处理机关名录（未导入时为随程序提供的演示县名录）
    List {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 从 .xlsx 表格或 .json 文件导入名录，替换现有名录
    Import {
        /// 名录文件（.xlsx 或 .json）
        file: PathBuf,
    },
    /// 把名录导出为 .xlsx 表格或 .json 文件
    Export {
        /// 保存路径（.xlsx 或 .json）
        file: PathBuf,
    },
}

pub async fn run(desk: &Desk, cmd: AuthoritiesCommand) -> Result<(), Error> {
    match cmd {
        AuthoritiesCommand::List { json } => show(&desk.authorities().await?, json)?,
        AuthoritiesCommand::Import { file } => {
            openable("file", &file)?;
            let d = desk.import_authorities_file(&file).await?;
            outln!("已导入有权处理机关名录，共{}个机关", d.organs.len());
        }
        AuthoritiesCommand::Export { file } => {
            let d = desk.export_authorities_file(&file).await?;
            outln!(
                "已导出有权处理机关名录（{}个机关）：{}",
                d.organs.len(),
                file.display()
            );
        }
    }
    Ok(())
}

impl Report for Directory {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "有权处理机关名录，共{}个机关", self.organs.len())?;
        for o in &self.organs {
            let parent = o
                .parent
                .as_deref()
                .map(|p| format!("  上级：{p}"))
                .unwrap_or_default();
            writeln!(
                out,
                "  {}  [{}·{}]{parent}",
                o.name,
                o.level.label(),
                o.kind.label()
            )?;
        }
        Ok(())
    }
}
