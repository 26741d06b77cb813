//! Statutory periods on the real 2024–2026 calendars. Every expected date below was worked out
//! by hand from data/cn-public-holidays.json (weekday, holiday, make-up day), never by calling
//! the code under test.

use chrono::NaiveDate;

use crate::domain::calendar::{Calendar, CalendarFile, DayReason};
use crate::domain::period::{
    assess, compute, fixed, from_rule, recompute, Basis, Deadline, DeadlineKind, DeadlineState,
    PeriodBasis, PeriodUnit, RuleSet,
};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn cal() -> Calendar {
    Calendar::shipped()
}

/// `2026年2月24日`, as the explanations write dates.
fn cn(s: &str) -> String {
    use chrono::Datelike;
    let date = d(s);
    format!("{}年{}月{}日", date.year(), date.month(), date.day())
}

/// A deadline from the default rule set, checked for its due date, the number of days passed
/// over, the due date in the explanation and the words the explanation must contain.
fn check(kind: DeadlineKind, start: &str, due: &str, skipped: usize, words: &[&str]) -> Deadline {
    let dl = from_rule(kind, d(start), &RuleSet::default(), &cal()).expect("a default rule");
    assert_eq!(dl.kind, kind);
    assert_eq!(dl.start_on, d(start));
    assert_eq!(
        dl.due_on,
        d(due),
        "{kind:?} from {start}: {}",
        dl.explanation
    );
    assert_eq!(
        dl.skipped.len(),
        skipped,
        "{kind:?} from {start}: skipped {:?}",
        dl.skipped
    );
    assert!(dl.is_open());
    assert!(
        dl.explanation.contains(&cn(start)),
        "start missing: {}",
        dl.explanation
    );
    assert!(
        dl.explanation.contains(&cn(due)),
        "due missing: {}",
        dl.explanation
    );
    for w in words {
        assert!(
            dl.explanation.contains(w),
            "{w:?} missing from: {}",
            dl.explanation
        );
    }
    // Every day passed over is a day off, and the due date is a working day.
    let c = cal();
    for s in &dl.skipped {
        assert!(!c.is_working_day(s.date), "{} skipped but working", s.date);
    }
    assert!(
        c.is_working_day(dl.due_on),
        "{} is not a working day",
        dl.due_on
    );
    dl
}

/// A calendar-day period that ends on a working day does not roll and says nothing of it.
fn check_no_roll(kind: DeadlineKind, start: &str, due: &str) -> Deadline {
    let dl = check(kind, start, due, 0, &[]);
    assert!(!dl.explanation.contains("顺延"), "{}", dl.explanation);
    assert!(!dl.explanation.contains("注意"), "{}", dl.explanation);
    dl
}

// ---------------------------------------------------------------------------------------------
// 15-day disposal (Art. 22): receipt not counted, a last day off rolls to the next working day.

#[test]
fn disposal_ordinary_weekdays() {
    // Mon 2026-03-02 + 15 = Tue 03-17.
    let dl = check_no_roll(DeadlineKind::Disposal, "2026-03-02", "2026-03-17");
    assert!(dl.explanation.contains("第二十二条"));
    assert!(dl.explanation.contains("15日"));
}

#[test]
fn disposal_ending_on_an_ordinary_weekend_rolls_to_monday() {
    // Fri 03-06 + 15 = Sat 03-21; Sat and Sun off → Mon 03-23.
    let dl = check(
        DeadlineKind::Disposal,
        "2026-03-06",
        "2026-03-23",
        2,
        &["周末2天", "顺延", &cn("2026-03-21")],
    );
    assert_eq!(dl.skipped[0].date, d("2026-03-21"));
    assert_eq!(dl.skipped[0].reason, DayReason::Weekend);
    assert_eq!(dl.skipped[1].date, d("2026-03-22"));
}

#[test]
fn disposal_ending_in_spring_festival_2026_rolls_past_it() {
    // 02-01 + 15 = Mon 02-16, inside 春节 (02-15..23) → Tue 02-24; 8 days passed over.
    let dl = check(
        DeadlineKind::Disposal,
        "2026-02-01",
        "2026-02-24",
        8,
        &[
            "春节假期8天",
            "顺延至其后第一个工作日2026年2月24日",
            "第二百零三条",
        ],
    );
    assert_eq!(dl.skipped.first().unwrap().date, d("2026-02-16"));
    assert_eq!(dl.skipped.last().unwrap().date, d("2026-02-23"));
    assert!(dl.skipped.iter().all(|s| s.reason
        == DayReason::Holiday {
            festival: "春节".into()
        }));
}

