//! 导出Excel on the case list, read back with calamine: every matching case (past one page of the
//! query), the window's columns under Chinese headers, and a refused file named.

mod common;

use tempfile::TempDir;
use xinfang::desk::CaseQuery;
use xinfang::domain::case::Status;
use xinfang::domain::period::days_left_text;
use xinfang::domain::workflow::Action;
use xinfang::sheets::{case_list, Sheet};
use xinfang::Error;

fn cell<'a>(sheet: &'a Sheet, row: usize, column: &str) -> &'a str {
    let [i] = sheet.columns(&[column]).unwrap()[..] else {
        unreachable!()
    };
    &sheet.rows()[row].1[i]
}

#[tokio::test]
async fn the_export_holds_every_case_the_filters_match_with_the_lists_columns() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    // More than one page of the query (1000 cases), so that the export reads past it.
    let batch = (0..1003)
        .map(|i| common::letter(&format!("反映拆迁补偿问题（第{i}件）")))
        .collect();
    let cases = desk.register_many(batch).await.unwrap();
    let accepted = &cases[7].case_no;
    let accept = Action::Accept {
        date: None,
        authority: None,
    };
    desk.act(accepted, accept).await.unwrap();

    let all = desk
        .export_case_list(&CaseQuery::default(), None)
        .await
        .unwrap();
    assert_eq!(all.cases, 1003);
    let folder = desk.exports_folder().await.unwrap();
    assert!(
        all.path.starts_with(&*folder.to_string_lossy()),
        "{}",
        all.path
    );
    let sheet = Sheet::read(std::path::Path::new(&all.path)).unwrap();
    assert_eq!(sheet.rows().len(), 1003);
    let titles: Vec<&str> = case_list::COLUMNS.iter().map(|(t, _)| *t).collect();
    sheet
        .columns(&titles)
        .expect("every column under its Chinese header");
    let mut numbers: Vec<&str> = (0..1003).map(|r| cell(&sheet, r, "信访件编号")).collect();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 1003, "each case once");

    // The filters of the list, and its rows as the window shows them.
    let query = CaseQuery {
        statuses: vec![Status::Accepted],
        ..CaseQuery::default()
    };
    let file = dir.path().join("办理中.xlsx");
    let some = desk.export_case_list(&query, Some(&file)).await.unwrap();
    assert_eq!(some.cases, 1);
    let sheet = Sheet::read(&file).unwrap();
    let row = &desk.list_cases(&query).await.unwrap().items[0];
    assert_eq!(cell(&sheet, 0, "信访件编号"), accepted);
    assert_eq!(cell(&sheet, 0, "状态"), "办理中");
    assert_eq!(cell(&sheet, 0, "渠道"), "来信");
    assert_eq!(cell(&sheet, 0, "信访人"), "张三");
    assert_eq!(
        cell(&sheet, 0, "身份证号"),
        row.summary.first_id_masked.as_deref().unwrap()
    );
    assert!(
        !cell(&sheet, 0, "身份证号").contains("19491231"),
        "masked as on screen"
    );
    let due = row.summary.next_due_on.unwrap().to_string();
    assert_eq!(cell(&sheet, 0, "下一期限"), due);
    let kind = row.summary.next_due_kind.unwrap().label();
    let left = days_left_text(row.next_due_days_left.unwrap());
    assert_eq!(cell(&sheet, 0, "期限情况"), format!("{kind}，{left}"));
    assert!(left.starts_with('剩'), "{left}");
}

#[tokio::test]
async fn a_file_that_cannot_be_written_is_refused_by_name() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    desk.register(common::letter("反映拆迁补偿问题"))
        .await
        .unwrap();
    let file = dir.path().join("没有这个文件夹").join("清单.xlsx");
    let err = desk
        .export_case_list(&CaseQuery::default(), Some(&file))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Sheet(_)), "{err:?}");
    assert!(err.to_string().contains("无法写入表格文件"), "{err}");
    assert!(!file.exists());
}
