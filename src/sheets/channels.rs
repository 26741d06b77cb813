//! The statutory-channel list as a sheet: one row per matter, the columns offices keep, and a
//! second sheet 说明 with the list's version.

use std::path::Path;

use rust_xlsxwriter::{Format, Workbook};

use super::{Sheet, SheetError};
use crate::domain::channels::{
    purpose_from_label, purpose_label, ChannelList, ChannelRow, OrganKind,
};
use crate::domain::workflow::WorkflowError;

/// The columns, in the order written: (field of `ChannelRow`, header).
pub const COLUMNS: [(&str, &str); 12] = [
    ("no", "序号"),
    ("id", "编码"),
    ("category", "事项分类"),
    ("problem", "具体问题"),
    ("route", "处理方式及法定途径"),
    ("basis", "相关依据"),
    ("petition_kind", "信访事项类别"),
    ("art31_route", "第三十一条途径"),
    ("litigation_related", "涉法涉诉"),
    ("authority_kind", "有权处理机关类别"),
    ("authority", "有权处理机关"),
    ("terms", "匹配词"),
];

const ABOUT_SHEET: &str = "说明";
const VERSION_LABEL: &str = "清单版本";

fn header(field: &str) -> &'static str {
    COLUMNS
        .iter()
        .find(|(f, _)| *f == field)
        .map_or("", |(_, h)| h)
}

/// Reads a list from `path`; `version` names it when the workbook's 说明 sheet does not.
pub fn read(path: &Path, version: &str) -> Result<ChannelList, SheetError> {
    let sheet = Sheet::read(path)?;
    let headers: Vec<&str> = COLUMNS.iter().map(|(_, h)| *h).collect();
    let at = sheet.columns(&headers)?;
    let mut rows = Vec::new();
    for (line, cells) in sheet.rows() {
        let cell = |field: &str| {
            let i = COLUMNS.iter().position(|(f, _)| *f == field).unwrap_or(0);
            cells
                .get(at[i])
                .map(|s| s.trim().to_string())
                .unwrap_or_default()
        };
        let bad = |field: &str, reason: String| SheetError::Cell {
            row: *line,
            column: header(field).to_string(),
            reason,
        };
        let no = cell("no")
            .parse::<u32>()
            .map_err(|_| bad("no", format!("“{}”不是序号", cell("no"))))?;
        let petition_kind = purpose_from_label(&cell("petition_kind")).ok_or_else(|| {
            bad(
                "petition_kind",
                format!(
                    "“{}”应为建议意见类、检举控告类或申诉求决类",
                    cell("petition_kind")
                ),
            )
        })?;
        let art31_route = cell("art31_route")
            .parse::<u8>()
            .ok()
            .filter(|r| (1..=6).contains(r))
            .ok_or_else(|| bad("art31_route", format!("“{}”应为1至6", cell("art31_route"))))?;
        let litigation_related = match cell("litigation_related").as_str() {
            "是" => true,
            "否" | "" => false,
            other => return Err(bad("litigation_related", format!("“{other}”应为是或否"))),
        };
        let authority_kind = OrganKind::from_label(&cell("authority_kind")).ok_or_else(|| {
            let kinds: Vec<&str> = OrganKind::ALL.iter().map(|k| k.label()).collect();
            bad(
                "authority_kind",
                format!("“{}”应为{}之一", cell("authority_kind"), kinds.join("、")),
            )
        })?;
        rows.push((
            *line,
            ChannelRow {
                no,
                id: cell("id"),
                category: cell("category"),
                problem: cell("problem"),
                route: cell("route"),
                basis: cell("basis"),
                petition_kind,
                art31_route,
                litigation_related,
                authority_kind,
                authority: cell("authority"),
                terms: cell("terms")
                    .split(['、', ',', '，', ';', '；'])
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect(),
            },
        ));
    }
    let version = read_version(path).unwrap_or_else(|| version.to_string());
    let lines: Vec<usize> = rows.iter().map(|(l, _)| *l).collect();
    let list = ChannelList {
        version,
        about: String::new(),
        rows: rows.into_iter().map(|(_, r)| r).collect(),
    };
    list.check().map_err(|e| cell_error(e, &lines))?;
    Ok(list)
}

