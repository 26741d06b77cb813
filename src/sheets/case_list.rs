//! The case list as the window shows it, for the office's own ledgers and for printing.

use std::path::Path;

use super::{write_table, SheetError};

pub const SHEET_NAME: &str = "信访件清单";

/// The list's columns, in the window's order, with their widths.
pub const COLUMNS: [(&str, f64); 10] = [
    ("信访件编号", 22.0),
    ("收件日期", 12.0),
    ("渠道", 10.0),
    ("信访人", 12.0),
    ("身份证号", 20.0),
    ("标题", 40.0),
    ("属地", 14.0),
    ("状态", 10.0),
    ("下一期限", 12.0),
    ("期限情况", 22.0),
];

/// The same columns' widths on the printed list (points of a 774 pt landscape table): numbers
/// and dates on one line, the rest to the title.
pub const PRINT_WIDTHS: [f32; COLUMNS.len()] = [
    112.0, 62.0, 50.0, 56.0, 110.0, 108.0, 64.0, 50.0, 62.0, 100.0,
];

/// Writes the rows, one cell per column of [`COLUMNS`], to `path`.
pub fn write(rows: &[[String; COLUMNS.len()]], path: &Path) -> Result<(), SheetError> {
    write_table(path, SHEET_NAME, &COLUMNS, rows)
}
