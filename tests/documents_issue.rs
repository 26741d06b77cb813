//! Issuing formal documents against a real SQLite file, with the PDFs read back by poppler
//! (pdftotext, pdffonts): every kind carries its required elements, numbers are gap-free
//! under concurrency, voided numbers stay, tampering is found, and a failed issue leaves
//! nothing behind.

mod common;

use common::cn;
use common::pdf::tool;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{Datelike, Duration, NaiveDate, TimeZone, Utc};
use tempfile::TempDir;
use xinfang::documents::issue::{FileProblem, IssueReceipt};
use xinfang::documents::templates::Template;
use xinfang::documents::DocumentKind;
use xinfang::domain::case::{
    Authority, AuthorityKind, Channel, Decision, Locality, NewCase, Petitioner, Purpose, Status,
};
use xinfang::domain::period::DeadlineKind;
use xinfang::domain::workflow::{Action, ActionKind};
use xinfang::{Desk, Error};

const AUTHORITY: &str = "揭阳市榕城区人力资源和社会保障局";

async fn open(dir: &TempDir) -> Desk {
    common::office_desk(&dir.path().join("office.sqlite")).await
}

fn received_on(desk: &Desk) -> NaiveDate {
    desk.today() - Duration::days(8)
}

fn new_case(desk: &Desk, name: &str) -> NewCase {
    let received = received_on(desk);
    // 09:30 in the office (UTC+8).
    let at = Utc.from_utc_datetime(&received.and_hms_opt(1, 30, 0).unwrap());
    NewCase {
        channel: Channel::Letter,
        received_at: Some(at),
        petitioners: vec![Petitioner {
            name: name.into(),
            id_number: None,
            phone: None,
            address: None,
            representative: false,
        }],
        visit: None,
        letter: None,
        title: "反映工地拖欠农民工工资问题".into(),
        content: "信访人反映某工地拖欠其工资八个月，请求依法处理。".into(),
        locality: Locality {
            code: "445202001".into(),
            name: "榕城区榕华街道".into(),
        },
        matter_type: "劳动社保".into(),
        purpose: Purpose::Claim,
        litigation_related: false,
        authority: Some(AUTHORITY.into()),
        repeat_of: None,
        repeat_candidates: Vec::new(),
        feedback_due: None,
        handler: None,
    }
}

fn authority() -> Authority {
    Authority {
        name: AUTHORITY.into(),
        kind: AuthorityKind::Administrative,
    }
}

fn decline() -> Action {
    Action::Decline {
        date: None,
        reason: "属于劳动人事争议仲裁受理范围".into(),
        article: "《信访工作条例》第三十一条".into(),
        statutory_channel: "申请劳动人事争议仲裁".into(),
        authority: Authority {
            name: "揭阳市劳动人事争议仲裁委员会".into(),
            kind: AuthorityKind::Administrative,
        },
    }
}

fn conclude() -> Action {
    Action::Conclude {
        date: None,
        decision: Decision::Support,
        facts: "经调查，该工地确有拖欠工资情况".into(),
        reasons: "用人单位应当按时足额支付劳动报酬。".into(),
        legal_basis: "《保障农民工工资支付条例》第十五条".into(),
    }
}

