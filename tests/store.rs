//! The store on a real SQLite file: gap-free numbering under concurrent writers, one
//! transaction per action (a failure leaves no trace), the timeline and the change log.

mod common;

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::Duration;
use xinfang::domain::case::{Authority, AuthorityKind, Status};
use xinfang::domain::workflow::Action;
use xinfang::{Desk, Error};

async fn scalar(desk: &Desk, sql: &str) -> i64 {
    sqlx::query_scalar(sql)
        .fetch_one(&desk.db().pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn durable_settings_are_in_force() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&desk.db().pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    // 2 = FULL: the WAL is synced on every commit.
    assert_eq!(scalar(&desk, "PRAGMA synchronous").await, 2);
    assert_eq!(scalar(&desk, "PRAGMA foreign_keys").await, 1);
    // After a large import the WAL file is cut back to 64 MiB once checkpointed.
    assert_eq!(scalar(&desk, "PRAGMA journal_size_limit").await, 64 << 20);
}

/// A restore replaces the file once the desk is closed: a connection left open past `close`
/// would later remove the WAL files by name, the restored database's among them. A straggler
/// showed in about one close in five before `Db::close` waited for it, so twenty rounds.
#[tokio::test]
async fn close_returns_with_no_connection_left_and_the_file_whole() {
    for round in 0..20 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("o.sqlite");
        let desk = common::office_desk(&path).await;
        let case_no = desk
            .register(common::letter("反映拖欠工资问题"))
            .await
            .unwrap()
            .case_no;
        desk.case_detail(&case_no).await.unwrap();
        desk.close().await;
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .filter(|name| name != "o.sqlite")
            .collect();
        assert!(
            left.is_empty(),
            "round {round}: {left:?} beside the closed database"
        );
        assert_eq!(desk.db().pool.size(), 0, "round {round}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_registrations_get_gap_free_unique_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let first = Arc::new(common::office_desk(&path).await);
    // A second handle on the same file stands for a second process (the CLI beside the app).
    let second = Arc::new(common::open_desk(&path).await);
    let mut tasks = Vec::new();
    for i in 0..120 {
        let desk = if i % 2 == 0 {
            first.clone()
        } else {
            second.clone()
        };
        tasks.push(tokio::spawn(async move {
            desk.register(common::letter(&format!("并发登记{i}")))
                .await
                .map(|c| c.case_no)
        }));
    }
    let mut numbers = BTreeSet::new();
    for t in tasks {
        assert!(
            numbers.insert(t.await.unwrap().unwrap()),
            "duplicate case number"
        );
    }
    let year = common::today().format("%Y").to_string();
    let expected: BTreeSet<String> = (1..=120).map(|n| format!("445202-{year}-{n:06}")).collect();
    assert_eq!(numbers, expected, "numbers must be 1..=120 with no gap");
    assert_eq!(scalar(&first, "SELECT COUNT(*) FROM cases").await, 120);
    assert_eq!(scalar(&first, "SELECT COUNT(*) FROM events").await, 120);
}

#[tokio::test]
async fn an_action_that_fails_midway_leaves_no_trace() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let case = desk
        .register(common::letter("反映拆迁补偿问题"))
        .await
        .unwrap();
    let before = desk.case_detail(&case.case_no).await.unwrap();
    let counts = |d: &Desk| {
        let d = d.db().pool.clone();
        async move {
            let q = |sql: &'static str| {
                let d = d.clone();
                async move {
                    sqlx::query_scalar::<_, i64>(sql)
                        .fetch_one(&d)
                        .await
                        .unwrap()
                }
            };
            (
                q("SELECT COUNT(*) FROM events").await,
                q("SELECT COUNT(*) FROM change_log").await,
                q("SELECT COUNT(*) FROM deadlines").await,
                q("SELECT MAX(value) FROM counters").await,
            )
        }
    };
    let baseline = counts(&desk).await;

    // The last step of every action writes the change log; make it fail there.
    sqlx::query("CREATE TRIGGER fail_change_log BEFORE INSERT ON change_log BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        .execute(&desk.db().pool)
        .await
        .unwrap();
    let err = desk
        .act(
            &case.case_no,
            Action::Accept {
                date: None,
                authority: None,
            },
        )
        .await
        .unwrap_err();
    assert!(matches!(err, Error::Database(_)), "{err:?}");
    let err = desk.register(common::letter("第二件")).await.unwrap_err();
    assert!(matches!(err, Error::Database(_)), "{err:?}");

    assert_eq!(
        counts(&desk).await,
        baseline,
        "nothing of the failed steps may remain"
    );
    let after = desk.case_detail(&case.case_no).await.unwrap();
    assert_eq!(after.case, before.case);
    assert_eq!(after.timeline, before.timeline);

    // The number the failed registration took was given back: the next one has no gap.
    sqlx::query("DROP TRIGGER fail_change_log")
        .execute(&desk.db().pool)
        .await
        .unwrap();
    let next = desk.register(common::letter("第二件")).await.unwrap();
    assert!(next.case_no.ends_with("-000002"), "{}", next.case_no);
}

#[tokio::test]
async fn every_action_is_on_the_timeline_with_actor_and_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let mut new = common::letter("反映工资拖欠问题");
    new.received_at = Some(common::now() - Duration::days(20));
    let case = desk.register(new).await.unwrap();
    let received = case.received_on;
    desk.act(
        &case.case_no,
        Action::Accept {
            date: Some(received + Duration::days(2)),
            authority: None,
        },
    )
    .await
    .unwrap();
    desk.act(
        &case.case_no,
        Action::Supervise {
            date: None,
            note: "请加快办理".into(),
            authority: Some("人社局".into()),
            step: None,
            reply_by: None,
            trigger: None,
            basis: None,
        },
    )
    .await
    .unwrap();
    let detail = desk.case_detail(&case.case_no).await.unwrap();
    assert_eq!(detail.case.status, Status::Accepted);
    let actions: Vec<(&str, &str)> = detail
        .timeline
        .iter()
        .map(|e| (e.action.as_str(), e.account.as_str()))
        .collect();
    assert_eq!(
        actions,
        [
            ("register", common::USER),
            ("accept", common::USER),
            ("supervise", common::USER),
            // The 督办函 is issued with the supervision.
            ("issue_document", common::USER)
        ]
    );
    assert!(detail
        .timeline
        .iter()
        .all(|e| e.actor == "张卫东" && e.credential.as_deref() == Some("password")));
    // The registration's event keeps the whole submission (written as JSON text straight
    // from it) and only the facts the registration created.
    let registration = &detail.timeline[0];
    assert_eq!(registration.details["title"], "反映工资拖欠问题");
    assert_eq!(registration.details["petitioners"][0]["name"], "张三");
    assert_eq!(registration.before, serde_json::json!({}));
    assert_eq!(
        registration.after,
        serde_json::json!({ "case_no": case.case_no, "status": "registered" })
    );
    let accept = &detail.timeline[1];
    assert_eq!(accept.before["status"], "registered");
    assert_eq!(accept.after["status"], "accepted");
    assert!(detail
        .deadlines
        .iter()
        .any(|d| d.label == "办理期限" && d.deadline.met_on.is_none()));
    // One change-log row for the case and one for the event, per action, in order.
    let log: Vec<(String, i64)> =
        sqlx::query_as("SELECT entity, version FROM change_log ORDER BY cursor")
            .fetch_all(&desk.db().pool)
            .await
            .unwrap();
    let cases: Vec<i64> = log
        .iter()
        .filter(|(e, _)| e == "case")
        .map(|(_, v)| *v)
        .collect();
    assert_eq!(cases, [1, 2, 3, 4]);
    assert_eq!(log.iter().filter(|(e, _)| e == "event").count(), 4);
    // The timeline and the change log are append-only, whoever writes to the file: a
    // removed change-log row would let its cursor be given out again.
    for tamper in [
        "UPDATE events SET actor = 'x'",
        "DELETE FROM change_log WHERE cursor = (SELECT max(cursor) FROM change_log)",
        "UPDATE change_log SET version = 9",
    ] {
        let done = sqlx::query(tamper).execute(&desk.db().pool).await;
        assert!(done.is_err(), "{tamper}");
    }
}

