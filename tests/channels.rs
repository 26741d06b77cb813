//! The statutory-channel list through the binary: the shipped list in use, exported to .xlsx
//! and imported back as a new version, bad sheets refused by row and column with nothing
//! changed, and a case's routing proposal.

mod common;

use common::cli::{xinfang, xinfang_as};
use rust_xlsxwriter::Workbook;
use serde_json::Value;
use tempfile::TempDir;
use xinfang::sheets::channels::COLUMNS;

fn office(dir: &TempDir) -> std::path::PathBuf {
    let db = dir.path().join("office.sqlite");
    common::cli::init(&db);
    db
}

#[test]
fn the_list_goes_to_excel_and_back_as_a_new_version() {
    let dir = TempDir::new().unwrap();
    let db = office(&dir);
    let shipped = xinfang(&db, &["channels", "list", "--json"]).ok().json();
    assert_eq!(shipped["version"], "2026-12");
    let rows = shipped["rows"].as_array().unwrap().len();
    assert!(rows >= 60, "{rows}");
    let text = xinfang(&db, &["channels", "list"]).ok().stdout;
    assert!(
        text.contains("【涉法涉诉】") && text.contains("途径6"),
        "{text}"
    );

    let sheet = dir.path().join("清单.xlsx");
    let out = xinfang(&db, &["channels", "export", sheet.to_str().unwrap()]).ok();
    assert!(out.stdout.contains("已导出清单"), "{}", out.stdout);
    // The same list back under a new version, unchanged row for row.
    let done = xinfang_as(
        "admin",
        &db,
        &[
            "channels",
            "import",
            sheet.to_str().unwrap(),
            "--version",
            "2027-01",
            "--json",
        ],
    )
    .ok()
    .json();
    assert_eq!(done["version"], "2027-01");
    assert_eq!(done["rows"], rows);
    let now = xinfang(&db, &["channels", "list", "--json"]).ok().json();
    assert_eq!(now["version"], "2027-01");
    assert_eq!(now["rows"], shipped["rows"]);
    // Without --version the sheet's 说明 page names it; the same version again is a no-op.
    xinfang_as(
        "admin",
        &db,
        &["channels", "import", sheet.to_str().unwrap()],
    )
    .ok();
    let again = xinfang(&db, &["channels", "list", "--json"]).ok().json();
    assert_eq!(again["version"], "2026-12");
}

/// A sheet with the list's header and `rows` below it.
fn sheet_with(path: &std::path::Path, rows: &[[&str; 12]]) {
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, (_, title)) in COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *title).unwrap();
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    book.save(path).unwrap();
}

const OTHER: [&str; 12] = [
    "1",
    "other",
    "其他",
    "其他事项",
    "按信访程序办理",
    "《信访工作条例》",
    "申诉求决类",
    "6",
    "否",
    "政府工作部门",
    "有关部门",
    "其他",
];

#[test]
fn a_bad_sheet_is_refused_by_row_and_column_and_nothing_changes() {
    let dir = TempDir::new().unwrap();
    let db = office(&dir);
    let before = xinfang(&db, &["channels", "list", "--json"]).ok().json();
    let mut court = OTHER;
    court[0] = "2";
    court[1] = "court-judgment";
    court[6] = "申诉求决类";
    court[7] = "1";
    court[8] = "是";
    court[9] = "政府工作部门";
    let mut bad_kind = OTHER;
    bad_kind[0] = "2";
    bad_kind[1] = "x";
    bad_kind[6] = "投诉类";
    let mut bad_route = OTHER;
    bad_route[0] = "2";
    bad_route[1] = "y";
    bad_route[7] = "9";
    let cases: Vec<(&str, Vec<[&str; 12]>, &str)> = vec![
        (
            "court.xlsx",
            vec![OTHER, court],
            "第3行“有权处理机关类别”列",
        ),
        ("kind.xlsx", vec![OTHER, bad_kind], "第3行“信访事项类别”列"),
        (
            "route.xlsx",
            vec![OTHER, bad_route],
            "第3行“第三十一条途径”列",
        ),
        ("dup.xlsx", vec![OTHER, OTHER], "第3行“序号”列"),
    ];
    for (name, rows, said) in cases {
        let path = dir.path().join(name);
        sheet_with(&path, &rows);
        let err = xinfang_as(
            "admin",
            &db,
            &["channels", "import", path.to_str().unwrap()],
        )
        .bad_input();
        assert!(err.contains(said), "{name}: {err}");
    }
    let no_header = dir.path().join("header.xlsx");
    let mut book = Workbook::new();
    book.add_worksheet().write_string(0, 0, "序号").unwrap();
    book.save(&no_header).unwrap();
    let err = xinfang_as(
        "admin",
        &db,
        &["channels", "import", no_header.to_str().unwrap()],
    )
    .bad_input();
    assert!(err.contains("缺少“编码”列"), "{err}");
    let not_a_sheet = dir.path().join("fake.xlsx");
    std::fs::write(&not_a_sheet, "not a workbook").unwrap();
    let err = xinfang_as(
        "admin",
        &db,
        &["channels", "import", not_a_sheet.to_str().unwrap()],
    )
    .bad_input();
    assert!(err.contains("无法读取表格文件"), "{err}");
    assert_eq!(
        xinfang(&db, &["channels", "list", "--json"]).ok().json(),
        before
    );
}

