//! Integration tests of the `xinfang` command line: the real binary, run as a clerk or a
//! script would run it, against a real SQLite file in a temporary directory.
//!
//! Every run is on the tests' clock (`XINFANG_NOW`, see `common`), and dates are computed
//! from that day with the office calendar: the tests hold on any day of the year.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use common::cli::{cli, run as run_command, Run, BIN};
use serde_json::{json, Value};
use tempfile::TempDir;

const OFFICE: &str = "445202";

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/// The office's date on the tests' clock (`XINFANG_NOW`).
fn today() -> NaiveDate {
    common::today()
}

fn days_ago(n: i64) -> NaiveDate {
    today() - Duration::days(n)
}

fn date(v: &Value) -> NaiveDate {
    let s = v
        .as_str()
        .unwrap_or_else(|| panic!("expected a date string, got {v}"));
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("date {s}: {e}"))
}

/// One office database in its own temporary directory.
struct Office {
    _dir: TempDir,
    db: PathBuf,
}

impl Office {
    /// A database path with nothing in it yet.
    fn empty() -> Office {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("office.sqlite");
        Office { _dir: dir, db }
    }

    /// An initialised office, code 445202.
    /// The tests' office with its accounts: 张卫东 (signed in unless a test says otherwise),
    /// 李敏 and 陈志强 (directors too) and 黄丽娟 (an administrator).
    fn new() -> Office {
        let o = Office::empty();
        common::cli::init(&o.db);
        for (name, display_name, role) in [
            ("limin", "李敏", "director"),
            ("chenzq", "陈志强", "director"),
            ("huanglj", "黄丽娟", "admin"),
        ] {
            o.run(&[
                "--user",
                "admin",
                "user",
                "add",
                name,
                "--display-name",
                display_name,
                "--role",
                role,
            ])
            .ok();
        }
        o
    }

    /// The director the tests sign in as, added by the administrator `init` made.
    fn add_director(&self) {
        self.run(&[
            "--user",
            "admin",
            "user",
            "add",
            common::USER,
            "--display-name",
            "张卫东",
            "--role",
            "director",
        ])
        .ok();
    }

    fn command(&self) -> Command {
        let mut c = cli();
        c.env_remove("XINFANG_DB")
            .env_remove("XINFANG_TOKEN")
            .env("XINFANG_USER", common::USER)
            .env("XINFANG_PASSWORD", common::PASSWORD)
            .env("XINFANG_NEW_PASSWORD", common::PASSWORD)
            .arg("--db")
            .arg(&self.db);
        c
    }

    fn run(&self, args: &[&str]) -> Run {
        run_command(self.command().args(args).stdin(Stdio::null()), None)
    }

    fn run_stdin(&self, args: &[&str], input: &str) -> Run {
        run_command(self.command().args(args), Some(input))
    }

    #[track_caller]
    fn json(&self, args: &[&str]) -> Value {
        self.run(args).ok().json()
    }

    /// Registers a case given inline and returns the case JSON.
    #[track_caller]
    fn register(&self, case: &Value) -> Value {
        self.json(&["case", "register", "--json", &case.to_string()])
    }

    #[track_caller]
    fn register_no(&self, case: &Value) -> String {
        self.register(case)["case_no"].as_str().unwrap().to_string()
    }

    #[track_caller]
    fn act(&self, case_no: &str, action: &str, fields: Value) -> Value {
        self.json(&[
            "--user",
            "limin",
            "case",
            "act",
            case_no,
            action,
            "--json",
            &fields.to_string(),
        ])
    }

    fn try_act(&self, case_no: &str, action: &str, fields: Value) -> Run {
        self.run(&[
            "case",
            "act",
            case_no,
            action,
            "--json",
            &fields.to_string(),
        ])
    }

    #[track_caller]
    /// Issues a notice, as the clerk does right after a decision (it meets the Art. 23
    /// notice deadline the decision opened).
    fn notice(&self, case_no: &str, kind: &str) {
        self.run(&["--user", "limin", "notice", "issue", case_no, kind])
            .ok();
    }

    #[track_caller]
    fn show(&self, case_no: &str) -> Value {
        self.json(&["case", "show", case_no, "--json"])
    }

    /// `case list … --json`: the case numbers in the order printed.
    #[track_caller]
    fn list(&self, filters: &[&str]) -> Vec<String> {
        let mut args = vec!["case", "list", "--json"];
        args.extend_from_slice(filters);
        let out = self.json(&args);
        let items = out
            .as_array()
            .unwrap_or_else(|| panic!("case list --json should print an array: {out}"));
        items
            .iter()
            .map(|c| c["case_no"].as_str().unwrap().to_string())
            .collect()
    }
}

/// A resident ID number with a correct GB 11643 check digit.
fn id_number(first17: &str) -> String {
    const W: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = first17
        .chars()
        .zip(W)
        .map(|(c, w)| c.to_digit(10).unwrap() * w)
        .sum();
    let check = b"10X98765432"[(sum % 11) as usize] as char;
    format!("{first17}{check}")
}

fn letter(title: &str, content: &str) -> Value {
    json!({
        "channel": "letter",
        "petitioners": [{
            "name": "陈志强",
            "id_number": id_number("44520219800101123"),
            "phone": "13800138000",
            "address": "揭阳市榕城区榕华街道进贤门大道1号"
        }],
        "letter": { "return_address": "揭阳市榕城区榕华街道进贤门大道1号" },
        "title": title,
        "content": content,
        "locality": { "code": "445202001", "name": "榕华街道" },
        "matter_type": "城乡建设",
        "purpose": "claim",
        "authority": "榕城区住房和城乡建设局"
    })
}

/// A group visit of `persons` people with `representatives` of them speaking for it.
fn visit(title: &str, persons: u32, representatives: usize) -> Value {
    let given = ["建国", "秀英", "伟", "海燕", "国华", "少雄", "美玲"];
    let petitioners: Vec<Value> = (0..representatives.max(1))
        .map(|i| {
            json!({
                "name": format!("林{}", given[i % given.len()]),
                "representative": i < representatives,
            })
        })
        .collect();
    json!({
        "channel": "visit",
        "petitioners": petitioners,
        "visit": { "person_count": persons, "batch_count": 1 },
        "title": title,
        "content": "工地负责人拖欠三十名工人半年工资共计四十余万元，多次讨要未果。",
        "locality": { "code": "445202003", "name": "中山街道" },
        "matter_type": "劳动社保",
        "purpose": "claim"
    })
}

fn phone(title: &str) -> Value {
    json!({
        "channel": "phone",
        "petitioners": [{ "name": "黄丽娟", "phone": "13900139000" }],
        "title": title,
        "content": "夜间十点后仍有工厂机器噪音，影响周边居民休息。",
        "locality": { "code": "445202005", "name": "东兴街道" },
        "matter_type": "环境保护",
        "purpose": "claim"
    })
}

/// The same registration received on `d` (10:00 office time).
fn received_on(mut case: Value, d: NaiveDate) -> Value {
    case["received_at"] = json!(format!("{d}T02:00:00Z"));
    case
}

fn authority(name: &str) -> Value {
    json!({ "name": name, "kind": "administrative" })
}

/// The open deadline of `kind` in a `case show --json` detail.
#[track_caller]
fn open_deadline<'a>(detail: &'a Value, kind: &str) -> &'a Value {
    detail["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == kind && d["met_on"].is_null())
        .unwrap_or_else(|| panic!("no open {kind} deadline in {detail:#}"))
}

