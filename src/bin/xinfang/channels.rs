//! `xinfang channels …`: the statutory-channel list (法定途径分类处理清单) the office routes by.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;

use xinfang::desk::ChannelImport;
use xinfang::domain::channels::{art31_route_label, purpose_label, ChannelList};
use xinfang::domain::routing::FieldAccuracy;
use xinfang::{Desk, Error};

use crate::input::openable;
use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum ChannelsCommand {
    /// 列出正在使用的清单（未导入时为随程序提供的默认清单）
    List {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 从 .xlsx 表格或 .json 文件导入清单，作为新版本启用
    Import {
        /// 清单文件（.xlsx 或 .json）
        file: PathBuf,
        /// 清单版本号（默认取表格“说明”页的清单版本，或文件名）
        #[arg(long)]
        version: Option<String>,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 把正在使用的清单导出为 .xlsx 表格或 .json 文件，便于在 Excel 中修改
    Export {
        /// 保存路径（.xlsx 或 .json）
        file: PathBuf,
    },
    /// 分类建议的实际命中率：已分类案件中首选建议、前三项建议与工作人员选择一致的比例
    Accuracy {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(desk: &Desk, cmd: ChannelsCommand) -> Result<(), Error> {
    match cmd {
        ChannelsCommand::List { json } => show(&desk.channel_list().await?, json)?,
        ChannelsCommand::Import {
            file,
            version,
            json,
        } => {
            openable("file", &file)?;
            let done = desk.import_channels_file(&file, version.as_deref()).await?;
            show(&done, json)?;
        }
        ChannelsCommand::Export { file } => {
            let list = desk.export_channels_file(&file).await?;
            outln!(
                "已导出清单（版本 {}，{}项）：{}",
                list.version,
                list.rows.len(),
                file.display()
            );
        }
        ChannelsCommand::Accuracy { json } => show(&desk.routing_accuracy().await?, json)?,
    }
    Ok(())
}

impl Report for FieldAccuracy {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "已分类案件 {} 件，其中有分类建议记录 {} 件",
            self.classified, self.proposed
        )?;
        if self.proposed > 0 {
            let pct = |n: u32| f64::from(n) * 100.0 / f64::from(self.proposed);
            writeln!(
                out,
                "首选建议命中 {} 件（{:.1}%）",
                self.top1,
                pct(self.top1)
            )?;
            writeln!(
                out,
                "前三项建议命中 {} 件（{:.1}%）",
                self.top3,
                pct(self.top3)
            )?;
        }
        Ok(())
    }
}

impl Report for ChannelList {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "法定途径分类处理清单 版本 {}，共{}项",
            self.version,
            self.rows.len()
        )?;
        for r in &self.rows {
            let litigation = if r.litigation_related {
                "【涉法涉诉】"
            } else {
                ""
            };
            writeln!(
                out,
                "{:>3}  {}｜{}  {}{litigation}  途径{}（{}）→ {}",
                r.no,
                r.category,
                r.problem,
                purpose_label(r.petition_kind),
                r.art31_route,
                art31_route_label(r.art31_route),
                r.authority
            )?;
        }
        Ok(())
    }
}

impl Report for ChannelImport {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "已导入并启用清单版本 {}，共{}项",
            self.version, self.rows
        )
    }
}
