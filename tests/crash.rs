//! Crash tests: the CLI killed with SIGKILL at a random moment while it registers cases, issues
//! documents, imports a sync package or writes a backup. After every kill the database opens and
//! passes `integrity_check`, its audit chain verifies, every write the CLI acknowledged is there,
//! nothing is half made (a number without its case or document, an event without its case, a
//! document without its file), and the interrupted step then succeeds when run again.
//!
//! `XINFANG_CRASH_RUNS` sets the runs per operation (a few by default, for every test run);
//! `bench/crash-campaign.sh` runs hundreds and prints the figures kept in docs/reliability.md.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use common::cli::{cli, run, Run};
use sqlx::{Connection, SqliteConnection};
use tempfile::TempDir;
use xinfang::desk::backup::{backup_list, backup_verify};
use xinfang::desk::Office;
use xinfang::domain::workflow::Action;

/// Cases registered and accepted in the template, for the issuing runs.
const ACCEPTED: usize = 4;
/// Cases in the city office's package, so that an import takes a while.
const PACKAGE_CASES: usize = 300;

fn runs() -> usize {
    std::env::var("XINFANG_CRASH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(6)
}

/// A small xorshift generator: the campaign prints its seed, so any run can be repeated.
struct Rng(u64);

impl Rng {
    fn from_env(salt: u64) -> Rng {
        let seed = std::env::var("XINFANG_CRASH_SEED")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or_else(|| {
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map_or(1, |d| d.as_nanos() as u64)
            });
        eprintln!("crash: seed {seed} (XINFANG_CRASH_SEED to repeat)");
        Rng((seed ^ salt.wrapping_mul(0x9e37_79b9_7f4a_7c15)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// A duration in `[0, max)`.
    fn below(&mut self, max: Duration) -> Duration {
        let nanos = max.as_nanos().max(1) as u64;
        Duration::from_nanos(self.next() % nanos)
    }
}

/// The county office as every run starts from: accepted cases, a trusted city key, and the
/// city's package to import; made once per test process.
struct Template {
    _dir: TempDir,
    office: PathBuf,
    package: PathBuf,
    accepted: Vec<String>,
}

fn template() -> &'static Template {
    static T: OnceLock<Template> = OnceLock::new();
    T.get_or_init(|| {
        tokio::runtime::Runtime::new()
            .unwrap()
            .block_on(make_template())
    })
}

async fn make_template() -> Template {
    let dir = TempDir::new().unwrap();
    let office = dir.path().join("county");
    std::fs::create_dir_all(&office).unwrap();
    let county = common::office_desk(&office.join("office.sqlite")).await;
    let mut accepted = Vec::new();
    for i in 0..ACCEPTED {
        let case_no = county
            .register(common::letter(&format!("反映拖欠工资问题{i}")))
            .await
            .unwrap()
            .case_no;
        let accept = Action::Accept {
            date: None,
            authority: None,
        };
        county.act(&case_no, accept).await.unwrap();
        accepted.push(case_no);
    }

    let city_dir = dir.path().join("city");
    let city = common::open_desk(&city_dir.join("office.sqlite")).await;
    city.init_demo_office(Office {
        code: "445200".into(),
        name: "揭阳市信访局".into(),
        doc_prefix: "揭市信访".into(),
    })
    .await
    .unwrap();
    common::sign_in(&city, common::USER).await;
    let batch = (0..PACKAGE_CASES)
        .map(|i| common::letter(&format!("反映市区道路积水问题{i}")))
        .collect();
    city.register_many(batch).await.unwrap();
    let key = city_dir.join("445200.pub.json");
    common::sign_in(&city, "admin").await;
    city.sync_key_export(&key).await.unwrap();
    common::sign_in(&city, common::USER).await;
    let package = city
        .sync_export(&city_dir.join("out"), false, |_| {})
        .await
        .unwrap()
        .path
        .unwrap();
    common::sign_in(&county, "admin").await;
    county.sync_trust(&key).await.unwrap();
    county.close().await;
    city.close().await;
    Template {
        _dir: dir,
        office,
        package,
        accepted,
    }
}

/// One step of a run: a CLI command and what its success acknowledges.
struct Step {
    args: Vec<String>,
    user: &'static str,
}

impl Step {
    fn new(user: &'static str, args: &[&str]) -> Step {
        Step {
            args: args.iter().map(|a| a.to_string()).collect(),
            user,
        }
    }

    fn command(&self, db: &Path) -> Command {
        let mut c = cli();
        c.env("XINFANG_USER", self.user)
            .arg("--db")
            .arg(db)
            .args(&self.args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        c
    }
}

/// What happened to a step.
enum Outcome {
    /// It finished; its standard output.
    Done(String),
    /// Killed before it finished.
    Killed,
}

/// Runs `steps` one after the other against `db`, killing the one running when `kill_after`
/// has passed since the first began; the steps after a kill are not started.
fn run_killed(db: &Path, steps: &[Step], kill_after: Duration) -> Vec<Outcome> {
    let start = Instant::now();
    let mut outcomes = Vec::new();
    for step in steps {
        let mut child = step.command(db).spawn().expect("the xinfang binary runs");
        loop {
            if child.try_wait().unwrap().is_some() {
                let out = child.wait_with_output().unwrap();
                assert!(
                    out.status.success(),
                    "{:?} failed\nstderr: {}",
                    step.args,
                    String::from_utf8_lossy(&out.stderr)
                );
                outcomes.push(Outcome::Done(String::from_utf8(out.stdout).unwrap()));
                break;
            }
            if start.elapsed() >= kill_after {
                child.kill().unwrap();
                child.wait().unwrap();
                outcomes.push(Outcome::Killed);
                return outcomes;
            }
            std::thread::sleep(Duration::from_millis(1));
        }
    }
    outcomes
}

/// A fresh copy of the template office for one run: its database path.
fn fresh_office(root: &Path, name: &str) -> PathBuf {
    let to = root.join(name);
    copy_tree(&template().office, &to);
    to.join("office.sqlite")
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let dest = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_tree(&entry.path(), &dest);
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

fn json_field(stdout: &str, field: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(stdout)
        .unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {stdout}"));
    v[field]
        .as_str()
        .unwrap_or_else(|| panic!("no {field} in {v}"))
        .to_string()
}

/// The checks every run ends with; the database is opened first by a bare connection, as the
/// next start of the program would find it.
async fn check_whole(db: &Path) {
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(integrity, "ok");
    let chain = xinfang::store::chain::verify(&mut conn).await.unwrap();
    assert!(chain.breaks.is_empty(), "{:?}", chain.breaks);
    let half_made: Vec<(String, i64)> = sqlx::query_as(
        "SELECT 'case without its registration', COUNT(*) FROM cases c
             WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = c.id)
         UNION ALL SELECT 'event without its case', COUNT(*) FROM events e
             WHERE NOT EXISTS (SELECT 1 FROM cases c WHERE c.id = e.case_id)
         UNION ALL SELECT 'document without its event', COUNT(*) FROM issued_documents d
             WHERE d.office_code = (SELECT code FROM office WHERE is_local = 1)
               AND NOT EXISTS (SELECT 1 FROM events e WHERE e.case_id = d.case_id
                               AND instr(e.details, d.doc_no) > 0)
         UNION ALL SELECT 'case number counted without its case', COUNT(*) FROM counters n
             WHERE n.scope = 'case' AND n.value != (SELECT COUNT(*) FROM cases c
                 WHERE c.case_no LIKE n.office_code || '-' || n.year || '-%')
         UNION ALL SELECT 'document number counted without its document', COUNT(*) FROM counters n
             WHERE n.scope LIKE 'doc:%' AND n.value != (SELECT COUNT(*) FROM issued_documents d
                 WHERE d.office_code = n.office_code AND 'doc:' || d.kind = n.scope
                   AND d.year = n.year)",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    for (what, n) in half_made {
        assert_eq!(n, 0, "{what}: {n}");
    }
    conn.close().await.unwrap();

    let desk = common::open_desk(db).await;
    let documents = desk.verify_documents().await.unwrap();
    assert!(documents.problems.is_empty(), "{:?}", documents.problems);
    desk.close().await;
}

async fn count(db: &Path, sql: &str, bind: &str) -> i64 {
    let mut conn = SqliteConnection::connect(&format!("sqlite://{}", db.display()))
        .await
        .unwrap();
    let n = sqlx::query_scalar(sql)
        .bind(bind)
        .fetch_one(&mut conn)
        .await
        .unwrap();
    conn.close().await.unwrap();
    n
}

/// How long `steps` take when nothing kills them, on a copy of the template.
fn timed(root: &Path, steps: &[Step]) -> Duration {
    let db = fresh_office(root, "timing");
    let start = Instant::now();
    let outcomes = run_killed(&db, steps, Duration::MAX);
    assert!(outcomes.iter().all(|o| matches!(o, Outcome::Done(_))));
    start.elapsed()
}

/// The figures of one operation's runs.
struct Campaign {
    name: &'static str,
    killed: usize,
    completed: usize,
    acknowledged: usize,
}

impl Campaign {
    fn report(&self) {
        eprintln!(
            "crash: {}: {} runs, {} killed mid-way, {} ran to the end; {} acknowledged writes \
             checked, none lost",
            self.name,
            self.killed + self.completed,
            self.killed,
            self.completed,
            self.acknowledged
        );
    }
}

/// Runs the campaign of one operation: `steps` make a run (given its folder), killed at a
/// random moment; `check` looks at the run's database given what the steps acknowledged.
fn campaign(
    name: &'static str,
    salt: u64,
    steps: impl Fn(&Path) -> Vec<Step>,
    check: impl AsyncCheck,
) -> Campaign {
    let root = TempDir::new().unwrap();
    let mut budget = timed(root.path(), &steps(&root.path().join("timing")));
    let mut rng = Rng::from_env(salt);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let mut c = Campaign {
        name,
        killed: 0,
        completed: 0,
        acknowledged: 0,
    };
    for i in 0..runs() {
        let run_name = format!("run{i}");
        let db = fresh_office(root.path(), &run_name);
        let run_steps = steps(&root.path().join(&run_name));
        // Somewhat past the time they take, so that some runs finish.
        let started = Instant::now();
        let outcomes = run_killed(&db, &run_steps, rng.below(budget.mul_f64(1.1)));
        if outcomes.iter().any(|o| matches!(o, Outcome::Killed)) {
            c.killed += 1;
        } else {
            c.completed += 1;
            // The timing run may have shared the machine with another campaign's set-up.
            budget = budget.min(started.elapsed());
        }
        runtime.block_on(check_whole(&db));
        c.acknowledged += runtime.block_on(check.check(&db, &run_steps, &outcomes));
        std::fs::remove_dir_all(root.path().join(&run_name)).unwrap();
    }
    c.report();
    c
}

/// What one operation checks after a run; returns the number of acknowledged writes it found.
trait AsyncCheck {
    fn check(
        &self,
        db: &Path,
        steps: &[Step],
        outcomes: &[Outcome],
    ) -> impl std::future::Future<Output = usize>;
}

/// Runs a step to its end, as the clerk does after the machine came back.
fn again(db: &Path, step: &Step) -> Run {
    run(&mut step.command(db), None)
}

struct Registrations;

impl AsyncCheck for Registrations {
    async fn check(&self, db: &Path, steps: &[Step], outcomes: &[Outcome]) -> usize {
        let mut acknowledged = 0;
        for o in outcomes {
            if let Outcome::Done(out) = o {
                let case_no = json_field(out, "case_no");
                let sql = "SELECT COUNT(*) FROM cases WHERE case_no = ?";
                assert_eq!(
                    count(db, sql, &case_no).await,
                    1,
                    "{case_no} was acknowledged"
                );
                acknowledged += 1;
            }
        }
        // The numbers go on without a gap from where the kill left them.
        let next = again(db, &steps[0]).ok();
        let case_no = json_field(&next.stdout, "case_no");
        let total = count(
            db,
            "SELECT COUNT(*) FROM cases WHERE case_no <= ?",
            &case_no,
        )
        .await;
        assert_eq!(
            case_no,
            format!("445202-2026-{total:06}"),
            "the next number follows the last one kept"
        );
        check_whole(db).await;
        acknowledged
    }
}

#[test]
fn registrations_killed_at_random_keep_every_acknowledged_case_and_no_half() {
    let case = serde_json::to_string(&common::letter("反映小区停车难问题")).unwrap();
    let steps = |_: &Path| {
        (0..4)
            .map(|_| Step::new(common::USER, &["case", "register", "--json", &case]))
            .collect::<Vec<_>>()
    };
    campaign("registration", 1, steps, Registrations);
}

struct Issuing;

impl AsyncCheck for Issuing {
    async fn check(&self, db: &Path, steps: &[Step], outcomes: &[Outcome]) -> usize {
        let mut acknowledged = 0;
        for o in outcomes {
            if let Outcome::Done(out) = o {
                let doc_no = json_field(out, "doc_no");
                let sql = "SELECT COUNT(*) FROM issued_documents WHERE doc_no = ?";
                assert_eq!(
                    count(db, sql, &doc_no).await,
                    1,
                    "{doc_no} was acknowledged"
                );
                acknowledged += 1;
            }
        }
        // The interrupted document is issued when asked again, under the number it lost.
        for step in steps.iter().skip(outcomes.len().saturating_sub(1)) {
            let case_no = &step.args[2];
            let issued = count(
                db,
                "SELECT COUNT(*) FROM issued_documents d JOIN cases c ON c.id = d.case_id
                 WHERE c.case_no = ?",
                case_no,
            )
            .await;
            if issued == 0 {
                again(db, step).ok();
            }
        }
        check_whole(db).await;
        let all = count(
            db,
            "SELECT COUNT(*) FROM issued_documents WHERE kind = ?",
            "acceptance_notice",
        )
        .await;
        assert_eq!(all as usize, steps.len(), "one notice per accepted case");
        acknowledged
    }
}

#[test]
fn issuing_killed_at_random_leaves_no_number_without_its_document_and_issues_again() {
    let steps = |_: &Path| {
        template()
            .accepted
            .iter()
            .map(|case_no| {
                Step::new(
                    common::USER,
                    &["notice", "issue", case_no, "acceptance_notice"],
                )
            })
            .collect::<Vec<_>>()
    };
    campaign("issuing", 2, steps, Issuing);
}

struct Import;

impl AsyncCheck for Import {
    async fn check(&self, db: &Path, steps: &[Step], outcomes: &[Outcome]) -> usize {
        let sql = "SELECT COUNT(*) FROM cases WHERE office_code = ?";
        let city = count(db, sql, "445200").await;
        let recorded = count(
            db,
            "SELECT COUNT(*) FROM sync_imports WHERE office_code = ?",
            "445200",
        )
        .await;
        // All of the package or none of it, and its record with it.
        assert!(
            (city == 0 && recorded == 0) || (city as usize == PACKAGE_CASES && recorded == 1),
            "{city} of the city's cases, {recorded} import records"
        );
        let acknowledged = usize::from(matches!(outcomes.last(), Some(Outcome::Done(_))));
        again(db, &steps[0]).ok();
        assert_eq!(count(db, sql, "445200").await as usize, PACKAGE_CASES);
        check_whole(db).await;
        acknowledged
    }
}

#[test]
fn an_import_killed_at_random_is_all_or_nothing_and_completes_when_run_again() {
    let steps = |_: &Path| {
        let package = template().package.to_str().unwrap().to_string();
        vec![Step::new(common::USER, &["sync", "import", &package])]
    };
    campaign("import", 3, steps, Import);
}

struct Backups;

impl AsyncCheck for Backups {
    async fn check(&self, db: &Path, steps: &[Step], outcomes: &[Outcome]) -> usize {
        let folder = PathBuf::from(&steps[0].args[3]);
        std::fs::create_dir_all(&folder).unwrap();
        let listed = backup_list(&folder).unwrap();
        // A backup is listed only once it is whole.
        for b in &listed {
            let check = backup_verify(Path::new(&b.path)).await.unwrap();
            assert!(check.problems.is_empty(), "{:?}", check.problems);
        }
        let acknowledged = usize::from(matches!(outcomes.last(), Some(Outcome::Done(_))));
        assert!(listed.len() >= acknowledged);
        // The clock moves on between the runs' backups, so the next one gets its own folder.
        std::thread::sleep(Duration::from_millis(1100));
        let made = again(db, &steps[0]).ok();
        let made: serde_json::Value = serde_json::from_str(&made.stdout).unwrap();
        let made = made["backup"]["path"].as_str().unwrap().to_string();
        // The rotation keeps the newest of the day: the one just made.
        let listed = backup_list(&folder).unwrap();
        assert_eq!(listed.first().map(|b| b.path.as_str()), Some(made.as_str()));
        let check = backup_verify(Path::new(&made)).await.unwrap();
        assert!(check.problems.is_empty(), "{:?}", check.problems);
        check_whole(db).await;
        acknowledged
    }
}

#[test]
fn a_backup_killed_at_random_is_never_listed_half_written_and_the_next_one_succeeds() {
    let steps = |run: &Path| {
        let folder = run.join("backups");
        vec![Step::new(
            "admin",
            &[
                "backup",
                "create",
                "--to",
                folder.to_str().unwrap(),
                "--json",
            ],
        )]
    };
    campaign("backup", 4, steps, Backups);
}