#[test]
fn disposal_ending_on_first_day_of_spring_festival_2026() {
    // 01-31 + 15 = Sun 02-15, the first of the nine days off → Tue 02-24.
    check(
        DeadlineKind::Disposal,
        "2026-01-31",
        "2026-02-24",
        9,
        &["春节假期9天"],
    );
}

#[test]
fn disposal_ending_on_make_up_saturday_2026_02_14_does_not_roll() {
    // 01-30 + 15 = Sat 02-14, a make-up workday: the period ends there.
    check_no_roll(DeadlineKind::Disposal, "2026-01-30", "2026-02-14");
}

#[test]
fn disposal_ending_on_make_up_saturday_2026_02_28_does_not_roll() {
    // 02-13 + 15 = Sat 02-28, a make-up workday.
    check_no_roll(DeadlineKind::Disposal, "2026-02-13", "2026-02-28");
}

#[test]
fn disposal_ending_on_national_day_2026_rolls_to_10_08() {
    // 09-16 + 15 = Thu 10-01; 10-01..07 off → Thu 10-08.
    check(
        DeadlineKind::Disposal,
        "2026-09-16",
        "2026-10-08",
        7,
        &["国庆节假期7天"],
    );
}

#[test]
fn disposal_ending_on_make_up_sunday_2026_09_20_does_not_roll() {
    check_no_roll(DeadlineKind::Disposal, "2026-09-05", "2026-09-20");
}

#[test]
fn disposal_ending_on_make_up_saturday_2026_10_10_does_not_roll() {
    // Received on a holiday (中秋 09-25): counting starts the next day all the same.
    check_no_roll(DeadlineKind::Disposal, "2026-09-25", "2026-10-10");
}

#[test]
fn disposal_ending_on_mid_autumn_2026_rolls_to_monday() {
    // 09-10 + 15 = Fri 09-25; 中秋 09-25..27 → Mon 09-28.
    check(
        DeadlineKind::Disposal,
        "2026-09-10",
        "2026-09-28",
        3,
        &["中秋节假期3天"],
    );
}

#[test]
fn disposal_ending_on_labour_day_2026_rolls_to_05_06() {
    // 04-16 + 15 = Fri 05-01; 05-01..05 off → Wed 05-06.
    check(
        DeadlineKind::Disposal,
        "2026-04-16",
        "2026-05-06",
        5,
        &["劳动节假期5天"],
    );
}

#[test]
fn disposal_ending_on_make_up_saturday_2026_05_09_does_not_roll() {
    check_no_roll(DeadlineKind::Disposal, "2026-04-24", "2026-05-09");
}

#[test]
fn disposal_crossing_into_2026_ends_on_make_up_sunday_01_04() {
    // 2025-12-17 + 15 = Thu 2026-01-01; 元旦 01-01..03 off; Sun 01-04 is a make-up workday.
    let dl = check(
        DeadlineKind::Disposal,
        "2025-12-17",
        "2026-01-04",
        3,
        &["元旦假期3天"],
    );
    assert_eq!(dl.skipped[0].date, d("2026-01-01"));
}

#[test]
fn disposal_crossing_year_end_on_make_up_sunday_does_not_roll() {
    // 2025-12-20 + 15 = Sun 2026-01-04, a make-up workday.
    check_no_roll(DeadlineKind::Disposal, "2025-12-20", "2026-01-04");
}

#[test]
fn disposal_national_day_2025_names_both_festivals() {
    // 2025-09-20 + 15 = Sun 10-05 (国庆); 10-06 is 中秋, 10-07/08 国庆 → Thu 10-09.
    check(
        DeadlineKind::Disposal,
        "2025-09-20",
        "2025-10-09",
        4,
        &["国庆节假期3天", "中秋节假期1天"],
    );
}

#[test]
fn disposal_dragon_boat_2025_rolls_to_tuesday() {
    // 2025-05-16 + 15 = Sat 05-31; 端午 05-31..06-02 → Tue 06-03.
    check(
        DeadlineKind::Disposal,
        "2025-05-16",
        "2025-06-03",
        3,
        &["端午节假期3天"],
    );
}

