//! `xinfang init` and `xinfang demo`: the two commands that make an office.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use xinfang::desk::demo::{create_demo_at, DemoSummary};
use xinfang::desk::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD};
use xinfang::desk::{NewAccount, Office, Role};
use xinfang::{Clock, Desk, Error};

use crate::output::{show, Report};

pub async fn init(
    desk: &Desk,
    path: &Path,
    office: Office,
    admin: &str,
    admin_display_name: &str,
) -> Result<(), Error> {
    if let Ok(existing) = desk.office().await {
        return Err(Error::AlreadyInitialized(existing.name));
    }
    let admin = NewAccount {
        name: admin.to_string(),
        display_name: admin_display_name.to_string(),
        role: Role::Admin,
        password: crate::accounts::new_password("管理员密码：")?,
        may_unmask: false,
    };
    let office = desk.init_office(office, admin).await?;
    outln!(
        "已初始化：{}（{}），数据库 {}",
        office.name,
        office.code,
        path.display()
    );
    if let Ok(actor) = desk.actor() {
        outln!(
            "管理员账号：{}（{}）。请用 xinfang user add 为各岗位新建账号",
            actor.account,
            actor.display_name
        );
    }
    Ok(())
}

/// `demo`: made beside `path` and moved into place when complete (see `create_demo_at`).
pub async fn demo(path: &Path, count: u32, json: bool, clock: Clock) -> Result<(), Error> {
    let summary = create_demo_at(path, count, clock).await?;
    let seeded = Seeded {
        summary,
        path: path.to_path_buf(),
    };
    Ok(show(&seeded, json)?)
}

/// What `demo` made; the JSON is the summary.
#[derive(Serialize)]
#[serde(transparent)]
struct Seeded {
    summary: DemoSummary,
    #[serde(skip)]
    path: PathBuf,
}

impl Report for Seeded {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.summary;
        writeln!(
            out,
            "已生成演示机构“{}”，共{}件信访件，数据库 {}",
            s.office.name,
            s.cases,
            self.path.display()
        )?;
        let parts: Vec<String> = s
            .by_status
            .iter()
            .map(|(status, n)| format!("{}{n}件", status.label()))
            .collect();
        writeln!(out, "  {}", parts.join("，"))?;
        writeln!(out, "演示账号（密码均为 {DEMO_PASSWORD}）：")?;
        for (name, display_name, role) in DEMO_ACCOUNTS {
            writeln!(out, "  {name:<8} {display_name}（{}）", role.label())?;
        }
        Ok(())
    }
}
