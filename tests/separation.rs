//! 诉访分离 in one step (Arts. 22, 28): a litigation-related visit declined towards the court
//! with its 不予受理告知书 and the lawyers' window, a letter forwarded to the political-legal
//! organ with its 转送函 and 转送告知书; one transaction, so a failure leaves nothing behind.
//! Also: the classification a clerk records, and the accuser kept off letters between organs.

mod common;

use std::path::Path;

use common::pdf::tool;
use tempfile::TempDir;
use xinfang::domain::case::{Authority, AuthorityKind, Channel, Purpose, Status, VisitInfo};
use xinfang::domain::document::DocumentKind;
use xinfang::domain::period::DeadlineKind;
use xinfang::domain::workflow::{Action, ActionKind};
use xinfang::{Desk, Error};

const COURT: &str = "揭阳市榕城区人民法院";
const WINDOW: &str = "榕城区信访局律师接访窗口";

fn court() -> Authority {
    Authority {
        name: COURT.into(),
        kind: AuthorityKind::PoliticalLegal,
    }
}

fn separate() -> Action {
    Action::SeparateLitigation {
        date: None,
        authority: court(),
        reason: String::new(),
        statutory_channel: "向揭阳市中级人民法院申请再审".into(),
        lawyer_window: Some(WINDOW.into()),
        note: None,
    }
}

async fn litigation_case(desk: &Desk, channel: Channel) -> String {
    let mut new = common::letter("对法院民事判决不服要求改判");
    new.channel = channel;
    new.content = "我和邻居的宅基地官司法院判我输了，判得不公，要求信访局帮我改判。".into();
    new.litigation_related = true;
    if channel == Channel::Visit {
        new.visit = Some(VisitInfo {
            person_count: 1,
            batch_count: 1,
        });
    }
    desk.register(new).await.unwrap().case_no
}

fn text_of(path: &Path) -> String {
    tool("pdftotext", &[path.to_str().unwrap(), "-"])
        .split_whitespace()
        .collect()
}

#[tokio::test]
async fn a_litigation_related_visit_is_declined_with_its_notice_and_the_lawyers_window() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let no = litigation_case(&desk, Channel::Visit).await;
    let detail = desk.case_detail(&no).await.unwrap();
    assert!(detail
        .allowed_actions
        .contains(&ActionKind::SeparateLitigation));
    assert!(!detail.allowed_actions.contains(&ActionKind::Accept));
    // The case page says why 受理 is not offered, in the rule's words.
    let why = detail.accept_refused.expect("the refusal is given");
    assert!(
        why.contains("诉访分离") && why.contains("第二十八条"),
        "{why}"
    );

    let case = desk.act(&no, separate()).await.unwrap();
    assert_eq!(case.status, Status::Declined);
    let detail = desk.case_detail(&no).await.unwrap();
    assert_eq!(
        detail.accept_refused, None,
        "disposed of: nothing to explain"
    );
    let plain = desk.register(common::letter("拖欠工资")).await.unwrap();
    let detail = desk.case_detail(&plain.case_no).await.unwrap();
    assert_eq!(detail.accept_refused, None, "受理 is offered");
    // The notice issued in the same step meets the Art. 23 deadline.
    assert!(case
        .deadlines
        .iter()
        .any(|d| d.kind == DeadlineKind::Notice && d.met_on == Some(common::today())));
    let docs = desk.list_documents(&no).await.unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0].kind, DocumentKind::NonAcceptanceNotice);
    let (_, path) = desk.document(&docs[0].doc_no).await.unwrap();
    let text = text_of(&path);
    for want in [
        "《信访工作条例》第二十二条、第二十八条",
        "涉法涉诉",
        "向揭阳市中级人民法院申请再审",
        COURT,
        WINDOW,
        &docs[0].doc_no,
    ] {
        assert!(text.contains(want), "{want} not in {text}");
    }
    let timeline = desk.case_detail(&no).await.unwrap().timeline;
    let summaries: Vec<&str> = timeline.iter().map(|e| e.summary.as_str()).collect();
    assert!(
        summaries
            .iter()
            .any(|s| s.starts_with("诉访分离") && s.contains(WINDOW)),
        "{summaries:?}"
    );
    assert!(summaries.iter().any(|s| s.contains(&docs[0].doc_no)));
}

