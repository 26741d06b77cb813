//! `xinfang`: the headless command line over the same `Desk` the desktop app uses.
//! JSON in and out for scripts, Chinese for people. Exit codes: 0 ok, 2 bad input (including
//! an input file named on the command line that cannot be opened), 1 other.

/// A line on standard output; a failed write (a closed pipe, a full disk) is returned as an
/// error instead of panicking as `println!` does.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        writeln!(std::io::stdout().lock(), $($arg)*)?
    }};
}

mod accounts;
mod audit;
mod authorities;
mod backup;
mod calendar;
mod cases;
mod channels;
mod input;
mod localities;
mod notices;
mod office;
mod output;
mod supervise;
mod sync;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Parser, Subcommand};

use xinfang::desk::sync::SyncFailure;
use xinfang::desk::{Actor, Office};
use xinfang::{default_db_path, Clock, Desk, Error};

#[derive(Parser)]
#[command(name = "xinfang", version, about = "信访案件办理：命令行工具")]
struct Cli {
    /// 本机构数据库文件（默认放在系统的数据目录下）
    #[arg(long, global = true, env = "XINFANG_DB")]
    db: Option<PathBuf>,
    /// 账号（登录名）：登录时使用，或与 XINFANG_PASSWORD 一起为单条命令登录
    #[arg(long, global = true, env = "XINFANG_USER")]
    user: Option<String>,
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
        /// 首个管理员的登录名（密码从 XINFANG_NEW_PASSWORD 读取，否则提示输入）
        #[arg(long, default_value = "admin")]
        admin: String,
        /// 首个管理员的姓名
        #[arg(long, default_value = "系统管理员")]
        admin_display_name: String,
    },
    /// 登录：校验密码后保持会话（12小时），此后的命令无需再输入密码
    Login,
    /// 退出登录
    Logout,
    /// 当前以哪个账号、凭什么登录
    Whoami {
        #[arg(long)]
        json: bool,
    },
    /// 审计：核验审计链
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// 账号和令牌（管理员）：列出、新建、修改、停用、设置密码、签发和吊销令牌
    #[command(subcommand)]
    User(accounts::UserCommand),
    /// 信访件：登记、查询、查看、办理
    #[command(subcommand)]
    Case(cases::CaseCommand),
    /// 工作日历（节假日和调休）
    #[command(subcommand)]
    Calendar(calendar::CalendarCommand),
    /// 有权处理机关名录：查看、导入、导出（.xlsx）
    #[command(subcommand)]
    Authorities(authorities::AuthoritiesCommand),
    /// 问题属地（乡镇街道、村社区）：查看、导入、导出（.json）
    #[command(subcommand)]
    Localities(localities::LocalitiesCommand),
    /// 督查督办：督办建议、确认出函、记录回复、督办设置
    #[command(subcommand)]
    Supervise(supervise::SuperviseCommand),
    /// 法定途径分类处理清单：查看、导入、导出（.xlsx）
    #[command(subcommand)]
    Channels(channels::ChannelsCommand),
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
    /// 受理登记簿：某段时间收到的信访事项，写成PDF（横版A4）
    Received {
        /// 起始收件日期（YYYY-MM-DD）
        #[arg(long)]
        from: NaiveDate,
        /// 截止收件日期（YYYY-MM-DD，默认与起始日期相同）
        #[arg(long)]
        to: Option<NaiveDate>,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 期限日程：自某日起逐日列出到期的事项（默认今天起两周）
    Agenda {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
        /// 起始日期（YYYY-MM-DD，默认今天）
        #[arg(long)]
        from: Option<NaiveDate>,
        /// 天数（最多62）
        #[arg(long, default_value_t = 14)]
        days: u32,
        /// 最多列出的事项数
        #[arg(long, default_value_t = 500)]
        limit: u32,
    },
    /// 文书：出具、查看、作废、重新出具、校验
    #[command(subcommand)]
    Notice(notices::NoticeCommand),
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
    Sync(sync::SyncCommand),
    /// 备份：创建（校验并轮换保留）、列出、校验、恢复
    #[command(subcommand)]
    Backup(backup::BackupCommand),
}

/// How a command ended badly: the core's errors, or sync's (whose refusals of a package are
/// bad input too).
enum Failure {
    Core(Error),
    Sync(SyncFailure),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Self {
        Failure::Core(e)
    }
}

impl From<SyncFailure> for Failure {
    fn from(e: SyncFailure) -> Self {
        match e {
            SyncFailure::Store(e) => Failure::Core(e),
            other => Failure::Sync(other),
        }
    }
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
        Err(Failure::Core(Error::Io(e))) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            ExitCode::SUCCESS
        }
        Err(failure) => {
            let code = failure.exit_code();
            match failure {
                Failure::Core(e) => eprintln!("错误：{}", described(&e)),
                Failure::Sync(e) => eprintln!("错误：{e}"),
            }
            ExitCode::from(code)
        }
    }
}

