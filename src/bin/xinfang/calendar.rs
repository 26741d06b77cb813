//! `xinfang calendar …`: the office's working calendar (days off and make-up workdays).

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use xinfang::desk::CalendarImport;
use xinfang::domain::calendar::{CalendarEntry, CalendarYear, DayKind};
use xinfang::domain::cn_date;
use xinfang::{Desk, Error};

use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum CalendarCommand {
    /// 查看某年的工作日历：工作日天数、放假和调休上班的日子
    Show {
        /// 年份，如 2026
        year: i32,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 导入整年的节假日安排（放假和调休上班），并重算未了结的期限
    Import {
        /// 节假日安排文件（JSON），如 2027.json
        file: PathBuf,
        /// 确认导入：文件去掉了已有年份中的放假或调休安排时须加此项
        #[arg(long)]
        force: bool,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
}

pub async fn run(desk: &Desk, cmd: CalendarCommand) -> Result<(), Error> {
    match cmd {
        CalendarCommand::Show { year, json } => {
            let shown = YearShown {
                view: desk.calendar_year(year)?,
                entries: desk.policy().calendar.entries_of_year(year),
            };
            show(&shown, json)?;
        }
        CalendarCommand::Import { file, json, force } => {
            let raw = crate::input::read_file("file", &file)?;
            let result = desk
                .import_calendar(&raw, &file.display().to_string(), force)
                .await?;
            show(&result, json)?;
        }
    }
    Ok(())
}

/// A year as `calendar show` prints it: the JSON is the year's view.
#[derive(Serialize)]
struct YearShown {
    #[serde(flatten)]
    view: CalendarYear,
    #[serde(skip)]
    entries: Vec<CalendarEntry>,
}

impl Report for YearShown {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let view = &self.view;
        let unpublished = if view.published {
            ""
        } else {
            "（未导入节假日安排，仅按周末计算）"
        };
        writeln!(
            out,
            "{}年：工作日{}天{unpublished}",
            view.year, view.working_days
        )?;
        for e in &self.entries {
            writeln!(out, "  {}", entry_text(e))?;
        }
        Ok(())
    }
}

impl Report for CalendarImport {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let years: Vec<String> = self.years.iter().map(|y| y.to_string()).collect();
        writeln!(
            out,
            "已导入{}年节假日安排，{}项期限发生变化",
            years.join("、"),
            self.changed.len()
        )?;
        if !self.removed.is_empty() {
            writeln!(
                out,
                "  去掉了{}个原有的放假或调休安排：",
                self.removed.len()
            )?;
            for e in &self.removed {
                writeln!(out, "    {}", entry_text(e))?;
            }
        }
        for c in &self.changed {
            writeln!(
                out,
                "  {} {}：{} → {}",
                c.case_no,
                c.kind.label(),
                cn_date(c.old_due_on),
                cn_date(c.new_due_on)
            )?;
        }
        Ok(())
    }
}

/// "2026年1月1日  休息（元旦）".
fn entry_text(e: &CalendarEntry) -> String {
    let what = match e.kind {
        DayKind::DayOff => format!("休息（{}）", e.festival),
        DayKind::MakeUpWorkday => "调休上班".to_string(),
    };
    format!("{}  {what}", cn_date(e.date))
}
