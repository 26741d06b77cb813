//! `xinfang backup …`: backups of the office (database and documents) to a folder or drive,
//! kept in rotation, checked, and restored.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use clap::Subcommand;

use xinfang::desk::backup::{
    backup_list, backup_restore, backup_verify, BackupCheck, BackupCreated, BackupInfo, Restored,
};
use xinfang::desk::backup_schedule::{BackupSchedule, BackupScheduleStatus};
use xinfang::domain::retention::Rotation;
use xinfang::{Clock, Desk, Error};

use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum BackupCommand {
    /// 备份数据库和文书到指定文件夹（如移动硬盘），校验后按保留规则清理旧备份
    Create {
        /// 备份存放的文件夹
        #[arg(long, required_unless_present = "if_due", conflicts_with = "if_due")]
        to: Option<PathBuf>,
        /// 按定时备份的设置（文件夹、时间、保留份数），到时间才备份：供操作系统的计划任务调用
        #[arg(long)]
        if_due: bool,
        /// 保留最近几天的每日备份
        #[arg(long, default_value_t = 7)]
        daily: u32,
        /// 保留最近几周的每周备份
        #[arg(long, default_value_t = 4)]
        weekly: u32,
        /// 保留最近几个月的每月备份
        #[arg(long, default_value_t = 12)]
        monthly: u32,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 查看或设置定时备份：每天到时间备份到指定文件夹，按保留规则清理旧备份
    Schedule {
        /// 备份存放的文件夹（开启定时备份）
        #[arg(long, conflicts_with = "off")]
        to: Option<String>,
        /// 每天备份的时间，如 18:00
        #[arg(long, default_value = "18:00")]
        at: String,
        /// 保留最近几天的每日备份
        #[arg(long, default_value_t = 7)]
        daily: u32,
        /// 保留最近几周的每周备份
        #[arg(long, default_value_t = 4)]
        weekly: u32,
        /// 保留最近几个月的每月备份
        #[arg(long, default_value_t = 12)]
        monthly: u32,
        /// 关闭定时备份
        #[arg(long)]
        off: bool,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 列出文件夹中的备份，新的在前
    List {
        folder: PathBuf,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 校验一个备份（数据库完整性、文书哈希）
    Verify {
        backup: PathBuf,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 用备份恢复 --db 指定的数据库（请先关闭桌面程序）；原数据库和文书另存在旁边
    Restore {
        backup: PathBuf,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
}

impl BackupCommand {
    /// Only a new backup reads the office's database; the others must not open it.
    pub fn needs_desk(&self) -> bool {
        matches!(
            self,
            BackupCommand::Create { .. } | BackupCommand::Schedule { .. }
        )
    }

    pub fn replaces_database(&self) -> bool {
        matches!(self, BackupCommand::Restore { .. })
    }
}

pub async fn with_desk(desk: &Desk, cmd: BackupCommand) -> Result<(), Error> {
    match cmd {
        BackupCommand::Create {
            to: Some(to),
            daily,
            weekly,
            monthly,
            json,
            ..
        } => {
            let rotation = Rotation {
                daily,
                weekly,
                monthly,
            };
            show(&desk.backup_create(&to, rotation).await?, json)?;
        }
        BackupCommand::Create { json, .. } => {
            // Asks for the account's permission; the schedule itself runs without one.
            let status = desk.backup_schedule_status().await?;
            match desk.backup_if_due(desk.now()).await? {
                Some(made) => show(&made?, json)?,
                None if json => crate::output::print_json(&serde_json::Value::Null)?,
                None => eprintln!("{}", ScheduleStatus(status).next_line()),
            }
        }
        BackupCommand::Schedule {
            to,
            at,
            daily,
            weekly,
            monthly,
            off,
            json,
        } => {
            let status = if off || to.is_some() {
                desk.set_backup_schedule(BackupSchedule {
                    folder: to,
                    at,
                    rotation: Rotation {
                        daily,
                        weekly,
                        monthly,
                    },
                })
                .await?
            } else {
                desk.backup_schedule_status().await?
            };
            show(&ScheduleStatus(status), json)?;
        }
        _ => {}
    }
    Ok(())
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct ScheduleStatus(BackupScheduleStatus);

impl ScheduleStatus {
    fn next_line(&self) -> String {
        match (&self.0.schedule.folder, self.0.next_due_at) {
            (Some(_), Some(due)) => format!("下次定时备份：{}", office_minute(due)),
            _ => "定时备份：关闭".into(),
        }
    }
}

fn office_minute(at: chrono::DateTime<chrono::Utc>) -> String {
    xinfang::domain::calendar::office_time(at)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

impl Report for ScheduleStatus {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let s = &self.0.schedule;
        if let Some(folder) = &s.folder {
            let r = s.rotation;
            writeln!(
                out,
                "定时备份：每天 {} 备份到 {folder}，保留每日{}份、每周{}份、每月{}份",
                s.at, r.daily, r.weekly, r.monthly
            )?;
        }
        writeln!(out, "{}", self.next_line())?;
        let runs = &self.0.runs;
        if let (Some(at), Some(path)) = (runs.last_success_at, &runs.last_path) {
            writeln!(out, "上次定时备份：{}  {path}", office_minute(at))?;
        }
        if let (Some(at), Some(error)) = (runs.last_failure_at, &runs.last_error) {
            writeln!(out, "定时备份失败：{}  {error}", office_minute(at))?;
        }
        Ok(())
    }
}

pub async fn without_desk(db: &Path, cmd: BackupCommand, clock: Clock) -> Result<(), Error> {
    match cmd {
        BackupCommand::Create { .. } | BackupCommand::Schedule { .. } => {}
        BackupCommand::List { folder, json } => show(&Backups(backup_list(&folder)?), json)?,
        BackupCommand::Verify { backup, json } => {
            let check = backup_verify(&backup).await?;
            show(&check, json)?;
            if !check.problems.is_empty() {
                return Err(Error::BackupDamaged {
                    path: backup,
                    problems: check.problems.join("；"),
                });
            }
        }
        BackupCommand::Restore { backup, json } => {
            show(&backup_restore(&backup, db, clock.now()).await?, json)?
        }
    }
    Ok(())
}

#[derive(serde::Serialize)]
#[serde(transparent)]
struct Backups(Vec<BackupInfo>);

impl Report for Backups {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.0.is_empty() {
            writeln!(out, "没有备份")?;
        }
        for b in &self.0 {
            writeln!(
                out,
                "{}  {}（{}）文书{}份  {}",
                xinfang::domain::calendar::office_time(b.manifest.created_at)
                    .format("%Y-%m-%d %H:%M"),
                b.manifest.office_name,
                b.manifest.office_code,
                b.manifest.documents.len(),
                b.path
            )?;
        }
        Ok(())
    }
}

impl Report for BackupCreated {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "已备份并校验通过：{}（文书{}份）",
            self.backup.path,
            self.backup.manifest.documents.len()
        )?;
        for r in &self.removed {
            writeln!(out, "按保留规则删除旧备份：{r}")?;
        }
        Ok(())
    }
}

impl Report for BackupCheck {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.problems.is_empty() {
            writeln!(out, "备份完好：{}", self.path)
        } else {
            for p in &self.problems {
                writeln!(out, "问题：{p}")?;
            }
            Ok(())
        }
    }
}

impl Report for Restored {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "已恢复数据库：{}", self.database)?;
        writeln!(out, "文书文件夹：{}", self.documents)?;
        if let Some(p) = &self.previous {
            writeln!(out, "恢复前的数据库已另存为：{p}")?;
        }
        Ok(())
    }
}