#[test]
fn a_case_is_proposed_its_rows_with_why() {
    let dir = TempDir::new().unwrap();
    let db = office(&dir);
    let mut letter = serde_json::to_value(common::letter("反映工地拖欠农民工工资问题")).unwrap();
    letter["content"] =
        Value::from("包工头拖欠我们十几个工人三个月工钱，工地老板说没钱，过年回不了家。");
    let case = xinfang(&db, &["case", "register", "--json", &letter.to_string()])
        .ok()
        .json();
    let no = case["case_no"].as_str().unwrap();
    let proposed = xinfang(&db, &["case", "propose", no, "--json"]).ok().json();
    let ids: Vec<&str> = proposed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["row_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 3, "{proposed}");
    assert!(ids.contains(&"construction-wage-arrears"), "{ids:?}");
    let text = xinfang(&db, &["case", "propose", no]).ok().stdout;
    assert!(text.starts_with("1. "), "{text}");
}

#[test]
fn the_authority_directory_goes_to_excel_and_back_and_a_bad_parent_is_named() {
    let dir = TempDir::new().unwrap();
    let db = office(&dir);
    let shipped = xinfang(&db, &["authorities", "list", "--json"]).ok().json();
    let organs = shipped["organs"].as_array().unwrap();
    assert!(organs.len() >= 50, "{}", organs.len());
    let text = xinfang(&db, &["authorities", "list"]).ok().stdout;
    assert!(
        text.contains("揭阳市榕城区人民法院  [县级·人民法院]"),
        "{text}"
    );

    let sheet = dir.path().join("名录.xlsx");
    xinfang(&db, &["authorities", "export", sheet.to_str().unwrap()]).ok();
    xinfang_as(
        "admin",
        &db,
        &["authorities", "import", sheet.to_str().unwrap()],
    )
    .ok();
    let back = xinfang(&db, &["authorities", "list", "--json"]).ok().json();
    assert_eq!(back["organs"], shipped["organs"]);

    let bad = dir.path().join("bad.xlsx");
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    for (c, title) in xinfang::sheets::authorities::COLUMNS.iter().enumerate() {
        ws.write_string(0, c as u16, *title).unwrap();
    }
    for (r, row) in [
        [
            "揭阳市榕城区人民政府",
            "政府工作部门",
            "县级",
            "",
            "445202",
            "",
            "",
        ],
        [
            "揭阳市榕城区教育局",
            "政府工作部门",
            "县级",
            "榕城区政府",
            "445202",
            "",
            "",
        ],
    ]
    .iter()
    .enumerate()
    {
        for (c, v) in row.iter().enumerate() {
            ws.write_string(r as u32 + 1, c as u16, *v).unwrap();
        }
    }
    book.save(&bad).unwrap();
    let err = xinfang_as(
        "admin",
        &db,
        &["authorities", "import", bad.to_str().unwrap()],
    )
    .bad_input();
    assert!(err.contains("第3行“上级机关”列"), "{err}");
    assert!(err.contains("榕城区政府"), "{err}");
    assert_eq!(
        xinfang(&db, &["authorities", "list", "--json"]).ok().json(),
        back
    );
}
