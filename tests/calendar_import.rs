//! The calendar imported as offices receive it, on a real office database: an .xlsx of days and
//! the State Council's notice as text are read into whole years, and the preview lists the
//! days and due dates an import would change while changing nothing.

mod common;

use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::Workbook;
use tempfile::TempDir;
use xinfang::desk::read_calendar;
use xinfang::domain::calendar::DayKind;
use xinfang::Error;

/// An .xlsx of days as an office would type it: 日期, 安排, 节日.
fn sheet_of_days(days: &[(NaiveDate, &str, &str)]) -> Vec<u8> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (col, title) in ["日期", "安排", "节日"].iter().enumerate() {
        sheet.write_string(0, col as u16, *title).unwrap();
    }
    for (i, (date, what, festival)) in days.iter().enumerate() {
        let row = i as u32 + 1;
        sheet
            .write_string(row, 0, date.format("%Y-%m-%d").to_string())
            .unwrap();
        sheet.write_string(row, 1, *what).unwrap();
        sheet.write_string(row, 2, *festival).unwrap();
    }
    book.save_to_buffer().unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_of_days_is_previewed_without_change_then_imported_with_the_same_moves() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let no = desk
        .register(common::letter("反映路灯损坏问题"))
        .await
        .unwrap()
        .case_no;
    let before = desk.case(&no).await.unwrap();
    let due = before
        .deadlines
        .iter()
        .find(|d| d.is_open() && d.due_on.year() == 2026)
        .expect("an open deadline this year")
        .clone();

    common::sign_in(&desk, "admin").await;
    let year = desk.calendar_year(2026).unwrap();
    // The year as published, and the deadline's last day declared a day off besides.
    let mut days: Vec<(NaiveDate, &str, &str)> = desk
        .policy()
        .calendar
        .entries_of_year(2026)
        .iter()
        .map(|e| match e.kind {
            DayKind::DayOff => (e.date, "放假", "节"),
            DayKind::MakeUpWorkday => (e.date, "上班", ""),
        })
        .collect();
    days.push((due.due_on, "放假", "测试节"));
    let file = read_calendar("2026年节假日.xlsx", &sheet_of_days(&days)).unwrap();

    let preview = desk.preview_calendar(&file).await.unwrap();
    assert_eq!(preview.years, vec![2026]);
    assert!(preview.removed.is_empty(), "{:?}", preview.removed);
    assert_eq!(preview.added.len(), 1, "{:?}", preview.added);
    assert_eq!(preview.added[0].date, due.due_on);
    let moved: Vec<_> = preview.changed.iter().filter(|c| c.case_no == no).collect();
    assert!(moved
        .iter()
        .any(|c| c.kind == due.kind && c.old_due_on == due.due_on && c.new_due_on > due.due_on));
    // Nothing changed: the case, and the calendar the office counts on.
    assert_eq!(desk.case(&no).await.unwrap(), before);
    assert_eq!(desk.calendar_year(2026).unwrap(), year);

    let done = desk
        .import_calendar(&file, "2026年节假日.xlsx", false)
        .await
        .unwrap();
    assert_eq!(done.changed, preview.changed);
    let after = desk.case(&no).await.unwrap();
    let now = after.deadlines.iter().find(|d| d.kind == due.kind).unwrap();
    assert_eq!(
        Some(now.due_on),
        moved
            .iter()
            .find(|c| c.kind == due.kind)
            .map(|c| c.new_due_on)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_pasted_notice_becomes_a_new_year_and_a_bad_sheet_names_its_row() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    common::sign_in(&desk, "admin").await;
    assert!(!desk.calendar_year(2027).unwrap().published);
    let notice = "国务院办公厅关于2027年部分节假日安排的通知
一、元旦：1月1日（周五）至3日（周日）放假，共3天。
二、春节：2月5日（农历除夕、周五）至11日（周四）放假调休，共7天。2月13日（周六）上班。
国务院办公厅";
    let file = read_calendar("通知.txt", notice.as_bytes()).unwrap();
    let preview = desk.preview_calendar(&file).await.unwrap();
    assert_eq!(preview.added.len(), 11);
    assert!(
        !desk.calendar_year(2027).unwrap().published,
        "a preview imports nothing"
    );
    desk.import_calendar(&file, "通知.txt", false)
        .await
        .unwrap();
    let view = desk.calendar_year(2027).unwrap();
    assert!(view.published);
    let workday = NaiveDate::from_ymd_opt(2027, 2, 13).unwrap();
    assert!(desk.policy().calendar.is_working_day(workday));
    assert!(!desk
        .policy()
        .calendar
        .is_working_day(NaiveDate::from_ymd_opt(2027, 2, 8).unwrap()));

    let d = |m, day| NaiveDate::from_ymd_opt(2028, m, day).unwrap();
    let bad = sheet_of_days(&[(d(1, 1), "放假", "元旦"), (d(1, 2), "补班", "")]);
    match read_calendar("2028.xlsx", &bad) {
        Err(Error::Sheet(e)) => {
            let text = e.to_string();
            assert!(text.contains("第3行") && text.contains("安排"), "{text}");
        }
        other => panic!("expected the sheet refused, got {other:?}"),
    }
    // A make-up workday on a weekday is a misread sheet, refused whole.
    let weekday = sheet_of_days(&[(d(1, 3), "上班", "")]);
    assert!(matches!(
        read_calendar("2028.xlsx", &weekday),
        Err(Error::Calendar(_))
    ));
}
