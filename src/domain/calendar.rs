//! The working-day calendar: public holidays and make-up workdays (调休) on top of
//! the ordinary Monday–Friday week, in the office's local time (Asia/Shanghai).

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The calendar published by the State Council, 2018–2026, as shipped with the app.
const SHIPPED: &str = include_str!("../../data/cn-public-holidays.json");

/// China has kept UTC+8 all year since 1991, so a fixed offset is exact and needs no tz database.
const OFFICE_UTC_OFFSET_SECS: i32 = 8 * 3600;

/// The office's local calendar date of an instant, whatever the machine's time zone.
pub fn office_date(at: DateTime<Utc>) -> NaiveDate {
    let offset = FixedOffset::east_opt(OFFICE_UTC_OFFSET_SECS).expect("UTC+8 is a valid offset");
    at.with_timezone(&offset).date_naive()
}

/// The office's local wall-clock time of an instant (backup names, rotation by day).
pub fn office_time(at: DateTime<Utc>) -> chrono::NaiveDateTime {
    let offset = FixedOffset::east_opt(OFFICE_UTC_OFFSET_SECS).expect("UTC+8 is a valid offset");
    at.with_timezone(&offset).naive_local()
}

/// `2026年11月28日`: how documents, explanations and messages write a date (Arabic numerals,
/// no zero padding).
pub fn cn_date(d: NaiveDate) -> String {
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// The first instant of an office date: `office_date(t) == d` exactly when
/// `office_day_start(d) <= t < office_day_start(d + 1 day)`.
pub fn office_day_start(d: NaiveDate) -> DateTime<Utc> {
    let midnight = d.and_hms_opt(0, 0, 0).expect("midnight exists");
    DateTime::from_naive_utc_and_offset(midnight, Utc)
        - Duration::seconds(OFFICE_UTC_OFFSET_SECS.into())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum DayKind {
    /// A public holiday, or a weekend day inside a holiday.
    DayOff,
    /// A weekend day worked instead of a holiday day (调休上班).
    MakeUpWorkday,
}

/// One published exception to the ordinary week.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarEntry {
    pub date: NaiveDate,
    pub kind: DayKind,
    #[serde(default)]
    pub festival: String,
}

/// Why a day is or is not a working day; the explanation of a due date names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum DayReason {
    Weekday,
    Weekend,
    Holiday { festival: String },
    MakeUpWorkday,
}

impl DayReason {
    pub fn is_working(&self) -> bool {
        matches!(self, DayReason::Weekday | DayReason::MakeUpWorkday)
    }

    pub fn label(&self) -> String {
        match self {
            DayReason::Weekday => "工作日".into(),
            DayReason::Weekend => "周末".into(),
            DayReason::Holiday { festival } if festival.is_empty() => "法定节假日".into(),
            DayReason::Holiday { festival } => format!("{festival}假期"),
            DayReason::MakeUpWorkday => "调休上班".into(),
        }
    }
}

/// The file format of `data/cn-public-holidays.json` and of an office's calendar import.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CalendarFile {
    #[serde(default)]
    pub about: String,
    pub years: BTreeMap<String, Vec<CalendarEntry>>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("日历文件格式错误：{0}")]
    Format(String),
    #[error("日历文件中年份“{0}”不是1990至2100年间的有效年份")]
    Year(String),
    #[error("日历文件中{date}列在{year}年下，年份不符")]
    WrongYear { year: i32, date: NaiveDate },
    #[error("{0}在日历文件中出现了两次")]
    Duplicate(NaiveDate),
    #[error("{0}是工作日（周一至周五），不能标为调休上班日")]
    MakeUpOnWeekday(NaiveDate),
    #[error("通知中找不到年份，应为“国务院办公厅关于2027年部分节假日安排的通知”这样的全文")]
    NoticeYear,
    #[error("通知中没有找到放假或上班的日期，请粘贴含“一、元旦：……放假”各项的全文")]
    NoticeEmpty,
    #[error("无法识别通知中的日期：“{0}”")]
    NoticeRange(String),
}

impl CalendarFile {
    pub fn parse(json: &str) -> Result<CalendarFile, CalendarError> {
        let file: CalendarFile = super::input::parse(json).map_err(|e| match e {
            super::workflow::WorkflowError::Invalid { field, reason } => {
                CalendarError::Format(format!("{field}：{reason}"))
            }
            other => CalendarError::Format(other.to_string()),
        })?;
        file.check()?;
        Ok(file)
    }

    pub(crate) fn check(&self) -> Result<(), CalendarError> {
        let mut seen = std::collections::BTreeSet::new();
        for (year, entries) in &self.years {
            let y: i32 = year
                .parse()
                .ok()
                .filter(|y| (1990..=2100).contains(y))
                .ok_or_else(|| CalendarError::Year(year.clone()))?;
            for e in entries {
                if e.date.year() != y {
                    return Err(CalendarError::WrongYear {
                        year: y,
                        date: e.date,
                    });
                }
                if !seen.insert(e.date) {
                    return Err(CalendarError::Duplicate(e.date));
                }
                if e.kind == DayKind::MakeUpWorkday && !is_weekend(e.date) {
                    return Err(CalendarError::MakeUpOnWeekday(e.date));
                }
            }
        }
        Ok(())
    }

