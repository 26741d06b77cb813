//! Corrections to registered records on a real office database: two petitioner records of one
//! person merged (field by field, both timelines keeping the old values), and a case holding
//! several matters split into cases that share its history.

mod common;

use tempfile::TempDir;
use xinfang::desk::CaseQuery;
use xinfang::domain::case::{Case, Channel, Petitioner, Status, VisitInfo};
use xinfang::domain::case_split::CaseSplit;
use xinfang::domain::period::DeadlineKind;
use xinfang::domain::petitioner_merge::{PetitionerMerge, PetitionerRef, Side};
use xinfang::domain::repeats::RepeatProbe;
use xinfang::domain::workflow::{Action, ActionKind};
use xinfang::{Desk, Error};

const ID: &str = "440105196001011235";

fn person(name: &str, id: Option<&str>, phone: Option<&str>, address: Option<&str>) -> Petitioner {
    Petitioner {
        name: name.into(),
        id_number: id.map(Into::into),
        phone: phone.map(Into::into),
        address: address.map(Into::into),
        representative: false,
    }
}

async fn register(desk: &Desk, title: &str, petitioners: Vec<Petitioner>) -> Case {
    let mut new = common::letter(title);
    if petitioners.iter().any(|p| p.representative) {
        new.channel = Channel::Visit;
        new.visit = Some(VisitInfo {
            person_count: petitioners.len() as u32,
            batch_count: 1,
        });
    }
    new.petitioners = petitioners;
    desk.register(new).await.unwrap()
}

fn at(case: &Case, index: usize) -> PetitionerRef {
    PetitionerRef {
        case_no: case.case_no.clone(),
        index,
    }
}

async fn unmasked(desk: &Desk, case: &Case) -> Case {
    desk.case_unmasked(&case.case_no, "核对合并结果")
        .await
        .unwrap()
        .case
}

#[tokio::test]
async fn two_records_of_one_person_become_one_on_both_cases_and_the_timelines_keep_both() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let one = register(
        &desk,
        "拖欠工资",
        vec![person(
            "王秀英",
            None,
            Some("13800000001"),
            Some("榕华街道"),
        )],
    )
    .await;
    let mut rep = person("王秀英", Some(ID), Some("13900000002"), None);
    rep.representative = true;
    let two = register(
        &desk,
        "拖欠工资",
        vec![person("李强", None, None, None), rep],
    )
    .await;

    let merge = PetitionerMerge {
        first: at(&one, 0),
        second: at(&two, 1),
        name: Side::First,
        id_number: Side::Second,
        phone: Side::First,
        address: Side::First,
    };
    let changed = desk.merge_petitioners(&merge).await.unwrap();
    assert_eq!(changed.len(), 2);
    assert!(
        changed.iter().all(|c| c.version == 2),
        "each case moved on one version"
    );

    let (one, two) = (unmasked(&desk, &one).await, unmasked(&desk, &two).await);
    let kept = person("王秀英", Some(ID), Some("13800000001"), Some("榕华街道"));
    assert_eq!(one.petitioners, vec![kept.clone()]);
    assert_eq!(
        two.petitioners[0].name, "李强",
        "the other petitioner is untouched"
    );
    assert_eq!(
        two.petitioners[1],
        Petitioner {
            representative: true,
            ..kept
        },
        "the representative mark belongs to its case"
    );

    // Each timeline says what was merged with what, and what the record held before.
    let detail = desk
        .case_unmasked(&two.case_no, "核对合并记录")
        .await
        .unwrap();
    let event = detail
        .timeline
        .iter()
        .find(|e| e.action == "merge_petitioners")
        .expect("the merge is on the timeline");
    assert!(event.summary.contains(&one.case_no), "{}", event.summary);
    assert_eq!(event.before["petitioners"][1]["phone"], "13900000002");
    assert_eq!(event.after["petitioners"][1]["phone"], "13800000001");
    assert_eq!(event.details["records"]["first"]["phone"], "13800000001");
    assert_eq!(event.details["records"]["second"]["phone"], "13900000002");
    let first_event = desk
        .case_detail(&one.case_no)
        .await
        .unwrap()
        .timeline
        .into_iter()
        .find(|e| e.action == "merge_petitioners")
        .expect("on the first case too");
    assert!(
        first_event.summary.contains(&two.case_no),
        "{}",
        first_event.summary
    );
    assert_eq!(
        first_event.before["petitioners"][0]["id_number"],
        serde_json::Value::Null
    );

    // The ID number now links both cases, and the search finds the case by the kept phone.
    let probe = RepeatProbe {
        petitioners: vec![person("王秀英", Some(ID), None, None)],
        locality_code: "445202".into(),
        title: "拖欠工资".into(),
        content: "反映拆迁补偿款未按时发放问题。".into(),
        except_case_no: None,
    };
    let found: Vec<String> = desk
        .repeat_candidates(&probe)
        .await
        .unwrap()
        .into_iter()
        .filter(|c| c.reasons.iter().any(|r| r.contains("身份证")))
        .map(|c| c.case_no)
        .collect();
    assert!(
        found.contains(&one.case_no) && found.contains(&two.case_no),
        "{found:?}"
    );
    let page = desk
        .list_cases(&xinfang::desk::CaseQuery {
            text: Some("13800000001".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 2, "both cases hold the kept phone now");
}

#[tokio::test]
async fn a_person_entered_twice_on_one_case_is_left_once() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let case = register(
        &desk,
        "集体反映征地补偿",
        vec![
            person("赵敏", None, Some("13800000001"), None),
            person("李强", None, None, None),
            person("赵敏", Some(ID), None, Some("新兴街道")),
        ],
    )
    .await;
    let merge = PetitionerMerge {
        first: at(&case, 0),
        second: at(&case, 2),
        name: Side::First,
        id_number: Side::Second,
        phone: Side::First,
        address: Side::Second,
    };
    assert_eq!(desk.merge_petitioners(&merge).await.unwrap().len(), 1);
    let case = unmasked(&desk, &case).await;
    assert_eq!(
        case.petitioners,
        vec![
            person("赵敏", Some(ID), Some("13800000001"), Some("新兴街道")),
            person("李强", None, None, None),
        ]
    );
}