#[tokio::test]
async fn litigation_related_matters_never_enter_handling() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let mut new = common::letter("对法院判决不服");
    new.litigation_related = true;
    let case = desk.register(new).await.unwrap();
    let detail = desk.case_detail(&case.case_no).await.unwrap();
    assert!(!detail
        .allowed_actions
        .iter()
        .any(|a| a.as_str() == "accept"));
    let err = desk
        .act(
            &case.case_no,
            Action::Accept {
                date: None,
                authority: None,
            },
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            Error::Forbidden {
                status: Status::Registered,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("涉法涉诉"), "{err}");
    let court = Authority {
        name: "揭阳市榕城区人民法院".into(),
        kind: AuthorityKind::PoliticalLegal,
    };
    let case = desk
        .act(
            &case.case_no,
            Action::Forward {
                date: None,
                authority: court,
                note: None,
            },
        )
        .await
        .unwrap();
    assert_eq!(case.status, Status::Forwarded);
}

#[tokio::test]
async fn list_filters_and_bigram_search() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    desk.register(common::letter("反映拆迁补偿问题"))
        .await
        .unwrap();
    let mut other = common::letter("反映工资拖欠问题");
    other.content = "工地拖欠农民工工资。".into();
    other.petitioners[0].name = "王五".into();
    other.petitioners[0].id_number = Some("440105196001011235".into());
    desk.register(other).await.unwrap();
    let search = |text: &str| xinfang::store::query::CaseQuery {
        text: Some(text.into()),
        ..Default::default()
    };
    let found = |page: xinfang::desk::CaseListPage| {
        page.items
            .into_iter()
            .map(|c| c.summary.title)
            .collect::<Vec<_>>()
    };
    let compensation = ["反映拆迁补偿问题"];
    let wages = ["反映工资拖欠问题"];
    for (text, expected) in [
        // Every word goes through the bigram index: a word as the phrase of its bigrams.
        ("拆迁", compensation),
        ("工资", wages),
        ("王五", wages),
        ("补偿款 拆迁", compensation),
        ("张", compensation),
        // One character wherever it stands in a word: the end of a name, the middle of a word.
        ("五", wages),
        ("迁", compensation),
    ] {
        assert_eq!(
            found(desk.list_cases(&search(text)).await.unwrap()),
            expected,
            "{text}"
        );
    }
    assert!(found(desk.list_cases(&search("补偿工资")).await.unwrap()).is_empty());

    // A resident ID number, whole or by its last digits; the tail of another number finds nothing.
    for text in [
        "11010519491231002X",
        "11010519491231002x",
        "002X",
        "231002x",
        "1231002X",
    ] {
        assert_eq!(
            found(desk.list_cases(&search(text)).await.unwrap()),
            compensation,
            "{text}"
        );
    }
    for text in ["9002X", "1101"] {
        assert!(
            found(desk.list_cases(&search(text)).await.unwrap()).is_empty(),
            "{text}: only the tail of a number is searched"
        );
    }

    // A case indexed the way the first release did (bigrams without the run's last
    // character, every character in `chars`) is still found by one character.
    let old = desk.register(common::letter("信访事项办结")).await.unwrap();
    sqlx::query(
        "DELETE FROM case_search_pending WHERE row_no = (SELECT row_no FROM cases WHERE id = ?1);
         INSERT INTO case_search (rowid, grams, chars)
         VALUES ((SELECT row_no FROM cases WHERE id = ?1), '信访 访事 事项 项办 办结', '信 访 事 项 办 结')",
    )
    .bind(old.id.to_string())
    .execute(&desk.db().pool)
    .await
    .unwrap();
    assert_eq!(
        found(desk.list_cases(&search("结")).await.unwrap()),
        ["信访事项办结"]
    );
    assert_eq!(
        found(desk.list_cases(&search("事项")).await.unwrap()),
        ["信访事项办结"]
    );
    let registered = xinfang::store::query::CaseQuery {
        statuses: vec![Status::Accepted],
        ..Default::default()
    };
    assert_eq!(desk.list_cases(&registered).await.unwrap().total, 0);
}

