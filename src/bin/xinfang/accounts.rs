//! Who runs a command: `xinfang login`/`logout`/`whoami`, the administrator's `xinfang user …`,
//! and how every other command signs in (`XINFANG_TOKEN`, `XINFANG_PASSWORD`, or the session
//! `xinfang login` left for this database).

use std::io::{self, IsTerminal, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;
use sha2::{Digest, Sha256};

use xinfang::desk::{Account, Actor, NewAccount, Role, TokenInfo};
use xinfang::{Desk, Error};

use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum UserCommand {
    /// 列出账号
    List {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 新建账号（新密码从 XINFANG_NEW_PASSWORD 读取，否则提示输入）
    Add {
        /// 登录名：英文字母、数字和 . _ -
        name: String,
        /// 姓名，记入时间线
        #[arg(long)]
        display_name: String,
        /// 角色：登记员 承办人 科室负责人 局领导 管理员 审计（或 registrar handler section_head director admin auditor）
        #[arg(long)]
        role: String,
        /// 审计账号也可查看完整身份证号和电话（须填写理由，逐次记录）
        #[arg(long)]
        may_unmask: bool,
    },
    /// 修改账号的姓名、角色，停用或启用（启用同时解除密码错误锁定）
    Set {
        name: String,
        #[arg(long)]
        display_name: Option<String>,
        #[arg(long)]
        role: Option<String>,
        #[arg(long, conflicts_with = "enable")]
        disable: bool,
        #[arg(long)]
        enable: bool,
        /// 是否允许查看完整身份证号和电话（true/false）
        #[arg(long)]
        may_unmask: Option<bool>,
    },
    /// 设置密码：管理员可为任何账号设置；本人修改需输入当前密码（新密码从 XINFANG_NEW_PASSWORD 读取，否则提示输入）
    Passwd { name: String },
    /// 为定时脚本签发具名令牌（只显示一次；脚本以 XINFANG_TOKEN 使用）
    Token {
        /// 令牌所代表的账号
        account: String,
        /// 令牌名称，记入每条时间线记录，如 夜间同步导出
        #[arg(long)]
        name: String,
        /// 有效天数（不填则长期有效，直至吊销）
        #[arg(long)]
        days: Option<u32>,
    },
    /// 列出未吊销的具名令牌
    Tokens {
        #[arg(long)]
        json: bool,
    },
    /// 吊销具名令牌
    Revoke { name: String },
}

/// Where `xinfang login` keeps its session for the database at `db`: per user, never beside
/// the database (another user of the machine must not pick it up).
fn session_file(db: &Path) -> PathBuf {
    let db = std::path::absolute(db).unwrap_or_else(|_| db.to_path_buf());
    let key = hex::encode(&Sha256::digest(db.display().to_string().as_bytes())[..12]);
    dirs::state_dir()
        .or_else(dirs::data_local_dir)
        .unwrap_or_else(std::env::temp_dir)
        .join("xinfang-desk")
        .join("sessions")
        .join(key)
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

/// A password from `var` (scripts) or typed at the terminal without echo.
fn password(var: &str, prompt: &str) -> Result<String, Error> {
    if let Some(p) = env(var) {
        return Ok(p);
    }
    if !io::stdin().is_terminal() {
        return Err(Error::invalid(
            "password",
            format!("没有终端可以输入密码：请设置环境变量 {var}"),
        ));
    }
    Ok(rpassword::prompt_password(prompt)?)
}

/// A new password, typed twice unless it comes from `XINFANG_NEW_PASSWORD`.
pub fn new_password(prompt: &str) -> Result<String, Error> {
    if let Some(p) = env("XINFANG_NEW_PASSWORD") {
        return Ok(p);
    }
    let first = password("XINFANG_NEW_PASSWORD", prompt)?;
    let again = rpassword::prompt_password("再次输入：")?;
    if first != again {
        return Err(Error::invalid("password", "两次输入的密码不一致"));
    }
    Ok(first)
}

/// Signs the command in: a named token, a password for this one command, or the session of
/// `xinfang login`.
pub async fn sign_in(desk: &Desk, db: &Path, user: Option<&str>) -> Result<Actor, Error> {
    if let Some(token) = env("XINFANG_TOKEN") {
        return desk.sign_in_with_token(&token).await;
    }
    if env("XINFANG_PASSWORD").is_some() {
        let user = user.ok_or_else(|| {
            Error::invalid(
                "user",
                "设置了 XINFANG_PASSWORD 时须同时用 --user 或 XINFANG_USER 指明账号",
            )
        })?;
        return desk.sign_in(user, &password("XINFANG_PASSWORD", "")?).await;
    }
    match std::fs::read_to_string(session_file(db)) {
        Ok(secret) => desk.sign_in_with_token(secret.trim()).await,
        Err(e) if e.kind() == io::ErrorKind::NotFound => Err(Error::NotSignedIn),
        Err(e) => Err(e.into()),
    }
}

/// `xinfang login`: checks the password and keeps a session for this database.
pub async fn login(desk: &Desk, db: &Path, user: Option<&str>) -> Result<(), Error> {
    let user = match user {
        Some(u) => u.to_string(),
        None if io::stdin().is_terminal() => {
            eprint!("账号：");
            let mut line = String::new();
            io::stdin().read_line(&mut line)?;
            line.trim().to_string()
        }
        None => {
            return Err(Error::invalid(
                "user",
                "请用 --user 或 XINFANG_USER 指明账号",
            ))
        }
    };
    let actor = desk
        .sign_in(&user, &password("XINFANG_PASSWORD", "密码：")?)
        .await?;
    let (secret, expires) = desk.open_session().await?;
    let file = session_file(db);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    write_private(&file, &secret)?;
    outln!(
        "已登录：{}（{}，{}），至{}有效",
        actor.display_name,
        actor.account,
        actor.role.label(),
        xinfang::domain::calendar::office_time(expires).format("%Y-%m-%d %H:%M")
    );
    Ok(())
}

/// Readable by this user only: the file stands for their password.
fn write_private(path: &Path, text: &str) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(text.as_bytes())
}

pub async fn logout(desk: &Desk, db: &Path) -> Result<(), Error> {
    let file = session_file(db);
    match std::fs::read_to_string(&file) {
        Ok(secret) => {
            desk.close_session(secret.trim()).await?;
            std::fs::remove_file(&file)?;
            outln!("已退出登录");
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => outln!("本来就未登录"),
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

pub fn whoami(actor: &Actor, json: bool) -> Result<(), Error> {
    Ok(show(&Who(actor.clone()), json)?)
}

#[derive(Serialize)]
#[serde(transparent)]
struct Who(Actor);

impl Report for Who {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let a = &self.0;
        let how = match &a.credential {
            xinfang::domain::account::Credential::Token(name) => format!("令牌“{name}”"),
            xinfang::domain::account::Credential::Session => "登录会话".into(),
            _ => "密码".into(),
        };
        writeln!(
            out,
            "{}（{}），角色：{}，凭{}",
            a.display_name,
            a.account,
            a.role.label(),
            how
        )
    }
}

fn role(text: &str) -> Result<Role, Error> {
    Role::parse(text).ok_or_else(|| {
        Error::invalid(
            "role",
            format!("没有角色“{text}”：可用 登记员 承办人 科室负责人 局领导 管理员 审计"),
        )
    })
}

/// `xinfang user add` on an office without accounts (an upgraded database): the first
/// administrator, which needs no sign-in.
pub async fn bootstrap(desk: &Desk, cmd: &UserCommand) -> Result<bool, Error> {
    let UserCommand::Add {
        name,
        display_name,
        role: r,
        ..
    } = cmd
    else {
        return Ok(false);
    };
    if desk.has_accounts().await? {
        return Ok(false);
    }
    if role(r)? != Role::Admin {
        return Err(Error::invalid(
            "role",
            "本机构还没有账号：请先新建管理员账号（--role 管理员）",
        ));
    }
    let new = NewAccount {
        name: name.clone(),
        display_name: display_name.clone(),
        role: Role::Admin,
        password: new_password("新账号的密码：")?,
        may_unmask: false,
    };
    let actor = desk.create_first_admin(new).await?;
    outln!(
        "已新建首个管理员账号：{}（{}）",
        actor.display_name,
        actor.account
    );
    Ok(true)
}

pub async fn run(desk: &Desk, actor: &Actor, cmd: UserCommand) -> Result<(), Error> {
    match cmd {
        UserCommand::List { json } => show(&Accounts(desk.accounts().await?), json)?,
        UserCommand::Add {
            name,
            display_name,
            role: r,
            may_unmask,
        } => {
            let role = role(&r)?;
            let new = NewAccount {
                name,
                display_name,
                role,
                password: new_password("新账号的密码：")?,
                may_unmask,
            };
            let a = desk.create_account(new).await?;
            outln!(
                "已新建账号：{}（{}，{}）",
                a.display_name,
                a.name,
                a.role.label()
            );
        }
        UserCommand::Set {
            name,
            display_name,
            role: r,
            disable,
            enable,
            may_unmask,
        } => {
            let current = desk
                .accounts()
                .await?
                .into_iter()
                .find(|a| a.name == name)
                .ok_or_else(|| Error::invalid("name", format!("找不到账号“{name}”")))?;
            let next = Account {
                display_name: display_name.unwrap_or(current.display_name.clone()),
                role: r.as_deref().map(role).transpose()?.unwrap_or(current.role),
                active: if disable {
                    false
                } else {
                    enable || current.active
                },
                may_unmask: may_unmask.unwrap_or(current.may_unmask),
                ..current
            };
            let a = desk.update_account(next).await?;
            outln!(
                "已更新账号：{}（{}，{}，{}）",
                a.display_name,
                a.name,
                a.role.label(),
                if a.active { "启用" } else { "停用" }
            );
        }
        UserCommand::Passwd { name } => {
            let current = if name == actor.account {
                Some(password("XINFANG_PASSWORD", "当前密码：")?)
            } else {
                None
            };
            let new = new_password("新密码：")?;
            desk.set_password(&name, current.as_deref(), &new).await?;
            outln!("已设置账号“{name}”的密码");
        }
        UserCommand::Token {
            account,
            name,
            days,
        } => {
            let secret = desk.issue_token(&account, &name, days).await?;
            eprintln!("已签发令牌“{name}”（账号 {account}）：以下内容只显示这一次，请存入脚本的 XINFANG_TOKEN");
            outln!("{secret}");
        }
        UserCommand::Tokens { json } => show(&Tokens(desk.tokens().await?), json)?,
        UserCommand::Revoke { name } => {
            desk.revoke_token(&name).await?;
            outln!("已吊销令牌“{name}”");
        }
    }
    Ok(())
}

#[derive(Serialize)]
#[serde(transparent)]
struct Accounts(Vec<Account>);

impl Report for Accounts {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        for a in &self.0 {
            writeln!(
                out,
                "{}\t{}\t{}\t{}{}",
                a.name,
                a.display_name,
                a.role.label(),
                if a.active { "启用" } else { "停用" },
                if a.may_unmask {
                    "\t可查看完整个人信息"
                } else {
                    ""
                }
            )?;
        }
        Ok(())
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct Tokens(Vec<TokenInfo>);

impl Report for Tokens {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.0.is_empty() {
            return writeln!(out, "没有具名令牌");
        }
        for t in &self.0 {
            writeln!(
                out,
                "{}\t账号 {}\t签发于 {}\t{}",
                t.name,
                t.account,
                &t.created_at[..10.min(t.created_at.len())],
                t.expires_at
                    .as_deref()
                    .map_or("长期有效".to_string(), |e| format!(
                        "至 {}",
                        &e[..10.min(e.len())]
                    ))
            )?;
        }
        Ok(())
    }
}