#[test]
fn disposal_spring_festival_2024_rolls_to_make_up_sunday() {
    // 2024-01-27 + 15 = Sun 02-11; 02-11..17 off; Sun 02-18 is a make-up workday.
    check(
        DeadlineKind::Disposal,
        "2024-01-27",
        "2024-02-18",
        7,
        &["春节假期7天"],
    );
}

#[test]
fn disposal_qingming_2024_rolls_to_make_up_sunday() {
    // 2024-03-21 + 15 = Fri 04-05; 04-05/06 off; Sun 04-07 is a make-up workday.
    check(
        DeadlineKind::Disposal,
        "2024-03-21",
        "2024-04-07",
        2,
        &["清明节假期2天"],
    );
}

#[test]
fn disposal_qingming_2026_rolls_to_tuesday() {
    // 03-20 + 15 = Sat 04-04; 清明 04-04..06 → Tue 04-07.
    check(
        DeadlineKind::Disposal,
        "2026-03-20",
        "2026-04-07",
        3,
        &["清明节假期3天"],
    );
}

#[test]
fn disposal_dragon_boat_2026_rolls_to_monday() {
    // 06-04 + 15 = Fri 06-19; 端午 06-19..21 → Mon 06-22.
    check(
        DeadlineKind::Disposal,
        "2026-06-04",
        "2026-06-22",
        3,
        &["端午节假期3天"],
    );
}

#[test]
fn notice_period_counts_like_disposal() {
    // Art. 23 notice: the same 15 days, 02-01 → 02-24 over 春节.
    let dl = check(
        DeadlineKind::Notice,
        "2026-02-01",
        "2026-02-24",
        8,
        &["第二十三条", "春节"],
    );
    assert!(dl.kind.is_duty());
}

// ---------------------------------------------------------------------------------------------
// 5 working days to object to a forward (Art. 23): holidays and weekends are not counted,
// make-up days are.

#[test]
fn forward_objection_ordinary_week() {
    // Wed 03-04: Thu 05, Fri 06, (Sat 07, Sun 08), Mon 09, Tue 10, Wed 11.
    let dl = check(
        DeadlineKind::ForwardObjection,
        "2026-03-04",
        "2026-03-11",
        2,
        &["5个工作日", "不计周末2天"],
    );
    assert!(!dl.explanation.contains("顺延"));
    assert!(!dl.kind.is_duty());
}

#[test]
fn forward_objection_over_spring_festival_counts_make_up_saturday() {
    // Thu 02-12: Fri 13 (1), make-up Sat 14 (2), 15..23 off, Tue 24 (3), 25 (4), Thu 26 (5).
    let dl = check(
        DeadlineKind::ForwardObjection,
        "2026-02-12",
        "2026-02-26",
        9,
        &["不计春节假期9天"],
    );
    assert!(dl.skipped.iter().all(|s| s.date != d("2026-02-14")));
}

#[test]
fn forward_objection_counts_make_up_sunday_2026_09_20() {
    // Thu 09-17: Fri 18 (1), Sat 19 off, make-up Sun 20 (2), 21, 22, Wed 23 (5).
    check(
        DeadlineKind::ForwardObjection,
        "2026-09-17",
        "2026-09-23",
        1,
        &["不计周末1天"],
    );
}

#[test]
fn forward_objection_over_national_day_2026() {
    // Tue 09-29: Wed 30 (1), 10-01..07 off, Thu 08 (2), Fri 09 (3), make-up Sat 10 (4),
    // Sun 11 off, Mon 12 (5).
    check(
        DeadlineKind::ForwardObjection,
        "2026-09-29",
        "2026-10-12",
        8,
        &["国庆节假期7天", "周末1天"],
    );
}

#[test]
fn forward_objection_over_labour_day_2026() {
    // Thu 04-30: 05-01..05 off, Wed 06 (1), 07, 08, make-up Sat 09 (4), Sun 10 off, Mon 11 (5).
    check(
        DeadlineKind::ForwardObjection,
        "2026-04-30",
        "2026-05-11",
        6,
        &["劳动节假期5天", "周末1天"],
    );
}

#[test]
fn forward_objection_across_new_year_2026() {
    // Tue 2025-12-30: Wed 31 (1), 01-01..03 off, make-up Sun 01-04 (2), Mon 05, Tue 06, Wed 07.
    check(
        DeadlineKind::ForwardObjection,
        "2025-12-30",
        "2026-01-07",
        3,
        &["元旦假期3天"],
    );
}

