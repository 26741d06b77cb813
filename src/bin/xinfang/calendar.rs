//! `xinfang calendar …`: the office's working calendar (days off and make-up workdays).

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use xinfang::desk::{read_calendar, CalendarImport};
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
        /// 节假日安排：国务院办公厅通知全文（.txt）、日期表格（.xlsx：日期、安排、节日）或 JSON 文件
        file: PathBuf,
        /// 只预览：列出将增加和去掉的安排、将变化的期限，不导入
        #[arg(long)]
        preview: bool,
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
        CalendarCommand::Import {
            file,
            json,
            force,
            preview,
        } => {
            crate::input::openable("file", &file)?;
            let name = file.display().to_string();
            let read = read_calendar(&name, &std::fs::read(&file)?)?;
            if preview {
                show(&Previewed(desk.preview_calendar(&read).await?), json)?;
            } else {
                show(&desk.import_calendar(&read, &name, force).await?, json)?;
            }
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
        changes(self, out)
    }
}

/// What an import would do (`calendar import --preview`); the JSON is the import's.
#[derive(Serialize)]
#[serde(transparent)]
struct Previewed(CalendarImport);

impl Report for Previewed {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let years: Vec<String> = self.0.years.iter().map(|y| y.to_string()).collect();
        writeln!(
            out,
            "预览（未导入）：{}年节假日安排，增加{}个、去掉{}个安排，{}项期限将变化",
            years.join("、"),
            self.0.added.len(),
            self.0.removed.len(),
            self.0.changed.len()
        )?;
        for e in &self.0.added {
            writeln!(out, "  增加 {}", entry_text(e))?;
        }
        changes(&self.0, out)
    }
}

/// The days taken away and the due dates moved, under an import's first line.
fn changes(import: &CalendarImport, out: &mut dyn Write) -> io::Result<()> {
    if !import.removed.is_empty() {
        writeln!(
            out,
            "  去掉了{}个原有的放假或调休安排：",
            import.removed.len()
        )?;
        for e in &import.removed {
            writeln!(out, "    {}", entry_text(e))?;
        }
    }
    for c in &import.changed {
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

/// "2026年1月1日  休息（元旦）".
fn entry_text(e: &CalendarEntry) -> String {
    let what = match e.kind {
        DayKind::DayOff => format!("休息（{}）", e.festival),
        DayKind::MakeUpWorkday => "调休上班".to_string(),
    };
    format!("{}  {what}", cn_date(e.date))
}
