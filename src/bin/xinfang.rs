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
    /// 本机构数据库文件（默认放在系统的数据目录下）
    #[arg(long, global = true, env = "XINFANG_DB")]
    db: Option<PathBuf>,
    /// 经办人姓名，记入每条时间线记录
    #[arg(long, global = true, env = "XINFANG_ACTOR")]
    actor: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// 初始化本机构（只需一次）
    Init {
        /// 机构代码：6位行政区划代码，可加最多6位字母或数字后缀，如 445202
        #[arg(long)]
        code: String,
        /// 机构名称，如 揭阳市榕城区信访局
        #[arg(long)]
        name: String,
        /// 发文字号前缀，如 榕信访（文号形如 榕信访〔2026〕12号）
        #[arg(long)]
        doc_prefix: String,
    },
    /// 信访件：登记、查询、查看、办理
    #[command(subcommand)]
    Case(CaseCommand),
    /// 工作日历（节假日和调休）
    #[command(subcommand)]
    Calendar(CalendarCommand),
    /// 今天临期和超期的事项，按期满日期排列
    Due {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
        /// 查看指定日期而不是今天（YYYY-MM-DD）
        #[arg(long)]
        on: Option<NaiveDate>,
        /// 最多列出的事项数
        #[arg(long, default_value_t = 200)]
        limit: u32,
    },
    /// 文书：出具、查看、作废、重新出具、校验
    #[command(subcommand)]
    Notice(NoticeCommand),
    /// 在空数据库中生成演示机构和演示信访件
    Demo {
        /// 生成的信访件数
        #[arg(long, default_value_t = 360)]
        count: u32,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 机构间同步：导出、公钥、导入、记录、冲突
    #[command(subcommand)]
    Sync(SyncCommand),
}