#[test]
fn forward_objection_over_spring_festival_2024() {
    // Thu 2024-02-08: Fri 09 (1), 02-10..17 off, make-up Sun 18 (2), Mon 19, Tue 20, Wed 21.
    check(
        DeadlineKind::ForwardObjection,
        "2024-02-08",
        "2024-02-21",
        8,
        &["春节假期8天"],
    );
}

#[test]
fn forward_objection_over_national_day_2025() {
    // Fri 2025-09-26: Sat 27 off, make-up Sun 28 (1), Mon 29, Tue 30 (3), 10-01..08 off
    // (中秋 on 10-06), Thu 10-09 (4), Fri 10-10 (5).
    check(
        DeadlineKind::ForwardObjection,
        "2025-09-26",
        "2025-10-10",
        9,
        &["周末1天", "国庆节假期7天", "中秋节假期1天"],
    );
}

// ---------------------------------------------------------------------------------------------
// 60-day handling (Art. 34) and its extension.

#[test]
fn handling_plain_60_days() {
    // 03-01 + 60 = Thu 04-30.
    let dl = check_no_roll(DeadlineKind::Handling, "2026-03-01", "2026-04-30");
    assert!(dl.explanation.contains("60日"));
    assert!(dl.explanation.contains("第三十四条"));
}

#[test]
fn handling_ending_on_national_day_2026() {
    // 08-03 + 60 = Fri 10-02 → Thu 10-08 (10-02..07 passed over).
    check(
        DeadlineKind::Handling,
        "2026-08-03",
        "2026-10-08",
        6,
        &["国庆节假期6天"],
    );
}

#[test]
fn handling_across_year_end_on_a_weekday() {
    // 2025-11-10 + 60 = Fri 2026-01-09.
    check_no_roll(DeadlineKind::Handling, "2025-11-10", "2026-01-09");
}

#[test]
fn handling_across_year_end_into_new_year_holiday() {
    // 2025-11-02 + 60 = Thu 2026-01-01 → make-up Sun 01-04.
    check(
        DeadlineKind::Handling,
        "2025-11-02",
        "2026-01-04",
        3,
        &["元旦"],
    );
}

#[test]
fn handling_national_day_2024() {
    // 2024-08-02 + 60 = Tue 10-01 → Tue 10-08.
    check(
        DeadlineKind::Handling,
        "2024-08-02",
        "2024-10-08",
        7,
        &["国庆节假期7天"],
    );
}

#[test]
fn handling_on_make_up_saturday_2024_10_12() {
    check_no_roll(DeadlineKind::Handling, "2024-08-13", "2024-10-12");
}

fn extended(start: &str, ext: u32, cal: &Calendar) -> Deadline {
    compute(
        DeadlineKind::Handling,
        d(start),
        PeriodBasis {
            days: 60,
            unit: PeriodUnit::CalendarDays,
            roll_forward: true,
            article: "《信访工作条例》第三十四条".into(),
            extension_days: ext,
            hearing_days: 0,
        },
        cal,
    )
}

#[test]
fn extension_counts_from_the_unrolled_end_of_the_60_days() {
    // 08-03 + 60 = Fri 10-02 (unrolled; rolled it would be 10-08). + 30 = Sun 11-01 → Mon 11-02.
    // Counting from the rolled 10-08 would give Sat 11-07 → 11-09: wrong.
    let dl = extended("2026-08-03", 30, &cal());
    assert_eq!(dl.due_on, d("2026-11-02"), "{}", dl.explanation);
    assert_eq!(dl.skipped.len(), 1);
    assert_eq!(dl.skipped[0].date, d("2026-11-01"));
    assert!(
        dl.explanation.contains("原期满日2026年10月2日"),
        "{}",
        dl.explanation
    );
    assert!(dl.explanation.contains("经批准延长30日"));
    assert!(dl.explanation.contains("周末1天"));
    assert!(dl.explanation.contains(&cn("2026-11-02")));
}

#[test]
fn extension_ending_on_make_up_saturday_does_not_roll() {
    // 10-02 + 8 = Sat 10-10, a make-up workday.
    let dl = extended("2026-08-03", 8, &cal());
    assert_eq!(dl.due_on, d("2026-10-10"));
    assert!(dl.skipped.is_empty());
    assert!(!dl.explanation.contains("顺延"));
}

