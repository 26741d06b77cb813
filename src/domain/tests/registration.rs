//! Registration: what a clerk may submit, and the case it builds.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use uuid::Uuid;

use crate::domain::calendar::Calendar;
use crate::domain::case::{
    Channel, LetterInfo, Locality, NewCase, Petitioner, Purpose, Status, VisitInfo,
};
use crate::domain::period::{Basis, DeadlineKind, RuleSet};
use crate::domain::registration::{build, validate, MAX_REPRESENTATIVES};
use crate::domain::workflow::WorkflowError;

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// The clock of the tests: 2026-03-10 15:00 in the office.
fn now() -> DateTime<Utc> {
    utc("2026-03-10T07:00:00Z")
}

fn person(name: &str) -> Petitioner {
    Petitioner {
        name: name.into(),
        id_number: None,
        phone: None,
        address: None,
        representative: false,
    }
}

fn rep(name: &str) -> Petitioner {
    Petitioner {
        representative: true,
        ..person(name)
    }
}

fn letter() -> NewCase {
    NewCase {
        channel: Channel::Letter,
        received_at: Some(utc("2026-03-09T02:00:00Z")),
        petitioners: vec![person("张三")],
        visit: None,
        letter: Some(LetterInfo {
            postmark_date: Some(d("2026-03-06")),
            return_address: Some("榕城区某村".into()),
        }),
        title: "征地补偿款未足额发放".into(),
        content: "村民反映征地补偿款未足额发放。".into(),
        locality: Locality {
            code: "445202".into(),
            name: "榕城区".into(),
        },
        matter_type: "land".into(),
        purpose: Purpose::Claim,
        litigation_related: false,
        authority: None,
        repeat_of: None,
        repeat_candidates: Vec::new(),
        feedback_due: None,
        handler: None,
    }
}

/// A group visit of `people` persons with `reps` representatives among the petitioners.
fn visit(people: u32, reps: usize) -> NewCase {
    let mut petitioners: Vec<Petitioner> = (0..reps).map(|i| rep(&format!("代表{i}"))).collect();
    petitioners.push(person("李四"));
    NewCase {
        channel: Channel::Visit,
        petitioners,
        visit: Some(VisitInfo {
            person_count: people,
            batch_count: 1,
        }),
        letter: None,
        ..letter()
    }
}