/// The checkpointer copies committed pages into the database file in the background, the last
/// transaction's too, without a further write to wake it: the file grows to the database's
/// whole size while the writes are over.
#[tokio::test]
async fn committed_pages_reach_the_database_file_without_another_write() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("o.sqlite");
    let desk = common::office_desk(&path).await;
    let batch = xinfang::desk::demo::synthetic_cases(600, 7, common::now());
    desk.register_many(batch).await.unwrap();
    let pages = scalar(&desk, "PRAGMA page_count").await as u64;
    let mut file = 0;
    for _ in 0..100 {
        file = std::fs::metadata(&path).unwrap().len();
        if file == pages * 4096 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert_eq!(file, pages * 4096, "{pages} pages in the database");
}

/// "Received between" means office dates (UTC+8): a letter received at 23:59:59 on the 9th
/// and one at 00:00 on the 10th, office time, fall on either side of the line.
#[tokio::test]
async fn received_between_is_in_office_dates() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let at = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
    for (title, received) in [
        ("九日深夜", "2026-11-09T23:59:59+08:00"),
        ("十日零时", "2026-11-10T00:00:00+08:00"),
        ("十日下午", "2026-11-10T15:00:00+08:00"),
        ("十一日零时", "2026-11-11T00:00:00+08:00"),
    ] {
        let mut new = common::letter(title);
        new.received_at = Some(at(received));
        desk.register(new).await.unwrap();
    }
    let day = |from: &str, to: &str| xinfang::store::query::CaseQuery {
        received_from: Some(from.parse().unwrap()),
        received_to: Some(to.parse().unwrap()),
        ..Default::default()
    };
    let titles = |page: xinfang::desk::CaseListPage| {
        let mut t: Vec<String> = page.items.into_iter().map(|c| c.summary.title).collect();
        t.sort();
        t
    };
    let tenth = desk
        .list_cases(&day("2026-11-10", "2026-11-10"))
        .await
        .unwrap();
    assert_eq!(tenth.total, 2);
    assert_eq!(titles(tenth), ["十日下午", "十日零时"]);
    let ninth = desk
        .list_cases(&day("2026-11-09", "2026-11-09"))
        .await
        .unwrap();
    assert_eq!(titles(ninth), ["九日深夜"]);
    let both = desk
        .list_cases(&day("2026-11-09", "2026-11-11"))
        .await
        .unwrap();
    assert_eq!(both.total, 4);
}

