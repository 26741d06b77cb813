//! Which backups a rotation keeps: the newest of each of the latest days, weeks and months
//! that have one (e.g. 7 daily, 4 weekly, 12 monthly), as offices keep tapes.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDateTime};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Rotation {
    pub daily: u32,
    pub weekly: u32,
    pub monthly: u32,
}

impl Default for Rotation {
    fn default() -> Self {
        Rotation {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// The indexes into `taken` (when each backup was made) that the rotation keeps; the newest
/// backup is always kept.
pub fn keep(taken: &[NaiveDateTime], rotation: Rotation) -> HashSet<usize> {
    let mut order: Vec<usize> = (0..taken.len()).collect();
    order.sort_by_key(|i| std::cmp::Reverse(taken[*i]));
    let mut kept = HashSet::new();
    if let Some(newest) = order.first() {
        kept.insert(*newest);
    }
    let mut pick = |limit: u32, bucket: &dyn Fn(&NaiveDateTime) -> (i32, u32)| {
        let mut seen = HashSet::new();
        for &i in &order {
            if seen.len() >= limit as usize {
                break;
            }
            if seen.insert(bucket(&taken[i])) {
                kept.insert(i);
            }
        }
    };
    pick(rotation.daily, &|t| (t.year(), t.ordinal()));
    pick(rotation.weekly, &|t| {
        let w = t.iso_week();
        (w.year(), w.week())
    });
    pick(rotation.monthly, &|t| (t.year(), t.month()));
    kept
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, NaiveDate};

    fn at(day: &str, hour: u32) -> NaiveDateTime {
        NaiveDate::parse_from_str(day, "%Y-%m-%d")
            .unwrap()
            .and_hms_opt(hour, 0, 0)
            .unwrap()
    }

    #[test]
    fn a_year_of_nightly_backups_keeps_seven_days_four_weeks_and_twelve_months() {
        // Two a day (noon and evening) for 400 days up to Wednesday 2 December 2026.
        let last = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let mut taken = Vec::new();
        for back in 0..400 {
            let day = (last - Duration::days(back)).format("%Y-%m-%d").to_string();
            taken.push(at(&day, 12));
            taken.push(at(&day, 20));
        }
        let kept = keep(&taken, Rotation::default());
        let mut days: Vec<NaiveDateTime> = kept.iter().map(|i| taken[*i]).collect();
        days.sort();
        // Every kept backup is the evening one: the newest of its day.
        assert!(days.iter().all(|t| t.format("%H").to_string() == "20"));
        // 7 days (26 Nov – 2 Dec); the weeks add Sundays 22, 15 Nov (the week of 23 Nov is
        // already kept by 29 Nov); the months (December and November already kept) add the
        // last days of October back to January.
        let want: Vec<&str> = vec![
            "2026-01-31",
            "2026-02-28",
            "2026-03-31",
            "2026-04-30",
            "2026-05-31",
            "2026-06-30",
            "2026-07-31",
            "2026-08-31",
            "2026-09-30",
            "2026-10-31",
            "2026-11-15",
            "2026-11-22",
            "2026-11-26",
            "2026-11-27",
            "2026-11-28",
            "2026-11-29",
            "2026-11-30",
            "2026-12-01",
            "2026-12-02",
        ];
        let got: Vec<String> = days
            .iter()
            .map(|t| t.format("%Y-%m-%d").to_string())
            .collect();
        assert_eq!(got, want);
    }

    #[test]
    fn the_newest_is_kept_even_by_an_empty_rotation_and_nothing_of_nothing() {
        let none = Rotation {
            daily: 0,
            weekly: 0,
            monthly: 0,
        };
        let taken = [at("2026-12-01", 9), at("2026-12-02", 9)];
        assert_eq!(keep(&taken, none), HashSet::from([1]));
        assert!(keep(&[], Rotation::default()).is_empty());
    }
}
