//! Ledgers on a real office database, read back with poppler: the 受理登记簿 of a date range
//! holds the matters received in it and no others, in order of receipt, with their disposal, on
//! landscape A4 with the column headings on every page; the printed case list holds what the
//! filters match.

mod common;

use chrono::{Duration, NaiveDate};
use tempfile::TempDir;
use xinfang::desk::{CaseQuery, REGISTER_MAX_DAYS};
use xinfang::domain::calendar::office_day_start;
use xinfang::{Desk, Error};

fn text(path: &str, page: Option<usize>) -> String {
    let range: Vec<String> = page.map_or_else(Vec::new, |p| {
        vec!["-f".into(), p.to_string(), "-l".into(), p.to_string()]
    });
    let mut args: Vec<&str> = range.iter().map(String::as_str).collect();
    args.extend([path, "-"]);
    common::pdf::tool("pdftotext", &args)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect()
}

fn pages(path: &str) -> usize {
    let info = common::pdf::tool("pdfinfo", &[path]);
    let line = info.lines().find(|l| l.starts_with("Pages:")).unwrap();
    line.split_whitespace().last().unwrap().parse().unwrap()
}

/// A letter received at ten on `day`; its number.
async fn received_on(desk: &Desk, title: &str, day: NaiveDate) -> String {
    let mut letter = common::letter(title);
    letter.received_at = Some(office_day_start(day) + Duration::hours(10));
    desk.register(letter).await.unwrap().case_no
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_holds_the_range_in_order_of_receipt_with_each_disposal() {
    let dir = TempDir::new().unwrap();
    let clock = xinfang::Clock::fixed(common::now());
    let desk = common::office_desk_on(&dir.path().join("office.sqlite"), clock).await;
    let today = common::today();
    let before = received_on(&desk, "反映路灯损坏问题", today - Duration::days(10)).await;
    let first = received_on(&desk, "反映供暖不足问题", today - Duration::days(6)).await;
    let second = received_on(&desk, "反映物业收费问题", today - Duration::days(3)).await;
    let accept = xinfang::domain::workflow::Action::Accept {
        date: None,
        authority: None,
    };
    desk.act(&second, accept).await.unwrap();
    let from = today - Duration::days(7);
    let file = desk.received_register(from, today).await.unwrap();
    assert_eq!(file.rows, 2);
    assert!(
        file.path
            .ends_with(&format!("受理登记簿-{from}至{today}.pdf")),
        "{}",
        file.path
    );
    let all = text(&file.path, None);
    assert!(all.contains("信访事项受理登记簿"), "{all}");
    assert!(all.contains("共2件"), "{all}");
    assert!(
        !all.contains(&before),
        "a case received before the range: {all}"
    );
    let (a, b) = (all.find(&first).unwrap(), all.find(&second).unwrap());
    assert!(a < b, "in order of receipt: {all}");
    // The accepted one says so; the other still waits for a decision.
    assert!(all[b..].contains("受理"), "{all}");
    assert!(all[a..b].contains("待处理"), "{all}");
    let info = common::pdf::tool("pdfinfo", &[&file.path]);
    assert!(info.contains("841.89 x 595.276"), "landscape A4: {info}");

    // Printed again, the file is replaced, not added to.
    let again = desk.received_register(from, today).await.unwrap();
    assert_eq!(again.path, file.path);
    let folder = std::path::Path::new(&file.path).parent().unwrap();
    assert_eq!(std::fs::read_dir(folder).unwrap().count(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_long_register_repeats_its_headings_on_every_page() {
    let dir = TempDir::new().unwrap();
    let clock = xinfang::Clock::fixed(common::now());
    let desk = common::office_desk_on(&dir.path().join("office.sqlite"), clock).await;
    let today = common::today();
    let mut numbers = Vec::new();
    for i in 0..40 {
        numbers.push(received_on(&desk, &format!("反映第{i}号楼漏水问题"), today).await);
    }
    let file = desk.received_register(today, today).await.unwrap();
    assert_eq!(file.rows, 40);
    let n = pages(&file.path);
    assert!(n >= 2, "40 rows on {n} pages");
    for page in 1..=n {
        let t = text(&file.path, Some(page));
        assert!(
            t.contains("登记编号") && t.contains("办理方式"),
            "page {page}: {t}"
        );
        assert!(
            t.contains(&format!("第{page}页共{n}页")),
            "page {page}: {t}"
        );
    }
    let all = text(&file.path, None);
    for no in &numbers {
        assert_eq!(all.matches(no.as_str()).count(), 1, "{no} once");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_empty_or_wrong_range_is_said_in_words() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let today = common::today();
    let empty = desk.received_register(today, today).await.unwrap();
    assert_eq!(empty.rows, 0);
    assert!(text(&empty.path, None).contains("该期间没有收到信访事项"));
    let reversed = desk
        .received_register(today, today - Duration::days(1))
        .await;
    assert!(
        matches!(&reversed, Err(Error::Invalid { reason, .. }) if reason.contains("早于")),
        "{reversed:?}"
    );
    let long = desk
        .received_register(today - Duration::days(REGISTER_MAX_DAYS), today)
        .await;
    assert!(matches!(&long, Err(Error::Invalid { .. })), "{long:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_printed_case_list_holds_what_the_filters_match() {
    let dir = TempDir::new().unwrap();
    let clock = xinfang::Clock::fixed(common::now());
    let desk = common::office_desk_on(&dir.path().join("office.sqlite"), clock).await;
    let today = common::today();
    let old = received_on(&desk, "反映路灯损坏问题", today - Duration::days(30)).await;
    let new = received_on(&desk, "反映供暖不足问题", today).await;
    let q = CaseQuery {
        received_from: Some(today - Duration::days(1)),
        ..CaseQuery::default()
    };
    let file = desk.print_case_list(&q).await.unwrap();
    assert_eq!(file.rows, 1);
    let t = text(&file.path, None);
    assert!(t.contains("信访件清单") && t.contains("共1件"), "{t}");
    assert!(t.contains(&new) && !t.contains(&old), "{t}");
    // The list's columns, under the headings the window shows.
    for heading in [
        "信访件编号",
        "收件日期",
        "信访人",
        "标题",
        "状态",
        "下一期限",
    ] {
        assert!(t.contains(heading), "{heading}: {t}");
    }
}
