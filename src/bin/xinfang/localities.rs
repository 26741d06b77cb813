//! `xinfang localities …`: the townships and villages a registration picks 问题属地 from.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;

use xinfang::domain::localities::Localities;
use xinfang::{Desk, Error};

use crate::input::openable;
use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum LocalitiesCommand {
    /// 列出问题属地（未导入时为随程序提供的演示县列表）
    List {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 从 .json 文件导入问题属地列表，替换现有列表
    Import {
        /// 列表文件（.json，格式同导出）
        file: PathBuf,
    },
    /// 把问题属地列表导出为 .json 文件
    Export {
        /// 保存路径（.json）
        file: PathBuf,
    },
}

pub async fn run(desk: &Desk, cmd: LocalitiesCommand) -> Result<(), Error> {
    match cmd {
        LocalitiesCommand::List { json } => show(&desk.localities().await?, json)?,
        LocalitiesCommand::Import { file } => {
            openable("file", &file)?;
            let l = desk.import_localities_file(&file).await?;
            outln!("已导入{}的问题属地，共{}处", l.county.name, l.places.len());
        }
        LocalitiesCommand::Export { file } => {
            let l = desk.export_localities_file(&file).await?;
            outln!("已导出问题属地（{}处）：{}", l.places.len(), file.display());
        }
    }
    Ok(())
}

impl Report for Localities {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{}（{}）问题属地，共{}处",
            self.county.name,
            self.county.code,
            self.places.len()
        )?;
        for p in &self.places {
            let indent = if p.code.len() == 12 { "    " } else { "  " };
            writeln!(out, "{indent}{}  {}", p.code, p.name)?;
        }
        Ok(())
    }
}