fn invalid(new: NewCase) -> (String, String) {
    match validate(new, now()) {
        Err(WorkflowError::Invalid { field, reason }) => (field, reason),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

fn assert_field(new: NewCase, field: &str) -> String {
    let (f, reason) = invalid(new);
    assert_eq!(f, field, "{reason}");
    assert!(!reason.is_empty());
    reason
}

fn register(new: NewCase) -> crate::domain::case::Case {
    let ok = validate(new, now()).expect("valid");
    build(
        ok,
        Uuid::nil(),
        "445202",
        "445202-2026-000009".into(),
        now(),
        &RuleSet::default(),
        &Calendar::shipped(),
    )
}

// ---------------------------------------------------------------------------------------------
// Representatives (Art. 20).

#[test]
fn five_representatives_pass() {
    assert_eq!(MAX_REPRESENTATIVES, 5);
    let ok = validate(visit(30, 5), now()).unwrap();
    assert_eq!(
        ok.petitioners.iter().filter(|p| p.representative).count(),
        5
    );
}

#[test]
fn six_representatives_are_an_error_naming_the_count() {
    let reason = assert_field(visit(30, 6), "petitioners");
    assert!(reason.contains("6人"), "{reason}");
    assert!(reason.contains("不得超过5人"), "{reason}");
    assert!(reason.contains("第二十条"), "{reason}");
    let reason = assert_field(visit(100, 9), "petitioners");
    assert!(reason.contains("9人"), "{reason}");
}

#[test]
fn representatives_only_on_a_visit() {
    for channel in [
        Channel::Letter,
        Channel::Online,
        Channel::Phone,
        Channel::Referred,
    ] {
        let mut n = letter();
        n.channel = channel;
        n.letter = None;
        n.petitioners.push(rep("王五"));
        let reason = assert_field(n, "petitioners");
        assert!(reason.contains("来访"), "{reason}");
    }
}

#[test]
fn visit_needs_its_counts() {
    let mut n = visit(3, 1);
    n.visit = None;
    assert_field(n, "visit");
    assert_field(visit(0, 0), "visit.person_count");
    let mut n = visit(3, 1);
    n.visit.as_mut().unwrap().batch_count = 0;
    assert_field(n, "visit.batch_count");
    // Fewer people than representatives.
    assert_field(visit(2, 3), "visit.person_count");
    assert!(validate(visit(3, 3), now()).is_ok());
    // A single visitor with no representative is fine.
    assert!(validate(visit(1, 0), now()).is_ok());
}

#[test]
fn visit_and_letter_facts_only_on_their_channel() {
    let mut n = letter();
    n.visit = Some(VisitInfo {
        person_count: 1,
        batch_count: 1,
    });
    assert_field(n, "visit");
    let mut n = letter();
    n.channel = Channel::Online;
    assert_field(n, "letter");
}

// ---------------------------------------------------------------------------------------------
// Identity numbers.

#[test]
fn invalid_id_number_names_the_petitioner_and_the_reason() {
    let mut n = letter();
    n.petitioners = vec![person("张三"), person("李四")];
    n.petitioners[0].id_number = Some("445202198001011235".into());
    n.petitioners[1].id_number = Some("445202198001011234".into());
    let reason = assert_field(n, "petitioners[1].id_number");
    assert!(reason.contains("校验位应为5"), "{reason}");
    assert!(reason.contains("实际为4"), "{reason}");
}

#[test]
fn id_number_errors_by_kind() {
    let cases = [
        ("4452021980010112", "18位"),
        ("44520219800101123A", "末位"),
        ("445202200102290018", "20010229"),
    ];
    for (id, word) in cases {
        let mut n = letter();
        n.petitioners[0].id_number = Some(id.into());
        let reason = assert_field(n, "petitioners[0].id_number");
        assert!(reason.contains(word), "{id}: {reason}");
    }
}

#[test]
fn id_numbers_are_normalised() {
    let mut n = letter();
    n.petitioners = vec![person(" 张三 "), person("李四"), person("王五")];
    n.petitioners[0].id_number = Some(" 11010519491231002x ".into());
    n.petitioners[1].id_number = Some("   ".into());
    n.petitioners[2].id_number = Some("445202200002290029".into());
    let ok = validate(n, now()).unwrap();
    assert_eq!(ok.petitioners[0].name, "张三");
    assert_eq!(
        ok.petitioners[0].id_number.as_deref(),
        Some("11010519491231002X")
    );
    assert_eq!(ok.petitioners[1].id_number, None);
    assert_eq!(
        ok.petitioners[2].id_number.as_deref(),
        Some("445202200002290029")
    );
}

#[test]
fn petitioners_are_required_and_named() {
    let mut n = letter();
    n.petitioners.clear();
    assert_field(n, "petitioners");
    let mut n = letter();
    n.petitioners.push(person("  "));
    assert_field(n, "petitioners[1].name");
}

// ---------------------------------------------------------------------------------------------
// Text fields and locality.

#[test]
fn locality_code_is_6_9_or_12_digits() {
    for ok in ["445202", "445202100", "445202100201"] {
        let mut n = letter();
        n.locality.code = ok.into();
        assert!(validate(n, now()).is_ok(), "{ok}");
    }
    for bad in [
        "",
        "44520",
        "4452021",
        "44520210",
        "4452021002011",
        "44520a",
        "４４５２０２",
    ] {
        let mut n = letter();
        n.locality.code = bad.into();
        let reason = assert_field(n, "locality.code");
        assert!(reason.contains("6、9或12位数字"), "{bad}: {reason}");
    }
    let mut n = letter();
    n.locality.name = " ".into();
    assert_field(n, "locality.name");
}

#[test]
fn locality_and_matter_type_are_stored_trimmed() {
    let mut n = letter();
    n.locality.code = " 445202 ".into();
    n.locality.name = " 榕城区 ".into();
    n.matter_type = " land\n".into();
    let ok = validate(n, now()).unwrap();
    assert_eq!(ok.locality.code, "445202");
    assert_eq!(ok.locality.name, "榕城区");
    assert_eq!(ok.matter_type, "land");
}

#[test]
fn title_content_and_matter_type_are_required() {
    let mut n = letter();
    n.title = "  \n".into();
    assert_field(n, "title");
    let mut n = letter();
    n.content = " ".into();
    assert_field(n, "content");
    let mut n = letter();
    n.matter_type = String::new();
    assert_field(n, "matter_type");
    let mut n = letter();
    n.title = "  标题  ".into();
    assert_eq!(validate(n, now()).unwrap().title, "标题");
}

// ---------------------------------------------------------------------------------------------
// Dates.

#[test]
fn received_at_in_the_future_is_an_error() {
    let mut n = letter();
    n.received_at = Some(now() + Duration::minutes(1));
    assert_field(n, "received_at");
    // Now itself and a backdated receipt are fine.
    let mut n = letter();
    n.received_at = Some(now());
    assert!(validate(n, now()).is_ok());
    let mut n = letter();
    n.received_at = Some(utc("2025-12-30T01:00:00Z"));
    assert!(validate(n, now()).is_ok());
}

#[test]
fn missing_received_at_means_now() {
    let mut n = letter();
    n.received_at = None;
    let ok = validate(n, now()).unwrap();
    assert_eq!(ok.received_at, Some(now()));
    let case = register(ok);
    assert_eq!(case.received_on, d("2026-03-10"));
}

#[test]
fn late_evening_utc_is_the_next_office_day() {
    // 2026-02-13 17:30 UTC is 2026-02-14 01:30 in the office: received on the make-up Saturday.
    // Disposal: 02-14 + 15 = Sun 03-01 → Mon 03-02.
    let mut n = letter();
    n.received_at = Some(utc("2026-02-13T17:30:00Z"));
    let case = register(n);
    assert_eq!(case.received_on, d("2026-02-14"));
    let disp = case.open_deadline(DeadlineKind::Disposal).unwrap();
    assert_eq!(disp.start_on, d("2026-02-14"));
    assert_eq!(disp.due_on, d("2026-03-02"));
    // One second before local midnight it is still 02-13: 02-13 + 15 = make-up Sat 02-28.
    let mut n = letter();
    n.received_at = Some(utc("2026-02-13T15:59:59Z"));
    let case = register(n);
    assert_eq!(case.received_on, d("2026-02-13"));
    assert_eq!(
        case.open_deadline(DeadlineKind::Disposal).unwrap().due_on,
        d("2026-02-28")
    );
    // New Year's Eve 23:30 local (15:30 UTC) is still 2025; 16:30 UTC is 2026-01-01.
    let mut n = letter();
    n.received_at = Some(utc("2025-12-31T15:30:00Z"));
    assert_eq!(register(n).received_on, d("2025-12-31"));
    let mut n = letter();
    n.received_at = Some(utc("2025-12-31T16:30:00Z"));
    assert_eq!(register(n).received_on, d("2026-01-01"));
}

// ---------------------------------------------------------------------------------------------
// Referred cases and the feedback date.

fn referred(feedback_due: &str) -> NewCase {
    NewCase {
        channel: Channel::Referred,
        letter: None,
        feedback_due: Some(d(feedback_due)),
        ..letter()
    }
}

#[test]
fn referred_case_with_feedback_due_gets_a_feedback_deadline() {
    // Received 2026-03-09 (10:00 local); the higher office wants the result by Fri 03-27.
    let case = register(referred("2026-03-27"));
    assert_eq!(case.status, Status::Registered);
    let mut kinds: Vec<_> = case.deadlines.iter().map(|x| x.kind).collect();
    kinds.sort();
    assert_eq!(kinds, vec![DeadlineKind::Disposal, DeadlineKind::Feedback]);
    let f = case.open_deadline(DeadlineKind::Feedback).unwrap();
    assert_eq!((f.start_on, f.due_on), (d("2026-03-09"), d("2026-03-27")));
    assert!(matches!(&f.basis, Basis::Fixed { set_by } if set_by == "上级机关"));
    assert!(f.explanation.contains("上级机关"));
    // Disposal: 03-09 + 15 = Tue 03-24, sooner than the feedback date.
    assert_eq!(case.next_duty().unwrap().kind, DeadlineKind::Disposal);
    assert_eq!(case.next_duty().unwrap().due_on, d("2026-03-24"));
}

#[test]
fn referred_case_without_feedback_due_has_only_disposal() {
    let mut n = referred("2026-03-27");
    n.feedback_due = None;
    let case = register(n);
    assert_eq!(case.deadlines.len(), 1);
    assert_eq!(case.deadlines[0].kind, DeadlineKind::Disposal);
}

#[test]
fn feedback_due_must_follow_receipt_and_only_on_referred_cases() {
    assert_field(referred("2026-03-09"), "feedback_due");
    assert_field(referred("2026-03-01"), "feedback_due");
    assert!(validate(referred("2026-03-10"), now()).is_ok());
    let mut n = letter();
    n.feedback_due = Some(d("2026-03-27"));
    assert_field(n, "feedback_due");
}

// ---------------------------------------------------------------------------------------------
// The built case.

#[test]
fn build_fills_the_case() {
    let mut n = visit(12, 2);
    n.litigation_related = true;
    n.repeat_of = Some("445202-2025-000100".into());
    n.authority = Some("榕城区人民法院".into());
    n.handler = Some("陈科员".into());
    let case = register(n);
    assert_eq!(case.office_code, "445202");
    assert_eq!(case.case_no, "445202-2026-000009");
    assert_eq!(case.channel, Channel::Visit);
    assert_eq!(case.status, Status::Registered);
    assert_eq!(case.version, 1);
    assert_eq!(case.created_at, now());
    assert_eq!(case.updated_at, now());
    assert_eq!(case.received_at, utc("2026-03-09T02:00:00Z"));
    assert_eq!(case.received_on, d("2026-03-09"));
    assert_eq!(case.petitioners.len(), 3);
    assert_eq!(case.visit.as_ref().unwrap().person_count, 12);
    assert!(case.litigation_related);
    assert_eq!(case.repeat_of.as_deref(), Some("445202-2025-000100"));
    assert_eq!(case.authority.as_deref(), Some("榕城区人民法院"));
    assert_eq!(case.handler.as_deref(), Some("陈科员"));
    assert_eq!(case.progress, Default::default());
    let disp = &case.deadlines[0];
    assert_eq!(disp.kind, DeadlineKind::Disposal);
    assert_eq!(disp.due_on, d("2026-03-24"));
    assert!(disp.is_open());
}

#[test]
fn new_case_deserializes_from_the_cli_json() {
    let n: NewCase = serde_json::from_str(
        r#"{
            "channel": "visit",
            "received_at": "2026-02-13T17:30:00Z",
            "petitioners": [{"name": "张三", "representative": true}, {"name": "李四"}],
            "visit": {"person_count": 8},
            "title": "拖欠工资",
            "content": "某公司拖欠工资",
            "locality": {"code": "445202", "name": "榕城区"},
            "matter_type": "labour",
            "purpose": "claim"
        }"#,
    )
    .unwrap();
    assert_eq!(n.visit.as_ref().unwrap().batch_count, 1);
    let case = register(n);
    assert_eq!(case.received_on, d("2026-02-14"));
    assert!(!case.litigation_related);
}

fn refused_field(new: NewCase) -> (String, String) {
    match validate(new, now()) {
        Err(WorkflowError::Invalid { field, reason }) => (field, reason),
        other => panic!("expected an invalid field, got {other:?}"),
    }
}

#[test]
fn a_receipt_before_the_first_regulation_is_refused() {
    let mut new = letter();
    new.received_at = Some(utc("1900-01-01T02:00:00Z"));
    let (field, reason) = refused_field(new);
    assert_eq!(field, "received_at");
    assert!(reason.contains("1995年10月28日"), "{reason}");
}

#[test]
fn an_id_number_born_after_today_is_refused() {
    // 2099-01-01, with a valid check digit.
    let first17 = "44520220990101001";
    let id = format!(
        "{first17}{}",
        crate::domain::identity::check_digit(first17).unwrap()
    );
    let mut new = letter();
    new.petitioners[0].id_number = Some(id);
    let (field, reason) = refused_field(new);
    assert_eq!(field, "petitioners[0].id_number");
    assert!(reason.contains("晚于今天"), "{reason}");
}

#[test]
fn control_characters_are_refused_where_they_would_be_printed() {
    for (set, field) in [
        (
            (|n: &mut NewCase| n.title = "反映\u{1b}[31m噪音".into()) as fn(&mut NewCase),
            "title",
        ),
        (|n| n.content = "第一行\n第二行\u{0}".into(), "content"),
        (
            |n| n.petitioners[0].address = Some("榕城区\u{7}某村".into()),
            "petitioners[0].address",
        ),
    ] {
        let mut new = letter();
        set(&mut new);
        let (got, reason) = refused_field(new);
        assert_eq!(got, field);
        assert!(reason.contains("控制字符"), "{reason}");
    }
    // Line breaks and tabs in the content are the petitioner's text.
    let mut new = letter();
    new.content = "第一段\n\t第二段\r\n".into();
    assert!(validate(new, now()).is_ok());
}

#[test]
fn a_full_width_id_number_is_stored_in_ascii() {
    let mut new = letter();
    new.petitioners[0].id_number = Some("１１０１０５１９４９１２３１００２ｘ".into());
    let new = validate(new, now()).unwrap();
    assert_eq!(
        new.petitioners[0].id_number.as_deref(),
        Some("11010519491231002X")
    );
}