/// Single registrations leave their search entries waiting and the one that completes
/// `INDEX_TOGETHER` moves them into the index; a search moves them first, so a case is found
/// as soon as it is saved, whichever way it went.
#[tokio::test]
async fn search_entries_enter_the_index_together_and_are_found_at_once() {
    use xinfang::store::search::INDEX_TOGETHER;
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let waiting = "SELECT count(*) FROM case_search_pending";
    let indexed = "SELECT count(*) FROM case_search_docsize";
    for i in 1..INDEX_TOGETHER {
        desk.register(common::letter(&format!("反映路灯问题{i}")))
            .await
            .unwrap();
    }
    assert_eq!(scalar(&desk, waiting).await, INDEX_TOGETHER as i64 - 1);
    assert_eq!(scalar(&desk, indexed).await, 0);
    desk.register(common::letter("反映拆迁补偿问题"))
        .await
        .unwrap();
    assert_eq!(scalar(&desk, waiting).await, 0);
    assert_eq!(scalar(&desk, indexed).await, INDEX_TOGETHER as i64);

    let last = desk
        .register(common::letter("反映工资拖欠问题"))
        .await
        .unwrap();
    assert_eq!(scalar(&desk, waiting).await, 1);
    let page = desk
        .list_cases(&xinfang::store::query::CaseQuery {
            text: Some("工资".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page.total, 1);
    assert_eq!(page.items[0].summary.case_no, last.case_no);
    assert_eq!(scalar(&desk, waiting).await, 0);
    assert_eq!(scalar(&desk, indexed).await, INDEX_TOGETHER as i64 + 1);
    let lamps = xinfang::store::query::CaseQuery {
        text: Some("路灯".into()),
        ..Default::default()
    };
    assert_eq!(
        desk.list_cases(&lamps).await.unwrap().total,
        INDEX_TOGETHER as i64 - 1
    );
}

#[tokio::test]
async fn steps_cannot_be_dated_before_the_previous_step() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let mut new = common::letter("反映工资拖欠问题");
    new.received_at = Some(common::now() - Duration::days(30));
    let case = desk.register(new).await.unwrap();
    let accepted_on = case.received_on + Duration::days(10);
    desk.act(
        &case.case_no,
        Action::Accept {
            date: Some(accepted_on),
            authority: None,
        },
    )
    .await
    .unwrap();
    let conclude = Action::Conclude {
        date: Some(accepted_on - Duration::days(1)),
        decision: xinfang::domain::case::Decision::Support,
        facts: "属实".into(),
        reasons: "依规".into(),
        legal_basis: "第三十二条".into(),
    };
    let err = desk.act(&case.case_no, conclude).await.unwrap_err();
    assert!(
        matches!(&err, Error::Invalid { field, .. } if field == "date"),
        "{err:?}"
    );
    assert!(err.to_string().contains("早于上一步骤"), "{err}");
}

#[tokio::test]
async fn a_matter_in_handling_is_not_accepted_again() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    let first = desk
        .register(common::letter("反映拆迁补偿问题"))
        .await
        .unwrap();
    desk.act(
        &first.case_no,
        Action::Accept {
            date: None,
            authority: None,
        },
    )
    .await
    .unwrap();
    let mut again = common::letter("再次反映拆迁补偿问题");
    again.repeat_of = Some(first.case_no.clone());
    let repeat = desk.register(again).await.unwrap();
    let err = desk
        .act(
            &repeat.case_no,
            Action::Accept {
                date: None,
                authority: None,
            },
        )
        .await
        .unwrap_err();
    assert!(err.to_string().contains("第十九条"), "{err}");
    let detail = desk.case_detail(&repeat.case_no).await.unwrap();
    assert!(!detail
        .allowed_actions
        .iter()
        .any(|a| a.as_str() == "accept"));
}