    pub fn entries(&self) -> impl Iterator<Item = &CalendarEntry> {
        self.years.values().flatten()
    }

    pub fn year_numbers(&self) -> Vec<i32> {
        self.years.keys().filter_map(|y| y.parse().ok()).collect()
    }
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// Working days: the ordinary week corrected by the published exceptions of the years covered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    exceptions: BTreeMap<NaiveDate, CalendarEntry>,
    years: std::collections::BTreeSet<i32>,
}

impl Calendar {
    /// The calendar shipped with the app (2018–2026).
    pub fn shipped() -> Calendar {
        let file = CalendarFile::parse(SHIPPED).expect("the shipped calendar is valid");
        let mut cal = Calendar::default();
        cal.replace_years(&file);
        cal
    }

    /// The days off and make-up workdays of the file's years known now that importing `file`
    /// would take away (a day changing its festival's name is not taken away).
    pub fn removed_by(&self, file: &CalendarFile) -> Vec<CalendarEntry> {
        let kept: std::collections::HashSet<(NaiveDate, DayKind)> =
            file.entries().map(|e| (e.date, e.kind)).collect();
        file.year_numbers()
            .into_iter()
            .flat_map(|year| self.entries_of_year(year))
            .filter(|e| !kept.contains(&(e.date, e.kind)))
            .collect()
    }

    /// The file's days off and make-up workdays this calendar does not have yet.
    pub fn added_by(&self, file: &CalendarFile) -> Vec<CalendarEntry> {
        file.entries()
            .filter(|e| {
                self.exceptions
                    .get(&e.date)
                    .is_none_or(|k| k.kind != e.kind)
            })
            .cloned()
            .collect()
    }

    /// Replaces whole years with the file's: an office's import or correction of a year.
    pub fn replace_years(&mut self, file: &CalendarFile) {
        for year in file.year_numbers() {
            self.exceptions.retain(|d, _| d.year() != year);
            self.years.insert(year);
        }
        for e in file.entries() {
            self.exceptions.insert(e.date, e.clone());
        }
    }

    pub fn covers(&self, year: i32) -> bool {
        self.years.contains(&year)
    }

    pub fn years(&self) -> Vec<i32> {
        self.years.iter().copied().collect()
    }

    pub fn entries_of_year(&self, year: i32) -> Vec<CalendarEntry> {
        self.exceptions
            .values()
            .filter(|e| e.date.year() == year)
            .cloned()
            .collect()
    }

    pub fn reason(&self, d: NaiveDate) -> DayReason {
        match self.exceptions.get(&d) {
            Some(e) if e.kind == DayKind::DayOff => DayReason::Holiday {
                festival: e.festival.clone(),
            },
            Some(_) => DayReason::MakeUpWorkday,
            None if is_weekend(d) => DayReason::Weekend,
            None => DayReason::Weekday,
        }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        match self.exceptions.get(&d) {
            Some(e) => e.kind == DayKind::MakeUpWorkday,
            None => !is_weekend(d),
        }
    }

    /// The first working day on or after `d`, with the days off passed over.
    pub fn roll_forward(&self, d: NaiveDate) -> (NaiveDate, Vec<SkippedDay>) {
        let mut day = d;
        let mut skipped = Vec::new();
        loop {
            let reason = self.reason(day);
            if reason.is_working() {
                return (day, skipped);
            }
            skipped.push(SkippedDay { date: day, reason });
            day += Duration::days(1);
        }
    }

    /// The `n`-th working day after `start` (start itself not counted), with the days off passed over.
    pub fn add_working_days(&self, start: NaiveDate, n: u32) -> (NaiveDate, Vec<SkippedDay>) {
        let mut day = start;
        let mut counted = 0;
        let mut skipped = Vec::new();
        while counted < n {
            day += Duration::days(1);
            let reason = self.reason(day);
            if reason.is_working() {
                counted += 1;
            } else {
                skipped.push(SkippedDay { date: day, reason });
            }
        }
        (day, skipped)
    }

    /// Working days strictly after `from` up to and including `to`; negative when `to` is earlier.
    /// The due list asks this of every open deadline, some a year overdue, so it counts the
    /// ordinary week by arithmetic and then corrects for the published exceptions in range.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        let (lo, hi, sign) = if to >= from {
            (from, to, 1)
        } else {
            (to, from, -1)
        };
        let mut n =
            weekdays_before(hi + Duration::days(1)) - weekdays_before(lo + Duration::days(1));
        for (d, e) in self
            .exceptions
            .range((std::ops::Bound::Excluded(lo), std::ops::Bound::Included(hi)))
        {
            match (e.kind, is_weekend(*d)) {
                (DayKind::DayOff, false) => n -= 1,
                (DayKind::MakeUpWorkday, true) => n += 1,
                _ => {}
            }
        }
        n * sign
    }
}

