//! The State Council's yearly notice on public holidays (国务院办公厅关于YYYY年部分节假日安排的
//! 通知), pasted as text, read into the calendar's days: each numbered item names a festival,
//! its days off (`1月1日（周四）至3日（周六）放假调休`) and the weekend days worked instead
//! (`1月4日（周日）上班`). Days the notice names in another year are left out, since an import
//! replaces whole years.

use std::collections::BTreeMap;

use chrono::{Datelike, Duration, NaiveDate};

use super::calendar::{CalendarEntry, CalendarError, CalendarFile, DayKind};

/// A holiday longer than this is a misread range, not a holiday.
const LONGEST_HOLIDAY: i64 = 12;

pub fn parse(text: &str) -> Result<CalendarFile, CalendarError> {
    let text = without_brackets(text);
    let year = notice_year(&text).ok_or(CalendarError::NoticeYear)?;
    let mut entries = Vec::new();
    for (festival, body) in items(&text) {
        for sentence in body.split(['。', '；', ';']) {
            let dates = dates_in(sentence, year)?;
            if sentence.contains("上班") {
                entries.extend(dates.into_iter().map(|date| CalendarEntry {
                    date,
                    kind: DayKind::MakeUpWorkday,
                    festival: String::new(),
                }));
            } else if sentence.contains("放假") {
                let days = match (dates.first(), dates.get(1)) {
                    (Some(&from), Some(&to)) if sentence.contains('至') => {
                        let to = if to < from {
                            to.with_year(to.year() + 1).unwrap_or(to)
                        } else {
                            to
                        };
                        if (to - from).num_days() >= LONGEST_HOLIDAY {
                            return Err(CalendarError::NoticeRange(sentence.trim().to_string()));
                        }
                        (0..=(to - from).num_days())
                            .map(|i| from + Duration::days(i))
                            .collect()
                    }
                    _ => dates,
                };
                entries.extend(days.into_iter().map(|date| CalendarEntry {
                    date,
                    kind: DayKind::DayOff,
                    festival: festival.clone(),
                }));
            }
        }
    }
    entries.retain(|e| e.date.year() == year);
    if entries.is_empty() {
        return Err(CalendarError::NoticeEmpty);
    }
    entries.sort_by_key(|e| e.date);
    let file = CalendarFile {
        about: format!("{year}年部分节假日安排（据国务院办公厅通知）"),
        years: BTreeMap::from([(year.to_string(), entries)]),
    };
    file.check()?;
    Ok(file)
}

