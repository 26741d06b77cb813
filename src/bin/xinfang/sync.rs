//! `xinfang sync …`: packages between offices, keys, history, conflicts, automatic export.

use std::io::{self, Write};
use std::path::PathBuf;

use clap::Subcommand;
use serde::Serialize;

use xinfang::desk::sync::{
    record_kind_label, AssignmentView, ImportOutcome, Keep, SyncConflict, SyncFailure, SyncHistory,
    SyncImportReport, SyncProgress, SyncSettings, SyncStatus, TrustResult,
};
use xinfang::domain::wording::field_label;
use xinfang::Desk;

use crate::input::openable;
use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum SyncCommand {
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
    /// 查看或设置导出的同步包中身份证号和电话是否脱敏（接收方无权查看个人信息时开启）
    Masking {
        /// 今后导出的同步包隐去身份证号和电话
        #[arg(long, conflicts_with = "off")]
        on: bool,
        /// 今后导出的同步包带完整的身份证号和电话（默认，接收方为上级信访部门时）
        #[arg(long)]
        off: bool,
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
pub enum SyncKeyCommand {
    /// 导出公钥文件，交给要导入本机构同步包的机构
    Export {
        /// 公钥文件的保存路径
        file: PathBuf,
    },
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub enum KeepSide {
    /// 保留本机版本
    Local,
    /// 采用对方机构的版本
    Remote,
}

pub async fn run(desk: &Desk, cmd: SyncCommand) -> Result<(), SyncFailure> {
    match cmd {
        SyncCommand::Export { out, full, json } => {
            let export = desk.sync_export(&out, full, progress("导出")).await?;
            if json {
                crate::output::print_json(&export)?;
            } else if let Some(path) = &export.path {
                let counts: Vec<String> = export
                    .record_counts
                    .iter()
                    .map(|(k, n)| format!("{}{n}", record_kind_label(k)))
                    .collect();
                let masked = if export.masked {
                    "，身份证号和电话已脱敏"
                } else {
                    ""
                };
                eprintln!(
                    "已导出第 {} 号同步包（{}，{} 字节{masked}）",
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
            openable("file", &file)?;
            show(&desk.sync_trust(&file).await?, json)?
        }
        SyncCommand::Untrust { office } => {
            desk.sync_untrust(&office).await?;
            outln!("已移除机构 {office} 的公钥");
        }
        SyncCommand::Import { file, json } => {
            openable("file", &file)?;
            let report = desk.sync_import(&file, progress("导入")).await?;
            show(&report, json)?;
        }
        SyncCommand::History { json, limit } => show(&desk.sync_history(limit).await?, json)?,
        SyncCommand::Conflicts { all, json } => {
            show(&Conflicts(desk.sync_conflicts(all).await?), json)?
        }
        SyncCommand::Resolve { id, keep, json } => {
            let keep = match keep {
                KeepSide::Local => Keep::Local,
                KeepSide::Remote => Keep::Remote,
            };
            let conflict = desk.sync_resolve(id, keep).await?;
            if json {
                crate::output::print_json(&conflict)?;
            } else {
                outln!(
                    "已处理同步冲突 {}（{}）：{}",
                    conflict.id,
                    conflict.label,
                    kept_text(keep)
                );
            }
        }
        SyncCommand::Masking { on, off, json } => {
            let masked = if on || off {
                desk.set_sync_masking(on).await?
            } else {
                desk.sync_masking().await?
            };
            show(&Masking { masked }, json)?;
        }
        SyncCommand::Auto {
            folder,
            every_hours,
            off,
            json,
        } => {
            if off || folder.is_some() {
                desk.set_sync_settings(SyncSettings {
                    folder,
                    every_hours: every_hours.unwrap_or(0),
                })
                .await?;
            }
            show(&desk.sync_status().await?, json)?;
        }
        SyncCommand::Assignments { json } => {
            show(&Assignments(desk.sync_assignments().await?), json)?
        }
    }
    Ok(())
}

fn kept_text(keep: Keep) -> &'static str {
    match keep {
        Keep::Local => "保留本机版本",
        Keep::Remote => "采用对方版本",
    }
}

/// Progress on stderr: one updating line on a terminal, a line per 5 000 records otherwise.
fn progress(verb: &'static str) -> impl FnMut(&SyncProgress) + Send {
    use std::io::IsTerminal;
    let terminal = io::stderr().is_terminal();
    move |p| {
        let kind = record_kind_label(&p.kind);
        let last = p.done == p.total;
        if terminal {
            eprint!("\r{verb} {kind} {}/{}", p.done, p.total);
            if last {
                eprintln!();
            }
        } else if p.done > 0 && (p.done % 5_000 == 0 || last) {
            eprintln!("{verb} {kind} {}/{}", p.done, p.total);
        }
        let _ = io::stderr().flush();
    }
}

#[derive(Serialize)]
struct Masking {
    masked: bool,
}

impl Report for Masking {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.masked {
            writeln!(
                out,
                "导出的同步包：身份证号和电话脱敏（接收方无权查看个人信息）"
            )
        } else {
            writeln!(
                out,
                "导出的同步包：带完整的身份证号和电话（接收方为上级信访部门等有权查看的机构）"
            )
        }
    }
}

impl Report for TrustResult {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let o = &self.office;
        if self.added {
            writeln!(
                out,
                "已登记{}（{}）的公钥，指纹 {}",
                o.office_name, o.office_code, o.fingerprint
            )
        } else {
            writeln!(
                out,
                "{}（{}）的这把公钥已登记过，指纹 {}",
                o.office_name, o.office_code, o.fingerprint
            )
        }
    }
}

impl Report for SyncImportReport {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.outcome == ImportOutcome::AlreadyApplied {
            return writeln!(
                out,
                "{}（{}）的第 {} 号同步包已经导入过，本次未做任何改动",
                self.office_name, self.office_code, self.seq
            );
        }
        writeln!(
            out,
            "已导入{}（{}）的第 {} 号同步包",
            self.office_name, self.office_code, self.seq
        )?;
        for (kind, c) in &self.counts {
            let stale = if c.stale > 0 {
                format!("，旧版本{}", c.stale)
            } else {
                String::new()
            };
            let kept = if c.kept_local > 0 {
                format!("，保留本机修改{}", c.kept_local)
            } else {
                String::new()
            };
            writeln!(
                out,
                "  {}：收到{}，新增{}，更新{}，未变{}{stale}{kept}",
                record_kind_label(kind),
                c.received,
                c.inserted,
                c.updated,
                c.unchanged,
            )?;
        }
        if self.conflicts > 0 {
            writeln!(
                out,
                "  有 {} 条记录双方都改过，已列入冲突待处理：xinfang sync conflicts",
                self.conflicts
            )?;
        }
        for no in &self.referred_cases {
            writeln!(out, "  已登记上级交办件：{no}")?;
        }
        for line in audit_lines(self.audit_problems.as_deref()) {
            writeln!(out, "  {line}")?;
        }
        if self.masked {
            writeln!(out, "  身份证号和电话已由对方脱敏")?;
        }
        Ok(())
    }
}

/// What the check of the writer's audit chain found, a line each.
fn audit_lines(problems: Option<&[String]>) -> Vec<String> {
    match problems {
        None => vec!["审计链：此包未附（由旧版本程序导出）".into()],
        Some([]) => vec!["审计链：完整，与此前收到的衔接".into()],
        Some(problems) => problems
            .iter()
            .map(|p| format!("审计链警示：{p}"))
            .collect(),
    }
}

impl Report for SyncHistory {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        match &self.key_fingerprint {
            Some(fp) => writeln!(out, "本机构密钥指纹：{fp}")?,
            None => writeln!(out, "本机构密钥：尚未生成（首次导出时生成）")?,
        }
        writeln!(out, "信任的机构：{}个", self.trusted.len())?;
        for t in &self.trusted {
            writeln!(
                out,
                "  {}  {}  指纹 {}",
                t.office_code, t.office_name, t.fingerprint
            )?;
        }
        writeln!(out, "导出：{}次", self.exports.len())?;
        for e in &self.exports {
            let full = if e.full { "全量 " } else { "" };
            let masked = if e.masked { "脱敏 " } else { "" };
            writeln!(
                out,
                "  第{}号  {}  {full}{masked}{}  {}",
                e.seq, e.created_at, e.size, e.path
            )?;
        }
        writeln!(out, "导入：{}次", self.imports.len())?;
        for i in &self.imports {
            let mut conflicts = if i.conflicts > 0 {
                format!("  冲突{}条", i.conflicts)
            } else {
                String::new()
            };
            if i.masked {
                conflicts.push_str("  身份证号和电话已由对方脱敏");
            }
            writeln!(
                out,
                "  {}（{}）第{}号  {}  {}{conflicts}",
                i.office_name, i.office_code, i.seq, i.applied_at, i.file_name
            )?;
            for line in audit_lines(i.audit_problems.as_deref()) {
                writeln!(out, "    {line}")?;
            }
        }
        if self.open_conflicts > 0 {
            writeln!(out, "待处理冲突：{}条", self.open_conflicts)?;
        }
        Ok(())
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct Conflicts(Vec<SyncConflict>);

impl Report for Conflicts {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.0.is_empty() {
            return writeln!(out, "没有待处理的同步冲突");
        }
        for c in &self.0 {
            let fields: Vec<&str> = c
                .fields
                .iter()
                .map(|f| field_label(f).unwrap_or(f))
                .collect();
            let status = match c.status.as_str() {
                "open" => "待处理",
                "kept_local" => "已保留本机版本",
                _ => "已采用对方版本",
            };
            writeln!(
                out,
                "[{}] {}（机构 {}）本机第{}版 / 对方第{}版，不同之处：{}  {status}",
                c.id,
                c.label,
                c.office_code,
                c.local_version,
                c.remote_version,
                fields.join("、"),
            )?;
        }
        Ok(())
    }
}

impl Report for SyncStatus {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        match &self.settings.folder {
            Some(folder) => writeln!(
                out,
                "自动导出：每{}小时导出到 {folder}",
                self.settings.every_hours
            )?,
            None => writeln!(out, "自动导出：关闭")?,
        }
        match &self.last_export {
            Some(e) => writeln!(out, "上次导出：第{}号，{}", e.seq, e.created_at)?,
            None => writeln!(out, "上次导出：无")?,
        }
        if let Some(due) = self.next_due_at {
            writeln!(out, "下次导出：{}", due.to_rfc3339())?;
        }
        Ok(())
    }
}

#[derive(Serialize)]
#[serde(transparent)]
struct Assignments(Vec<AssignmentView>);

impl Report for Assignments {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.0.is_empty() {
            return writeln!(out, "没有{}", record_kind_label("assignments"));
        }
        for a in &self.0 {
            writeln!(
                out,
                "{}（机构 {}）→ {}（机构 {}）  {}",
                a.link.parent_case_no,
                a.link.parent_office,
                a.link.case_no,
                a.link.office_code,
                a.status_label.as_deref().unwrap_or("尚未收到")
            )?;
        }
        Ok(())
    }
}