/// A short due list is the head of the long one: by due date, then case number, however many
/// deadlines share the last date that fits.
#[tokio::test]
async fn a_short_due_list_is_the_head_of_the_long_one() {
    let dir = tempfile::tempdir().unwrap();
    let desk = common::office_desk(&dir.path().join("o.sqlite")).await;
    // Four receipt dates, three letters each: three deadlines share each due date.
    for days_ago in [40, 40, 40, 35, 35, 35, 30, 30, 30, 25, 25, 25] {
        let mut new = common::letter("反映拆迁补偿问题");
        new.received_at = Some(common::now() - Duration::days(days_ago));
        desk.register(new).await.unwrap();
    }
    let today = desk.today();
    let key = |i: &xinfang::desk::DueItem| (i.due_on, i.case_no.clone());
    let all: Vec<_> = desk
        .due(today, 100)
        .await
        .unwrap()
        .items
        .iter()
        .map(key)
        .collect();
    assert_eq!(all.len(), 12);
    assert!(all.windows(2).all(|w| w[0] < w[1]), "{all:?}");
    for n in [1, 2, 4, 5, 7, 12] {
        let head: Vec<_> = desk
            .due(today, n)
            .await
            .unwrap()
            .items
            .iter()
            .map(key)
            .collect();
        assert_eq!(head, all[..n as usize], "first {n}");
    }
}