#[test]
fn extension_2024_lands_on_monday() {
    // 2024-08-13 + 60 = Sat 10-12 (make-up), + 30 = Mon 11-11.
    let dl = extended("2024-08-13", 30, &cal());
    assert_eq!(dl.due_on, d("2024-11-11"));
    assert!(dl.explanation.contains("原期满日2024年10月12日"));
}

#[test]
fn extension_into_labour_day_rolls() {
    // 02-12 + 60 = Mon 04-13, + 20 = Sun 05-03 (劳动节) → Wed 05-06.
    let dl = extended("2026-02-12", 20, &cal());
    assert_eq!(dl.due_on, d("2026-05-06"));
    assert_eq!(dl.skipped.len(), 3);
    assert!(dl.explanation.contains("劳动节假期3天"));
}

// ---------------------------------------------------------------------------------------------
// 30-day review / re-review windows and opinions (Art. 35, 36).

#[test]
fn review_request_window_over_spring_festival() {
    // Reply received 01-16: + 30 = Sun 02-15 → Tue 02-24.
    let dl = check(
        DeadlineKind::ReviewRequest,
        "2026-01-16",
        "2026-02-24",
        9,
        &["第三十五条", "30日", "春节假期9天"],
    );
    assert!(!dl.kind.is_duty());
}

#[test]
fn review_request_window_ending_on_make_up_saturday() {
    // 01-29 + 30 = Sat 02-28 (make-up).
    check_no_roll(DeadlineKind::ReviewRequest, "2026-01-29", "2026-02-28");
}

#[test]
fn review_request_window_on_a_plain_30th_day() {
    // 03-10 + 30 = Thu 04-09.
    check_no_roll(DeadlineKind::ReviewRequest, "2026-03-10", "2026-04-09");
}

#[test]
fn review_opinion_over_labour_day() {
    // Request received 04-01: + 30 = Fri 05-01 → Wed 05-06.
    check(
        DeadlineKind::Review,
        "2026-04-01",
        "2026-05-06",
        5,
        &["劳动节假期5天"],
    );
}

#[test]
fn review_opinion_over_national_day() {
    // 09-01 + 30 = Thu 10-01 → Thu 10-08.
    check(
        DeadlineKind::Review,
        "2026-09-01",
        "2026-10-08",
        7,
        &["国庆节"],
    );
}

#[test]
fn re_review_request_window_over_mid_autumn() {
    // Review opinion received 08-27: + 30 = Sat 09-26 (中秋) → Mon 09-28.
    check(
        DeadlineKind::ReReviewRequest,
        "2026-08-27",
        "2026-09-28",
        2,
        &["第三十六条", "中秋节假期2天"],
    );
}

#[test]
fn re_review_request_window_on_make_up_saturday_10_10() {
    check_no_roll(DeadlineKind::ReReviewRequest, "2026-09-10", "2026-10-10");
}

#[test]
fn re_review_opinion_across_year_end() {
    // 2025-12-02 + 30 = Thu 2026-01-01 → make-up Sun 01-04.
    check(
        DeadlineKind::ReReview,
        "2025-12-02",
        "2026-01-04",
        3,
        &["元旦假期3天"],
    );
}

// ---------------------------------------------------------------------------------------------
// A year the calendar does not cover.

#[test]
fn period_ending_in_2027_warns_that_the_year_is_not_imported() {
    // 2026-12-01 + 60 = Sat 2027-01-30; only weekends are known → Mon 02-01.
    let dl = check(
        DeadlineKind::Handling,
        "2026-12-01",
        "2027-02-01",
        2,
        &["2027年的节假日安排尚未导入", "周末2天"],
    );
    assert!(dl.explanation.ends_with('。'));
}

#[test]
fn period_ending_on_a_2027_weekday_still_warns() {
    // 2026-12-05 + 30 = Mon 2027-01-04.
    check(
        DeadlineKind::ReReview,
        "2026-12-05",
        "2027-01-04",
        0,
        &["2027年的节假日安排尚未导入"],
    );
    // 2026-11-15 + 60 = Thu 2027-01-14.
    check(
        DeadlineKind::Handling,
        "2026-11-15",
        "2027-01-14",
        0,
        &["尚未导入"],
    );
}