#[tokio::test]
async fn a_refused_merge_changes_nothing_and_says_why() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let one = register(&desk, "拖欠工资", vec![person("王秀英", None, None, None)]).await;
    let two = register(
        &desk,
        "拖欠工资",
        vec![person("王秀英", Some(ID), None, None)],
    )
    .await;
    let merge = |second: PetitionerRef| PetitionerMerge {
        first: at(&one, 0),
        second,
        name: Side::First,
        id_number: Side::Second,
        phone: Side::First,
        address: Side::First,
    };

    let err = desk
        .merge_petitioners(&merge(at(&two, 5)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    assert!(err.to_string().contains("没有第6位信访人"), "{err}");
    let err = desk
        .merge_petitioners(&merge(PetitionerRef {
            case_no: "445202-2026-999999".into(),
            index: 0,
        }))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::CaseNotFound(_)), "{err:?}");

    // The administrator keeps the system and corrects no case.
    common::sign_in(&desk, "admin").await;
    let err = desk
        .merge_petitioners(&merge(at(&two, 0)))
        .await
        .unwrap_err();
    assert!(matches!(err, Error::NotPermitted { .. }), "{err:?}");

    common::sign_in(&desk, common::USER).await;
    for case in [&one, &two] {
        let detail = desk.case_detail(&case.case_no).await.unwrap();
        assert_eq!(detail.case.version, 1, "{} untouched", case.case_no);
        assert!(detail
            .timeline
            .iter()
            .all(|e| e.action != "merge_petitioners"));
    }
}

fn split_of(petitioners: Vec<usize>) -> CaseSplit {
    CaseSplit {
        title: "反映宅基地界址纠纷".into(),
        content: "与邻居宅基地界址有争议，请求调处。".into(),
        matter_type: Some("国土资源".into()),
        purpose: None,
        petitioners,
        remaining_title: "拖欠工资".into(),
        remaining_content: "工地拖欠工资三个月未发。".into(),
    }
}