#[tokio::test]
async fn a_litigation_related_letter_is_forwarded_with_its_letter_and_the_petitioners_notice() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let no = litigation_case(&desk, Channel::Letter).await;
    let case = desk.act(&no, separate()).await.unwrap();
    assert_eq!(case.status, Status::Forwarded);
    let docs = desk.list_documents(&no).await.unwrap();
    let kinds: Vec<DocumentKind> = docs.iter().map(|d| d.kind).collect();
    assert_eq!(
        kinds,
        [
            DocumentKind::ForwardingLetter,
            DocumentKind::ForwardingNotice
        ]
    );
    assert!(docs.iter().all(|d| d.doc_no.ends_with("〕1号")), "{docs:?}");
    let (_, notice) = desk.document(&docs[1].doc_no).await.unwrap();
    let text = text_of(&notice);
    assert!(text.contains("信访事项转送告知书"), "{text}");
    assert!(
        text.contains(&format!("将该事项转送{COURT}依法处理")),
        "{text}"
    );
    assert!(
        text.contains("张三"),
        "the notice goes to the petitioner: {text}"
    );
    let (_, letter) = desk.document(&docs[0].doc_no).await.unwrap();
    assert!(text_of(&letter).contains("现转送你单位"));
}

#[tokio::test]
async fn a_failure_in_the_second_document_leaves_no_decision_no_number_and_no_file() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let no = litigation_case(&desk, Channel::Online).await;
    let before = desk.case(&no).await.unwrap();
    let pool = &desk.db().pool;
    sqlx::query(
        "CREATE TRIGGER fail_notice BEFORE INSERT ON issued_documents
         WHEN NEW.kind = 'forwarding_notice'
         BEGIN SELECT RAISE(ABORT, 'simulated failure'); END",
    )
    .execute(pool)
    .await
    .unwrap();
    let r = desk.act(&no, separate()).await;
    assert!(matches!(r, Err(Error::Database(_))), "{r:?}");
    assert_eq!(desk.case(&no).await.unwrap(), before);
    assert!(desk.list_documents(&no).await.unwrap().is_empty());
    let counters: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM counters WHERE scope LIKE 'doc:%'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(counters, 0);
    let folder = desk.documents_folder().await.unwrap();
    assert!(
        common::files_under(&folder).is_empty(),
        "{:?}",
        common::files_under(&folder)
    );

    sqlx::query("DROP TRIGGER fail_notice")
        .execute(pool)
        .await
        .unwrap();
    desk.act(&no, separate()).await.unwrap();
    assert_eq!(desk.list_documents(&no).await.unwrap().len(), 2);
}