/// Registers a case and walks it to where `kind` may be issued.
async fn prepare(desk: &Desk, kind: DocumentKind, name: &str) -> String {
    if kind == DocumentKind::NoFurtherAcceptanceNotice {
        // 不再受理 needs an earlier matter re-reviewed (Art. 36): that one first.
        let earlier = Box::pin(prepare(desk, DocumentKind::ReReviewOpinion, name)).await;
        let mut again = new_case(desk, name);
        again.repeat_of = Some(earlier);
        let case_no = desk.register(again).await.unwrap().case_no;
        let refuse = Action::RefuseRepeat {
            date: None,
            reason: "你反映的问题已经复查、复核终结".into(),
            earlier_case_no: None,
        };
        desk.act(&case_no, refuse).await.unwrap();
        return case_no;
    }
    let case_no = desk.register(new_case(desk, name)).await.unwrap().case_no;
    let accept = Action::Accept {
        date: None,
        authority: Some(authority()),
    };
    let steps: Vec<Action> = match kind {
        DocumentKind::NonAcceptanceNotice => vec![decline()],
        DocumentKind::ForwardingLetter | DocumentKind::ForwardingNotice => vec![Action::Forward {
            date: None,
            authority: authority(),
            note: Some("请于办结后将结果抄送本机关".into()),
        }],
        DocumentKind::AcceptanceNotice => vec![accept],
        DocumentKind::NoFurtherAcceptanceNotice => unreachable!("prepared above"),
        DocumentKind::AssignmentLetter => vec![Action::Assign {
            date: None,
            authority: authority(),
            feedback_due: desk.today() + Duration::days(20),
            note: None,
        }],
        DocumentKind::SupervisionLetter => vec![
            accept,
            Action::Supervise {
                date: None,
                note: "该件办理进度滞后，请于五个工作日内报送进展".into(),
                authority: Some(AUTHORITY.into()),
                step: None,
                reply_by: None,
                trigger: None,
                basis: None,
            },
        ],
        DocumentKind::ExtensionNotice => vec![
            accept,
            Action::Extend {
                date: None,
                days: 30,
                reason: "案情复杂，需进一步调查核实".into(),
                approver: "局长 郑国华".into(),
            },
        ],
        DocumentKind::HandlingOpinion => vec![accept, conclude()],
        DocumentKind::ReviewAcceptanceNotice
        | DocumentKind::ReviewOpinion
        | DocumentKind::ReReviewAcceptanceNotice
        | DocumentKind::ReReviewOpinion => {
            let re_review = matches!(
                kind,
                DocumentKind::ReReviewAcceptanceNotice | DocumentKind::ReReviewOpinion
            );
            let mut s = vec![
                accept,
                conclude(),
                Action::Reply {
                    date: None,
                    received_on: None,
                    method: None,
                },
                Action::RequestReview {
                    date: None,
                    organ: "揭阳市榕城区人民政府".into(),
                    grounds: "认为补发工资数额计算有误".into(),
                },
            ];
            if kind == DocumentKind::ReviewAcceptanceNotice {
                return run(desk, case_no, s).await;
            }
            s.push(Action::ConcludeReview {
                date: None,
                decision: Decision::Uphold,
                facts: "经复查，原处理意见认定的事实清楚".into(),
                reasons: "工资数额按劳动合同约定计算，并无错误。".into(),
                legal_basis: "《信访工作条例》第三十五条".into(),
                received_on: None,
                authority: None,
                due_on: None,
            });
            if re_review {
                s.push(Action::RequestReReview {
                    date: None,
                    organ: "揭阳市人民政府".into(),
                    grounds: "仍认为数额有误".into(),
                });
            }
            if kind == DocumentKind::ReReviewOpinion {
                s.push(Action::ConcludeReReview {
                    date: None,
                    decision: Decision::Uphold,
                    facts: "经复核，复查意见认定的事实清楚".into(),
                    reasons: "复查意见正确，予以维持。".into(),
                    legal_basis: "《信访工作条例》第三十六条".into(),
                    authority: None,
                    due_on: None,
                });
            }
            s
        }
    };
    run(desk, case_no, steps).await
}

async fn run(desk: &Desk, case_no: String, steps: Vec<Action>) -> String {
    for step in steps {
        desk.act(&case_no, step).await.unwrap();
    }
    case_no
}

