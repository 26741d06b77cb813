//! 越级访 (Arts. 19–20) in a city office: a visit about a township's matter is found at
//! registration with the article, and declined in one step towards the county with its
//! 不予受理告知书; a visit the city may take is not found, and the step is refused.

mod common;

use std::path::Path;

use common::cli::xinfang;
use common::pdf::tool;
use tempfile::TempDir;
use xinfang::domain::case::{Channel, Locality, Status, VisitInfo};
use xinfang::domain::document::DocumentKind;
use xinfang::domain::level_skip::LevelSkipKind;
use xinfang::domain::office::Office;
use xinfang::domain::workflow::{Action, ActionKind};
use xinfang::{Desk, Error};

const COUNTY_OFFICE: &str = "揭阳市榕城区信访局";

async fn city_desk(path: &Path) -> Desk {
    let desk = common::open_desk(path).await;
    desk.init_demo_office(Office {
        code: "445200".into(),
        name: "揭阳市信访局".into(),
        doc_prefix: "揭信访".into(),
    })
    .await
    .unwrap();
    common::sign_in(&desk, common::USER).await;
    desk
}

async fn visit_about(desk: &Desk, code: &str, name: &str) -> String {
    let mut new = common::letter("街道拖欠保洁员工资");
    new.channel = Channel::Visit;
    new.visit = Some(VisitInfo {
        person_count: 1,
        batch_count: 1,
    });
    new.locality = Locality {
        code: code.into(),
        name: name.into(),
    };
    desk.register(new).await.unwrap().case_no
}

fn decline() -> Action {
    Action::DeclineLevelSkip {
        date: None,
        authority: None,
    }
}

#[tokio::test]
async fn a_visit_skipping_the_county_is_found_and_declined_towards_it_with_its_notice() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("city.sqlite");
    let desk = city_desk(&db).await;
    let probe = desk
        .level_skip_probe(Channel::Visit, "445202001", None)
        .await
        .unwrap()
        .expect("a township's matter at the city skips the county");
    assert_eq!(probe.kind, LevelSkipKind::SkipsLevel);
    assert!(
        probe.explanation.contains("第二十条"),
        "{}",
        probe.explanation
    );
    assert_eq!(
        desk.level_skip_probe(Channel::Letter, "445202001", None)
            .await
            .unwrap(),
        None,
        "letters are not visits"
    );

    let no = visit_about(&desk, "445202001", "榕城区榕华街道").await;
    let detail = desk.case_detail(&no).await.unwrap();
    assert_eq!(detail.level_skip, Some(probe));
    assert!(detail
        .allowed_actions
        .contains(&ActionKind::DeclineLevelSkip));

    let case = desk.act(&no, decline()).await.unwrap();
    assert_eq!(case.status, Status::Declined);
    let docs = desk.list_documents(&no).await.unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0].kind, DocumentKind::NonAcceptanceNotice);
    let (_, path) = desk.document(&docs[0].doc_no).await.unwrap();
    let text: String = tool("pdftotext", &[path.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect();
    for want in [
        "越级走访",
        "《信访工作条例》第二十条",
        "依法逐级走访",
        COUNTY_OFFICE,
        &docs[0].doc_no,
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    let detail = desk.case_detail(&no).await.unwrap();
    assert_eq!(detail.level_skip, None, "disposed of: nothing left to find");
    assert!(detail
        .timeline
        .iter()
        .any(|e| e.summary.starts_with("越级走访：") && e.summary.contains(COUNTY_OFFICE)));

    // The CLI shows the finding and takes the step the same way.
    let other = visit_about(&desk, "445202002", "榕城区新兴街道").await;
    drop(desk);
    let shown = xinfang(&db, &["case", "show", &other]).ok().stdout;
    assert!(
        shown.contains("越级访：") && shown.contains("第二十条"),
        "{shown}"
    );
    let json = xinfang(&db, &["case", "show", &other, "--json"])
        .ok()
        .json();
    assert_eq!(json["level_skip"]["kind"], "skips_level");
    let acted = xinfang(
        &db,
        &["case", "act", &other, "decline_level_skip", "--json", "{}"],
    )
    .ok()
    .json();
    assert_eq!(acted["status"], "declined");
    assert_eq!(
        acted["progress"]["disposal"]["authority"]["name"],
        COUNTY_OFFICE
    );
}

#[tokio::test]
async fn a_visit_the_city_may_take_is_not_declined_as_level_skipping() {
    let dir = TempDir::new().unwrap();
    let desk = city_desk(&dir.path().join("city.sqlite")).await;
    // A county's matter at the city: one level up, lawful (Art. 20).
    let no = visit_about(&desk, "445202", "榕城区").await;
    let detail = desk.case_detail(&no).await.unwrap();
    assert_eq!(detail.level_skip, None);
    assert!(!detail
        .allowed_actions
        .contains(&ActionKind::DeclineLevelSkip));
    match desk.act(&no, decline()).await {
        Err(e @ Error::Forbidden { .. }) => assert!(e.to_string().contains("第二十条"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(desk.case(&no).await.unwrap().status, Status::Registered);
    assert!(desk.list_documents(&no).await.unwrap().is_empty());
}
