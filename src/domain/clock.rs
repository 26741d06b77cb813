//! The program's one clock. The core never asks the machine for the time itself: `Desk` holds a
//! `Clock`, the real one by default, a set one to replay a day (`XINFANG_NOW`) or in tests.

use std::sync::{Arc, Mutex};

use chrono::{DateTime, NaiveDate, Utc};

use super::calendar::office_date;

/// The variable the CLI and the desktop app read a set instant from (RFC 3339).
pub const NOW_VARIABLE: &str = "XINFANG_NOW";

#[derive(Debug)]
enum Source {
    System,
    /// The machine's time moved by a fixed amount: a replayed day whose clock still runs,
    /// so that events keep their order.
    Shifted(chrono::Duration),
    /// Stands still until set again (tests).
    Fixed(Mutex<DateTime<Utc>>),
}

/// Cheap to clone: clones share the source, so a test that sets the time moves every holder.
#[derive(Debug, Clone)]
pub struct Clock(Arc<Source>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("环境变量 {NOW_VARIABLE} 的值“{value}”不是带时区的时间（例如 2026-12-02T09:30:00+08:00）")]
pub struct ClockError {
    pub value: String,
}

impl Default for Clock {
    fn default() -> Self {
        Clock::system()
    }
}

impl Clock {
    pub fn system() -> Clock {
        Clock(Arc::new(Source::System))
    }

    /// A clock that reads `at` now and runs on from there.
    pub fn starting_at(at: DateTime<Utc>) -> Clock {
        Clock(Arc::new(Source::Shifted(at - Utc::now())))
    }

    /// A clock that always reads `at` until [`Clock::set`] moves it.
    pub fn fixed(at: DateTime<Utc>) -> Clock {
        Clock(Arc::new(Source::Fixed(Mutex::new(at))))
    }

    /// The clock `XINFANG_NOW` asks for (`value` is the variable's value, if set), or the
    /// system's.
    pub fn from_setting(value: Option<&str>) -> Result<Clock, ClockError> {
        match value.map(str::trim).filter(|v| !v.is_empty()) {
            None => Ok(Clock::system()),
            Some(v) => DateTime::parse_from_rfc3339(v)
                .map(|t| Clock::starting_at(t.with_timezone(&Utc)))
                .map_err(|_| ClockError {
                    value: v.to_string(),
                }),
        }
    }

    /// The clock of this process: `XINFANG_NOW` if set, else the system's.
    pub fn from_env() -> Result<Clock, ClockError> {
        Clock::from_setting(std::env::var(NOW_VARIABLE).ok().as_deref())
    }

    pub fn now(&self) -> DateTime<Utc> {
        match &*self.0 {
            Source::System => Utc::now(),
            Source::Shifted(by) => Utc::now() + *by,
            Source::Fixed(at) => *at.lock().unwrap_or_else(|e| e.into_inner()),
        }
    }

    /// Today's date in the office (UTC+8).
    pub fn today(&self) -> NaiveDate {
        office_date(self.now())
    }

    /// Whether the time is not the machine's: the app shows a banner then.
    pub fn is_set(&self) -> bool {
        !matches!(&*self.0, Source::System)
    }

    /// Moves a fixed clock; a running clock is not moved (only tests fix the time).
    pub fn set(&self, at: DateTime<Utc>) {
        if let Source::Fixed(t) = &*self.0 {
            *t.lock().unwrap_or_else(|e| e.into_inner()) = at;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn a_set_instant_reads_back_in_the_office_date() {
        let clock = Clock::from_setting(Some("2027-01-29T23:30:00+08:00")).unwrap();
        assert!(clock.is_set());
        assert_eq!(clock.today(), NaiveDate::from_ymd_opt(2027, 1, 29).unwrap());
        let drift = (clock.now() - at("2027-01-29T15:30:00Z")).num_seconds();
        assert!((0..5).contains(&drift), "a replayed clock runs on: {drift}");
    }

    #[test]
    fn a_fixed_clock_moves_only_when_set_and_moves_its_clones() {
        let clock = Clock::fixed(at("2026-12-31T15:59:59Z"));
        let clone = clock.clone();
        assert_eq!(
            clone.today(),
            NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
        );
        clock.set(at("2026-12-31T16:00:00Z"));
        assert_eq!(clone.today(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    }

    #[test]
    fn an_unset_or_empty_variable_is_the_system_clock_and_a_bad_one_is_refused() {
        assert!(!Clock::from_setting(None).unwrap().is_set());
        assert!(!Clock::from_setting(Some("  ")).unwrap().is_set());
        let err = Clock::from_setting(Some("2026-12-02 09:30")).unwrap_err();
        assert!(err.to_string().contains("XINFANG_NOW"), "{err}");
    }
}
