//! The authority directory as a sheet: one organ per row.

use std::path::Path;

use super::{write_table, Sheet, SheetError};
use crate::domain::authorities::{Directory, Level, Organ};
use crate::domain::channels::OrganKind;
use crate::domain::workflow::WorkflowError;

pub const COLUMNS: [&str; 7] = [
    "名称",
    "类别",
    "层级",
    "上级机关",
    "行政区划代码",
    "地址",
    "联系方式",
];

pub fn read(path: &Path) -> Result<Directory, SheetError> {
    let sheet = Sheet::read(path)?;
    let at = sheet.columns(&COLUMNS)?;
    let mut organs = Vec::new();
    let mut lines = Vec::new();
    for (line, cells) in sheet.rows() {
        let cell = |i: usize| {
            cells
                .get(at[i])
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let bad = |i: usize, reason: String| SheetError::Cell {
            row: *line,
            column: COLUMNS[i].to_string(),
            reason,
        };
        let kind = OrganKind::from_label(&cell(1)).ok_or_else(|| {
            let kinds: Vec<&str> = OrganKind::ALL.iter().map(|k| k.label()).collect();
            bad(1, format!("“{}”应为{}之一", cell(1), kinds.join("、")))
        })?;
        let level = Level::from_label(&cell(2)).ok_or_else(|| {
            let levels: Vec<&str> = Level::ALL.iter().map(|l| l.label()).collect();
            bad(2, format!("“{}”应为{}之一", cell(2), levels.join("、")))
        })?;
        let parent = Some(cell(3)).filter(|p| !p.is_empty());
        organs.push(Organ {
            name: cell(0),
            kind,
            level,
            parent,
            locality_code: cell(4),
            address: cell(5),
            contact: cell(6),
        });
        lines.push(*line);
    }
    let directory = Directory {
        about: String::new(),
        organs,
    };
    directory.check().map_err(|e| match e {
        WorkflowError::Invalid { field, reason } => {
            let index = field
                .strip_prefix("organs[")
                .and_then(|r| r.split_once(']'))
                .and_then(|(i, _)| i.parse::<usize>().ok());
            let column = if field.ends_with(".parent") {
                COLUMNS[3]
            } else {
                COLUMNS[0]
            };
            SheetError::Cell {
                row: index.and_then(|i| lines.get(i).copied()).unwrap_or(1),
                column: column.to_string(),
                reason: reason
                    .split_once('：')
                    .map_or(reason.as_str(), |(_, r)| r)
                    .to_string(),
            }
        }
        other => SheetError::Cell {
            row: 1,
            column: String::new(),
            reason: other.to_string(),
        },
    })?;
    Ok(directory)
}

pub fn write(directory: &Directory, path: &Path) -> Result<(), SheetError> {
    let columns: Vec<(&str, f64)> = COLUMNS
        .iter()
        .enumerate()
        .map(|(c, title)| (*title, if c == 0 || c == 3 { 44.0 } else { 16.0 }))
        .collect();
    let rows: Vec<[String; 7]> = directory
        .organs
        .iter()
        .map(|o| {
            [
                o.name.as_str(),
                o.kind.label(),
                o.level.label(),
                o.parent.as_deref().unwrap_or(""),
                o.locality_code.as_str(),
                o.address.as_str(),
                o.contact.as_str(),
            ]
            .map(str::to_string)
        })
        .collect();
    write_table(path, "有权处理机关名录", &columns, &rows)
}