/// Monday to Friday days before `d`, counted from a Monday long ago (only differences matter).
fn weekdays_before(d: NaiveDate) -> i64 {
    let days = i64::from(d.num_days_from_ce()); // 0001-01-01 (day 1) was a Monday
    let since_monday = days - 1;
    let (weeks, rest) = (since_monday.div_euclid(7), since_monday.rem_euclid(7));
    weeks * 5 + rest.min(5)
}

/// A day passed over in counting, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SkippedDay {
    pub date: NaiveDate,
    pub reason: DayReason,
}

/// One day of the settings' year view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarDay {
    pub date: NaiveDate,
    pub working: bool,
    pub reason: DayReason,
}

/// A whole year for the settings screen and `xinfang calendar show`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarYear {
    pub year: i32,
    /// False when no published calendar covers the year: only weekends are known then.
    pub published: bool,
    pub days: Vec<CalendarDay>,
    pub working_days: u32,
}

impl Calendar {
    pub fn year_view(&self, year: i32) -> Option<CalendarYear> {
        let mut day = NaiveDate::from_ymd_opt(year, 1, 1)?;
        let mut days = Vec::with_capacity(366);
        while day.year() == year {
            let reason = self.reason(day);
            days.push(CalendarDay {
                date: day,
                working: reason.is_working(),
                reason,
            });
            day += Duration::days(1);
        }
        let working_days = days.iter().filter(|d| d.working).count() as u32;
        Some(CalendarYear {
            year,
            published: self.covers(year),
            days,
            working_days,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of dates in a stretch crossing years, holidays and make-up workdays:
    /// the arithmetic count equals counting day by day.
    #[test]
    fn working_days_between_matches_counting_day_by_day() {
        let cal = Calendar::shipped();
        let start = d("2025-09-20");
        let days: Vec<NaiveDate> = (0..200).map(|i| start + Duration::days(i)).collect();
        for &from in days.iter().step_by(3) {
            for &to in &days {
                let (lo, hi) = (from.min(to), from.max(to));
                let mut expect = 0;
                let mut day = lo;
                while day < hi {
                    day += Duration::days(1);
                    expect += i64::from(cal.is_working_day(day));
                }
                if to < from {
                    expect = -expect;
                }
                assert_eq!(cal.working_days_between(from, to), expect, "{from} → {to}");
            }
        }
    }

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn shipped_calendar_covers_2018_to_2026() {
        let cal = Calendar::shipped();
        assert_eq!(cal.years(), (2018..=2026).collect::<Vec<_>>());
    }

    #[test]
    fn holidays_weekends_and_make_up_days() {
        let cal = Calendar::shipped();
        assert!(!cal.is_working_day(d("2026-02-17"))); // 春节, a Tuesday
        assert!(cal.is_working_day(d("2026-02-14"))); // make-up Saturday
        assert!(cal.is_working_day(d("2026-02-28"))); // make-up Saturday
        assert!(!cal.is_working_day(d("2026-03-01"))); // ordinary Sunday
        assert!(cal.is_working_day(d("2026-03-02"))); // ordinary Monday
        assert_eq!(cal.reason(d("2026-10-05")).label(), "国庆节假期");
    }

    #[test]
    fn office_date_is_utc_plus_8() {
        let late = DateTime::parse_from_rfc3339("2026-02-13T17:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(office_date(late), d("2026-02-14"));
        let start = office_day_start(d("2026-02-14"));
        assert_eq!(start.to_rfc3339(), "2026-02-13T16:00:00+00:00");
        assert_eq!(office_date(start), d("2026-02-14"));
        assert_eq!(
            office_date(start - Duration::microseconds(1)),
            d("2026-02-13")
        );
    }

    #[test]
    fn implausible_years_are_refused() {
        for year in ["-1", "300000", "1899", "twenty"] {
            let json = format!(r#"{{"years":{{"{year}":[]}}}}"#);
            assert_eq!(
                CalendarFile::parse(&json).unwrap_err(),
                CalendarError::Year(year.into())
            );
        }
    }

    #[test]
    fn import_replaces_a_year_and_checks_it() {
        let mut cal = Calendar::shipped();
        let file = CalendarFile::parse(
            r#"{"years":{"2027":[{"date":"2027-01-01","kind":"day_off","festival":"元旦"}]}}"#,
        )
        .unwrap();
        cal.replace_years(&file);
        assert!(cal.covers(2027));
        assert!(!cal.is_working_day(d("2027-01-01")));
        assert!(matches!(
            CalendarFile::parse(
                r#"{"years":{"2027":[{"date":"2027-01-04","kind":"make_up_workday"}]}}"#
            ),
            Err(CalendarError::MakeUpOnWeekday(_))
        ));
        assert!(matches!(
            CalendarFile::parse(r#"{"years":{"2027":[{"date":"2028-01-01","kind":"day_off"}]}}"#),
            Err(CalendarError::WrongYear { .. })
        ));
    }
}