#[test]
fn period_in_a_covered_year_has_no_warning() {
    let dl = check(DeadlineKind::Disposal, "2026-12-10", "2026-12-25", 0, &[]);
    assert!(!dl.explanation.contains("尚未导入"));
}

// ---------------------------------------------------------------------------------------------
// Deadline states.

fn spring_disposal() -> Deadline {
    // Received 02-01, due 02-24 (after 春节).
    from_rule(
        DeadlineKind::Disposal,
        d("2026-02-01"),
        &RuleSet::default(),
        &cal(),
    )
    .unwrap()
}

#[test]
fn assess_counts_working_days_left_across_the_holiday() {
    let c = cal();
    let r = RuleSet::default();
    let dl = spring_disposal();
    assert_eq!(dl.due_on, d("2026-02-24"));
    // Working days after `today` up to 02-24: 02-10 → 11,12,13,14(make-up),24 = 5.
    let cases = [
        ("2026-02-09", 6, DeadlineState::OnTime),
        ("2026-02-10", 5, DeadlineState::OnTime),
        ("2026-02-11", 4, DeadlineState::OnTime),
        ("2026-02-12", 3, DeadlineState::NearDue),
        ("2026-02-13", 2, DeadlineState::NearDue),
        ("2026-02-14", 1, DeadlineState::NearDue),
        // Eleven calendar days inside the holiday, but only one working day left.
        ("2026-02-15", 1, DeadlineState::NearDue),
        ("2026-02-23", 1, DeadlineState::NearDue),
        // The due day itself is not overdue: the last day ends at 24:00.
        ("2026-02-24", 0, DeadlineState::NearDue),
        ("2026-02-25", -1, DeadlineState::Overdue),
        ("2026-03-02", -5, DeadlineState::Overdue),
    ];
    for (today, left, state) in cases {
        assert_eq!(
            assess(&dl, d(today), &c, &r),
            (left, state),
            "today {today}"
        );
    }
}

#[test]
fn assess_near_due_on_ordinary_days_and_configurable() {
    let c = cal();
    let dl = from_rule(
        DeadlineKind::Disposal,
        d("2026-03-02"),
        &RuleSet::default(),
        &c,
    )
    .unwrap();
    assert_eq!(dl.due_on, d("2026-03-17"));
    let r = RuleSet::default();
    assert_eq!(
        assess(&dl, d("2026-03-11"), &c, &r),
        (4, DeadlineState::OnTime)
    );
    assert_eq!(
        assess(&dl, d("2026-03-12"), &c, &r),
        (3, DeadlineState::NearDue)
    );
    // Saturday 03-14: Mon 16 and Tue 17 left.
    assert_eq!(
        assess(&dl, d("2026-03-14"), &c, &r),
        (2, DeadlineState::NearDue)
    );
    assert_eq!(
        assess(&dl, d("2026-03-17"), &c, &r),
        (0, DeadlineState::NearDue)
    );
    assert_eq!(
        assess(&dl, d("2026-03-18"), &c, &r),
        (-1, DeadlineState::Overdue)
    );

    let five = RuleSet {
        near_due_working_days: 5,
        ..RuleSet::default()
    };
    assert_eq!(
        assess(&dl, d("2026-03-10"), &c, &five),
        (5, DeadlineState::NearDue)
    );
    assert_eq!(
        assess(&dl, d("2026-03-09"), &c, &five),
        (6, DeadlineState::OnTime)
    );
    let zero = RuleSet {
        near_due_working_days: 0,
        ..RuleSet::default()
    };
    assert_eq!(
        assess(&dl, d("2026-03-16"), &c, &zero),
        (1, DeadlineState::OnTime)
    );
    assert_eq!(
        assess(&dl, d("2026-03-17"), &c, &zero),
        (0, DeadlineState::NearDue)
    );
}

#[test]
fn assess_met_deadlines() {
    let c = cal();
    let r = RuleSet::default();
    let mut dl = spring_disposal();
    dl.met_on = Some(d("2026-02-24"));
    assert!(!dl.is_open());
    assert_eq!(
        assess(&dl, d("2026-06-01"), &c, &r).1,
        DeadlineState::MetOnTime
    );
    dl.met_on = Some(d("2026-02-10"));
    assert_eq!(
        assess(&dl, d("2026-06-01"), &c, &r).1,
        DeadlineState::MetOnTime
    );
    dl.met_on = Some(d("2026-02-25"));
    assert_eq!(
        assess(&dl, d("2026-06-01"), &c, &r).1,
        DeadlineState::MetLate
    );
    // Met before the due day, looked at before it too: still met, not near due.
    dl.met_on = Some(d("2026-02-13"));
    assert_eq!(
        assess(&dl, d("2026-02-13"), &c, &r).1,
        DeadlineState::MetOnTime
    );
}

