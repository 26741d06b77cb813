//! A calendar as a sheet of days: 日期, 安排 (放假 or 上班) and, for days off, 节日. The years
//! the sheet names are imported whole.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};

use super::{Sheet, SheetError};
use crate::domain::calendar::{CalendarEntry, CalendarFile, DayKind};

pub const COLUMNS: [&str; 3] = ["日期", "安排", "节日"];

pub fn read(sheet: &Sheet) -> Result<CalendarFile, SheetError> {
    let at = sheet.columns(&COLUMNS[..2])?;
    let festival_at = sheet.header().iter().position(|h| h == COLUMNS[2]);
    let mut years: BTreeMap<String, Vec<CalendarEntry>> = BTreeMap::new();
    for (line, cells) in sheet.rows() {
        let cell = |i: Option<usize>| {
            i.and_then(|i| cells.get(i))
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let bad = |column: &str, reason: String| SheetError::Cell {
            row: *line,
            column: column.to_string(),
            reason,
        };
        let raw = cell(Some(at[0]));
        let date = ["%Y-%m-%d", "%Y/%m/%d", "%Y年%m月%d日", "%Y.%m.%d"]
            .iter()
            .find_map(|f| NaiveDate::parse_from_str(&raw, f).ok())
            .ok_or_else(|| bad(COLUMNS[0], format!("“{raw}”不是日期，应如 2027-01-01")))?;
        let kind = match cell(Some(at[1])).as_str() {
            "放假" | "休息" | "休" => DayKind::DayOff,
            "上班" | "调休上班" | "班" => DayKind::MakeUpWorkday,
            other => return Err(bad(COLUMNS[1], format!("“{other}”应为“放假”或“上班”"))),
        };
        let festival = if kind == DayKind::DayOff {
            cell(festival_at)
        } else {
            String::new()
        };
        years
            .entry(date.year().to_string())
            .or_default()
            .push(CalendarEntry {
                date,
                kind,
                festival,
            });
    }
    if years.is_empty() {
        return Err(SheetError::Cell {
            row: 2,
            column: COLUMNS[0].to_string(),
            reason: "表格中没有任何日期".into(),
        });
    }
    for entries in years.values_mut() {
        entries.sort_by_key(|e| e.date);
    }
    Ok(CalendarFile {
        about: String::new(),
        years,
    })
}
