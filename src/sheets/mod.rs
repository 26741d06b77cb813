//! The lists offices keep in Excel (.xlsx): read with calamine, written with rust_xlsxwriter.
//! A sheet that cannot be taken as it is is refused whole, naming the row and the column.

pub mod authorities;
pub mod calendar;
pub mod case_list;
pub mod channels;

use std::io::{Cursor, Read, Seek};
use std::path::Path;

use calamine::{Data, Reader, Sheets};
use rust_xlsxwriter::{Format, Workbook};

/// Why a sheet was refused: its row (as Excel numbers it) and column, or the file itself.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("无法读取表格文件 {path}：{reason}")]
    Unreadable { path: String, reason: String },
    #[error("表格第1行应为表头，缺少“{column}”列")]
    MissingColumn { column: String },
    #[error("表格第{row}行“{column}”列：{reason}")]
    Cell {
        row: usize,
        column: String,
        reason: String,
    },
    #[error("无法写入表格文件 {path}：{reason}")]
    Unwritable { path: String, reason: String },
}

/// The rows of a workbook's first sheet below its header, as text, each with its Excel row
/// number; the header names the columns (in any order).
pub struct Sheet {
    header: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Sheet {
    pub fn read(path: &Path) -> Result<Sheet, SheetError> {
        let unreadable = |reason: String| SheetError::Unreadable {
            path: path.display().to_string(),
            reason,
        };
        let book = calamine::open_workbook_auto(path).map_err(|e| unreadable(e.to_string()))?;
        Sheet::first_of(book, unreadable)
    }

    /// A workbook handed over as bytes (a file the window picked), named `name` in messages.
    pub fn from_bytes(name: &str, bytes: &[u8]) -> Result<Sheet, SheetError> {
        let unreadable = |reason: String| SheetError::Unreadable {
            path: name.to_string(),
            reason,
        };
        let book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes))
            .map_err(|e| unreadable(e.to_string()))?;
        Sheet::first_of(book, unreadable)
    }

    fn first_of<RS: Read + Seek>(
        mut book: Sheets<RS>,
        unreadable: impl Fn(String) -> SheetError,
    ) -> Result<Sheet, SheetError> {
        let range = book
            .worksheet_range_at(0)
            .ok_or_else(|| unreadable("工作簿中没有工作表".into()))?
            .map_err(|e| unreadable(e.to_string()))?;
        let mut lines = range
            .rows()
            .map(|cells| cells.iter().map(text).collect::<Vec<_>>());
        let header = lines
            .next()
            .ok_or_else(|| unreadable("工作表是空的".into()))?
            .into_iter()
            .map(|h| h.trim().to_string())
            .collect();
        let first = range.start().map_or(0, |(r, _)| r as usize);
        let rows = lines
            .enumerate()
            .map(|(i, cells)| (first + i + 2, cells))
            .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
            .collect();
        Ok(Sheet { header, rows })
    }

    /// The index of each of `columns` in the header.
    pub fn columns(&self, columns: &[&str]) -> Result<Vec<usize>, SheetError> {
        columns
            .iter()
            .map(|c| {
                self.header
                    .iter()
                    .position(|h| h == c)
                    .ok_or_else(|| SheetError::MissingColumn {
                        column: c.to_string(),
                    })
            })
            .collect()
    }

    pub fn header(&self) -> &[String] {
        &self.header
    }

    pub fn rows(&self) -> &[(usize, Vec<String>)] {
        &self.rows
    }
}

/// Writes one sheet named `name`: a bold header row of `columns` (title, width in characters),
/// frozen while the rows below scroll, every cell text.
pub fn write_table<R: AsRef<[String]>>(
    path: &Path,
    name: &str,
    columns: &[(&str, f64)],
    rows: &[R],
) -> Result<(), SheetError> {
    let unwritable = |e: rust_xlsxwriter::XlsxError| SheetError::Unwritable {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let sheet = book.add_worksheet();
    sheet.set_name(name).map_err(unwritable)?;
    for (col, (title, width)) in columns.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, *title, &bold)
            .map_err(unwritable)?;
        sheet.set_column_width(col, *width).map_err(unwritable)?;
    }
    for (i, cells) in rows.iter().enumerate() {
        for (col, cell) in cells.as_ref().iter().enumerate() {
            sheet
                .write_string(i as u32 + 1, col as u16, cell)
                .map_err(unwritable)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(unwritable)?;
    book.save(path).map_err(unwritable)
}

/// A cell as the text a clerk sees (whole numbers without `.0`).
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::Float(f) => f.to_string(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        // A date cell reads as the day Excel shows (1900 date system; serials from 1 March 1900).
        Data::DateTime(d) => chrono::NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|epoch| epoch.checked_add_signed(chrono::Duration::days(d.as_f64() as i64)))
            .map(|day| day.format("%Y-%m-%d").to_string())
            .unwrap_or_else(|| d.as_f64().to_string()),
        other => other.to_string(),
    }
}