#[derive(Subcommand)]
enum SyncCommand {
    /// 把下一个同步包（上次导出以来的变更）写入目录，并输出其路径
    Export {
        /// 同步包存放的目录
        #[arg(long)]
        out: PathBuf,
        /// 导出本机构的全部数据，而不只是上次导出以来的变更
        #[arg(long)]
        full: bool,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 本机构的公钥
    #[command(subcommand)]
    Key(SyncKeyCommand),
    /// 登记信任另一机构的公钥文件（请先电话核对指纹）
    Trust {
        /// 对方机构的公钥文件
        file: PathBuf,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 移除某机构的公钥（更换其公钥的第一步）
    Untrust {
        /// 机构代码，如 445200
        office: String,
    },
    /// 校验并导入同步包
    ///
    /// 退出码：0 已导入或此前已导入过；2 拒收。
    Import {
        /// 同步包文件
        file: PathBuf,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 同步记录：导出和导入过的同步包、信任的机构、本机构的公钥
    History {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
        /// 导出、导入记录各最多列出的条数
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
    /// 上次交换以来，本机和记录所属机构都改过的记录（同步冲突）
    Conflicts {
        /// 连同已处理的冲突一并列出
        #[arg(long)]
        all: bool,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 处理同步冲突：保留本机版本或采用对方机构的版本
    Resolve {
        /// 冲突编号（见 sync conflicts）
        id: i64,
        /// 保留哪一方的版本
        #[arg(long, value_enum)]
        keep: KeepSide,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 机构间的交办件，以及为其登记的上级交办件
    Assignments {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 查看或设置桌面程序的自动导出（目录和间隔）
    Auto {
        /// 每隔 --every-hours 小时导出到此目录
        #[arg(long, requires = "every_hours", conflicts_with = "off")]
        folder: Option<String>,
        /// 自动导出的间隔（小时，1至744）
        #[arg(long)]
        every_hours: Option<u32>,
        /// 关闭自动导出
        #[arg(long)]
        off: bool,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum SyncKeyCommand {
    /// 导出公钥文件，交给要导入本机构同步包的机构
    Export {
        /// 公钥文件的保存路径
        file: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum KeepSide {
    /// 保留本机版本
    Local,
    /// 采用对方机构的版本
    Remote,
}

#[derive(Subcommand)]
enum NoticeCommand {
    /// 为信访件出具一份文书
    ///
    /// 输出JSON，含文号（doc_no）和PDF文件路径（path）。
    Issue {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 文书种类，如 non_acceptance_notice（不予受理告知书）、forwarding_letter（转送函），可用 notice allowed 查看
        kind: String,
        /// 要修改或补充的字段：JSON对象，键为占位符名，值为文字
        #[arg(long, default_value = "{}")]
        json: String,
    },
    /// 信访件当前可出具的文书种类及其预填字段
    Allowed {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 生成文书此时的PDF预览，不出具
    Preview {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 文书种类，如 non_acceptance_notice（不予受理告知书）、forwarding_letter（转送函），可用 notice allowed 查看
        kind: String,
        /// 要修改或补充的字段：JSON对象，键为占位符名，值为文字
        #[arg(long, default_value = "{}")]
        json: String,
        /// PDF文件的保存路径
        #[arg(long)]
        out: PathBuf,
    },
    /// 信访件的全部文书，含已作废的
    List {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 作废文书：文号保留，记录作废原因
    Void {
        /// 文号，如 榕信访不受〔2026〕3号
        doc_no: String,
        /// 作废原因
        #[arg(long)]
        reason: String,
    },
    /// 作废文书（如尚未作废）并以新文号重新出具
    Reissue {
        /// 原文书的文号，如 榕信访不受〔2026〕3号
        doc_no: String,
        /// 作废原因
        #[arg(long)]
        reason: String,
        /// 新的字段，JSON对象（默认沿用被作废文书的字段）
        #[arg(long)]
        json: Option<String>,
    },
    /// 逐份重新计算哈希，校验已存文书是否完好
    ///
    /// 退出码：0 全部完好；1 有文书被改动或缺失（逐份列出）。
    Verify {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum CaseCommand {
    /// 从JSON登记信访件
    Register {
        /// 登记内容：JSON文件路径、“-”（从标准输入读取）或JSON文本本身
        #[arg(long)]
        json: String,
    },
    /// 按条件查询信访件（按收件时间从新到旧）
    List(ListArgs),
    /// 查看信访件详情：期限、时间线和可执行的操作
    Show {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 办理信访件（受理、不予受理、转送等），办理内容以JSON提供
    Act {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 操作，如 accept（受理）、decline（不予受理）、forward（转送）、assign（交办）、extend（延期）、conclude（办结）、reply（答复）
        action: String,
        /// 办理内容：JSON对象、JSON文件路径或“-”（从标准输入读取）
        #[arg(long, default_value = "{}")]
        json: String,
    },
}

#[derive(Args)]
struct ListArgs {
    /// 按状态筛选，可重复，如 registered（待处理）、accepted（办理中）、concluded（已办结）
    #[arg(long)]
    status: Vec<String>,
    /// 按渠道筛选：letter（来信）、visit（来访）、online（网上信访）、phone（来电）、referred（上级交办）
    #[arg(long)]
    channel: Option<String>,
    /// 只列超期的案件
    #[arg(long)]
    overdue: bool,
    /// 只列临期（即将到期、尚未超期）的案件
    #[arg(long)]
    near_due: bool,
    /// 收件日期不早于（YYYY-MM-DD）
    #[arg(long)]
    from: Option<NaiveDate>,
    /// 收件日期不晚于（YYYY-MM-DD）
    #[arg(long)]
    to: Option<NaiveDate>,
    /// 按问题属地筛选：行政区划代码或其开头几位（县区代码可查到下辖镇街）
    #[arg(long)]
    locality: Option<String>,
    /// 按关键词查找，如 拆迁
    #[arg(long)]
    text: Option<String>,
    /// 页码，从1开始
    #[arg(long, default_value_t = 1)]
    page: u32,
    /// 每页件数（最多1000）
    #[arg(long, default_value_t = 50)]
    page_size: u32,
    /// 以JSON输出（供脚本使用）
    #[arg(long)]
    json: bool,
}

#[derive(Subcommand)]
enum CalendarCommand {
    /// 查看某年的工作日历：工作日天数、放假和调休上班的日子
    Show {
        /// 年份，如 2026
        year: i32,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 导入整年的节假日安排（放假和调休上班），并重算未了结的期限
    Import {
        /// 节假日安排文件（JSON），如 2027.json
        file: PathBuf,
        /// 以JSON输出（供脚本使用）
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
    Ok(xinfang::domain::input::parse(raw)?)
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
    // Only these make an office; every other command refuses a missing or foreign file.
    let desk = match &cli.command {
        Command::Init {
            code,
            name,
            doc_prefix,
        } => {
            // A refused init leaves no empty database behind.
            Office {
                code: code.clone(),
                name: name.clone(),
                doc_prefix: doc_prefix.clone(),
            }
            .validate()?;
            Desk::open_with_clock(&path, clock).await?
        }
        Command::Demo { .. } => Desk::open_with_clock(&path, clock).await?,
        _ => Desk::open_existing(&path, clock).await?,
    };
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