/// The list's own refusal (`rows[3].problem`) as the sheet's row and column.
fn cell_error(e: WorkflowError, lines: &[usize]) -> SheetError {
    let WorkflowError::Invalid { field, reason } = &e else {
        return SheetError::Cell {
            row: 1,
            column: String::new(),
            reason: e.to_string(),
        };
    };
    let indexed = field
        .strip_prefix("rows[")
        .and_then(|r| r.split_once("]."))
        .and_then(|(i, f)| Some((i.parse::<usize>().ok()?, f)));
    let reason = reason
        .split_once('：')
        .filter(|(head, _)| head.starts_with('第'))
        .map_or(reason.as_str(), |(_, r)| r)
        .to_string();
    match indexed {
        Some((i, f)) => SheetError::Cell {
            row: lines.get(i).copied().unwrap_or(0),
            column: header(f).to_string(),
            reason,
        },
        None => SheetError::Cell {
            row: 1,
            column: String::new(),
            reason,
        },
    }
}

fn read_version(path: &Path) -> Option<String> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).ok()?;
    let range = book.worksheet_range(ABOUT_SHEET).ok()?;
    range.rows().find_map(|cells| {
        let label = cells.first()?.to_string();
        (label.trim() == VERSION_LABEL)
            .then(|| cells.get(1).map(|v| v.to_string().trim().to_string()))
            .flatten()
            .filter(|v| !v.is_empty())
    })
}

/// Writes `list` to `path` as offices keep it.
pub fn write(list: &ChannelList, path: &Path) -> Result<(), SheetError> {
    let unwritable = |e: rust_xlsxwriter::XlsxError| SheetError::Unwritable {
        path: path.display().to_string(),
        reason: e.to_string(),
    };
    let mut book = Workbook::new();
    let bold = Format::new().set_bold().set_text_wrap();
    let wrap = Format::new().set_text_wrap();
    let sheet = book.add_worksheet();
    sheet.set_name("法定途径分类处理清单").map_err(unwritable)?;
    for (col, (_, title)) in COLUMNS.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, *title, &bold)
            .map_err(unwritable)?;
        let width = match col {
            4 | 5 => 48.0,
            3 | 10 | 11 => 28.0,
            _ => 12.0,
        };
        sheet.set_column_width(col, width).map_err(unwritable)?;
    }
    for (i, r) in list.rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_number(row, 0, r.no).map_err(unwritable)?;
        let texts = [
            r.id.clone(),
            r.category.clone(),
            r.problem.clone(),
            r.route.clone(),
            r.basis.clone(),
            purpose_label(r.petition_kind).to_string(),
        ];
        for (j, t) in texts.iter().enumerate() {
            sheet
                .write_string_with_format(row, j as u16 + 1, t, &wrap)
                .map_err(unwritable)?;
        }
        sheet
            .write_number(row, 7, r.art31_route)
            .map_err(unwritable)?;
        let yes_no = if r.litigation_related { "是" } else { "否" };
        sheet.write_string(row, 8, yes_no).map_err(unwritable)?;
        sheet
            .write_string(row, 9, r.authority_kind.label())
            .map_err(unwritable)?;
        sheet
            .write_string_with_format(row, 10, &r.authority, &wrap)
            .map_err(unwritable)?;
        sheet
            .write_string_with_format(row, 11, r.terms.join("、"), &wrap)
            .map_err(unwritable)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(unwritable)?;
    let about = book.add_worksheet();
    about.set_name(ABOUT_SHEET).map_err(unwritable)?;
    about
        .write_string(0, 0, VERSION_LABEL)
        .map_err(unwritable)?;
    about
        .write_string(0, 1, &list.version)
        .map_err(unwritable)?;
    about.write_string(1, 0, "说明").map_err(unwritable)?;
    about
        .write_string(1, 1, "每行一类事项；信访事项类别填建议意见类、检举控告类或申诉求决类；第三十一条途径填1至6（6为信访程序）；涉法涉诉填是或否；匹配词以顿号分隔。修改后可在“设置 › 法定途径清单”或用 xinfang channels import 导入。")
        .map_err(unwritable)?;
    about.set_column_width(1, 80.0).map_err(unwritable)?;
    book.save(path).map_err(unwritable)
}