/// The text without what stands in brackets: weekdays and lunar dates (`（农历腊月二十八、周日）`).
fn without_brackets(text: &str) -> String {
    let mut depth = 0usize;
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The year of `关于2026年部分节假日安排`, else the first `2026年` of the text.
fn notice_year(text: &str) -> Option<i32> {
    let at = text.find("年部分节假日").or_else(|| text.find('年'))?;
    let digits: String = text[..at]
        .chars()
        .rev()
        .take_while(char::is_ascii_digit)
        .collect();
    let year: i32 = digits.chars().rev().collect::<String>().parse().ok()?;
    (1990..=2100).contains(&year).then_some(year)
}

/// The numbered items (`一、元旦：…`), each as its festival and the text after the colon; a
/// copy that lost its line breaks (`…的通知一、元旦：`) reads the same.
fn items(text: &str) -> Vec<(String, String)> {
    const NUMERALS: &str = "一二三四五六七八九十";
    let chars: Vec<char> = text.chars().collect();
    let starts: Vec<usize> = (0..chars.len().saturating_sub(1))
        .filter(|&i| {
            NUMERALS.contains(chars[i]) && chars[i + 1] == '、' && {
                // A festival's name, then its colon: not a list such as "元旦、春节".
                let head: String = chars[i + 2..].iter().take(10).collect();
                head.split_once(['：', ':'])
                    .is_some_and(|(name, _)| !name.contains(['，', '、', '。']))
            }
        })
        .collect();
    starts
        .iter()
        .enumerate()
        .filter_map(|(n, &start)| {
            let end = starts.get(n + 1).copied().unwrap_or(chars.len());
            let item: String = chars[start + 2..end].iter().collect();
            let (festival, body) = item.split_once(['：', ':'])?;
            Some((festival.trim().to_string(), body.to_string()))
        })
        .collect()
}

/// The dates of a sentence in order: `2月15日至23日` is two, the second in the first's month.
fn dates_in(sentence: &str, year: i32) -> Result<Vec<NaiveDate>, CalendarError> {
    let mut dates = Vec::new();
    let (mut y, mut m) = (year, None::<u32>);
    let mut number = String::new();
    for c in sentence.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let n: Option<u32> = number.parse().ok();
        number.clear();
        let Some(n) = n else { continue };
        match c {
            '年' => y = n as i32,
            '月' => m = Some(n),
            '日' | '号' => {
                let date = m
                    .and_then(|m| NaiveDate::from_ymd_opt(y, m, n))
                    .ok_or_else(|| CalendarError::NoticeRange(sentence.trim().to_string()))?;
                dates.push(date);
            }
            _ => {}
        }
    }
    Ok(dates)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::calendar::Calendar;

    /// The notice for 2026 as published (国办发明电〔2025〕7号), items as the office receives them.
    const NOTICE_2026: &str = "国务院办公厅关于2026年部分节假日安排的通知
各省、自治区、直辖市人民政府，国务院各部委、各直属机构：
经国务院批准，现将2026年元旦、春节、清明节、劳动节、端午节、中秋节和国庆节放假调休日期的具体安排通知如下。
一、元旦：1月1日（周四）至3日（周六）放假调休，共3天。1月4日（周日）上班。
二、春节：2月15日（农历腊月二十八、周日）至23日（农历正月初七、周一）放假调休，共9天。2月14日（周六）、2月28日（周六）上班。
三、清明节：4月4日（周六）至6日（周一）放假，共3天。
四、劳动节：5月1日（周五）至5日（周二）放假调休，共5天。5月9日（周六）上班。
五、端午节：6月19日（周五）至21日（周日）放假，共3天。
六、中秋节：9月25日（周五）至27日（周日）放假，共3天。
七、国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。
节假日期间，各地区、各部门要妥善安排好值班和安全、保卫、疫情防控等工作。
国务院办公厅
2025年11月4日";

    #[test]
    fn the_2026_notice_reads_as_the_shipped_year() {
        let file = parse(NOTICE_2026).unwrap();
        assert_eq!(file.year_numbers(), vec![2026]);
        let shipped = Calendar::shipped().entries_of_year(2026);
        let read: Vec<&CalendarEntry> = file.entries().collect();
        assert_eq!(read.len(), shipped.len());
        for (r, s) in read.iter().zip(&shipped) {
            assert_eq!((r.date, r.kind), (s.date, s.kind), "{r:?} vs {s:?}");
            if r.kind == DayKind::DayOff {
                assert_eq!(r.festival, s.festival);
            }
        }
    }

    #[test]
    fn a_single_day_and_a_range_across_months_and_an_encouraged_rest_day() {
        let text = "国务院办公厅关于2025年部分节假日安排的通知
一、元旦：1月1日（周三）放假1天，不调休。
二、春节：1月28日（农历除夕、周二）至2月4日（农历正月初七、周二）放假调休，共8天。1月26日（周日）、2月8日（周六）上班。鼓励各单位安排职工在除夕（2月9日）休息。";
        let file = parse(text).unwrap();
        let days: Vec<(NaiveDate, DayKind)> = file.entries().map(|e| (e.date, e.kind)).collect();
        let d = |m, d| NaiveDate::from_ymd_opt(2025, m, d).unwrap();
        assert_eq!(days[0], (d(1, 1), DayKind::DayOff));
        assert_eq!(days[1], (d(1, 26), DayKind::MakeUpWorkday));
        assert_eq!(days[2], (d(1, 28), DayKind::DayOff));
        assert_eq!(days[9], (d(2, 4), DayKind::DayOff));
        assert_eq!(days[10], (d(2, 8), DayKind::MakeUpWorkday));
        assert_eq!(days.len(), 11, "the encouraged rest day is not a holiday");

        let one_line = "关于2027年部分节假日安排的通知一、元旦：1月1日至3日放假，共3天。二、春节：2月5日至11日放假调休，共7天。2月13日上班。";
        assert_eq!(parse(one_line).unwrap().entries().count(), 11);
    }

    #[test]
    fn text_that_is_not_a_notice_is_refused_with_the_reason() {
        assert_eq!(
            parse("请于本月底前报送材料。").unwrap_err(),
            CalendarError::NoticeYear
        );
        assert_eq!(
            parse("关于2027年部分节假日安排的通知\n另行通知。").unwrap_err(),
            CalendarError::NoticeEmpty
        );
        assert!(matches!(
            parse("关于2027年部分节假日安排的通知\n一、春节：2月1日至2月30日放假。").unwrap_err(),
            CalendarError::NoticeRange(_)
        ));
        // A weekday cannot be a make-up workday: a misread notice is refused, not imported.
        assert_eq!(
            parse("关于2027年部分节假日安排的通知\n一、元旦：1月1日放假。1月4日上班。")
                .unwrap_err(),
            CalendarError::MakeUpOnWeekday(NaiveDate::from_ymd_opt(2027, 1, 4).unwrap())
        );
    }
}
