//! `xinfang`: the headless command line over the same `Desk` the desktop app uses.
//! JSON in and out for scripts, Chinese for people. Exit codes: 0 ok, 2 bad input, 1 other.

use std::io::{Read, Write};

/// A line on standard output; a failed write (a closed pipe, a full disk) is returned as an
/// error instead of panicking as `println!` does.
macro_rules! outln {
    ($($arg:tt)*) => {
        writeln!(std::io::stdout().lock(), $($arg)*)?
    };
}
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};
use serde::Serialize;

use xinfang::desk::{CaseQuery, SortKey};
use xinfang::domain::case::{Channel, NewCase, Status};
use xinfang::domain::cn_date;
use xinfang::domain::workflow::{Action, ActionKind};
use xinfang::{default_db_path, desk::Office, Clock, Desk, Error};

#[derive(Parser)]
#[command(name = "xinfang", version, about = "信访案件办理：命令行工具")]
struct Cli {
    /// Office database file (default: the platform data directory).
    #[arg(long, global = true, env = "XINFANG_DB")]
    db: Option<PathBuf>,
    /// Who is acting, recorded on every timeline event.
    #[arg(long, global = true, env = "XINFANG_ACTOR")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Set up this copy's office (once).
    Init {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        doc_prefix: String,
    },
    /// Register, list, show and act on cases.
    #[command(subcommand)]
    Case(CaseCommand),
    /// The working-day calendar.
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// What is near due or overdue today, by deadline.
    Due {
        #[arg(long)]
        json: bool,
        /// Look at another day than today (YYYY-MM-DD).
        #[arg(long)]
        on: Option<NaiveDate>,
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// Formal notices and letters (文书): issue, list, void, reissue, verify.
    #[command(subcommand)]
    Notice(NoticeCommand),
    /// Fill an empty database with the demo office.
    Demo {
        #[arg(long, default_value_t = 360)]
        count: u32,
        #[arg(long)]
        json: bool,
    },
    /// Sync packages between offices: export, keys, import, history, conflicts.
    #[command(subcommand)]
    Sync(SyncCommand),
}

#[derive(Subcommand)]
enum SyncCommand {
    /// Write the next package (the changes since the last one) into DIR and print its path.
    Export {
        #[arg(long)]
        out: PathBuf,
        /// Everything this office owns, not only the changes since the last package.
        #[arg(long)]
        full: bool,
        #[arg(long)]
        json: bool,
    },
    /// This office's public key.
    #[command(subcommand)]
    Key(SyncKeyCommand),
    /// Trust another office's public-key file (compare its fingerprint by telephone first).
    Trust {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Forget an office's key: the first step of replacing it.
    Untrust { office: String },
    /// Verify and apply a package. Exit 0: applied or already applied; 2: refused.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
    /// Packages written and applied, trusted offices, this office's key.
    History {
        #[arg(long)]
        json: bool,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// Records changed both here and at their office since the last exchange.
    Conflicts {
        /// Also the conflicts already decided.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// Decide a conflict by keeping the local or the other office's version.
    Resolve {
        id: i64,
        #[arg(long, value_enum)]
        keep: KeepSide,
        #[arg(long)]
        json: bool,
    },
    /// Cases assigned (交办) between offices and the referred cases registered for them.
    Assignments {
        #[arg(long)]
        json: bool,
    },
    /// Show, or set, the automatic export the desktop app runs (folder and interval).
    Auto {
        /// Export into this folder every `--every-hours` hours.
        #[arg(long, requires = "every_hours", conflicts_with = "off")]
        folder: Option<String>,
        #[arg(long)]
        every_hours: Option<u32>,
        /// Turn the automatic export off.
        #[arg(long)]
        off: bool,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum SyncKeyCommand {
    /// Write the public-key file to give to the offices that import this office's packages.
    Export { file: PathBuf },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KeepSide {
    Local,
    Remote,
}

#[derive(Subcommand)]
enum NoticeCommand {
    /// Issue a document of KIND (non_acceptance_notice, forwarding_letter, …) on a case;
    /// prints JSON with its number (`doc_no`) and the PDF's path (`path`).
    Issue {
        case_no: String,
        kind: String,
        /// Fields to change or add, as a JSON object of placeholder name to text.
        #[arg(long, default_value = "{}")]
        json: String,
    },
    /// The kinds the case allows now, with their prefilled fields.
    Allowed {
        case_no: String,
        #[arg(long)]
        json: bool,
    },
    /// Write the PDF a document would be now, without issuing it.
    Preview {
        case_no: String,
        kind: String,
        #[arg(long, default_value = "{}")]
        json: String,
        #[arg(long)]
        out: PathBuf,
    },
    /// A case's documents, voided ones included.
    List {
        case_no: String,
        #[arg(long)]
        json: bool,
    },
    /// Void a document: it keeps its number; the reason is recorded.
    Void {
        doc_no: String,
        #[arg(long)]
        reason: String,
    },
    /// Void a document (if not yet) and issue it again under a new number.
    Reissue {
        doc_no: String,
        #[arg(long)]
        reason: String,
        /// New fields as a JSON object (default: those of the voided document).
        #[arg(long)]
        json: Option<String>,
    },
    /// Re-hash every stored document. Exit 0: all intact; 1: some changed or missing (each
    /// is named).
    Verify {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum CaseCommand {
    /// Register a case from JSON (a file, `-` for standard input, or the JSON itself).
    Register {
        #[arg(long)]
        json: String,
    },
    List(ListArgs),
    Show {
        case_no: String,
        #[arg(long)]
        json: bool,
    },
    /// Take an action (accept, decline, forward, …) with its fields as JSON.
    Act {
        case_no: String,
        action: String,
        #[arg(long, default_value = "{}")]
        json: String,
    },
}

#[derive(Args)]
struct ListArgs {
    #[arg(long)]
    status: Vec<String>,
    #[arg(long)]
    channel: Option<String>,
    #[arg(long)]
    overdue: bool,
    #[arg(long)]
    near_due: bool,
    /// Received on or after (YYYY-MM-DD).
    #[arg(long)]
    from: Option<NaiveDate>,
    /// Received on or before (YYYY-MM-DD).
    #[arg(long)]
    to: Option<NaiveDate>,
    #[arg(long)]
    locality: Option<String>,
    #[arg(long)]
    text: Option<String>,
    #[arg(long, default_value_t = 1)]
    page: u32,
    #[arg(long, default_value_t = 50)]
    page_size: u32,
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum CalendarCommand {
    Show {
        year: i32,
        #[arg(long)]
        json: bool,
    },
    /// Import whole years (days off and make-up workdays) and recompute open deadlines.
    Import {
        file: PathBuf,
        #[arg(long)]
        json: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("错误：无法启动：{e}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        // `xinfang case list | head`: the reader has what it wanted.
        Err(Error::Io(e)) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("错误：{e}");
            ExitCode::from(if e.is_bad_input() { 2 } else { 1 })
        }
    }
}

fn read_json_arg(arg: &str) -> Result<String, Error> {
    let trimmed = arg.trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') {
        return Ok(arg.to_string());
    }
    if arg == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        return Ok(s);
    }
    std::fs::read_to_string(arg)
        .map_err(|e| Error::invalid("json", format!("无法读取文件“{arg}”：{e}")))
}

fn parse_input<T: serde::de::DeserializeOwned>(raw: &str) -> Result<T, Error> {
    serde_json::from_str(raw).map_err(|e| Error::invalid("json", format!("输入的JSON有误：{e}")))
}

fn print_json<T: Serialize>(v: &T) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, v).map_err(std::io::Error::from)?;
    writeln!(out)
}

async fn run(cli: Cli) -> Result<(), Error> {
    let path = cli.db.clone().unwrap_or_else(default_db_path);
    let actor = cli
        .actor
        .clone()
        .unwrap_or_else(xinfang::desk::default_actor);
    let clock = Clock::from_env().map_err(|e| Error::invalid("XINFANG_NOW", e.to_string()))?;
    let desk = Desk::open_with_clock(&path, clock).await?;
    let done = command(&desk, &path, &actor, cli).await;
    desk.close().await;
    done
}

async fn command(desk: &Desk, path: &Path, actor: &str, cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Init {
            code,
            name,
            doc_prefix,
        } => {
            let office = desk
                .init_office(Office {
                    code,
                    name,
                    doc_prefix,
                })
                .await?;
            outln!(
                "已初始化：{}（{}），数据库 {}",
                office.name,
                office.code,
                path.display()
            );
        }
        Command::Case(cmd) => case_command(desk, actor, cmd).await?,
        Command::Calendar(CalendarCommand::Show { year, json }) => {
            let view = desk.calendar_year(year)?;
            if json {
                print_json(&view)?;
            } else {
                outln!(
                    "{year}年：工作日{}天{}",
                    view.working_days,
                    if view.published {
                        ""
                    } else {
                        "（未导入节假日安排，仅按周末计算）"
                    }
                );
                for e in desk.policy().calendar.entries_of_year(year) {
                    let what = match e.kind {
                        xinfang::domain::calendar::DayKind::DayOff => {
                            format!("休息（{}）", e.festival)
                        }
                        xinfang::domain::calendar::DayKind::MakeUpWorkday => "调休上班".to_string(),
                    };
                    outln!("  {}  {}", cn_date(e.date), what);
                }
            }
        }
        Command::Calendar(CalendarCommand::Import { file, json }) => {
            let raw = std::fs::read_to_string(&file).map_err(|e| {
                Error::invalid("file", format!("无法读取“{}”：{e}", file.display()))
            })?;
            let result = desk
                .import_calendar(actor, &raw, &file.display().to_string())
                .await?;
            if json {
                print_json(&result)?;
            } else {
                let years: Vec<String> = result.years.iter().map(|y| y.to_string()).collect();
                outln!(
                    "已导入{}年节假日安排，{}项期限发生变化",
                    years.join("、"),
                    result.changed.len()
                );
                for c in &result.changed {
                    outln!(
                        "  {} {}：{} → {}",
                        c.case_no,
                        c.kind.label(),
                        cn_date(c.old_due_on),
                        cn_date(c.new_due_on)
                    );
                }
            }
        }
        Command::Due { json, on, limit } => {
            let list = desk.due(on.unwrap_or_else(|| desk.today()), limit).await?;
            if json {
                print_json(&list)?;
            } else {
                print_due(&list)?;
            }
        }
        Command::Notice(cmd) => notice_command(desk, actor, cmd).await?,
        Command::Demo { count, json } => {
            let summary = desk.load_demo(count).await?;
            if json {
                print_json(&summary)?;
            } else {
                outln!(
                    "已生成演示机构“{}”，共{}件信访件，数据库 {}",
                    summary.office.name,
                    summary.cases,
                    path.display()
                );
                let parts: Vec<String> = summary
                    .by_status
                    .iter()
                    .map(|(s, n)| format!("{}{}件", s.label(), n))
                    .collect();
                outln!("  {}", parts.join("，"));
            }
        }
        Command::Sync(cmd) => {
            // Sync has its own error type: refusals of a package exit 2, local failures 1.
            if let Err(e) = sync_command(desk, actor, cmd).await {
                if let xinfang::desk::sync::SyncFailure::Store(Error::Io(io)) = &e {
                    if io.kind() == std::io::ErrorKind::BrokenPipe {
                        desk.close().await;
                        std::process::exit(0);
                    }
                }
                eprintln!("错误：{e}");
                desk.close().await;
                std::process::exit(if e.is_refusal() { 2 } else { 1 });
            }
        }
    }
    Ok(())
}

async fn case_command(desk: &Desk, actor: &str, cmd: CaseCommand) -> Result<(), Error> {
    match cmd {
        CaseCommand::Register { json } => {
            let new: NewCase = parse_input(&read_json_arg(&json)?)?;
            let case = desk.register(actor, new).await?;
            eprintln!("已登记：{}", case.case_no);
            print_json(&case)?;
        }
        CaseCommand::Act {
            case_no,
            action,
            json,
        } => {
            let kind = ActionKind::parse(&action)
                .filter(|k| !matches!(k, ActionKind::Register | ActionKind::RecomputeDeadlines))
                .ok_or_else(|| Error::invalid("action", format!("未知操作“{action}”")))?;
            let mut value: serde_json::Value = parse_input(&read_json_arg(&json)?)?;
            let Some(obj) = value.as_object_mut() else {
                return Err(Error::invalid("json", "操作内容应为JSON对象"));
            };
            obj.insert("action".into(), kind.as_str().into());
            let action: Action = parse_input(&value.to_string())?;
            let case = desk.act(actor, &case_no, action).await?;
            eprintln!(
                "已{}：{}，当前状态“{}”",
                kind.label(),
                case.case_no,
                case.status.label()
            );
            print_json(&case)?;
        }
        CaseCommand::Show { case_no, json } => {
            let detail = desk.case_detail(&case_no).await?;
            if json {
                print_json(&detail)?;
            } else {
                let c = &detail.case;
                outln!("{}  {}  [{}]", c.case_no, c.title, detail.status_label);
                outln!(
                    "  渠道：{}  收件：{}  属地：{}  分类：{}",
                    c.channel.label(),
                    cn_date(c.received_on),
                    c.locality.name,
                    c.matter_type
                );
                for p in &c.petitioners {
                    outln!(
                        "  信访人：{} {}",
                        p.name,
                        p.id_number
                            .as_deref()
                            .map(xinfang::domain::identity::mask)
                            .unwrap_or_default()
                    );
                }
                outln!("  内容：{}", c.content);
                for d in &detail.deadlines {
                    outln!(
                        "  期限 {}：{}（{}）",
                        d.label,
                        cn_date(d.deadline.due_on),
                        d.state.label()
                    );
                    outln!("    {}", d.deadline.explanation);
                }
                for e in &detail.timeline {
                    outln!(
                        "  {} {} {}",
                        e.at.format("%Y-%m-%d %H:%M"),
                        e.actor,
                        e.summary
                    );
                }
                let allowed: Vec<&str> = detail.allowed_actions.iter().map(|a| a.label()).collect();
                outln!(
                    "  可执行操作：{}",
                    if allowed.is_empty() {
                        "无".to_string()
                    } else {
                        allowed.join("、")
                    }
                );
            }
        }
        CaseCommand::List(args) => {
            let statuses = args
                .status
                .iter()
                .map(|s| {
                    Status::parse(s)
                        .ok_or_else(|| Error::invalid("status", format!("未知状态“{s}”")))
                })
                .collect::<Result<Vec<_>, _>>()?;
            let channel = args
                .channel
                .as_deref()
                .map(|c| {
                    Channel::parse(c)
                        .ok_or_else(|| Error::invalid("channel", format!("未知渠道“{c}”")))
                })
                .transpose()?;
            let q = CaseQuery {
                statuses,
                channel,
                overdue: args.overdue,
                near_due: args.near_due,
                received_from: args.from,
                received_to: args.to,
                locality: args.locality,
                text: args.text,
                sort: SortKey::ReceivedAt,
                descending: true,
                page: args.page,
                page_size: args.page_size,
            };
            let page = desk.list_cases(&q).await?;
            if args.json {
                print_json(&page.items)?;
            } else {
                outln!("共{}件，第{}页", page.total, page.page);
                for c in &page.items {
                    let due = c.next_due_on.map(cn_date).unwrap_or_default();
                    outln!(
                        "{}  {}  {:<6}  {}  {}  {}",
                        c.case_no,
                        c.received_on,
                        c.status.label(),
                        c.first_petitioner,
                        c.title,
                        due
                    );
                }
            }
        }
    }
    Ok(())
}

fn document_kind(kind: &str) -> Result<xinfang::desk::DocumentKind, Error> {
    use xinfang::desk::DocumentKind;
    DocumentKind::parse(kind.trim()).ok_or_else(|| {
        let all: Vec<&str> = DocumentKind::ALL.iter().map(|k| k.as_str()).collect();
        Error::invalid(
            "kind",
            format!("未知的文书种类“{kind}”，可选：{}", all.join("、")),
        )
    })
}

fn document_fields(raw: &str) -> Result<std::collections::BTreeMap<String, String>, Error> {
    let value: serde_json::Value = parse_input(&read_json_arg(raw)?)?;
    let serde_json::Value::Object(map) = value else {
        return Err(Error::invalid("json", "文书字段应为JSON对象"));
    };
    map.into_iter()
        .map(|(k, v)| match v {
            serde_json::Value::String(s) => Ok((k, s)),
            serde_json::Value::Number(n) => Ok((k, n.to_string())),
            _ => Err(Error::invalid(k, "字段值应为文字")),
        })
        .collect()
}

async fn notice_command(desk: &Desk, actor: &str, cmd: NoticeCommand) -> Result<(), Error> {
    match cmd {
        NoticeCommand::Issue {
            case_no,
            kind,
            json,
        } => {
            let kind = document_kind(&kind)?;
            let fields = document_fields(&json)?;
            let receipt = desk.issue_document(actor, &case_no, kind, &fields).await?;
            eprintln!("已出具{}：{}", kind.label(), receipt.doc_no);
            print_json(&receipt)?;
        }
        NoticeCommand::Allowed { case_no, json } => {
            let choices = desk.documents_allowed(&case_no).await?;
            if json {
                print_json(&choices)?;
            } else if choices.is_empty() {
                outln!("{case_no}：当前没有可出具的文书");
            } else {
                for c in &choices {
                    outln!("{}  {}", c.kind.as_str(), c.label);
                    for f in &c.fields {
                        let mark = if f.required { "（须填写）" } else { "" };
                        outln!("    {}（{}）：{}{}", f.label, f.name, f.value, mark);
                    }
                }
            }
        }
        NoticeCommand::Preview {
            case_no,
            kind,
            json,
            out,
        } => {
            let kind = document_kind(&kind)?;
            let fields = document_fields(&json)?;
            let pdf = desk.preview_document(&case_no, kind, &fields).await?;
            std::fs::write(&out, &pdf)?;
            outln!("{}", out.display());
        }
        NoticeCommand::List { case_no, json } => {
            let docs = desk.list_documents(&case_no).await?;
            if json {
                print_json(&docs)?;
            } else if docs.is_empty() {
                outln!("{case_no}：尚未出具文书");
            } else {
                let folder = desk.documents_folder().await?;
                for d in &docs {
                    let state = match (&d.voided_at, &d.void_reason) {
                        (Some(at), reason) => format!(
                            "已作废（{}，{}）",
                            at.format("%Y-%m-%d"),
                            reason.as_deref().unwrap_or("")
                        ),
                        (None, _) => "有效".to_string(),
                    };
                    outln!(
                        "{}  {}  {}  {}  {}",
                        d.doc_no,
                        d.kind_label,
                        d.issued_at.format("%Y-%m-%d %H:%M"),
                        state,
                        folder.join(&d.path).display()
                    );
                }
            }
        }
        NoticeCommand::Void { doc_no, reason } => {
            let doc = desk.void_document(actor, &doc_no, &reason).await?;
            outln!("已作废：{}（文号保留）", doc.doc_no);
        }
        NoticeCommand::Reissue {
            doc_no,
            reason,
            json,
        } => {
            let fields = json.as_deref().map(document_fields).transpose()?;
            let receipt = desk
                .reissue_document(actor, &doc_no, &reason, fields.as_ref())
                .await?;
            eprintln!("已作废{doc_no}，重新出具：{}", receipt.doc_no);
            print_json(&receipt)?;
        }
        NoticeCommand::Verify { json } => {
            let report = desk.verify_documents().await?;
            if json {
                print_json(&report)?;
            } else {
                for p in &report.problems {
                    outln!("{}：{}  {}", p.problem.label(), p.doc_no, p.path);
                }
                outln!(
                    "共校验{}份文书，完好{}份，异常{}份（{}）",
                    report.checked,
                    report.intact,
                    report.problems.len(),
                    report.folder
                );
            }
            if !report.problems.is_empty() {
                let names: Vec<String> = report
                    .problems
                    .iter()
                    .map(|p| format!("{}（{}）", p.doc_no, p.problem.label()))
                    .collect();
                return Err(Error::DocumentsAltered {
                    count: report.problems.len(),
                    names: names.join("、"),
                });
            }
        }
    }
    Ok(())
}

fn print_due(list: &xinfang::desk::DueList) -> std::io::Result<()> {
    outln!(
        "{}：待处理{}件，临期{}项，超期{}项",
        cn_date(list.today),
        list.counts.awaiting_disposal,
        list.counts.near_due,
        list.counts.overdue
    );
    for item in &list.items {
        let left = if item.days_left < 0 {
            format!("已超期{}个工作日", -item.days_left)
        } else {
            format!("剩{}个工作日", item.days_left)
        };
        outln!(
            "  [{}] {} {} {} 期满{}（{}）",
            item.state.label(),
            item.case_no,
            item.label,
            item.title,
            cn_date(item.due_on),
            left
        );
    }
    Ok(())
}

/// Progress on stderr: one updating line on a terminal, a line per 5 000 records otherwise.
fn sync_progress(verb: &'static str) -> impl FnMut(&xinfang::desk::sync::SyncProgress) + Send {
    use std::io::{IsTerminal, Write};
    let terminal = std::io::stderr().is_terminal();
    move |p| {
        let last = p.done == p.total;
        if terminal {
            eprint!("\r{verb} {} {}/{}", p.kind, p.done, p.total);
            if last {
                eprintln!();
            }
        } else if p.done > 0 && (p.done % 5_000 == 0 || last) {
            eprintln!("{verb} {} {}/{}", p.kind, p.done, p.total);
        }
        let _ = std::io::stderr().flush();
    }
}

fn kind_label(kind: &str) -> &str {
    match kind {
        "offices" => "机构",
        "cases" => "信访件",
        "events" => "时间线事件",
        "assignments" => "交办关联",
        "documents" => "文书",
        other => other,
    }
}

async fn sync_command(
    desk: &Desk,
    actor: &str,
    cmd: SyncCommand,
) -> Result<(), xinfang::desk::sync::SyncFailure> {
    use xinfang::desk::sync::{ImportOutcome, Keep};
    match cmd {
        SyncCommand::Export { out, full, json } => {
            let export = desk.sync_export(&out, full, sync_progress("导出")).await?;
            if json {
                print_json(&export)?;
            } else if let Some(path) = &export.path {
                let counts: Vec<String> = export
                    .record_counts
                    .iter()
                    .map(|(k, n)| format!("{}{n}", kind_label(k)))
                    .collect();
                eprintln!(
                    "已导出第 {} 号同步包（{}，{} 字节）",
                    export.seq.unwrap_or_default(),
                    counts.join("，"),
                    export.size
                );
                // The path alone on stdout, for schedulers and scripts.
                outln!("{}", path.display());
            } else {
                eprintln!("自上次导出以来没有新的变更，未生成同步包");
            }
        }
        SyncCommand::Key(SyncKeyCommand::Export { file }) => {
            let key = desk.sync_key_export(&file).await?;
            outln!(
                "已导出{}（{}）的公钥：{}",
                key.office_name,
                key.office_code,
                key.path.display()
            );
            outln!("指纹：{}（请对方登记前电话核对）", key.fingerprint);
        }
        SyncCommand::Trust { file, json } => {
            let result = desk.sync_trust(&file).await?;
            if json {
                print_json(&result)?;
            } else if result.added {
                outln!(
                    "已登记{}（{}）的公钥，指纹 {}",
                    result.office.office_name,
                    result.office.office_code,
                    result.office.fingerprint
                );
            } else {
                outln!(
                    "{}（{}）的这把公钥已登记过，指纹 {}",
                    result.office.office_name,
                    result.office.office_code,
                    result.office.fingerprint
                );
            }
        }
        SyncCommand::Untrust { office } => {
            desk.sync_untrust(&office).await?;
            outln!("已移除机构 {office} 的公钥");
        }
        SyncCommand::Import { file, json } => {
            let report = desk
                .sync_import(actor, &file, sync_progress("导入"))
                .await?;
            if json {
                print_json(&report)?;
            } else if report.outcome == ImportOutcome::AlreadyApplied {
                outln!(
                    "{}（{}）的第 {} 号同步包已经导入过，本次未做任何改动",
                    report.office_name,
                    report.office_code,
                    report.seq
                );
            } else {
                outln!(
                    "已导入{}（{}）的第 {} 号同步包",
                    report.office_name,
                    report.office_code,
                    report.seq
                );
                for (kind, c) in &report.counts {
                    outln!(
                        "  {}：收到{}，新增{}，更新{}，未变{}{}{}",
                        kind_label(kind),
                        c.received,
                        c.inserted,
                        c.updated,
                        c.unchanged,
                        if c.stale > 0 {
                            format!("，旧版本{}", c.stale)
                        } else {
                            String::new()
                        },
                        if c.kept_local > 0 {
                            format!("，保留本机修改{}", c.kept_local)
                        } else {
                            String::new()
                        },
                    );
                }
                if report.conflicts > 0 {
                    outln!(
                        "  有 {} 条记录双方都改过，已列入冲突待处理：xinfang sync conflicts",
                        report.conflicts
                    );
                }
                for no in &report.referred_cases {
                    outln!("  已登记上级交办件：{no}");
                }
            }
        }
        SyncCommand::History { json, limit } => {
            let history = desk.sync_history(limit).await?;
            if json {
                print_json(&history)?;
            } else {
                match &history.key_fingerprint {
                    Some(fp) => outln!("本机构密钥指纹：{fp}"),
                    None => outln!("本机构密钥：尚未生成（首次导出时生成）"),
                }
                outln!("信任的机构：{}个", history.trusted.len());
                for t in &history.trusted {
                    outln!(
                        "  {}  {}  指纹 {}",
                        t.office_code,
                        t.office_name,
                        t.fingerprint
                    );
                }
                outln!("导出：{}次", history.exports.len());
                for e in &history.exports {
                    outln!(
                        "  第{}号  {}  {}{}  {}",
                        e.seq,
                        e.created_at,
                        if e.full { "全量 " } else { "" },
                        e.size,
                        e.path
                    );
                }
                outln!("导入：{}次", history.imports.len());
                for i in &history.imports {
                    outln!(
                        "  {}（{}）第{}号  {}  {}{}",
                        i.office_name,
                        i.office_code,
                        i.seq,
                        i.applied_at,
                        i.file_name,
                        if i.conflicts > 0 {
                            format!("  冲突{}条", i.conflicts)
                        } else {
                            String::new()
                        }
                    );
                }
                if history.open_conflicts > 0 {
                    outln!("待处理冲突：{}条", history.open_conflicts);
                }
            }
        }
        SyncCommand::Conflicts { all, json } => {
            let conflicts = desk.sync_conflicts(all).await?;
            if json {
                print_json(&conflicts)?;
            } else if conflicts.is_empty() {
                outln!("没有待处理的同步冲突");
            } else {
                for c in &conflicts {
                    outln!(
                        "[{}] {}（机构 {}）本机第{}版 / 对方第{}版，不同之处：{}  {}",
                        c.id,
                        c.label,
                        c.office_code,
                        c.local_version,
                        c.remote_version,
                        c.fields.join("、"),
                        match c.status.as_str() {
                            "open" => "待处理",
                            "kept_local" => "已保留本机版本",
                            _ => "已采用对方版本",
                        }
                    );
                }
            }
        }
        SyncCommand::Resolve { id, keep, json } => {
            let keep = match keep {
                KeepSide::Local => Keep::Local,
                KeepSide::Remote => Keep::Remote,
            };
            let conflict = desk.sync_resolve(actor, id, keep).await?;
            if json {
                print_json(&conflict)?;
            } else {
                outln!(
                    "已处理同步冲突 {}（{}）：{}",
                    conflict.id,
                    conflict.label,
                    if keep == Keep::Local {
                        "保留本机版本"
                    } else {
                        "采用对方版本"
                    }
                );
            }
        }
        SyncCommand::Auto {
            folder,
            every_hours,
            off,
            json,
        } => {
            use xinfang::desk::sync::SyncSettings;
            if off || folder.is_some() {
                desk.set_sync_settings(SyncSettings {
                    folder,
                    every_hours: every_hours.unwrap_or(0),
                })
                .await?;
            }
            let status = desk.sync_status().await?;
            if json {
                print_json(&status)?;
            } else {
                match &status.settings.folder {
                    Some(folder) => outln!(
                        "自动导出：每{}小时导出到 {folder}",
                        status.settings.every_hours
                    ),
                    None => outln!("自动导出：关闭"),
                }
                match &status.last_export {
                    Some(e) => outln!("上次导出：第{}号，{}", e.seq, e.created_at),
                    None => outln!("上次导出：无"),
                }
                if let Some(due) = status.next_due_at {
                    outln!("下次导出：{}", due.to_rfc3339());
                }
            }
        }
        SyncCommand::Assignments { json } => {
            let links = desk.sync_assignments().await?;
            if json {
                print_json(&links)?;
            } else if links.is_empty() {
                outln!("没有交办关联");
            } else {
                for a in &links {
                    outln!(
                        "{}（机构 {}）→ {}（机构 {}）  {}",
                        a.link.parent_case_no,
                        a.link.parent_office,
                        a.link.case_no,
                        a.link.office_code,
                        a.status_label.as_deref().unwrap_or("尚未收到")
                    );
                }
            }
        }
    }
    Ok(())
}