#[tokio::test]
async fn a_case_holding_two_matters_is_split_and_the_new_case_shares_its_history() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let mut new = common::letter("拖欠工资并反映宅基地纠纷");
    new.content = "工地拖欠工资三个月未发；另与邻居宅基地界址有争议。".into();
    new.received_at = Some(common::now() - chrono::Duration::days(6));
    new.petitioners.push(person("李强", None, None, None));
    let original = desk.register(new).await.unwrap();
    desk.act(
        &original.case_no,
        Action::Accept {
            date: None,
            authority: None,
        },
    )
    .await
    .unwrap();

    let (rest, taken) = desk
        .split_case(&original.case_no, &split_of(vec![1]))
        .await
        .unwrap();
    assert_ne!(taken.case_no, original.case_no);
    assert_eq!(rest.case_no, original.case_no);

    // The matter taken out waits for its own decision, on the period that ran from receipt.
    assert_eq!(taken.status, Status::Registered);
    assert_eq!(taken.received_on, original.received_on);
    let disposal = |c: &Case| {
        c.deadlines
            .iter()
            .find(|d| d.kind == DeadlineKind::Disposal)
            .map(|d| d.due_on)
    };
    assert_eq!(disposal(&taken), disposal(&original));
    assert_eq!(taken.petitioners.len(), 1);
    assert_eq!(taken.petitioners[0].name, "李强");
    assert_eq!(taken.matter_type, "国土资源");

    let rest = desk.case_detail(&rest.case_no).await.unwrap();
    assert_eq!(rest.case.title, "拖欠工资");
    assert_eq!(
        rest.case.status,
        Status::Accepted,
        "the original goes on as it was"
    );
    assert_eq!(rest.case.petitioners.len(), 2);
    assert_eq!(rest.case.progress.split_into, vec![taken.case_no.clone()]);
    let event = rest.timeline.last().unwrap();
    assert_eq!(event.action, "split_case");
    assert_eq!(event.before["title"], "拖欠工资并反映宅基地纠纷");
    assert!(event.summary.contains(&taken.case_no), "{}", event.summary);

    let detail = desk.case_detail(&taken.case_no).await.unwrap();
    let shared: Vec<&str> = detail
        .history_before_split
        .iter()
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        shared,
        ["register", "accept"],
        "the original's history up to the split"
    );
    assert_eq!(detail.timeline.len(), 1);
    assert_eq!(detail.timeline[0].action, "split_case");
    assert!(detail.timeline[0].summary.contains(&original.case_no));
    assert!(
        detail.allowed_actions.contains(&ActionKind::Accept),
        "{:?}",
        detail.allowed_actions
    );

    // Each matter is found by its own words.
    let found = |text: &str| {
        let desk = &desk;
        let text = text.to_string();
        async move {
            desk.list_cases(&CaseQuery {
                text: Some(text),
                ..Default::default()
            })
            .await
            .unwrap()
            .items
            .into_iter()
            .map(|r| r.summary.case_no)
            .collect::<Vec<_>>()
        }
    };
    assert_eq!(found("宅基地").await, vec![taken.case_no.clone()]);
    assert_eq!(found("拖欠工资").await, vec![original.case_no.clone()]);
}

#[tokio::test]
async fn a_refused_split_registers_nothing() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let case = desk.register(common::letter("拖欠工资")).await.unwrap();
    let mut split = split_of(Vec::new());
    split.remaining_content = " ".into();
    let err = desk.split_case(&case.case_no, &split).await.unwrap_err();
    assert!(matches!(err, Error::Invalid { .. }), "{err:?}");
    let err = desk
        .split_case(&case.case_no, &split_of(vec![4]))
        .await
        .unwrap_err();
    assert!(err.to_string().contains("没有第5位信访人"), "{err}");
    let all = desk.list_cases(&CaseQuery::default()).await.unwrap();
    assert_eq!(all.total, 1);
    assert_eq!(desk.case(&case.case_no).await.unwrap().version, 1);
    // The next registration takes the next number: a refused split took none.
    let next = desk.register(common::letter("噪音扰民")).await.unwrap();
    assert!(next.case_no.ends_with("000002"), "{}", next.case_no);
}