impl Failure {
    /// 2 when what was asked cannot be done as asked (a refused input or package, an input
    /// file that cannot be opened), 1 when the machine failed.
    fn exit_code(&self) -> u8 {
        let bad_input = match self {
            Failure::Core(e) => e.is_bad_input(),
            Failure::Sync(e) => e.is_refusal(),
        };
        if bad_input {
            2
        } else {
            1
        }
    }
}

/// The core's Chinese message; a refused field also by the name a script writes it with.
fn described(e: &Error) -> String {
    let message = e.to_string();
    match e {
        Error::Invalid { field, .. } if field != "json" && !message.contains(field.as_str()) => {
            format!("{message}（字段 {field}）")
        }
        Error::CalendarRemovesDays(_) => format!("{message}（确认请加 --force）"),
        _ => message,
    }
}

async fn run(cli: Cli) -> Result<(), Failure> {
    let path = cli.db.clone().unwrap_or_else(default_db_path);
    let clock = Clock::from_env().map_err(|e| Error::invalid("XINFANG_NOW", e.to_string()))?;
    // Only these make an office; every other command refuses a missing or foreign file.
    let desk = match &cli.command {
        Command::Init {
            code,
            name,
            doc_prefix,
            ..
        } => {
            // A refused init leaves no empty database behind.
            Office {
                code: code.clone(),
                name: name.clone(),
                doc_prefix: doc_prefix.clone(),
            }
            .validate()
            .map_err(Error::from)?;
            Desk::open_with_clock(&path, clock).await?
        }
        // Made out of place and moved in when complete.
        Command::Demo { count, json } => {
            return Ok(office::demo(&path, *count, *json, clock).await?);
        }
        // A restore replaces the database: it must not be open.
        Command::Backup(cmd) if !cmd.needs_desk() => {
            let Command::Backup(cmd) = cli.command else {
                unreachable!("matched just above");
            };
            // A restore replaces the office's database: only who may back it up may do it.
            if cmd.replaces_database() && path.is_file() {
                let desk = Desk::open_existing(&path, clock.clone()).await?;
                let allowed = match accounts::sign_in(&desk, &path, cli.user.as_deref()).await {
                    Ok(_) => desk.require(xinfang::desk::Permission::Backup).map(|_| ()),
                    Err(e) => Err(e),
                };
                desk.close().await;
                allowed?;
            }
            return Ok(backup::without_desk(&path, cmd, clock).await?);
        }
        _ => Desk::open_existing(&path, clock).await?,
    };
    let done = signed_in(&desk, &path, cli.user.as_deref(), cli.command).await;
    desk.close().await;
    done
}

/// Runs `command` once whoever runs it has signed in (only making the office, signing in and
/// out, and the first administrator of an office without accounts need no one).
async fn signed_in(
    desk: &Desk,
    path: &Path,
    user: Option<&str>,
    command: Command,
) -> Result<(), Failure> {
    match &command {
        Command::Init {
            code,
            name,
            doc_prefix,
            admin,
            admin_display_name,
        } => {
            let office = Office {
                code: code.clone(),
                name: name.clone(),
                doc_prefix: doc_prefix.clone(),
            };
            return Ok(office::init(desk, path, office, admin, admin_display_name).await?);
        }
        Command::Login => return Ok(accounts::login(desk, path, user).await?),
        Command::Logout => return Ok(accounts::logout(desk, path).await?),
        Command::User(cmd) if accounts::bootstrap(desk, cmd).await? => return Ok(()),
        _ => {}
    }
    let actor = accounts::sign_in(desk, path, user).await?;
    run_as(desk, &actor, command).await
}

async fn run_as(desk: &Desk, actor: &Actor, command: Command) -> Result<(), Failure> {
    match command {
        Command::Init { .. } | Command::Login | Command::Logout => {}
        Command::Whoami { json } => accounts::whoami(actor, json)?,
        Command::User(cmd) => accounts::run(desk, actor, cmd).await?,
        Command::Audit(cmd) => audit::run(desk, cmd).await?,
        // `run` makes the demo office before any database is opened.
        Command::Demo { .. } => {}
        Command::Case(cmd) => cases::run(desk, cmd).await?,
        Command::Due { json, on, limit } => cases::due(desk, on, limit, json).await?,
        Command::Received { from, to, json } => cases::received(desk, from, to, json).await?,
        Command::Agenda {
            json,
            from,
            days,
            limit,
        } => cases::agenda(desk, from, days, limit, json).await?,
        Command::Calendar(cmd) => calendar::run(desk, cmd).await?,
        Command::Channels(cmd) => channels::run(desk, cmd).await?,
        Command::Authorities(cmd) => authorities::run(desk, cmd).await?,
        Command::Localities(cmd) => localities::run(desk, cmd).await?,
        Command::Supervise(cmd) => supervise::run(desk, cmd).await?,
        Command::Notice(cmd) => notices::run(desk, cmd).await?,
        Command::Sync(cmd) => sync::run(desk, cmd).await?,
        Command::Backup(cmd) => backup::with_desk(desk, cmd).await?,
    }
    Ok(())
}