#[tokio::test]
async fn separation_towards_a_bureau_or_of_an_ordinary_matter_is_refused_and_changes_nothing() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let no = litigation_case(&desk, Channel::Visit).await;
    let before = desk.case(&no).await.unwrap();
    let mut to_bureau = separate();
    if let Action::SeparateLitigation { authority, .. } = &mut to_bureau {
        authority.name = "揭阳市榕城区住房和城乡建设局".into();
        authority.kind = AuthorityKind::Administrative;
    }
    let r = desk.act(&no, to_bureau).await;
    match r {
        Err(e @ Error::Forbidden { .. }) => {
            let msg = e.to_string();
            assert!(
                msg.contains("政法机关") && msg.contains("第二十八条"),
                "{msg}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(desk.case(&no).await.unwrap(), before);
    assert!(desk.list_documents(&no).await.unwrap().is_empty());

    let plain = desk
        .register(common::letter("反映小区物业管理混乱问题"))
        .await
        .unwrap();
    let r = desk.act(&plain.case_no, separate()).await;
    assert!(matches!(r, Err(Error::Forbidden { .. })), "{r:?}");
}

#[tokio::test]
async fn a_classification_records_the_proposal_and_teaches_the_next_one() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let mut first = common::letter("反映工地拖欠农民工工资问题");
    first.content = "包工头拖欠我们十几个工人三个月工钱，过年回不了家。".into();
    let no = desk.register(first).await.unwrap().case_no;
    let proposed: Vec<String> = desk
        .propose_routing(&no)
        .await
        .unwrap()
        .into_iter()
        .map(|p| p.row_id)
        .collect();
    // The clerk picks the second proposal; the proposal is recorded as the app made it.
    let chosen = proposed[1].clone();
    let case = desk
        .act(
            &no,
            Action::Classify {
                date: None,
                row_id: chosen.clone(),
                proposed: Vec::new(),
            },
        )
        .await
        .unwrap();
    let routing = case.progress.routing.clone().expect("recorded");
    assert_eq!(routing.row.id, chosen);
    assert_eq!(routing.proposed, proposed);
    assert_eq!(
        routing.list_version,
        desk.channel_list().await.unwrap().version
    );
    let accuracy = desk.routing_accuracy().await.unwrap();
    assert_eq!(
        (
            accuracy.classified,
            accuracy.proposed,
            accuracy.top1,
            accuracy.top3
        ),
        (1, 1, 0, 1)
    );

    // A later case in the same words now names the earlier one among its reasons.
    let mut again = common::letter("工钱讨不回来");
    again.content = "包工头拖欠我们三个月工钱，过年回不了家。".into();
    let later = desk.register(again).await.unwrap().case_no;
    let proposals = desk.propose_routing(&later).await.unwrap();
    assert!(
        proposals
            .iter()
            .any(|p| p.row_id == chosen && p.why.iter().any(|w| w.contains(&no))),
        "{proposals:?}"
    );

    let r = desk
        .act(
            &later,
            Action::Classify {
                date: None,
                row_id: "no-such-row".into(),
                proposed: Vec::new(),
            },
        )
        .await;
    assert!(
        matches!(&r, Err(Error::Invalid { field, .. }) if field == "row_id"),
        "{r:?}"
    );
}

#[tokio::test]
async fn an_accusers_name_stays_off_the_letter_to_the_organ() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let mut new = common::letter("反映村干部优亲厚友问题");
    new.purpose = Purpose::Accusation;
    new.content = "村主任把低保名额给了自己亲戚。".into();
    let no = desk.register(new).await.unwrap().case_no;
    desk.act(
        &no,
        Action::Forward {
            date: None,
            authority: Authority {
                name: "中共揭阳市榕城区纪律检查委员会".into(),
                kind: AuthorityKind::Discipline,
            },
            note: None,
        },
    )
    .await
    .unwrap();
    let receipt = desk
        .issue_document(&no, DocumentKind::ForwardingLetter, &Default::default())
        .await
        .unwrap();
    let text = text_of(Path::new(&receipt.path));
    assert!(!text.contains("张三"), "{text}");
    assert!(text.contains("群众"), "{text}");
    // The notice to the accuser still names them.
    let notice = desk
        .issue_document(&no, DocumentKind::ForwardingNotice, &Default::default())
        .await
        .unwrap();
    assert!(text_of(Path::new(&notice.path)).contains("张三"));
}

#[tokio::test]
async fn an_organ_of_the_directory_is_taken_with_the_directorys_kind() {
    let dir = TempDir::new().unwrap();
    let db = dir.path().join("office.sqlite");
    let desk = common::office_desk(&db).await;
    let no = litigation_case(&desk, Channel::Letter).await;
    desk.close().await;
    // The CLI names the court without its kind: the directory knows it is a court.
    let json = serde_json::json!({ "authority": { "name": COURT } }).to_string();
    let case = common::cli::xinfang(
        &db,
        &["case", "act", &no, "separate_litigation", "--json", &json],
    )
    .ok()
    .json();
    assert_eq!(case["status"], "forwarded", "{case}");
    assert_eq!(
        case["progress"]["disposal"]["authority"]["kind"],
        "political_legal"
    );
}

#[tokio::test]
async fn a_registration_being_typed_is_proposed_its_rows() {
    let dir = TempDir::new().unwrap();
    let desk = common::office_desk(&dir.path().join("office.sqlite")).await;
    let proposals = desk
        .propose_routing_for_text("讨薪", "包工头拖欠我们三个月工钱，过年回不了家。")
        .await
        .unwrap();
    assert!(
        proposals.iter().any(|p| p.row_id.contains("wage-arrears")),
        "{proposals:?}"
    );
    assert!(desk
        .propose_routing_for_text(" ", "")
        .await
        .unwrap()
        .is_empty());
}