fn allowed(detail: &Value) -> Vec<String> {
    detail["allowed_actions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

fn case_no(n: u32) -> String {
    format!("{OFFICE}-{}-{n:06}", today().year())
}

// ---------------------------------------------------------------------------------------------
// init, database location, exit codes
// ---------------------------------------------------------------------------------------------

/// The binary under test is this CLI (a stale or foreign `xinfang` in a shared target
/// directory makes every other test fail with empty output; this one says why).
#[test]
fn the_binary_is_the_xinfang_cli() {
    let o = Office::empty();
    let version = o.run(&["--version"]).ok().stdout;
    assert!(
        version.starts_with("xinfang "),
        "{BIN} --version printed {version:?}"
    );
    let help = o.run(&["--help"]).ok().stdout;
    assert!(help.contains("信访") && help.contains("case"), "{help}");
    // A usage error is bad input too.
    assert_eq!(o.run(&["no-such-command"]).code, 2);
}

#[test]
fn init_sets_up_the_office_once() {
    let o = Office::empty();
    let first = o
        .run(&[
            "init",
            "--code",
            OFFICE,
            "--name",
            "揭阳市榕城区信访局",
            "--doc-prefix",
            "榕信访",
        ])
        .ok();
    assert!(first.stdout.contains("已初始化"), "{}", first.stdout);
    assert!(first.stdout.contains("揭阳市榕城区信访局"));
    assert!(o.db.exists(), "the database file is created");

    let again = o
        .run(&[
            "init",
            "--code",
            "445203",
            "--name",
            "揭阳市揭东区信访局",
            "--doc-prefix",
            "东信访",
        ])
        .bad_input();
    assert!(again.contains("不能重复初始化"), "{again}");
    assert!(
        again.contains("揭阳市榕城区信访局"),
        "names the existing office: {again}"
    );

    // The first office is still the one numbering cases.
    o.add_director();
    let c = o.register(&letter("反映小区物业管理混乱问题", "物业长期不清理垃圾。"));
    assert_eq!(c["office_code"], OFFICE);
}

#[test]
fn init_rejects_a_bad_office_code_and_empty_fields() {
    let o = Office::empty();
    for code in ["44A202", "4452", "445202-01", "4452021234567"] {
        let err = o
            .run(&[
                "init",
                "--code",
                code,
                "--name",
                "某信访局",
                "--doc-prefix",
                "某信访",
            ])
            .bad_input();
        assert!(
            err.contains("code") && err.contains("机构代码"),
            "{code}: {err}"
        );
    }
    let err = o
        .run(&[
            "init",
            "--code",
            OFFICE,
            "--name",
            "  ",
            "--doc-prefix",
            "榕信访",
        ])
        .bad_input();
    assert!(err.contains("name"), "{err}");
    // Nothing was set up by the refused attempts: not even an empty file.
    assert!(!o.db.exists(), "a refused init left {}", o.db.display());
    let err = o
        .run(&[
            "case",
            "register",
            "--json",
            &letter("标题", "内容").to_string(),
        ])
        .bad_input();
    assert!(err.contains("找不到案件数据库"), "{err}");
    assert!(!o.db.exists());
}

#[test]
fn database_path_from_the_environment() {
    let o = Office::empty();
    let run = run_command(
        cli()
            .env("XINFANG_DB", &o.db)
            .env_remove("XINFANG_USER")
            .env("XINFANG_NEW_PASSWORD", common::PASSWORD)
            .args([
                "init",
                "--code",
                OFFICE,
                "--name",
                "揭阳市榕城区信访局",
                "--doc-prefix",
                "榕信访",
            ]),
        None,
    )
    .ok();
    assert!(
        run.stdout.contains(&o.db.display().to_string()),
        "{}",
        run.stdout
    );
    assert!(o.db.exists());
    // The same file through --db: initialised, so registering works.
    o.add_director();
    assert_eq!(
        o.register_no(&phone("反映工厂夜间噪音扰民问题")),
        case_no(1)
    );
    // And --db wins over the environment.
    let other = Office::empty();
    let list = run_command(
        cli()
            .env("XINFANG_DB", &other.db)
            .arg("--db")
            .arg(&o.db)
            .args(["case", "list", "--json"]),
        None,
    )
    .ok()
    .json();
    assert_eq!(list.as_array().unwrap().len(), 1);
}

#[test]
fn a_database_that_cannot_be_created_is_exit_1() {
    let run = run_command(
        cli().env_remove("XINFANG_DB").args([
            "--db",
            "/proc/xinfang/x.sqlite",
            "init",
            "--code",
            OFFICE,
            "--name",
            "揭阳市榕城区信访局",
            "--doc-prefix",
            "榕信访",
        ]),
        None,
    );
    assert_eq!(run.code, 1, "{run:?}");
    assert!(run.stderr.starts_with("错误："), "{}", run.stderr);
    assert!(run.stdout.is_empty());
}

#[test]
fn reading_commands_refuse_a_missing_or_foreign_file_and_change_nothing() {
    // A mistyped folder: no folders, no empty database, no "共0件".
    let o = Office::empty();
    let typo = o._dir.path().join("no-such-folder").join("office.sqlite");
    let run = run_command(
        cli()
            .env_remove("XINFANG_DB")
            .arg("--db")
            .arg(&typo)
            .args(["case", "list"]),
        None,
    );
    let err = run.bad_input();
    assert!(err.contains("找不到案件数据库"), "{err}");
    assert!(!typo.parent().unwrap().exists());

    // Another program's SQLite file keeps exactly its own tables.
    let foreign = o._dir.path().join("other.sqlite");
    let made = Command::new("sqlite3")
        .arg(&foreign)
        .arg("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('x');")
        .status()
        .unwrap();
    assert!(made.success());
    let before = std::fs::read(&foreign).unwrap();
    let run = run_command(
        cli()
            .env_remove("XINFANG_DB")
            .arg("--db")
            .arg(&foreign)
            .args(["due"]),
        None,
    );
    assert!(run.bad_input().contains("不是本程序的案件数据库"));
    assert_eq!(
        std::fs::read(&foreign).unwrap(),
        before,
        "the file was changed"
    );

    // A text file and a folder where the database should be.
    std::fs::write(&o.db, "这不是数据库，只是一段文字。".repeat(20)).unwrap();
    assert!(o
        .run(&["case", "list"])
        .bad_input()
        .contains("不是本程序的案件数据库"));
    let dir = Office::empty();
    std::fs::create_dir(&dir.db).unwrap();
    assert!(dir
        .run(&["case", "list"])
        .bad_input()
        .contains("找不到案件数据库"));
}

// ---------------------------------------------------------------------------------------------
// case register
// ---------------------------------------------------------------------------------------------

#[test]
fn register_from_a_file_stdin_and_inline_numbers_in_sequence() {
    let o = Office::new();

    // A letter from a file.
    let file = o._dir.path().join("letter.json");
    std::fs::write(
        &file,
        letter(
            "反映旧城改造拆迁补偿问题",
            "本人房屋于去年被列入旧城改造范围，拆迁补偿款至今未发放。",
        )
        .to_string(),
    )
    .unwrap();
    let run = o
        .run(&["case", "register", "--json", file.to_str().unwrap()])
        .ok();
    let c1 = run.json();
    assert_eq!(c1["case_no"], case_no(1));
    assert!(run.stderr.contains("已登记"), "{}", run.stderr);
    assert_eq!(c1["channel"], "letter");
    assert_eq!(c1["status"], "registered");
    assert_eq!(c1["office_code"], OFFICE);
    assert_eq!(date(&c1["received_on"]), today());
    assert_eq!(c1["petitioners"][0]["name"], "陈志强");
    assert_eq!(c1["locality"]["code"], "445202001");
    assert_eq!(c1["version"], 1);
    let deadlines = c1["deadlines"].as_array().unwrap();
    assert_eq!(deadlines.len(), 1);
    assert_eq!(deadlines[0]["kind"], "disposal");
    assert!(date(&deadlines[0]["due_on"]) >= today() + Duration::days(15));

    // A group visit from standard input.
    let run = o
        .run_stdin(
            &["case", "register", "--json", "-"],
            &visit("反映工地拖欠农民工工资问题", 12, 5).to_string(),
        )
        .ok();
    let c2 = run.json();
    assert_eq!(c2["case_no"], case_no(2));
    assert_eq!(c2["channel"], "visit");
    assert_eq!(c2["visit"]["person_count"], 12);
    assert_eq!(c2["visit"]["batch_count"], 1);
    let reps = c2["petitioners"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["representative"] == true)
        .count();
    assert_eq!(reps, 5, "five representatives are allowed (Art. 20)");

    // Inline JSON, and an ID number with a lower-case x is normalised.
    let mut c = phone("反映工厂夜间噪音扰民问题");
    c["petitioners"][0]["id_number"] = json!("11010519491231002x");
    let c3 = o.register(&c);
    assert_eq!(c3["case_no"], case_no(3));
    assert_eq!(
        c3["petitioners"][0]["id_number"], "110105********002X",
        "masked"
    );
    let full = o.json(&[
        "case",
        "show",
        &case_no(3),
        "--json",
        "--unmask",
        "核对信访人身份",
    ]);
    assert_eq!(
        full["case"]["petitioners"][0]["id_number"],
        "11010519491231002X"
    );
    assert_eq!(full["disclosures"][0]["reason"], "核对信访人身份");

    // The office's date and the actor, whatever the machine's time zone and user.
    let run = run_command(
        o.command()
            .env("TZ", "Pacific/Kiritimati")
            .env("XINFANG_USER", "chenzq")
            .args([
                "case",
                "register",
                "--json",
                &phone("反映餐饮油烟污染问题").to_string(),
            ]),
        None,
    )
    .ok();
    let c4 = run.json();
    assert_eq!(c4["case_no"], case_no(4));
    assert_eq!(date(&c4["received_on"]), today());
    let d = o.show(&case_no(4));
    assert_eq!(d["timeline"][0]["actor"], "陈志强");
    assert_eq!(d["timeline"][0]["account"], "chenzq");

    assert_eq!(
        o.list(&[]),
        vec![case_no(4), case_no(3), case_no(2), case_no(1)]
    );
}

#[test]
fn register_refuses_six_representatives_and_saves_nothing() {
    let o = Office::new();
    let err = o
        .run(&[
            "case",
            "register",
            "--json",
            &visit("反映工地拖欠农民工工资问题", 30, 6).to_string(),
        ])
        .bad_input();
    assert!(err.contains("petitioners"), "names the field: {err}");
    assert!(err.contains("代表不得超过5人"), "says why: {err}");
    assert!(err.contains("第二十条"), "cites Art. 20: {err}");
    assert!(err.contains("6人"), "{err}");
    assert!(o.list(&[]).is_empty(), "nothing saved");
    // The refused registration did not take a number.
    assert_eq!(
        o.register_no(&visit("反映工地拖欠农民工工资问题", 30, 5)),
        case_no(1)
    );
}

#[test]
fn repeats_lists_the_earlier_case_and_link_repeat_records_the_choice() {
    let o = Office::new();
    let first = o.register_no(&letter(
        "反映旧城改造拆迁补偿问题",
        "本人房屋于去年被列入旧城改造范围，拆迁补偿款至今未发放。",
    ));
    let other = o.register_no(&phone("反映噪音扰民问题"));
    let again = o.register_no(&letter(
        "再次反映拆迁补偿款未发放",
        "我家房屋被列入旧城改造范围，补偿款至今没有发放，请求督促。",
    ));

    let found = o.run(&["case", "repeats", &again, "--json"]).ok().json();
    let found = found.as_array().unwrap();
    assert_eq!(found[0]["case_no"], first.as_str(), "{found:?}");
    let reasons = found[0]["reasons"].to_string();
    assert!(reasons.contains("身份证号码相同"), "{reasons}");
    assert!(reasons.contains("内容相似"), "{reasons}");
    assert!(found.iter().all(|c| c["case_no"] != other.as_str()));
    let table = o.run(&["case", "repeats", &again]).ok().stdout;
    assert!(
        table.contains(&first) && table.contains("身份证号码相同"),
        "{table}"
    );

    // An earlier case is never offered a later one.
    let none = o.run(&["case", "repeats", &first, "--json"]).ok().json();
    assert_eq!(none, json!([]));

    let err = o
        .run(&[
            "case",
            "act",
            &again,
            "link_repeat",
            "--json",
            &json!({ "earlier_case_no": "445202-2026-999999" }).to_string(),
        ])
        .bad_input();
    assert!(err.contains("找不到信访件"), "{err}");
    let linked = o
        .run(&[
            "case",
            "act",
            &again,
            "link_repeat",
            "--json",
            &json!({ "earlier_case_no": first }).to_string(),
        ])
        .ok()
        .json();
    assert_eq!(linked["repeat_of"], first.as_str());
    assert_eq!(linked["status"], "registered");
    let stored = o.run(&["case", "show", &again, "--json"]).ok().json();
    assert_eq!(
        stored["case"]["repeat_of"],
        first.as_str(),
        "kept in the file"
    );
}

#[test]
fn register_refuses_malformed_and_invalid_input() {
    let o = Office::new();
    let bad = |input: &str| o.run(&["case", "register", "--json", input]).bad_input();

    let err = bad("{\"channel\": \"letter\", ");
    assert!(err.contains("JSON"), "{err}");
    let err = bad("[1, 2]");
    assert!(err.contains("JSON"), "{err}");

    let mut missing = letter("标题", "内容");
    missing.as_object_mut().unwrap().remove("title");
    let err = bad(&missing.to_string());
    assert!(err.contains("title"), "{err}");

    let mut channel = letter("标题", "内容");
    channel["channel"] = json!("fax");
    let err = bad(&channel.to_string());
    assert!(err.contains("fax"), "{err}");

    let mut wrong_digit = letter("标题", "内容");
    let good = id_number("44520219800101123");
    let last = if good.ends_with('0') { "1" } else { "0" };
    wrong_digit["petitioners"][0]["id_number"] = json!(format!("{}{last}", &good[..17]));
    let err = bad(&wrong_digit.to_string());
    assert!(err.contains("petitioners[0].id_number"), "{err}");
    assert!(err.contains("校验位"), "{err}");

    let err = bad(&received_on(letter("标题", "内容"), today() + Duration::days(2)).to_string());
    assert!(err.contains("received_at"), "{err}");

    let mut no_people = letter("标题", "内容");
    no_people["petitioners"] = json!([]);
    let err = bad(&no_people.to_string());
    assert!(err.contains("petitioners"), "{err}");

    let mut visit_without_count = visit("标题", 3, 1);
    visit_without_count.as_object_mut().unwrap().remove("visit");
    let err = bad(&visit_without_count.to_string());
    assert!(err.contains("visit"), "{err}");

    let mut locality = letter("标题", "内容");
    locality["locality"]["code"] = json!("4452");
    let err = bad(&locality.to_string());
    assert!(err.contains("locality.code"), "{err}");

    // Fails inside the write transaction (the earlier case does not exist): rolled back.
    let mut repeat = letter("标题", "内容");
    repeat["repeat_of"] = json!(format!("{OFFICE}-2020-000009"));
    let err = bad(&repeat.to_string());
    assert!(err.contains("repeat_of"), "{err}");

    let missing_file = o._dir.path().join("nope.json");
    let err = bad(missing_file.to_str().unwrap());
    assert!(err.contains("无法读取"), "{err}");

    assert!(o.list(&[]).is_empty(), "nothing saved");
    assert_eq!(
        o.register_no(&letter("标题", "内容")),
        case_no(1),
        "no number was used up by a refused registration"
    );
}

// ---------------------------------------------------------------------------------------------
// case list
// ---------------------------------------------------------------------------------------------

/// Four cases received on different days, in three channels, one of them accepted.
struct ListFixture {
    o: Office,
    chaiqian: String, // letter, 40 days ago, accepted
    wages: String,    // visit, 30 days ago
    noise: String,    // phone, 14 days ago
    property: String, // letter, today
}

fn list_fixture() -> ListFixture {
    let o = Office::new();
    let chaiqian = o.register_no(&received_on(
        letter(
            "反映旧城改造拆迁补偿问题",
            "房屋被列入旧城改造范围，补偿款至今未发放。",
        ),
        days_ago(40),
    ));
    let wages = o.register_no(&received_on(
        visit("反映工地拖欠农民工工资问题", 8, 2),
        days_ago(30),
    ));
    let noise = o.register_no(&received_on(
        phone("反映工厂夜间噪音扰民问题"),
        days_ago(14),
    ));
    let property = o.register_no(&letter(
        "反映小区物业管理混乱问题",
        "物业公司长期不清理垃圾，电梯多次故障。",
    ));
    o.act(
        &chaiqian,
        "accept",
        json!({ "date": days_ago(38), "authority": authority("榕城区住房和城乡建设局") }),
    );
    o.notice(&chaiqian, "acceptance_notice");
    ListFixture {
        o,
        chaiqian,
        wages,
        noise,
        property,
    }
}

#[test]
fn list_prints_a_json_array_with_the_glossary_names() {
    let f = list_fixture();
    let out = f.o.json(&["case", "list", "--json"]);
    let items = out.as_array().expect("a JSON array");
    assert_eq!(items.len(), 4);
    // Newest receipt first.
    let nos: Vec<&str> = items
        .iter()
        .map(|c| c["case_no"].as_str().unwrap())
        .collect();
    assert_eq!(nos, [&f.property, &f.noise, &f.wages, &f.chaiqian]);
    let wages = &items[2];
    assert_eq!(wages["channel"], "visit");
    assert_eq!(wages["status"], "registered");
    assert_eq!(date(&wages["received_on"]), days_ago(30));
    assert_eq!(wages["title"], "反映工地拖欠农民工工资问题");
    assert_eq!(wages["locality_name"], "中山街道");
    assert_eq!(wages["first_petitioner"], "林建国");
    assert_eq!(wages["next_due_kind"], "disposal");
    assert!(wages["next_due_on"].is_string());
    // Received 30 days ago, undecided: its 15-day disposal period has run out.
    assert_eq!(wages["next_due_state"], "overdue");
    assert!(wages["next_due_days_left"].as_i64().unwrap() < 0, "{wages}");
    let chaiqian = &items[3];
    assert_eq!(chaiqian["status"], "accepted");
    assert_eq!(chaiqian["next_due_kind"], "handling");
    // The ID number is masked in lists.
    let masked = chaiqian["first_id_masked"].as_str().unwrap();
    assert!(
        masked.starts_with("445202") && masked.contains("********"),
        "{masked}"
    );

    // Paging.
    assert_eq!(
        f.o.list(&["--page-size", "2"]),
        vec![f.property.clone(), f.noise.clone()]
    );
    assert_eq!(
        f.o.list(&["--page-size", "2", "--page", "2"]),
        vec![f.wages.clone(), f.chaiqian.clone()]
    );

    // Without --json: one line per case, for people.
    let text = f.o.run(&["case", "list"]).ok().stdout;
    assert!(text.contains("共4件"), "{text}");
    assert!(text.contains(&f.wages) && text.contains("待处理"), "{text}");
    let wages_line = text.lines().find(|l| l.contains(&f.wages)).unwrap();
    let due = date(&wages["next_due_on"]);
    assert!(
        wages_line.contains(&format!("期满{}（超期", common::cn(due))),
        "{wages_line}"
    );
}

#[test]
fn list_filters_by_status_channel_and_dates() {
    let f = list_fixture();
    let o = &f.o;
    assert_eq!(o.list(&["--status", "accepted"]), vec![f.chaiqian.clone()]);
    assert_eq!(
        o.list(&["--status", "registered"]),
        vec![f.property.clone(), f.noise.clone(), f.wages.clone()]
    );
    assert_eq!(
        o.list(&["--status", "accepted", "--status", "registered"])
            .len(),
        4
    );
    assert!(o.list(&["--status", "terminated"]).is_empty());
    assert_eq!(
        o.list(&["--channel", "letter"]),
        vec![f.property.clone(), f.chaiqian.clone()]
    );
    assert_eq!(o.list(&["--channel", "visit"]), vec![f.wages.clone()]);
    assert_eq!(
        o.list(&["--channel", "letter", "--status", "registered"]),
        vec![f.property.clone()]
    );
    let from = days_ago(35).to_string();
    let to = days_ago(10).to_string();
    assert_eq!(
        o.list(&["--from", &from, "--to", &to]),
        vec![f.noise.clone(), f.wages.clone()]
    );
    // Both ends are inclusive.
    let d30 = days_ago(30).to_string();
    assert_eq!(
        o.list(&["--from", &d30, "--to", &d30]),
        vec![f.wages.clone()]
    );
    assert_eq!(
        o.list(&["--from", &today().to_string()]),
        vec![f.property.clone()]
    );
    assert_eq!(o.list(&["--locality", "445202003"]), vec![f.wages.clone()]);

    let err = o.run(&["case", "list", "--status", "closed"]).bad_input();
    assert!(err.contains("closed"), "{err}");
    let err = o.run(&["case", "list", "--channel", "fax"]).bad_input();
    assert!(err.contains("fax"), "{err}");
    // A date that is not a date is a usage error, also exit 2.
    assert_eq!(o.run(&["case", "list", "--from", "昨天"]).code, 2);
}

#[test]
fn list_exports_every_matching_case_to_xlsx() {
    let f = list_fixture();
    let file = f.o.db.with_file_name("登记中.xlsx");
    let file_arg = file.to_str().unwrap();
    let out = f.o.json(&[
        "case",
        "list",
        "--status",
        "registered",
        "--xlsx",
        file_arg,
        "--json",
    ]);
    assert_eq!(out["cases"], 3);
    let sheet = xinfang::sheets::Sheet::read(&file).unwrap();
    let [no] = sheet.columns(&["信访件编号"]).unwrap()[..] else {
        unreachable!()
    };
    let nos: Vec<&str> = sheet.rows().iter().map(|(_, r)| r[no].as_str()).collect();
    assert_eq!(nos, [&f.property, &f.noise, &f.wages], "the list's order");

    let text = f.o.run(&["case", "list", "--xlsx", file_arg]).ok().stdout;
    assert!(text.contains("已导出4件到"), "{text}");
}

#[test]
fn list_searches_text_with_two_character_words_and_single_characters() {
    let f = list_fixture();
    let o = &f.o;
    // A two-character Chinese word, through the bigram index: title and content.
    assert_eq!(o.list(&["--text", "拆迁"]), vec![f.chaiqian.clone()]);
    assert_eq!(o.list(&["--text", "工资"]), vec![f.wages.clone()]);
    assert_eq!(
        o.list(&["--text", "电梯"]),
        vec![f.property.clone()],
        "content"
    );
    assert_eq!(o.list(&["--text", "补偿款"]), vec![f.chaiqian.clone()]);
    assert!(o.list(&["--text", "拆除"]).is_empty());
    // Two words: both must occur.
    assert_eq!(o.list(&["--text", "旧城 补偿"]), vec![f.chaiqian.clone()]);
    assert!(o.list(&["--text", "旧城 工资"]).is_empty());
    // One character: too short for the index, still found.
    assert_eq!(o.list(&["--text", "拆"]), vec![f.chaiqian.clone()]);
    assert_eq!(o.list(&["--text", "噪"]), vec![f.noise.clone()]);
    // A petitioner's name (one character of it).
    assert_eq!(o.list(&["--text", "林"]), vec![f.wages.clone()]);
    // The text filter combines with the others.
    assert!(o
        .list(&["--text", "拆迁", "--status", "registered"])
        .is_empty());
}

/// A one-character word in the query, or a one-character query, should find what the
/// index finds for the longer word: today it falls back to a LIKE scan of the whole query
/// over fewer fields (title, content, case number, petitioner names).
#[test]
fn list_text_search_is_consistent_for_one_character_words() {
    let f = list_fixture();
    let o = &f.o;
    // Two words, one of them a single character, both in the case: found by each alone.
    assert_eq!(o.list(&["--text", "拆迁"]), vec![f.chaiqian.clone()]);
    assert_eq!(o.list(&["--text", "补"]), vec![f.chaiqian.clone()]);
    assert_eq!(
        o.list(&["--text", "拆迁 补"]),
        vec![f.chaiqian.clone()],
        "both words occur"
    );
    // The locality and the matter type are searchable by two characters, so by one.
    assert_eq!(o.list(&["--text", "中山"]), vec![f.wages.clone()]);
    assert_eq!(o.list(&["--text", "中"]), vec![f.wages.clone()]);
    assert_eq!(o.list(&["--text", "环境"]), vec![f.noise.clone()]);
    assert_eq!(o.list(&["--text", "环"]), vec![f.noise.clone()]);
}

#[test]
fn list_overdue_and_near_due() {
    let f = list_fixture();
    let o = &f.o;
    // 30 days ago: the 15-day disposal period is over. 14 days ago: it ends on the first
    // working day after today, within the 3-working-day warning.
    assert_eq!(o.list(&["--overdue"]), vec![f.wages.clone()]);
    assert_eq!(o.list(&["--near-due"]), vec![f.noise.clone()]);
    assert!(o.list(&["--overdue", "--channel", "letter"]).is_empty());
    let wages = o.show(&f.wages);
    let disposal = open_deadline(&wages, "disposal");
    assert_eq!(disposal["state"], "overdue");
    assert!(disposal["days_left"].as_i64().unwrap() < 0);
    let noise = o.show(&f.noise);
    assert_eq!(open_deadline(&noise, "disposal")["state"], "near_due");
    let property = o.show(&f.property);
    assert_eq!(open_deadline(&property, "disposal")["state"], "on_time");
}

// ---------------------------------------------------------------------------------------------
// case show
// ---------------------------------------------------------------------------------------------

#[test]
fn show_has_deadlines_with_explanations_timeline_and_allowed_actions() {
    let o = Office::new();
    let received = days_ago(3);
    let no = o.register_no(&received_on(
        letter("反映小区物业管理混乱问题", "物业公司长期不清理垃圾。"),
        received,
    ));
    o.json(&[
        "--user",
        "chenzq",
        "case",
        "act",
        &no,
        "accept",
        "--json",
        &json!({ "authority": authority("榕城区住房和城乡建设局") }).to_string(),
    ]);

    let d = o.show(&no);
    assert_eq!(d["case"]["case_no"], no);
    assert_eq!(d["case"]["status"], "accepted");
    assert_eq!(d["status_label"], "办理中");

    let deadlines = d["deadlines"].as_array().unwrap();
    // Disposal (met), the Art. 23 written notice (from receipt), handling.
    assert_eq!(deadlines.len(), 3);
    let notice = open_deadline(&d, "notice");
    assert_eq!(notice["label"], "书面告知期限");
    assert_eq!(date(&notice["start_on"]), received);
    assert!(notice["explanation"]
        .as_str()
        .unwrap()
        .contains("第二十三条"));
    let disposal = &deadlines[0];
    assert_eq!(disposal["kind"], "disposal");
    assert_eq!(disposal["label"], "登记处理期限");
    assert_eq!(date(&disposal["start_on"]), received);
    assert_eq!(date(&disposal["met_on"]), today());
    assert_eq!(disposal["state"], "met_on_time");
    let handling = open_deadline(&d, "handling");
    assert_eq!(handling["label"], "办理期限");
    assert_eq!(date(&handling["start_on"]), today());
    let due = date(&handling["due_on"]);
    assert!(due >= today() + Duration::days(60) && due <= today() + Duration::days(75));
    assert_eq!(handling["basis"]["basis"], "period");
    assert_eq!(handling["basis"]["days"], 60);
    assert_eq!(handling["state"], "on_time");
    assert!(handling["days_left"].as_i64().unwrap() > 30);
    let explanation = handling["explanation"].as_str().unwrap();
    assert!(explanation.contains("次日起算"), "{explanation}");
    assert!(explanation.contains("第三十四条"), "{explanation}");
    assert!(explanation.contains("60日"), "{explanation}");
    let due_cn = format!("{}年{}月{}日", due.year(), due.month(), due.day());
    assert!(explanation.contains(&due_cn), "{explanation}");

    let timeline = d["timeline"].as_array().unwrap();
    assert_eq!(timeline.len(), 2);
    assert_eq!(timeline[0]["action"], "register");
    assert_eq!(timeline[0]["seq"], 1);
    assert_eq!(timeline[1]["action"], "accept");
    assert_eq!(timeline[1]["actor"], "陈志强", "the account that signed in");
    assert!(timeline[1]["summary"]
        .as_str()
        .unwrap()
        .contains("榕城区住房和城乡建设局"));
    assert_eq!(timeline[1]["before"]["status"], "registered");
    assert_eq!(timeline[1]["after"]["status"], "accepted");
    assert_eq!(timeline[1]["office_code"], OFFICE);

    let allowed = allowed(&d);
    assert!(allowed.contains(&"conclude".to_string()), "{allowed:?}");
    assert!(allowed.contains(&"extend".to_string()), "{allowed:?}");
    assert!(!allowed.contains(&"accept".to_string()), "{allowed:?}");
    assert!(!allowed.contains(&"register".to_string()), "{allowed:?}");

    // For people: the same facts in Chinese.
    let text = o.run(&["case", "show", &no]).ok().stdout;
    assert!(text.contains(&no) && text.contains("办理中"), "{text}");
    assert!(
        text.contains("办理期限") && text.contains("陈志强"),
        "{text}"
    );
    assert!(text.contains("可执行操作"), "{text}");
    // The ID number is masked on screen.
    assert!(!text.contains(&id_number("44520219800101123")), "{text}");

    let err = o
        .run(&["case", "show", "445202-2026-999999", "--json"])
        .bad_input();
    assert!(
        err.contains("找不到信访件") && err.contains("445202-2026-999999"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------------------------
// case act
// ---------------------------------------------------------------------------------------------

fn opinion(decision: &str) -> Value {
    json!({
        "decision": decision,
        "facts": "经核查，该工地确有拖欠工资情况。",
        "reasons": "用人单位应当按时足额支付劳动报酬。",
        "legal_basis": "《保障农民工工资支付条例》第三条",
    })
}

#[test]
fn act_takes_a_case_through_its_whole_life_to_terminated() {
    let o = Office::new();
    let no = o.register_no(&visit("反映工地拖欠农民工工资问题", 6, 2));

    // The action's fields from standard input.
    let accepted = o
        .run_stdin(
            &[
                "--user", "limin", "case", "act", &no, "accept", "--json", "-",
            ],
            &json!({ "authority": authority("榕城区人力资源和社会保障局") }).to_string(),
        )
        .ok()
        .json();
    assert_eq!(accepted["status"], "accepted");
    assert_eq!(
        accepted["progress"]["disposal"]["authority"]["name"],
        "榕城区人力资源和社会保障局"
    );
    o.notice(&no, "acceptance_notice");

    let steps: Vec<(&str, Value, &str)> = vec![
        (
            "extend",
            json!({ "days": 30, "reason": "涉及人数多，需进一步调查", "approver": "王局长" }),
            "accepted",
        ),
        ("supervise", json!({ "note": "请加快办理" }), "accepted"),
        ("conclude", opinion("support"), "concluded"),
        ("reply", json!({ "method": "当面送达" }), "replied"),
        (
            "rate_satisfaction",
            json!({ "satisfaction": "dissatisfied" }),
            "replied",
        ),
        (
            "request_review",
            json!({ "organ": "揭阳市人力资源和社会保障局", "grounds": "补发金额不足" }),
            "review_requested",
        ),
        ("conclude_review", opinion("uphold"), "reviewed"),
        (
            "request_re_review",
            json!({ "organ": "揭阳市人民政府", "grounds": "仍不服" }),
            "re_review_requested",
        ),
        ("conclude_re_review", opinion("uphold"), "terminated"),
    ];
    for (action, fields, status) in &steps {
        let run = o
            .run(&[
                "--user",
                "limin",
                "case",
                "act",
                &no,
                action,
                "--json",
                &fields.to_string(),
            ])
            .ok();
        let case = run.json();
        assert_eq!(case["status"], *status, "after {action}");
        assert!(run.stderr.contains(&no), "{}", run.stderr);
    }

    let d = o.show(&no);
    assert_eq!(d["case"]["status"], "terminated");
    assert_eq!(d["status_label"], "三级终结");
    // Registered, accepted, notice issued, the opinion issued with the reply, the 督办函 issued
    // with the supervision, then the steps.
    assert_eq!(d["case"]["version"], steps.len() as i64 + 5);
    let p = &d["case"]["progress"];
    assert_eq!(p["extension"]["days"], 30);
    assert_eq!(p["extension"]["approver"], "王局长");
    assert_eq!(p["opinion"]["decision"], "support");
    assert_eq!(p["reply"]["method"], "当面送达");
    assert_eq!(p["satisfaction"], "dissatisfied");
    assert_eq!(p["review"]["opinion"]["decision"], "uphold");
    assert_eq!(p["re_review"]["opinion"]["decision"], "uphold");
    assert_eq!(p["supervisions"].as_array().unwrap().len(), 1);
    assert_eq!(p["disposal"]["kind"], "accepted");

    let timeline = d["timeline"].as_array().unwrap();
    let actions: Vec<&str> = timeline
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    let mut expected = vec!["register", "accept", "issue_document"];
    for (action, _, _) in &steps {
        expected.push(action);
        if *action == "reply" || *action == "supervise" {
            expected.push("issue_document");
        }
    }
    assert_eq!(actions, expected);
    assert!(timeline[1..].iter().all(|e| e["actor"] == "李敏"));
    let seqs: Vec<i64> = timeline
        .iter()
        .map(|e| e["seq"].as_i64().unwrap())
        .collect();
    assert_eq!(seqs, (1..=timeline.len() as i64).collect::<Vec<_>>());

    // The extension moved the handling period 30 days and says so.
    let handling = d["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["kind"] == "handling")
        .unwrap();
    assert_eq!(handling["basis"]["extension_days"], 30);
    assert!(date(&handling["due_on"]) >= today() + Duration::days(90));
    assert!(handling["explanation"]
        .as_str()
        .unwrap()
        .contains("经批准延长30日"));
    // The extension was never told to the petitioner, and the supervised organ never responded:
    // those duties alone stay open.
    let open: Vec<&str> = d["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["met_on"].is_null())
        .map(|x| x["kind"].as_str().unwrap())
        .collect();
    assert_eq!(open, ["extension_notice", "supervision_reply"]);
    // A terminated case is only followed up: supervised, and the organ's response recorded.
    assert_eq!(allowed(&d), ["supervise", "respond_supervision"]);
    let err = o
        .try_act(&no, "revoke", json!({ "reason": "再议" }))
        .bad_input();
    assert!(err.contains("三级终结"), "{err}");

    // The same matter raised again: not accepted (Art. 36), only refused as a repeat.
    let mut again = visit("再次反映工地拖欠农民工工资问题", 2, 1);
    again["repeat_of"] = json!(no);
    let repeat = o.register_no(&again);
    let d = o.show(&repeat);
    assert_eq!(d["case"]["repeat_of"], no);
    let allowed = allowed(&d);
    assert!(!allowed.contains(&"accept".to_string()), "{allowed:?}");
    assert!(
        allowed.contains(&"refuse_repeat".to_string()),
        "{allowed:?}"
    );
    let err = o.try_act(&repeat, "accept", json!({})).bad_input();
    assert!(err.contains("待处理") && err.contains("三级终结"), "{err}");
    assert!(err.contains(&no), "names the earlier case: {err}");
    let refused = o.act(&repeat, "refuse_repeat", json!({ "reason": "已三级终结" }));
    assert_eq!(refused["status"], "refused_repeat");
    assert_eq!(refused["progress"]["disposal"]["earlier_case_no"], no);
}

#[test]
fn act_decline_forward_assign_refuse_repeat_and_revoke() {
    let o = Office::new();
    let a = o.register_no(&letter("反映房屋买卖合同纠纷问题", "开发商不退定金。"));
    let b = o.register_no(&phone("反映工厂夜间噪音扰民问题"));
    let c = o.register_no(&visit("反映工地拖欠农民工工资问题", 3, 1));
    let e = o.register_no(&letter("反映小区物业管理混乱问题", "垃圾无人清理。"));

    let declined = o.act(
        &a,
        "decline",
        json!({
            "reason": "属于民事合同纠纷，应通过诉讼解决",
            "article": "《信访工作条例》第三十一条",
            "statutory_channel": "民事诉讼",
            "authority": { "name": "揭阳市榕城区人民法院", "kind": "political_legal" }
        }),
    );
    assert_eq!(declined["status"], "declined");
    assert_eq!(
        declined["progress"]["disposal"]["statutory_channel"],
        "民事诉讼"
    );

    let forwarded = o.act(
        &b,
        "forward",
        json!({ "authority": authority("揭阳市生态环境局榕城分局"), "note": "请依法处理" }),
    );
    assert_eq!(forwarded["status"], "forwarded");
    let objection = forwarded["deadlines"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["kind"] == "forward_objection")
        .expect("the 5-working-day objection window opens");
    assert!(date(&objection["due_on"]) >= today() + Duration::days(5));

    let feedback_due = today() + Duration::days(20);
    let assigned = o.act(
        &c,
        "assign",
        json!({ "authority": authority("中山街道办事处"), "feedback_due": feedback_due }),
    );
    assert_eq!(assigned["status"], "assigned");
    let d = o.show(&c);
    let feedback = open_deadline(&d, "feedback");
    assert_eq!(
        date(&feedback["due_on"]),
        feedback_due,
        "a fixed date is kept as set"
    );
    assert_eq!(feedback["basis"]["basis"], "fixed");
    // An assigned case is concluded on the authority's report.
    assert_eq!(
        o.act(&c, "conclude", opinion("support"))["status"],
        "concluded"
    );
    // Concluded, then annulled: back to handling with a fresh period.
    let revoked = o.act(&c, "revoke", json!({ "reason": "事实不清" }));
    assert_eq!(revoked["status"], "accepted");
    assert!(revoked["progress"]["opinion"].is_null());
    assert_eq!(revoked["progress"]["revoked"].as_array().unwrap().len(), 1);
    let d = o.show(&c);
    assert_eq!(date(&open_deadline(&d, "handling")["start_on"]), today());

    // 不再受理 without an earlier matter whose opinion is final: refused (Arts. 35–36).
    let err = o
        .try_act(
            &e,
            "refuse_repeat",
            json!({ "reason": "同一事实已三级终结" }),
        )
        .bad_input();
    assert!(err.contains("第三十六条"), "{err}");

    // An assign whose feedback date is not after today is bad input, and leaves no trace.
    let f = o.register_no(&phone("反映餐饮油烟污染问题"));
    let err = o
        .try_act(
            &f,
            "assign",
            json!({ "authority": authority("东兴街道办事处"), "feedback_due": today() }),
        )
        .bad_input();
    assert!(err.contains("feedback_due"), "{err}");
    let d = o.show(&f);
    assert_eq!(d["case"]["status"], "registered");
    assert_eq!(d["case"]["version"], 1);
    assert_eq!(d["timeline"].as_array().unwrap().len(), 1);
}

#[test]
fn act_refuses_forbidden_unknown_and_malformed_actions() {
    let o = Office::new();
    let no = o.register_no(&letter("反映小区物业管理混乱问题", "垃圾无人清理。"));

    // Forbidden in the current status: names the status and the action.
    let err = o
        .try_act(
            &no,
            "request_review",
            json!({ "organ": "揭阳市信访局", "grounds": "不服" }),
        )
        .bad_input();
    assert!(err.contains("待处理"), "names the status: {err}");
    assert!(err.contains("申请复查"), "names the action: {err}");
    let err = o.try_act(&no, "reply", json!({})).bad_input();
    assert!(err.contains("待处理") && err.contains("答复"), "{err}");

    // Only one extension (Art. 34), at most 30 days.
    o.act(&no, "accept", json!({}));
    let err = o
        .try_act(
            &no,
            "extend",
            json!({ "days": 31, "reason": "复杂", "approver": "王局长" }),
        )
        .bad_input();
    assert!(err.contains("days"), "{err}");
    o.act(
        &no,
        "extend",
        json!({ "days": 10, "reason": "复杂", "approver": "王局长" }),
    );
    let err = o
        .try_act(
            &no,
            "extend",
            json!({ "days": 10, "reason": "复杂", "approver": "王局长" }),
        )
        .bad_input();
    assert!(
        err.contains("办理中") && err.contains("只能延长一次"),
        "{err}"
    );

    // A date in the future, a missing field, malformed JSON, not an object.
    let tomorrow = (today() + Duration::days(1)).to_string();
    let mut conclude = opinion("support");
    conclude["date"] = json!(tomorrow);
    let err = o.try_act(&no, "conclude", conclude).bad_input();
    assert!(err.contains("date"), "{err}");
    let err = o
        .try_act(&no, "conclude", json!({ "decision": "support" }))
        .bad_input();
    assert!(err.contains("facts"), "{err}");
    let err = o
        .run(&["case", "act", &no, "conclude", "--json", "{decision:"])
        .bad_input();
    assert!(err.contains("JSON"), "{err}");
    let err = o
        .run(&["case", "act", &no, "conclude", "--json", "[1]"])
        .bad_input();
    assert!(err.contains("JSON对象"), "{err}");

    // Unknown actions, including the two that are not a clerk's to take.
    for action in ["approve", "register", "recompute_deadlines", "Accept"] {
        let err = o.try_act(&no, action, json!({})).bad_input();
        assert!(err.contains("未知操作") && err.contains(action), "{err}");
    }

    // An unknown case.
    let err = o
        .try_act("445202-2026-424242", "accept", json!({}))
        .bad_input();
    assert!(
        err.contains("找不到信访件") && err.contains("445202-2026-424242"),
        "{err}"
    );

    // None of the refusals changed the case: register, accept, extend.
    let d = o.show(&no);
    assert_eq!(d["case"]["status"], "accepted");
    assert_eq!(d["case"]["version"], 3);
    assert_eq!(d["timeline"].as_array().unwrap().len(), 3);
}

#[test]
fn act_enforces_review_windows_litigation_and_dates() {
    let o = Office::new();

    // Replied 42 days ago: the 30-day review window is closed.
    let late = o.register_no(&received_on(
        letter("反映子女入学学位问题", "学位分配不公。"),
        days_ago(50),
    ));
    o.act(&late, "accept", json!({ "date": days_ago(45) }));
    let mut conclude = opinion("explain");
    conclude["date"] = json!(days_ago(44));
    o.act(&late, "conclude", conclude);
    let replied = o.act(&late, "reply", json!({ "date": days_ago(42) }));
    assert_eq!(
        date(&replied["progress"]["reply"]["received_on"]),
        days_ago(42)
    );
    let err = o
        .try_act(
            &late,
            "request_review",
            json!({ "organ": "揭阳市教育局", "grounds": "不服" }),
        )
        .bad_input();
    assert!(err.contains("已答复") && err.contains("申请复查"), "{err}");
    assert!(err.contains("届满"), "{err}");
    // Within the window it is allowed.
    let on_time = o.json(&[
        "case",
        "act",
        &late,
        "request_review",
        "--json",
        &json!({ "organ": "揭阳市教育局", "date": days_ago(20) }).to_string(),
    ]);
    assert_eq!(on_time["status"], "review_requested");

    // A litigation-related matter is not accepted as a petition, and goes only to
    // political-legal organs.
    let mut lit = letter("反映法院判决执行问题", "判决生效两年仍未执行。");
    lit["litigation_related"] = json!(true);
    let lit = o.register_no(&lit);
    let err = o.try_act(&lit, "accept", json!({})).bad_input();
    assert!(err.contains("涉法涉诉"), "{err}");
    let err = o
        .try_act(
            &lit,
            "forward",
            json!({ "authority": authority("榕城区住房和城乡建设局") }),
        )
        .bad_input();
    assert!(err.contains("政法机关"), "{err}");
    let forwarded = o.act(
        &lit,
        "forward",
        json!({ "authority": { "name": "揭阳市榕城区人民法院", "kind": "political_legal" } }),
    );
    assert_eq!(forwarded["status"], "forwarded");

    // Dates: not before receipt, not in the future.
    let early = o.register_no(&received_on(phone("反映餐饮油烟污染问题"), days_ago(5)));
    let err = o
        .try_act(&early, "accept", json!({ "date": days_ago(6) }))
        .bad_input();
    assert!(err.contains("date"), "{err}");
    let err = o
        .try_act(
            &early,
            "accept",
            json!({ "date": today() + Duration::days(1) }),
        )
        .bad_input();
    assert!(err.contains("date"), "{err}");
    let d = o.show(&early);
    assert_eq!(d["case"]["status"], "registered");
    // Nor before the step it follows: concluded the day before it was accepted.
    o.act(&early, "accept", json!({ "date": days_ago(2) }));
    let mut conclude = opinion("support");
    conclude["date"] = json!(days_ago(3));
    let err = o.try_act(&early, "conclude", conclude).bad_input();
    assert!(err.contains("date"), "{err}");
    assert_eq!(o.show(&early)["case"]["status"], "accepted");
}

// ---------------------------------------------------------------------------------------------
// calendar
// ---------------------------------------------------------------------------------------------

#[test]
fn calendar_show_2026_knows_the_spring_festival_and_make_up_days() {
    let o = Office::new();
    let view = o.json(&["calendar", "show", "2026", "--json"]);
    assert_eq!(view["year"], 2026);
    assert_eq!(view["published"], true);
    let days: BTreeMap<NaiveDate, &Value> = view["days"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (date(&d["date"]), d))
        .collect();
    assert_eq!(days.len(), 365);
    let day = |s: &str| days[&NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()];
    for d in 15..=23 {
        let v = day(&format!("2026-02-{d:02}"));
        assert_eq!(v["working"], false, "{v}");
        assert_eq!(v["reason"]["kind"], "holiday");
        assert_eq!(v["reason"]["festival"], "春节");
    }
    assert_eq!(day("2026-02-14")["working"], true, "make-up Saturday");
    assert_eq!(day("2026-02-14")["reason"]["kind"], "make_up_workday");
    assert_eq!(day("2026-02-28")["working"], true);
    assert_eq!(day("2026-03-01")["working"], false);
    assert_eq!(day("2026-03-01")["reason"]["kind"], "weekend");
    assert_eq!(day("2026-03-02")["reason"]["kind"], "weekday");
    assert_eq!(day("2026-10-01")["reason"]["festival"], "国庆节");
    let working = days.values().filter(|d| d["working"] == true).count();
    assert_eq!(view["working_days"], working as u64);

    let text = o.run(&["calendar", "show", "2026"]).ok().stdout;
    assert!(
        text.contains("2026年2月17日") && text.contains("春节"),
        "{text}"
    );
    assert!(text.contains("调休上班"), "{text}");

    // A year without a published calendar: weekends only, and it says so.
    let far = o.json(&["calendar", "show", "2035", "--json"]);
    assert_eq!(far["published"], false);
    assert_eq!(o.run(&["calendar", "show", "300000"]).code, 2);
}

/// The entries of `year` as `calendar show` has them, in the import file's shape.
fn calendar_entries(o: &Office, year: i32) -> Vec<Value> {
    let view = o.json(&["calendar", "show", &year.to_string(), "--json"]);
    view["days"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| match d["reason"]["kind"].as_str().unwrap() {
            "holiday" => Some(json!({
                "date": d["date"], "kind": "day_off", "festival": d["reason"]["festival"]
            })),
            "make_up_workday" => Some(json!({ "date": d["date"], "kind": "make_up_workday" })),
            _ => None,
        })
        .collect()
}

/// Whether `d` is a working day per `calendar show`.
fn is_working(o: &Office, d: NaiveDate) -> bool {
    let view = o.json(&["calendar", "show", &d.year().to_string(), "--json"]);
    let day = &view["days"][d.ordinal0() as usize];
    assert_eq!(date(&day["date"]), d);
    day["working"] == true
}

#[test]
fn calendar_import_moves_an_open_due_date_and_reports_it() {
    let o = Office::new();
    // Accepted today: the 60-day handling period ends two months ahead, in a year whose
    // calendar may not be published yet (today 2026-11-28 gives 2027-01-27).
    let no = o.register_no(&received_on(
        letter("反映旧城改造拆迁补偿问题", "补偿款至今未发放。"),
        days_ago(2),
    ));
    o.act(&no, "accept", json!({}));
    o.notice(&no, "acceptance_notice");
    let before = o.show(&no);
    let old_due = date(&open_deadline(&before, "handling")["due_on"]);
    let year = old_due.year();

    // The year's calendar as it is, plus the due date declared a day off.
    let mut entries = calendar_entries(&o, year);
    entries.retain(|e| date(&e["date"]) != old_due);
    entries.push(json!({ "date": old_due, "kind": "day_off", "festival": "测试假日" }));
    let file = o._dir.path().join(format!("{year}.json"));
    std::fs::write(
        &file,
        json!({ "about": "office correction", "years": { year.to_string(): entries } }).to_string(),
    )
    .unwrap();

    let mut expected = old_due + Duration::days(1);
    while !is_working(&o, expected) {
        expected += Duration::days(1);
    }

    let result = o.json(&[
        "--user",
        "huanglj",
        "calendar",
        "import",
        file.to_str().unwrap(),
        "--json",
    ]);
    assert_eq!(result["years"], json!([year]));
    assert_eq!(
        result["changed"],
        json!([{
            "case_no": no,
            "kind": "handling",
            "old_due_on": old_due,
            "new_due_on": expected,
        }])
    );

    let after = o.show(&no);
    let handling = open_deadline(&after, "handling");
    assert_eq!(date(&handling["due_on"]), expected);
    let skipped: Vec<NaiveDate> = handling["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| date(&s["date"]))
        .collect();
    assert!(skipped.contains(&old_due), "{handling:#}");
    let explanation = handling["explanation"].as_str().unwrap();
    assert!(explanation.contains("测试假日"), "{explanation}");
    assert!(explanation.contains("顺延"), "{explanation}");
    assert!(!explanation.contains("尚未导入"), "{explanation}");
    let last = after["timeline"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(last["action"], "recompute_deadlines");
    assert_eq!(last["actor"], "黄丽娟");
    assert!(!is_working(&o, old_due));
    // The list and the due list read the moved date too.
    let listed = o.json(&["case", "list", "--json"]);
    assert_eq!(date(&listed[0]["next_due_on"]), expected);
    let due = o.json(&["due", "--on", &old_due.to_string(), "--json"]);
    assert_eq!(due["items"][0]["case_no"], no);
    assert_eq!(date(&due["items"][0]["due_on"]), expected);
    let view = o.json(&["calendar", "show", &year.to_string(), "--json"]);
    assert_eq!(view["published"], true);

    // The same file again changes nothing, and the text output says so.
    let text = o
        .run(&[
            "--user",
            "huanglj",
            "calendar",
            "import",
            file.to_str().unwrap(),
        ])
        .ok()
        .stdout;
    assert!(text.contains(&format!("已导入{year}年")), "{text}");
    assert!(text.contains("0项期限发生变化"), "{text}");
}

#[test]
fn calendar_import_refuses_bad_files_and_changes_nothing() {
    let o = Office::new();
    let no = o.register_no(&letter("反映小区物业管理混乱问题", "垃圾无人清理。"));
    let before = o.show(&no);
    let year = 2031;
    let dir = o._dir.path();
    let write = |name: &str, text: &str| {
        let p = dir.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_str().unwrap().to_string()
    };
    let cases = [
        (write("garbage.json", "这不是JSON"), "格式错误"),
        (write("shape.json", r#"{"years": [2031]}"#), "格式错误"),
        (
            write(
                "kind.json",
                r#"{"years": {"2031": [{"date": "2031-01-01", "kind": "holiday"}]}}"#,
            ),
            "格式错误",
        ),
        (
            write(
                "year.json",
                r#"{"years": {"2031": [{"date": "2032-01-01", "kind": "day_off"}]}}"#,
            ),
            "年份不符",
        ),
        (
            write(
                "makeup.json",
                // 2031-01-06 is a Monday.
                r#"{"years": {"2031": [{"date": "2031-01-06", "kind": "make_up_workday"}]}}"#,
            ),
            "调休上班",
        ),
        (
            write(
                "twice.json",
                r#"{"years": {"2031": [{"date": "2031-01-01", "kind": "day_off"},
                                      {"date": "2031-01-01", "kind": "day_off"}]}}"#,
            ),
            "两次",
        ),
        (write("empty.json", r#"{"years": {}}"#), "没有任何年份"),
        (
            dir.join("missing.json").to_str().unwrap().to_string(),
            "无法读取",
        ),
    ];
    assert_eq!(
        NaiveDate::from_ymd_opt(2031, 1, 6).unwrap().weekday(),
        Weekday::Mon
    );
    for (path, why) in &cases {
        let err = o
            .run(&["--user", "huanglj", "calendar", "import", path])
            .bad_input();
        assert!(err.contains(why), "{path}: expected “{why}” in {err}");
    }
    let view = o.json(&["calendar", "show", &year.to_string(), "--json"]);
    assert_eq!(view["published"], false, "no bad file was saved");
    let after = o.show(&no);
    assert_eq!(after["case"], before["case"]);
}

// ---------------------------------------------------------------------------------------------
// due
// ---------------------------------------------------------------------------------------------

/// Every open duty deadline of the office's cases, as (case_no, kind, due_on).
fn open_duties(o: &Office) -> BTreeSet<(String, String, NaiveDate)> {
    let mut out = BTreeSet::new();
    for no in o.list(&["--page-size", "1000"]) {
        let d = o.show(&no);
        for dl in d["deadlines"].as_array().unwrap() {
            let kind = dl["kind"].as_str().unwrap();
            let duty = !matches!(
                kind,
                "review_request" | "re_review_request" | "forward_objection"
            );
            if duty && dl["met_on"].is_null() {
                out.insert((no.clone(), kind.to_string(), date(&dl["due_on"])));
            }
        }
    }
    out
}

/// Checks a `due --json` list against the open duties read case by case.
#[track_caller]
fn check_due_list(due: &Value, duties: &BTreeSet<(String, String, NaiveDate)>) {
    let on = date(&due["today"]);
    let until = date(&due["near_due_until"]);
    assert!(until > on);
    let items = due["items"].as_array().unwrap();
    let got: BTreeSet<(String, String, NaiveDate)> = items
        .iter()
        .map(|i| {
            (
                i["case_no"].as_str().unwrap().to_string(),
                i["kind"].as_str().unwrap().to_string(),
                date(&i["due_on"]),
            )
        })
        .collect();
    let want: BTreeSet<_> = duties
        .iter()
        .filter(|(_, _, d)| *d <= until)
        .cloned()
        .collect();
    assert_eq!(got, want, "the due list on {on}");
    assert_eq!(got.len(), items.len(), "no item twice");
    let dues: Vec<NaiveDate> = items.iter().map(|i| date(&i["due_on"])).collect();
    assert!(
        dues.windows(2).all(|w| w[0] <= w[1]),
        "by due date: {dues:?}"
    );
    for i in items {
        let due_on = date(&i["due_on"]);
        let state = if due_on < on { "overdue" } else { "near_due" };
        assert_eq!(i["state"], state, "{i}");
        assert_eq!(i["days_left"].as_i64().unwrap() < 0, due_on < on, "{i}");
        assert!(!i["explanation"].as_str().unwrap().is_empty());
        assert!(!i["label"].as_str().unwrap().is_empty());
    }
    // The counts are cases (件), by each case's nearest duty, as the case list filters them.
    let mut nearest: std::collections::BTreeMap<&str, NaiveDate> = Default::default();
    for (no, _, d) in duties {
        let e = nearest.entry(no.as_str()).or_insert(*d);
        *e = (*e).min(*d);
    }
    let overdue = nearest.values().filter(|d| **d < on).count();
    let near = nearest
        .values()
        .filter(|d| **d >= on && **d <= until)
        .count();
    assert_eq!(due["counts"]["overdue"], overdue as u64, "on {on}");
    assert_eq!(due["counts"]["near_due"], near as u64, "on {on}");
}

#[test]
fn due_lists_overdue_and_near_due_duties_by_due_date() {
    let o = Office::new();
    let old = o.register_no(&received_on(
        letter("反映旧城改造拆迁补偿问题", "补偿款未发放。"),
        days_ago(40),
    ));
    let month = o.register_no(&received_on(
        visit("反映工地拖欠农民工工资问题", 5, 1),
        days_ago(30),
    ));
    let fortnight = o.register_no(&received_on(
        phone("反映工厂夜间噪音扰民问题"),
        days_ago(14),
    ));
    let fresh = o.register_no(&letter("反映小区物业管理混乱问题", "垃圾无人清理。"));
    let assigned = o.register_no(&phone("反映餐饮油烟污染问题"));
    o.act(
        &assigned,
        "assign",
        json!({
            "authority": authority("东兴街道办事处"),
            "feedback_due": today() + Duration::days(1)
        }),
    );
    // A petitioner's review window is not the office's duty: never on the due list,
    // though its last day is past.
    let replied = o.register_no(&received_on(
        letter("反映子女入学学位问题", "学位分配不公。"),
        days_ago(50),
    ));
    o.act(&replied, "accept", json!({ "date": days_ago(45) }));
    let mut conclude = opinion("explain");
    conclude["date"] = json!(days_ago(44));
    o.act(&replied, "conclude", conclude);
    // The reply serves the written opinion; it also closes the Art. 23 notice.
    o.act(&replied, "reply", json!({ "date": days_ago(42) }));

    let duties = open_duties(&o);
    assert_eq!(duties.len(), 5, "{duties:?}");
    let due = o.json(&["due", "--json"]);
    assert_eq!(date(&due["today"]), today());
    check_due_list(&due, &duties);
    let listed: Vec<&str> = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["case_no"].as_str().unwrap())
        .collect();
    // 40 and 30 days ago: overdue, oldest first; 14 days ago and tomorrow's feedback: near due.
    assert_eq!(&listed[..2], [old.as_str(), month.as_str()]);
    let mut near = listed[2..].to_vec();
    near.sort();
    let mut want = vec![fortnight.as_str(), assigned.as_str()];
    want.sort();
    assert_eq!(near, want);
    assert!(!listed.contains(&fresh.as_str()));
    assert!(!listed.contains(&replied.as_str()));
    assert_eq!(due["counts"]["overdue"], 2);
    assert_eq!(due["counts"]["near_due"], 2);
    assert_eq!(due["counts"]["awaiting_disposal"], 4);
    let first = &due["items"][0];
    assert_eq!(first["kind"], "disposal");
    assert_eq!(first["label"], "登记处理期限");
    assert_eq!(first["status"], "registered");
    assert_eq!(first["first_petitioner"], "陈志强");

    // --limit caps the items, not the counts.
    let capped = o.json(&["due", "--json", "--limit", "1"]);
    assert_eq!(capped["items"].as_array().unwrap().len(), 1);
    assert_eq!(capped["counts"], due["counts"]);

    // Another day: the same deadlines seen from then.
    for on in [
        days_ago(20),
        today() + Duration::days(16),
        today() + Duration::days(60),
    ] {
        let other = o.json(&["due", "--on", &on.to_string(), "--json"]);
        assert_eq!(date(&other["today"]), on);
        check_due_list(&other, &duties);
    }
    let later = o.json(&[
        "due",
        "--on",
        &(today() + Duration::days(60)).to_string(),
        "--json",
    ]);
    let cases: BTreeSet<&String> = duties.iter().map(|(no, _, _)| no).collect();
    assert_eq!(
        later["counts"]["overdue"],
        cases.len() as u64,
        "two months on, every case with a duty is overdue"
    );

    // For people.
    let text = o.run(&["due"]).ok().stdout;
    let said = format!(
        "临期{}件，超期{}件",
        due["counts"]["near_due"], due["counts"]["overdue"]
    );
    assert!(text.contains(&said), "{said} in {text}");
    assert!(text.contains(&old) && text.contains("超期"), "{text}");

    assert_eq!(o.run(&["due", "--on", "2026-13-01"]).code, 2);
}

#[test]
fn due_on_an_empty_office_is_empty() {
    let o = Office::new();
    let due = o.json(&["due", "--json"]);
    assert_eq!(due["items"], json!([]));
    assert_eq!(
        due["counts"],
        json!({ "awaiting_disposal": 0, "near_due": 0, "overdue": 0 })
    );
    assert_eq!(o.json(&["case", "list", "--json"]), json!([]));
}

// ---------------------------------------------------------------------------------------------
// demo
// ---------------------------------------------------------------------------------------------

#[test]
fn demo_fills_an_empty_database_in_every_status_and_refuses_a_second_time() {
    let o = Office::empty();
    let summary = o.json(&["demo", "--json"]);
    let cases = summary["cases"].as_u64().unwrap();
    assert!(cases >= 300, "{cases}");
    assert_eq!(summary["office"]["code"], OFFICE);
    let by_status: BTreeMap<String, u64> = summary["by_status"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_string(),
                pair[1].as_u64().unwrap(),
            )
        })
        .collect();
    let all = [
        "registered",
        "accepted",
        "declined",
        "forwarded",
        "assigned",
        "refused_repeat",
        "concluded",
        "replied",
        "review_requested",
        "reviewed",
        "re_review_requested",
        "terminated",
    ];
    for s in all {
        assert!(
            by_status.get(s).copied().unwrap_or(0) > 0,
            "no {s} case: {by_status:?}"
        );
    }
    assert_eq!(by_status.len(), all.len());
    assert_eq!(by_status.values().sum::<u64>(), cases);

    // The cases are really there, spread over the past year.
    let listed = o.json(&["case", "list", "--json", "--page-size", "1000"]);
    let listed = listed.as_array().unwrap();
    assert_eq!(listed.len() as u64, cases);
    let received: Vec<NaiveDate> = listed.iter().map(|c| date(&c["received_on"])).collect();
    let oldest = *received.iter().min().unwrap();
    let newest = *received.iter().max().unwrap();
    assert!(newest <= today());
    assert!(oldest >= today() - Duration::days(366), "{oldest}");
    assert!(
        (today() - oldest).num_days() > 180,
        "spread over the year: {oldest}"
    );
    assert_eq!(
        o.list(&["--status", "terminated", "--page-size", "1000"])
            .len() as u64,
        by_status["terminated"]
    );
    let due = o.json(&["due", "--json"]);
    assert_eq!(due["counts"]["awaiting_disposal"], by_status["registered"]);

    // A terminated demo case went through all three levels.
    let t = &o.list(&["--status", "terminated"])[0];
    let d = o.show(t);
    let actions: Vec<&str> = d["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    assert!(actions.contains(&"conclude_re_review"), "{actions:?}");

    let err = o.run(&["demo"]).bad_input();
    assert!(err.contains("空数据库"), "{err}");
    let again = o.json(&["case", "list", "--json", "--page-size", "1000"]);
    assert_eq!(
        again.as_array().unwrap().len() as u64,
        cases,
        "nothing added"
    );
}

// ---------------------------------------------------------------------------------------------
// Several clerks at once
// ---------------------------------------------------------------------------------------------

#[test]
fn concurrent_registrations_get_gap_free_unique_numbers() {
    let o = Office::new();
    let n = 10;
    let children: Vec<_> = (0..n)
        .map(|i| {
            o.command()
                .args([
                    "case",
                    "register",
                    "--json",
                    &phone(&format!("反映工厂夜间噪音扰民问题（{i}）")).to_string(),
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut numbers = BTreeSet::new();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let case: Value = serde_json::from_slice(&out.stdout).unwrap();
        numbers.insert(case["case_no"].as_str().unwrap().to_string());
    }
    let want: BTreeSet<String> = (1..=n).map(case_no).collect();
    assert_eq!(numbers, want);
    let listed: BTreeSet<String> = o.list(&[]).into_iter().collect();
    assert_eq!(listed, want);
}

#[test]
fn a_closed_or_full_standard_output_ends_quietly_without_a_panic() {
    let o = Office::new();
    for i in 0..40 {
        o.register_no(&phone(&format!("反映小区路灯损坏问题{i}")));
    }
    // The reader goes away before the list is written (`xinfang case list | head -0`).
    let mut child = o
        .command()
        .args(["case", "list", "--json", "--page-size", "40"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");

    // A full disk behind standard output: a Chinese message and exit 1, no panic.
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = o
        .command()
        .args(["case", "list", "--json"])
        .stdin(Stdio::null())
        .stdout(full)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with("错误：") && !stderr.contains("panicked"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// login, logout, user, tokens
// ---------------------------------------------------------------------------------------------

#[test]
fn login_keeps_a_session_logout_ends_it_and_a_named_token_signs_scripts() {
    let o = Office::new();
    let state = o._dir.path().join("state");
    // No password, no token, no session: refused with what to do.
    let bare = |args: &[&str]| {
        run_command(
            o.command()
                .env_remove("XINFANG_PASSWORD")
                .env("XDG_STATE_HOME", &state)
                .args(args)
                .stdin(Stdio::null()),
            None,
        )
    };
    let err = bare(&["case", "list"]).bad_input();
    assert!(err.contains("xinfang login"), "{err}");

    let login = run_command(
        o.command()
            .env("XDG_STATE_HOME", &state)
            .args(["--user", "limin", "login"])
            .stdin(Stdio::null()),
        None,
    )
    .ok();
    assert!(
        login.stdout.contains("已登录：李敏（limin"),
        "{}",
        login.stdout
    );
    let who = bare(&["whoami", "--json"]).ok().json();
    assert_eq!(who["account"], "limin");
    assert_eq!(who["credential"]["kind"], "session");
    let no = {
        let run = bare(&[
            "case",
            "register",
            "--json",
            &letter("反映小区物业管理混乱问题", "物业长期不清理垃圾。").to_string(),
        ])
        .ok();
        run.json()["case_no"].as_str().unwrap().to_string()
    };
    let shown = o.show(&no);
    assert_eq!(shown["timeline"][0]["account"], "limin");
    assert_eq!(shown["timeline"][0]["credential"], "session");
    bare(&["logout"]).ok();
    assert!(bare(&["case", "list"]).bad_input().contains("尚未登录"));

    // The administrator issues a token; a script signs in with it and its name is recorded.
    let token = o
        .run(&[
            "--user",
            "admin",
            "user",
            "token",
            "chenzq",
            "--name",
            "夜间办理",
        ])
        .ok()
        .stdout
        .trim()
        .to_string();
    let acted = run_command(
        o.command()
            .env_remove("XINFANG_PASSWORD")
            .env("XINFANG_TOKEN", &token)
            .args(["case", "act", &no, "accept", "--json", "{}"])
            .stdin(Stdio::null()),
        None,
    )
    .ok();
    assert_eq!(acted.json()["status"], "accepted");
    assert_eq!(o.show(&no)["timeline"][1]["credential"], "token:夜间办理");
    let tokens = o.json(&["--user", "admin", "user", "tokens", "--json"]);
    assert_eq!(tokens[0]["name"], "夜间办理");
    o.run(&["--user", "admin", "user", "revoke", "夜间办理"])
        .ok();
    let err = run_command(
        o.command()
            .env("XINFANG_TOKEN", &token)
            .args(["case", "list"])
            .stdin(Stdio::null()),
        None,
    )
    .bad_input();
    assert!(err.contains("令牌无效或已被吊销"), "{err}");

    // Accounts are the administrator's; a refused role is told why.
    let err = o
        .run(&[
            "user",
            "add",
            "zhaoli",
            "--display-name",
            "赵丽",
            "--role",
            "登记员",
        ])
        .bad_input();
    assert!(err.contains("无权管理账号"), "{err}");
    let err = o
        .run(&[
            "--user",
            "admin",
            "case",
            "register",
            "--json",
            &letter("标题", "内容").to_string(),
        ])
        .bad_input();
    assert!(err.contains("您的角色“管理员”无权登记信访件"), "{err}");
    o.run(&["--user", "admin", "user", "set", "limin", "--disable"])
        .ok();
    let listed = o.run(&["--user", "admin", "user", "list"]).ok().stdout;
    assert!(listed.contains("limin\t李敏\t局领导\t停用"), "{listed}");
    let err = o.run(&["--user", "limin", "case", "list"]).bad_input();
    assert!(err.contains("已停用"), "{err}");
}

#[test]
fn case_split_and_merge_petitioners_from_the_command_line() {
    let o = Office::new();
    let mut two = letter(
        "反映拖欠工资和宅基地纠纷",
        "工地拖欠工资；另有宅基地界址争议。",
    );
    two["petitioners"]
        .as_array_mut()
        .unwrap()
        .push(json!({ "name": "李强", "phone": "13900000002" }));
    let no = o.register_no(&two);
    let split = json!({
        "title": "反映宅基地界址纠纷",
        "content": "与邻居宅基地界址有争议。",
        "petitioners": [1],
        "remaining_title": "反映拖欠工资",
        "remaining_content": "工地拖欠工资。"
    });
    let run = o
        .run(&["case", "split", &no, "--json", &split.to_string()])
        .ok();
    assert!(run.stderr.contains("已拆分"), "{}", run.stderr);
    let taken = run.json()["case_no"].as_str().unwrap().to_string();
    let shown = o.run(&["case", "show", &taken]).ok().stdout;
    assert!(shown.contains(&format!("拆分自 {no}")), "{shown}");
    assert!(
        shown.contains("登记来信"),
        "the original's history: {shown}"
    );
    let err = o
        .run(&["case", "split", &no, "--json", "{\"title\":\"x\"}"])
        .bad_input();
    assert!(err.contains("content"), "{err}");

    // 李强 on the new case and on a later letter of his: one record.
    let mut his = letter("再次反映宅基地纠纷", "宅基地界址争议仍未调处。");
    his["petitioners"] = json!([{ "name": "李强", "address": "榕华街道" }]);
    let later = o.register_no(&his);
    let merge = json!({
        "first": { "case_no": taken, "index": 0 },
        "second": { "case_no": later, "index": 0 },
        "address": "second"
    });
    let run = o
        .run(&["case", "merge-petitioners", "--json", &merge.to_string()])
        .ok();
    assert_eq!(
        run.stderr.matches("已合并信访人记录").count(),
        2,
        "{}",
        run.stderr
    );
    assert_eq!(
        run.json().as_array().map(Vec::len),
        Some(2),
        "both cases, as one array"
    );
    let later = o.json(&["case", "show", &later, "--json"]);
    assert_eq!(later["case"]["petitioners"][0]["address"], "榕华街道");
    assert_eq!(later["case"]["petitioners"][0]["phone"], "139****0002");
}