/// The PDF's text with all white space and the page numbers (`—1—`) taken out, so that a
/// phrase broken across lines or pages is still found.
fn text(pdf: &Path) -> String {
    let raw: String = tool("pdftotext", &[pdf.to_str().unwrap(), "-"])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let mut out = String::new();
    let mut rest = raw.as_str();
    while let Some(i) = rest.find('—') {
        out.push_str(&rest[..i]);
        let after = &rest[i + '—'.len_utf8()..];
        let digits = after.chars().take_while(|c| c.is_ascii_digit()).count();
        if digits > 0 && after[digits..].starts_with('—') {
            rest = &after[digits + '—'.len_utf8()..];
        } else {
            out.push('—');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// (font name, embedded, subset) for each font `pdffonts` lists.
fn fonts_of(pdf: &Path) -> Vec<(String, bool, bool)> {
    tool("pdffonts", &[pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let t: Vec<&str> = l.split_whitespace().collect();
            let n = t.len();
            (t[0].to_string(), t[n - 5] == "yes", t[n - 4] == "yes")
        })
        .collect()
}

fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// What a reader must find in each kind, besides the number, the addressee, the office and
/// the date that every kind carries.
fn required(desk: &Desk, kind: DocumentKind) -> Vec<String> {
    let received = cn(received_on(desk));
    let today = desk.today();
    let mut r: Vec<String> = vec![received.clone()];
    let more: Vec<String> = match kind {
        DocumentKind::NonAcceptanceNotice => vec![
            "属于劳动人事争议仲裁受理范围".into(),
            "依据《信访工作条例》第三十一条的规定".into(),
            "不予受理".into(),
            "申请劳动人事争议仲裁".into(),
            "向揭阳市劳动人事争议仲裁委员会提出".into(),
        ],
        DocumentKind::ForwardingLetter => vec![
            "张三".into(),
            "工地拖欠农民工工资问题".into(),
            "《信访工作条例》第二十二条".into(),
            "现转送你单位".into(),
            "答复信访人".into(),
            "附件：张三信访材料".into(),
        ],
        DocumentKind::ForwardingNotice => vec![
            format!("属于{AUTHORITY}的职责范围"),
            format!("将该事项转送{AUTHORITY}依法处理"),
            format!("请你与{AUTHORITY}联系"),
        ],
        DocumentKind::AcceptanceNotice => vec![
            "予以受理".into(),
            format!("由{AUTHORITY}办理"),
            // Accepted on 2026-12-02: 60 days end on Sunday 2027-01-31, rolled to Monday; 2027's
            // holidays are not published in the shipped calendar, so the date is provisional.
            "于2027年2月1日（待节假日安排公布后确认）前办结".into(),
        ],
        DocumentKind::AssignmentLetter => vec![
            "交你单位办理".into(),
            format!("于{}前将办理结果报送本机关", cn(today + Duration::days(20))),
            "《信访工作条例》第二十二条".into(),
        ],
        DocumentKind::SupervisionLetter => vec![
            "督办意见：该件办理进度滞后，请于五个工作日内报送进展。".into(),
            AUTHORITY.into(),
        ],
        DocumentKind::NoFurtherAcceptanceNotice => vec![
            "你反映的问题已经复查、复核终结".into(),
            "信访人对复核意见不服，仍然以同一事实和理由提出投诉请求的，不再受理".into(),
            "本机关不再受理".into(),
        ],
        DocumentKind::ExtensionNotice => vec![
            "因案情复杂，需进一步调查核实".into(),
            "延长30日".into(),
            "第三十四条".into(),
        ],
        DocumentKind::HandlingOpinion => vec![
            "经调查，该工地确有拖欠工资情况。".into(),
            "依据《保障农民工工资支付条例》第十五条的规定".into(),
            "予以支持".into(),
            // The directory's organ one level up from the one that handled it (Art. 35).
            "可以自收到本意见书之日起30日内，向揭阳市榕城区人民政府请求复查".into(),
        ],
        DocumentKind::ReviewOpinion => vec![
            "向揭阳市榕城区人民政府请求复查".into(),
            "认为补发工资数额计算有误".into(),
            "本机关决定维持原处理意见".into(),
            "可以自收到本意见书之日起30日内，向揭阳市人民政府请求复核".into(),
        ],
        DocumentKind::ReviewAcceptanceNotice => vec![
            "于".to_string() + &cn(today) + "向揭阳市榕城区人民政府请求复查",
            "该复查请求在规定期限内提出，予以受理".into(),
            // Asked on 2026-12-02: 30 days end on 2027-01-01, a day 2027's unpublished
            // calendar cannot yet call a holiday.
            "揭阳市榕城区人民政府将于2027年1月1日（待节假日安排公布后确认）前提出复查意见".into(),
        ],
        DocumentKind::ReReviewAcceptanceNotice => vec![
            "不服".to_string() + &cn(today) + "作出的复查意见",
            "向揭阳市人民政府请求复核".into(),
            "揭阳市人民政府将于2027年1月1日（待节假日安排公布后确认）前提出复核意见".into(),
            "听证所需时间不计算在复核期限内".into(),
        ],
        DocumentKind::ReReviewOpinion => vec![
            "向揭阳市人民政府请求复核".into(),
            "本机关决定维持复查意见".into(),
            "仍以同一事实和理由提出投诉请求的，各级党委和政府信访部门和其他机关、单位不再受理"
                .into(),
        ],
    };
    r.extend(more);
    r
}

fn addressee(kind: DocumentKind) -> String {
    if kind.between_organs() {
        format!("{AUTHORITY}：")
    } else {
        "张三：".to_string()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_kind_carries_its_required_elements_with_fonts_embedded_and_subset() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let today = desk.today();
    let mut numbered: BTreeMap<&str, u32> = BTreeMap::new();
    for kind in DocumentKind::ALL {
        let case_no = prepare(&desk, kind, "张三").await;
        // A reply serves the 信访处理意见书, which takes the next number of its code.
        if matches!(
            kind,
            DocumentKind::ReviewAcceptanceNotice
                | DocumentKind::ReviewOpinion
                | DocumentKind::ReReviewAcceptanceNotice
                | DocumentKind::ReReviewOpinion
                | DocumentKind::NoFurtherAcceptanceNotice
        ) {
            *numbered
                .entry(DocumentKind::HandlingOpinion.default_code())
                .or_default() += 1;
        }
        let allowed = desk.documents_allowed(&case_no).await.unwrap();
        // Confirming a supervision issues its 督办函 in the same step; the others by hand.
        let (doc_no, path, sha256) = if kind == DocumentKind::SupervisionLetter {
            assert!(!allowed.iter().any(|c| c.kind == kind), "{allowed:?}");
            let listed = desk.list_documents(&case_no).await.unwrap();
            let letter = listed.iter().find(|d| d.kind == kind).unwrap();
            let path = dir.path().join("office-documents").join(&letter.path);
            (letter.doc_no.clone(), path, letter.sha256.clone())
        } else {
            assert!(
                allowed.iter().any(|c| c.kind == kind),
                "{kind:?} should be allowed: {allowed:?}"
            );
            let receipt = desk
                .issue_document(&case_no, kind, &BTreeMap::new())
                .await
                .unwrap_or_else(|e| panic!("{kind:?}: {e}"));
            (receipt.doc_no, PathBuf::from(&receipt.path), receipt.sha256)
        };
        let code = kind.default_code();
        let n = numbered.entry(code).or_default();
        *n += 1;
        assert_eq!(
            doc_no,
            format!("榕信访{code}〔{}〕{n}号", today.year()),
            "{kind:?}"
        );
        assert_eq!(
            path,
            dir.path()
                .join("office-documents")
                .join(today.year().to_string())
                .join(format!("{doc_no}.pdf"))
        );
        let t = text(&path);
        let mut expected = vec![
            doc_no.clone(),
            addressee(kind),
            "揭阳市榕城区信访局".to_string(),
            cn(today),
        ];
        expected.extend(required(&desk, kind));
        if kind == DocumentKind::NoFurtherAcceptanceNotice {
            // The notice names the earlier matter it rests on.
            expected.push(desk.case(&case_no).await.unwrap().repeat_of.unwrap());
        }
        for e in expected {
            assert!(
                t.contains(&no_space(&e)),
                "{kind:?}: “{e}” not found in\n{t}"
            );
        }
        let fonts = fonts_of(&path);
        assert!(!fonts.is_empty(), "{kind:?}: no fonts");
        for (name, emb, sub) in fonts {
            assert!(emb && sub, "{kind:?}: {name} emb {emb} sub {sub}");
        }
        // The banner and red rule only on letters between organs: the office name then
        // appears twice (banner and signature).
        let office_count = t.matches("揭阳市榕城区信访局").count();
        assert_eq!(
            office_count,
            if kind.between_organs() { 2 } else { 1 },
            "{kind:?}"
        );
        // The hash stored is the file's.
        let listed = desk.list_documents(&case_no).await.unwrap();
        let this = listed.iter().find(|d| d.doc_no == doc_no).unwrap();
        assert_eq!(this.sha256, sha256);
        let detail = desk.case_detail(&case_no).await.unwrap();
        let event = detail.timeline.last().unwrap();
        assert_eq!(event.action, ActionKind::IssueDocument.as_str());
        assert_eq!(event.details["sha256"], sha256.as_str());
        assert!(!detail.allowed_actions.contains(&ActionKind::IssueDocument));
        // One live copy per case.
        let again = desk.issue_document(&case_no, kind, &BTreeMap::new()).await;
        assert!(
            matches!(
                again,
                Err(Error::Forbidden {
                    action: ActionKind::IssueDocument,
                    ..
                })
            ),
            "{kind:?}: {again:?}"
        );
    }
    let report = desk.verify_documents().await.unwrap();
    let n = numbered.values().sum::<u32>() as usize;
    assert!(n > DocumentKind::ALL.len());
    assert_eq!((report.checked, report.intact), (n, n));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_issues_from_two_handles_take_consecutive_numbers() {
    let dir = TempDir::new().unwrap();
    let first = Arc::new(open(&dir).await);
    let second = Arc::new(open(&dir).await);
    const N: usize = 16;
    let batch: Vec<NewCase> = (0..N)
        .map(|i| new_case(&first, &format!("王{i}")))
        .collect();
    let cases = first.register_many(batch).await.unwrap();
    for c in &cases {
        first.act(&c.case_no, decline()).await.unwrap();
    }
    let mut tasks = Vec::new();
    for (i, c) in cases.iter().enumerate() {
        let desk = if i % 2 == 0 { &first } else { &second }.clone();
        let case_no = c.case_no.clone();
        tasks.push(tokio::spawn(async move {
            desk.issue_document(
                &case_no,
                DocumentKind::NonAcceptanceNotice,
                &BTreeMap::new(),
            )
            .await
        }));
    }
    let mut numbers = Vec::new();
    let mut paths = std::collections::HashSet::new();
    for t in tasks {
        let r: IssueReceipt = t.await.unwrap().unwrap();
        let n: i64 = r
            .doc_no
            .split('〕')
            .nth(1)
            .and_then(|s| s.strip_suffix('号'))
            .unwrap()
            .parse()
            .unwrap();
        numbers.push(n);
        assert!(paths.insert(r.path.clone()));
        assert!(Path::new(&r.path).exists());
    }
    numbers.sort();
    assert_eq!(numbers, (1..=N as i64).collect::<Vec<_>>());
    let report = second.verify_documents().await.unwrap();
    assert_eq!((report.checked, report.intact), (N, N));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_voided_number_is_kept_and_a_reissue_takes_a_new_one() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = prepare(&desk, DocumentKind::NonAcceptanceNotice, "张三").await;
    let year = desk.today().year();
    let first = desk
        .issue_document(
            &case_no,
            DocumentKind::NonAcceptanceNotice,
            &BTreeMap::new(),
        )
        .await
        .unwrap();
    assert_eq!(first.doc_no, format!("榕信访不受〔{year}〕1号"));

    let empty = desk.void_document(&first.doc_no, "  ").await;
    assert!(matches!(empty, Err(Error::Invalid { ref field, .. }) if field == "reason"));
    let missing = desk.void_document("榕信访不受〔2026〕99号", "错").await;
    assert!(
        matches!(missing, Err(Error::DocumentNotFound(_))),
        "{missing:?}"
    );

    let voided = desk
        .void_document(&first.doc_no, "信访人姓名写错")
        .await
        .unwrap();
    assert_eq!(voided.void_reason.as_deref(), Some("信访人姓名写错"));
    let twice = desk.void_document(&first.doc_no, "再次").await;
    assert!(matches!(twice, Err(Error::Invalid { .. })), "{twice:?}");

    // Issuing again after the void takes number 2; number 1 stays with the voided one.
    let mut fields = BTreeMap::new();
    fields.insert("petitioner".to_string(), "张叁".to_string());
    let second = desk
        .issue_document(&case_no, DocumentKind::NonAcceptanceNotice, &fields)
        .await
        .unwrap();
    assert_eq!(second.doc_no, format!("榕信访不受〔{year}〕2号"));
    assert!(text(Path::new(&second.path)).contains("张叁："));

    // Reissue: voids number 2 and takes number 3 in one step, reusing the fields.
    let third = desk
        .reissue_document(&second.doc_no, "改为邮寄送达，重新出具", None)
        .await
        .unwrap();
    assert_eq!(third.doc_no, format!("榕信访不受〔{year}〕3号"));
    assert!(text(Path::new(&third.path)).contains("张叁："));

    let docs = desk.list_documents(&case_no).await.unwrap();
    let state: Vec<(String, bool)> = docs
        .iter()
        .map(|d| (d.doc_no.clone(), d.is_voided()))
        .collect();
    assert_eq!(
        state,
        vec![
            (first.doc_no.clone(), true),
            (second.doc_no.clone(), true),
            (third.doc_no.clone(), false)
        ]
    );
    assert_eq!(docs[2].replaces, Some(docs[1].id));
    // Every file stays, voided or not.
    for d in [&first, &second, &third] {
        assert!(Path::new(&d.path).exists());
    }
    let timeline = desk.case_detail(&case_no).await.unwrap().timeline;
    let actions: Vec<&str> = timeline.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "register",
            "decline",
            "issue_document",
            "void_document",
            "issue_document",
            "void_document",
            "issue_document"
        ]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn verify_names_a_tampered_and_a_deleted_file_and_the_cli_exits_1() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let mut receipts = Vec::new();
    for (kind, name) in [
        (DocumentKind::AcceptanceNotice, "甲"),
        (DocumentKind::ForwardingLetter, "乙"),
        (DocumentKind::NonAcceptanceNotice, "丙"),
    ] {
        let case_no = prepare(&desk, kind, name).await;
        receipts.push(
            desk.issue_document(&case_no, kind, &BTreeMap::new())
                .await
                .unwrap(),
        );
    }
    let db = dir.path().join("office.sqlite");
    let run = |args: &[&str]| common::cli::xinfang(&db, args);
    assert_eq!(run(&["notice", "verify"]).code, 0);

    // Flip one byte in the middle of the first, delete the second.
    let tampered = &receipts[0];
    let mut bytes = std::fs::read(&tampered.path).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0x01;
    std::fs::write(&tampered.path, bytes).unwrap();
    let deleted = &receipts[1];
    std::fs::remove_file(&deleted.path).unwrap();

    let report = desk.verify_documents().await.unwrap();
    assert_eq!((report.checked, report.intact), (3, 1));
    let problems: Vec<(String, FileProblem)> = report
        .problems
        .iter()
        .map(|p| (p.doc_no.clone(), p.problem))
        .collect();
    assert!(problems.contains(&(tampered.doc_no.clone(), FileProblem::Changed)));
    assert!(problems.contains(&(deleted.doc_no.clone(), FileProblem::Missing)));

    let out = run(&["notice", "verify"]);
    assert_eq!(out.code, 1);
    let (stdout, stderr) = (&out.stdout, &out.stderr);
    for doc_no in [&tampered.doc_no, &deleted.doc_no] {
        assert!(stdout.contains(doc_no.as_str()), "{stdout}");
        assert!(stderr.contains(doc_no.as_str()), "{stderr}");
    }
    assert!(!stdout.contains(&receipts[2].doc_no), "{stdout}");
    let json = run(&["notice", "verify", "--json"]);
    assert_eq!(json.code, 1);
    let v = json.json();
    assert_eq!(v["problems"].as_array().unwrap().len(), 2);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cli_issues_lists_and_voids() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = prepare(&desk, DocumentKind::AssignmentLetter, "张三").await;
    let db = dir.path().join("office.sqlite");
    let run = |args: &[&str]| common::cli::xinfang(&db, args);
    let out = run(&[
        "notice",
        "issue",
        &case_no,
        "assignment_letter",
        "--json",
        r#"{"note":"请重点核查工资台账"}"#,
    ]);
    let v = out.ok().json();
    let doc_no = v["doc_no"].as_str().unwrap().to_string();
    let path = v["path"].as_str().unwrap();
    assert!(doc_no.starts_with("榕信访交〔"), "{doc_no}");
    assert!(text(Path::new(path)).contains("请重点核查工资台账。"));

    let unknown = run(&["notice", "issue", &case_no, "notice_of_joy"]);
    assert!(unknown.bad_input().contains("notice_of_joy"));

    let list = run(&["notice", "list", &case_no, "--json"]);
    let docs = list.json();
    assert_eq!(docs[0]["doc_no"], doc_no.as_str());
    assert!(docs[0]["voided_at"].is_null());

    let void = run(&["notice", "void", &doc_no, "--reason", "交办单位有误"]);
    void.ok();
    let listed = run(&["notice", "list", &case_no]).ok().stdout;
    assert!(
        listed.contains("已作废") && listed.contains("交办单位有误"),
        "{listed}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_edited_template_is_used_and_an_unknown_placeholder_is_refused_by_name() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let kind = DocumentKind::NonAcceptanceNotice;
    common::sign_in(&desk, "admin").await;
    let mut t = Template::default_for(kind);
    t.body.push("请于{reply_by}前来我局领取材料。".into());
    let err = desk.set_document_template(kind, t).await.unwrap_err();
    match &err {
        Error::Invalid { field, reason } => {
            assert_eq!(field, "reply_by");
            assert!(reason.contains("{reply_by}"), "{reason}");
        }
        other => panic!("{other:?}"),
    }
    // Known, but not a fact this kind has.
    let mut t = Template::default_for(kind);
    t.body.push("请于{feedback_due}前反馈。".into());
    let err = desk.set_document_template(kind, t).await.unwrap_err();
    assert!(err.to_string().contains("{feedback_due}"), "{err}");
    // Another kind's 代字.
    let mut t = Template::default_for(kind);
    t.code = "转".into();
    let err = desk.set_document_template(kind, t).await.unwrap_err();
    assert!(err.to_string().contains("转送函"), "{err}");

    let mut t = Template::default_for(kind);
    t.body.push("如有疑问，请致电本机关（{locality}）。".into());
    let view = desk.set_document_template(kind, t).await.unwrap();
    assert!(!view.is_default);
    common::sign_in(&desk, common::USER).await;
    let case_no = prepare(&desk, kind, "张三").await;
    let r = desk
        .issue_document(&case_no, kind, &BTreeMap::new())
        .await
        .unwrap();
    assert!(text(Path::new(&r.path)).contains("如有疑问，请致电本机关（榕城区榕华街道）。"));
    assert!(matches!(
        desk.reset_document_template(kind).await,
        Err(Error::NotPermitted { .. })
    ));
    common::sign_in(&desk, "admin").await;
    assert!(desk.reset_document_template(kind).await.unwrap().is_default);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_kind_the_case_does_not_allow_is_a_typed_error_and_bad_fields_are_named() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let registered = desk
        .register(new_case(&desk, "张三"))
        .await
        .unwrap()
        .case_no;
    assert!(desk
        .documents_allowed(&registered)
        .await
        .unwrap()
        .is_empty());
    for kind in DocumentKind::ALL {
        let r = desk
            .issue_document(&registered, kind, &BTreeMap::new())
            .await;
        match r {
            Err(Error::Forbidden {
                status: Status::Registered,
                action: ActionKind::IssueDocument,
                ref reason,
            }) => assert!(reason.contains(kind.label()), "{reason}"),
            other => panic!("{kind:?}: {other:?}"),
        }
        let p = desk
            .preview_document(&registered, kind, &BTreeMap::new())
            .await;
        assert!(matches!(p, Err(Error::Forbidden { .. })), "{kind:?}");
    }
    let declined = prepare(&desk, DocumentKind::NonAcceptanceNotice, "李四").await;
    let r = desk
        .issue_document(&declined, DocumentKind::HandlingOpinion, &BTreeMap::new())
        .await;
    assert!(
        matches!(
            r,
            Err(Error::Forbidden {
                status: Status::Declined,
                ..
            })
        ),
        "{r:?}"
    );
    let missing = desk
        .issue_document(
            "445202-2026-999999",
            DocumentKind::NonAcceptanceNotice,
            &BTreeMap::new(),
        )
        .await;
    assert!(matches!(missing, Err(Error::CaseNotFound(_))));

    for (name, value) in [("colour", "红"), ("case_no", "1"), ("feedback_due", "明天")] {
        let mut fields = BTreeMap::new();
        fields.insert(name.to_string(), value.to_string());
        let r = desk
            .issue_document(&declined, DocumentKind::NonAcceptanceNotice, &fields)
            .await;
        assert!(
            matches!(r, Err(Error::Invalid { ref field, .. }) if field == name),
            "{name}: {r:?}"
        );
    }
    // Clearing the addressee is refused rather than printing a notice to nobody.
    let mut fields = BTreeMap::new();
    fields.insert("petitioner".to_string(), "  ".to_string());
    let r = desk
        .issue_document(&declined, DocumentKind::NonAcceptanceNotice, &fields)
        .await;
    assert!(
        matches!(r, Err(Error::Invalid { ref reason, .. }) if reason.contains("主送")),
        "{r:?}"
    );
    // None of the refusals took a number.
    let ok = desk
        .issue_document(
            &declined,
            DocumentKind::NonAcceptanceNotice,
            &BTreeMap::new(),
        )
        .await
        .unwrap();
    assert!(ok.doc_no.ends_with("〕1号"), "{}", ok.doc_no);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failed_issue_leaves_no_row_no_number_and_no_file() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = prepare(&desk, DocumentKind::NonAcceptanceNotice, "张三").await;
    let pool = &desk.db().pool;
    sqlx::query(
        "CREATE TRIGGER fail_issue BEFORE INSERT ON events WHEN NEW.action = 'issue_document'
         BEGIN SELECT RAISE(ABORT, 'simulated failure'); END",
    )
    .execute(pool)
    .await
    .unwrap();
    let r = desk
        .issue_document(
            &case_no,
            DocumentKind::NonAcceptanceNotice,
            &BTreeMap::new(),
        )
        .await;
    assert!(matches!(r, Err(Error::Database(_))), "{r:?}");
    let rows: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM issued_documents")
        .fetch_one(pool)
        .await
        .unwrap();
    assert_eq!(rows, 0);
    let counters: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM counters WHERE scope LIKE 'doc:%'")
            .fetch_one(pool)
            .await
            .unwrap();
    assert_eq!(counters, 0);
    let folder = desk.documents_folder().await.unwrap();
    let files: Vec<PathBuf> = common::files_under(&folder);
    assert!(files.is_empty(), "{files:?}");
    let version = desk.case(&case_no).await.unwrap().version;

    sqlx::query("DROP TRIGGER fail_issue")
        .execute(pool)
        .await
        .unwrap();
    let ok = desk
        .issue_document(
            &case_no,
            DocumentKind::NonAcceptanceNotice,
            &BTreeMap::new(),
        )
        .await
        .unwrap();
    assert!(ok.doc_no.ends_with("〕1号"), "{}", ok.doc_no);
    assert_eq!(desk.case(&case_no).await.unwrap().version, version + 1);
    assert_eq!(common::files_under(&folder), vec![PathBuf::from(&ok.path)]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_acceptance_notice_meets_the_open_notice_deadline() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = prepare(&desk, DocumentKind::AcceptanceNotice, "张三").await;
    // Accepting opened the Art. 23 deadline: 15 days from receipt.
    let received = received_on(&desk);
    let notice = |c: &xinfang::domain::case::Case| {
        c.deadlines
            .iter()
            .find(|d| d.kind == DeadlineKind::Notice)
            .cloned()
            .unwrap()
    };
    let open = notice(&desk.case(&case_no).await.unwrap());
    assert!(open.is_open());
    assert_eq!(open.start_on, received);
    assert!(open.due_on >= received + Duration::days(15));
    desk.issue_document(&case_no, DocumentKind::AcceptanceNotice, &BTreeMap::new())
        .await
        .unwrap();
    assert_eq!(
        notice(&desk.case(&case_no).await.unwrap()).met_on,
        Some(desk.today())
    );
}

#[tokio::test]
async fn a_decline_reason_written_with_its_subject_reads_once_on_the_notice() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = desk
        .register(new_case(&desk, "张三"))
        .await
        .unwrap()
        .case_no;
    let mut action = decline();
    if let Action::Decline { reason, .. } = &mut action {
        *reason = "该诉求属于劳动人事争议仲裁受理范围。".into();
    }
    desk.act(&case_no, action).await.unwrap();
    let receipt = desk
        .issue_document(
            &case_no,
            DocumentKind::NonAcceptanceNotice,
            &BTreeMap::new(),
        )
        .await
        .unwrap();
    let t = text(Path::new(&receipt.path));
    assert!(
        t.contains("经审查，该事项属于劳动人事争议仲裁受理范围。依据"),
        "{t}"
    );
    assert!(!t.contains("该事项该诉求"), "{t}");
}

#[tokio::test]
async fn an_acceptance_notice_is_not_issued_once_the_matter_is_concluded() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = prepare(&desk, DocumentKind::AcceptanceNotice, "张三").await;
    desk.act(&case_no, conclude()).await.unwrap();
    // It would promise a conclusion by a date already behind the case.
    let r = desk
        .issue_document(&case_no, DocumentKind::AcceptanceNotice, &BTreeMap::new())
        .await;
    match r {
        Err(Error::Forbidden { ref reason, .. }) => {
            assert!(
                reason.contains("受理告知书须在受理后、办结之前出具"),
                "{reason}"
            )
        }
        other => panic!("{other:?}"),
    }
    let offered: Vec<DocumentKind> = desk
        .documents_allowed(&case_no)
        .await
        .unwrap()
        .into_iter()
        .map(|c| c.kind)
        .collect();
    assert!(
        !offered.contains(&DocumentKind::AcceptanceNotice),
        "{offered:?}"
    );
    assert!(
        offered.contains(&DocumentKind::HandlingOpinion),
        "{offered:?}"
    );
    // The written opinion closes the notice duty instead, on the day it is issued.
    desk.issue_document(&case_no, DocumentKind::HandlingOpinion, &BTreeMap::new())
        .await
        .unwrap();
    let case = desk.case(&case_no).await.unwrap();
    let notice = case
        .deadlines
        .iter()
        .find(|d| d.kind == DeadlineKind::Notice)
        .unwrap();
    assert_eq!(notice.met_on, Some(desk.today()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn preview_and_form_match_what_is_issued() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = prepare(&desk, DocumentKind::HandlingOpinion, "张三").await;
    let choices = desk.documents_allowed(&case_no).await.unwrap();
    let kinds: Vec<DocumentKind> = choices.iter().map(|c| c.kind).collect();
    // Concluded: the 受理告知书 would promise what is done, so only the opinion is offered.
    assert_eq!(kinds, [DocumentKind::HandlingOpinion]);
    let form = &choices[0].fields;
    let organ = form.iter().find(|f| f.name == "review_organ").unwrap();
    // The organ one level up from the handling organ, by the authority directory (Art. 35).
    assert_eq!(organ.value, "揭阳市榕城区人民政府");
    assert!(form.iter().all(|f| !f.required));

    // The clerk overrides the facts in the form.
    let mut fields = BTreeMap::new();
    fields.insert("facts".to_string(), "经查，拖欠工资共计四万元".to_string());
    let pdf = desk
        .preview_document(&case_no, DocumentKind::HandlingOpinion, &fields)
        .await
        .unwrap();
    let preview = dir.path().join("preview.pdf");
    std::fs::write(&preview, &pdf).unwrap();
    let t = text(&preview);
    assert!(t.contains("经查，拖欠工资共计四万元。"), "{t}");
    assert!(t.contains("向揭阳市榕城区人民政府请求复查"), "{t}");
    // The preview records nothing.
    assert!(desk.list_documents(&case_no).await.unwrap().is_empty());
    let issued = desk
        .issue_document(&case_no, DocumentKind::HandlingOpinion, &fields)
        .await
        .unwrap();
    assert!(
        t.contains(&issued.doc_no),
        "the preview showed the next number"
    );
    assert_eq!(text(Path::new(&issued.path)), t);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_draft_takes_no_number_and_stores_nothing() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = prepare(&desk, DocumentKind::NonAcceptanceNotice, "张三").await;
    let pool = &desk.db().pool;
    let counters = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM counters WHERE scope LIKE 'doc:%'")
            .fetch_one(pool)
            .await
            .unwrap()
    };
    let before = desk.case(&case_no).await.unwrap();
    // The reason is the decision on record (not changed on paper); the addressee is the clerk's.
    let mut fields = BTreeMap::new();
    fields.insert("petitioner".to_string(), "张三（代理人李四）".to_string());

    let pdf = desk
        .draft_document(&case_no, DocumentKind::NonAcceptanceNotice, &fields)
        .await
        .unwrap();
    let draft = dir.path().join("draft.pdf");
    std::fs::write(&draft, &pdf).unwrap();
    let t = text(&draft);
    let year = desk.today().year();
    assert!(t.contains(&format!("榕信访不受〔{year}〕草稿")), "{t}");
    assert!(t.contains("张三（代理人李四）"), "{t}");

    // Nothing taken, nothing stored, nothing written, nothing on the timeline.
    assert_eq!(counters().await, 0);
    assert!(desk.list_documents(&case_no).await.unwrap().is_empty());
    let folder = desk.documents_folder().await.unwrap();
    assert!(common::files_under(&folder).is_empty());
    let after = desk.case(&case_no).await.unwrap();
    assert_eq!(after.version, before.version);
    let timeline = desk.case_detail(&case_no).await.unwrap().timeline;
    assert!(timeline.iter().all(|e| e.action != "issue_document"));

    // The first real issue still gets number 1, with the same wording as the draft.
    let issued = desk
        .issue_document(&case_no, DocumentKind::NonAcceptanceNotice, &fields)
        .await
        .unwrap();
    assert!(issued.doc_no.ends_with("〕1号"), "{}", issued.doc_no);
    assert_eq!(
        text(Path::new(&issued.path)),
        t.replace("草稿", "1号"),
        "the draft is the document but for its number"
    );
    // A kind the case does not allow is refused for a draft as for an issue.
    let r = desk
        .draft_document(&case_no, DocumentKind::HandlingOpinion, &BTreeMap::new())
        .await;
    assert!(matches!(r, Err(Error::Forbidden { .. })), "{r:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_issued_pdf_is_read_back_only_while_it_matches_its_hash() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let case_no = prepare(&desk, DocumentKind::NonAcceptanceNotice, "张三").await;
    let issued = desk
        .issue_document(
            &case_no,
            DocumentKind::NonAcceptanceNotice,
            &BTreeMap::new(),
        )
        .await
        .unwrap();
    let bytes = desk.document_pdf(&issued.doc_no).await.unwrap();
    assert_eq!(bytes, std::fs::read(&issued.path).unwrap());
    // Voided documents stay readable.
    desk.void_document(&issued.doc_no, "信访人姓名有误")
        .await
        .unwrap();
    assert_eq!(desk.document_pdf(&issued.doc_no).await.unwrap(), bytes);

    std::fs::write(&issued.path, b"%PDF-1.7 changed").unwrap();
    match desk.document_pdf(&issued.doc_no).await {
        Err(e @ Error::DocumentsAltered { .. }) => {
            let m = e.to_string();
            assert!(
                m.contains(&issued.doc_no) && m.contains("校验值不符"),
                "{m}"
            );
        }
        other => panic!("{other:?}"),
    }
    std::fs::remove_file(&issued.path).unwrap();
    match desk.document_pdf(&issued.doc_no).await {
        Err(e @ Error::DocumentsAltered { .. }) => assert!(e.to_string().contains("文件已缺失")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        desk.document_pdf("榕信访不受〔2026〕99号").await,
        Err(Error::DocumentNotFound(_))
    ));
}

/// Regenerates docs/img/notices/ (one document of each kind at 60 dpi):
/// `cargo test --test documents_issue sample_pngs -- --ignored`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore]
async fn sample_pngs() {
    let dir = TempDir::new().unwrap();
    let desk = open(&dir).await;
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/img/notices");
    std::fs::create_dir_all(&out).unwrap();
    for old in common::files_under(&out) {
        std::fs::remove_file(old).unwrap();
    }
    for kind in DocumentKind::ALL {
        let case_no = prepare(&desk, kind, "张三").await;
        let r = desk
            .issue_document(&case_no, kind, &BTreeMap::new())
            .await
            .unwrap();
        let prefix = out.join(kind.as_str());
        tool(
            "pdftoppm",
            &["-r", "60", "-png", &r.path, prefix.to_str().unwrap()],
        );
    }
}