// ---------------------------------------------------------------------------------------------
// A changed calendar recomputes due dates.

#[test]
fn recompute_after_replacing_2026_with_a_correction() {
    let mut c = cal();
    let mut dl = spring_disposal();
    dl.met_on = Some(d("2026-02-20"));
    // A correction that also gives 02-24 off.
    let mut entries: Vec<String> = c
        .entries_of_year(2026)
        .iter()
        .map(|e| serde_json::to_string(e).unwrap())
        .collect();
    entries.push(r#"{"date":"2026-02-24","kind":"day_off","festival":"春节"}"#.into());
    let json = format!(r#"{{"years":{{"2026":[{}]}}}}"#, entries.join(","));
    c.replace_years(&CalendarFile::parse(&json).unwrap());
    let again = recompute(&dl, &c);
    assert_eq!(again.due_on, d("2026-02-25"));
    assert_eq!(again.skipped.len(), 9);
    assert!(again.explanation.contains("春节假期9天"));
    assert_eq!(again.met_on, Some(d("2026-02-20")), "met_on is kept");
    assert_eq!(again.start_on, dl.start_on);
    assert_eq!(again.basis, dl.basis);

    // The same calendar gives the same deadline back.
    assert_eq!(recompute(&spring_disposal(), &cal()), spring_disposal());
}

#[test]
fn recompute_after_emptying_2026_falls_back_to_weekends() {
    let mut c = cal();
    let dl = spring_disposal();
    c.replace_years(&CalendarFile::parse(r#"{"years":{"2026":[]}}"#).unwrap());
    assert!(c.covers(2026));
    // Without the holiday, Mon 02-16 is an ordinary working day.
    let again = recompute(&dl, &c);
    assert_eq!(again.due_on, d("2026-02-16"));
    assert!(again.skipped.is_empty());
    assert!(!again.explanation.contains("春节"));
    // And Sat 02-14 is no longer a make-up day.
    let made_up = from_rule(
        DeadlineKind::Disposal,
        d("2026-01-30"),
        &RuleSet::default(),
        &c,
    )
    .unwrap();
    assert_eq!(made_up.due_on, d("2026-02-16"));
}

#[test]
fn importing_2027_removes_the_warning_and_moves_the_date() {
    let mut c = cal();
    // 2026-12-05 + 30 = Mon 2027-01-04 on the bare week.
    let dl = from_rule(
        DeadlineKind::ReReview,
        d("2026-12-05"),
        &RuleSet::default(),
        &c,
    )
    .unwrap();
    assert_eq!(dl.due_on, d("2027-01-04"));
    c.replace_years(
        &CalendarFile::parse(
            r#"{"years":{"2027":[
                {"date":"2027-01-01","kind":"day_off","festival":"元旦"},
                {"date":"2027-01-04","kind":"day_off","festival":"元旦"}]}}"#,
        )
        .unwrap(),
    );
    let again = recompute(&dl, &c);
    assert_eq!(again.due_on, d("2027-01-05"));
    assert!(
        !again.explanation.contains("尚未导入"),
        "{}",
        again.explanation
    );
    assert!(again.explanation.contains("元旦假期1天"));
}

#[test]
fn recompute_keeps_a_fixed_date() {
    let c = cal();
    let f = fixed(
        DeadlineKind::Feedback,
        d("2026-02-01"),
        d("2026-02-17"),
        "上级机关",
        &c,
    );
    assert_eq!(f.due_on, d("2026-02-17"));
    assert!(matches!(f.basis, Basis::Fixed { .. }));
    assert!(f.explanation.contains("上级机关"));
    assert!(f.explanation.contains("春节假期"), "{}", f.explanation);
    let mut other = cal();
    other.replace_years(&CalendarFile::parse(r#"{"years":{"2026":[]}}"#).unwrap());
    assert_eq!(recompute(&f, &other).due_on, d("2026-02-17"));
    // A fixed date on a working day carries no note.
    let plain = fixed(
        DeadlineKind::Feedback,
        d("2026-03-02"),
        d("2026-03-20"),
        "本机关",
        &c,
    );
    assert!(!plain.explanation.contains("该日为"));
}

// ---------------------------------------------------------------------------------------------
// The rule set is data an office can edit.

fn edited(kind: DeadlineKind, f: impl FnOnce(&mut crate::domain::period::PeriodRule)) -> RuleSet {
    let mut r = RuleSet::default();
    f(r.rules.iter_mut().find(|x| x.kind == kind).unwrap());
    r
}

#[test]
fn default_rule_set_matches_the_regulation_table() {
    let r = RuleSet::default();
    let expect = [
        (DeadlineKind::Disposal, 15, PeriodUnit::CalendarDays),
        (DeadlineKind::Notice, 15, PeriodUnit::CalendarDays),
        (DeadlineKind::ForwardObjection, 5, PeriodUnit::WorkingDays),
        (DeadlineKind::Handling, 60, PeriodUnit::CalendarDays),
        (DeadlineKind::ReviewRequest, 30, PeriodUnit::CalendarDays),
        (DeadlineKind::Review, 30, PeriodUnit::CalendarDays),
        (DeadlineKind::ReReviewRequest, 30, PeriodUnit::CalendarDays),
        (DeadlineKind::ReReview, 30, PeriodUnit::CalendarDays),
    ];
    for (kind, days, unit) in expect {
        let rule = r.rule(kind).unwrap();
        assert_eq!(
            (rule.days, rule.unit, rule.roll_forward),
            (days, unit, true),
            "{kind:?}"
        );
    }
    // The feedback date is set by the assigning office, not by a rule.
    assert!(r.rule(DeadlineKind::Feedback).is_none());
    assert!(from_rule(DeadlineKind::Feedback, d("2026-03-02"), &r, &cal()).is_none());
    assert_eq!(r.near_due_working_days, 3);
    assert_eq!(r.max_extension_days, 30);
}

#[test]
fn rule_without_roll_forward_ends_on_the_holiday() {
    // 02-01 + 15 = 02-16 (春节) stays.
    let r = edited(DeadlineKind::Disposal, |x| x.roll_forward = false);
    let dl = from_rule(DeadlineKind::Disposal, d("2026-02-01"), &r, &cal()).unwrap();
    assert_eq!(dl.due_on, d("2026-02-16"));
    assert!(dl.skipped.is_empty());
    assert!(!dl.explanation.contains("顺延"));
}

#[test]
fn rule_in_working_days_counts_working_days() {
    // 15 working days from Thu 02-12: 13, 14 (make-up), 24, 25, 26, 27, 28 (make-up), 03-02,
    // 03, 04, 05, 06, 09, 10, 11 → Wed 03-11.
    let r = edited(DeadlineKind::Disposal, |x| x.unit = PeriodUnit::WorkingDays);
    let dl = from_rule(DeadlineKind::Disposal, d("2026-02-12"), &r, &cal()).unwrap();
    assert_eq!(dl.due_on, d("2026-03-11"));
    assert!(dl.explanation.contains("15个工作日"));
    assert!(dl.explanation.contains("春节假期9天"));
    // From Mon 09-28 over National Day: 29, 30, 10-08, 09, 10 (make-up), 12..16, 19..23 → 10-23.
    let dl = from_rule(DeadlineKind::Disposal, d("2026-09-28"), &r, &cal()).unwrap();
    assert_eq!(dl.due_on, d("2026-10-23"));
}

#[test]
fn rule_with_other_days_and_article() {
    let r = edited(DeadlineKind::Review, |x| {
        x.days = 20;
        x.article = "《某省复查复核办法》第十条".into();
    });
    // 04-01 + 20 = Tue 04-21.
    let dl = from_rule(DeadlineKind::Review, d("2026-04-01"), &r, &cal()).unwrap();
    assert_eq!(dl.due_on, d("2026-04-21"));
    assert!(dl
        .explanation
        .contains("《某省复查复核办法》第十条规定20日"));
    match &dl.basis {
        Basis::Period(p) => {
            assert_eq!(p.days, 20);
            assert_eq!(p.extension_days, 0);
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_rule_can_be_removed() {
    let mut r = RuleSet::default();
    r.rules.retain(|x| x.kind != DeadlineKind::Notice);
    assert!(from_rule(DeadlineKind::Notice, d("2026-03-02"), &r, &cal()).is_none());
}
