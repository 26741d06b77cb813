//! Corrections to registered records: two petitioner records merged, a case split.

use super::workflow::registered;
use crate::domain::case::{Case, Petitioner};
use crate::domain::case_split::{split, CaseSplit};
use crate::domain::petitioner_merge::{merge, PetitionerMerge, PetitionerRef, Side};

/// A second registered case, numbered apart from `registered`'s.
fn other(received: &str) -> Case {
    let mut case = registered(received);
    case.case_no = "445202-2026-000002".into();
    case
}

fn person(name: &str, id: Option<&str>, phone: Option<&str>) -> Petitioner {
    Petitioner {
        name: name.into(),
        id_number: id.map(Into::into),
        phone: phone.map(Into::into),
        address: None,
        representative: false,
    }
}

fn at(case: &Case, index: usize) -> PetitionerRef {
    PetitionerRef {
        case_no: case.case_no.clone(),
        index,
    }
}

#[test]
fn each_field_comes_from_the_side_chosen_and_both_cases_hold_the_result() {
    let mut one = registered("2026-03-02");
    one.petitioners = vec![person("王秀英", None, Some("13800000001"))];
    let mut two = other("2026-03-09");
    two.petitioners = vec![
        person("李强", None, None),
        person("王秀英", Some("440105196001011235"), Some("13900000002")),
    ];
    two.petitioners[1].representative = true;
    let m = PetitionerMerge {
        first: at(&one, 0),
        second: at(&two, 1),
        name: Side::First,
        id_number: Side::Second,
        phone: Side::First,
        address: Side::First,
    };
    let merged = merge(&one, Some(&two), &m).unwrap();
    assert_eq!(
        merged.person.id_number.as_deref(),
        Some("440105196001011235")
    );
    assert_eq!(merged.person.phone.as_deref(), Some("13800000001"));
    let [a, b] = &merged.cases[..] else {
        panic!("two cases")
    };
    assert_eq!(a.petitioners[0].id_number, merged.person.id_number);
    assert!(!a.petitioners[0].representative);
    assert_eq!(b.petitioners[1].phone.as_deref(), Some("13800000001"));
    assert!(
        b.petitioners[1].representative,
        "the mark stays with its case"
    );
    assert_eq!(b.petitioners[0].name, "李强", "other petitioners untouched");
}

#[test]
fn a_person_entered_twice_on_one_case_leaves_one_record() {
    let mut one = registered("2026-03-02");
    one.petitioners = vec![
        person("赵敏", None, Some("13800000001")),
        person("李强", None, None),
        person("赵敏", Some("440105196001011235"), None),
    ];
    one.petitioners[2].representative = true;
    let m = PetitionerMerge {
        first: at(&one, 0),
        second: at(&one, 2),
        name: Side::First,
        id_number: Side::Second,
        phone: Side::First,
        address: Side::First,
    };
    let merged = merge(&one, None, &m).unwrap();
    let kept = &merged.cases[0].petitioners;
    assert_eq!(kept.len(), 2);
    assert_eq!(kept[0].id_number.as_deref(), Some("440105196001011235"));
    assert_eq!(kept[0].phone.as_deref(), Some("13800000001"));
    assert!(kept[0].representative);
    assert_eq!(kept[1].name, "李强");
}

#[test]
fn refuses_a_missing_record_the_same_record_and_nothing_to_merge() {
    let mut one = registered("2026-03-02");
    one.petitioners = vec![person("赵敏", None, None)];
    let mut two = other("2026-03-09");
    two.petitioners = one.petitioners.clone();
    let m = |first, second| PetitionerMerge {
        first,
        second,
        name: Side::First,
        id_number: Side::First,
        phone: Side::First,
        address: Side::First,
    };
    let missing = merge(&one, None, &m(at(&one, 0), at(&one, 3))).unwrap_err();
    assert!(missing.to_string().contains("没有第4位信访人"), "{missing}");
    let itself = merge(&one, None, &m(at(&one, 0), at(&one, 0))).unwrap_err();
    assert!(itself.to_string().contains("另一条"), "{itself}");
    let same = merge(&one, Some(&two), &m(at(&one, 0), at(&two, 0))).unwrap_err();
    assert!(same.to_string().contains("无需合并"), "{same}");
}

fn split_of(petitioners: Vec<usize>) -> CaseSplit {
    CaseSplit {
        title: "宅基地纠纷".into(),
        content: "与邻居宅基地界址有争议。".into(),
        matter_type: None,
        purpose: None,
        petitioners,
        remaining_title: "征地补偿款未足额发放".into(),
        remaining_content: "村民反映2025年征地补偿款未足额发放。".into(),
    }
}

#[test]
fn a_split_off_matter_is_received_with_the_original_from_the_people_who_raise_it() {
    let mut case = registered("2026-03-02");
    case.petitioners.push(Petitioner {
        name: "李强".into(),
        id_number: None,
        phone: None,
        address: None,
        representative: false,
    });
    let (new, rest) = split(&case, &split_of(vec![1])).unwrap();
    assert_eq!(new.received_at, Some(case.received_at));
    assert_eq!(new.channel, case.channel);
    assert_eq!(new.matter_type, case.matter_type);
    assert_eq!(new.petitioners.len(), 1);
    assert_eq!(new.petitioners[0].name, "李强");
    assert_eq!(new.repeat_of, None);
    assert_eq!(rest.title, "征地补偿款未足额发放");
    assert_eq!(
        rest.petitioners, case.petitioners,
        "the original keeps everyone"
    );

    let (all, _) = split(&case, &split_of(Vec::new())).unwrap();
    assert_eq!(
        all.petitioners, case.petitioners,
        "nobody named: all of them"
    );
}

#[test]
fn a_split_needs_both_matters_written_apart_and_petitioners_of_the_case() {
    let case = registered("2026-03-02");
    let err = split(&case, &split_of(vec![3])).unwrap_err();
    assert!(err.to_string().contains("没有第4位信访人"), "{err}");
    let mut same = split_of(Vec::new());
    same.content = same.remaining_content.clone();
    assert!(split(&case, &same)
        .unwrap_err()
        .to_string()
        .contains("相同"));
    let mut empty = split_of(Vec::new());
    empty.remaining_content = "  ".into();
    assert!(split(&case, &empty)
        .unwrap_err()
        .to_string()
        .contains("原件保留的事项内容"));
}
