//! `xinfang init` and `xinfang demo`: the two commands that make an office.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::Serialize;

use xinfang::desk::demo::{create_demo_at, DemoSummary};
use xinfang::desk::Office;
use xinfang::{Clock, Desk, Error};

use crate::output::{show, Report};

pub async fn init(desk: &Desk, path: &Path, office: Office) -> Result<(), Error> {
    let office = desk.init_office(office).await?;
    outln!(
        "已初始化：{}（{}），数据库 {}",
        office.name,
        office.code,
        path.display()
    );
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
        writeln!(out, "  {}", parts.join("，"))
    }
}
