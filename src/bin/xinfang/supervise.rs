//! `xinfang supervise …`: 督查督办 — today's suggestions, confirmed into a letter or dismissed;
//! the organ's response; the open supervisions by organ; the office's triggers and chain.

use std::io::{self, Write};
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::Subcommand;

use xinfang::desk::{SupervisionRow, SupervisionState};
use xinfang::domain::cn_date;
use xinfang::domain::supervision::{Suggestion, SupervisionSettings, SupervisionTrigger};
use xinfang::domain::workflow::Action;
use xinfang::{Desk, Error};

use crate::input::openable;
use crate::output::{show, Report};

#[derive(Subcommand)]
pub enum SuperviseCommand {
    /// 今天的督办建议（按本机关设置的触发条件检查）
    Suggestions {
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 确认一条督办建议：记录督办并出具督办函（或催办函等），函中写明回复期限
    Confirm {
        case_no: String,
        /// 触发条件（见 suggestions 的 trigger，如 handling_overdue）
        #[arg(long)]
        trigger: String,
        /// 触发依据（见 suggestions 的 basis）
        #[arg(long)]
        basis: String,
        /// 督办意见（不填按触发原因生成）
        #[arg(long)]
        note: Option<String>,
        /// 被督办单位（不填为承办该事项的机关）
        #[arg(long)]
        authority: Option<String>,
    },
    /// 不予督办：写明原因，此条建议不再出现
    Dismiss {
        case_no: String,
        #[arg(long)]
        trigger: String,
        #[arg(long)]
        basis: String,
        #[arg(long)]
        reason: String,
    },
    /// 记录被督办单位的回复
    Respond {
        case_no: String,
        /// 回复内容
        #[arg(long)]
        response: String,
        /// 回复日期（YYYY-MM-DD，默认今天）
        #[arg(long)]
        date: Option<NaiveDate>,
    },
    /// 全部督办，逾期未回复的在前，按被督办单位排列
    List {
        #[arg(long)]
        json: bool,
    },
    /// 查看督办设置（触发条件、督办步骤及回复天数）
    Settings {
        #[arg(long)]
        json: bool,
    },
    /// 从 .json 文件设置督办触发条件和步骤（格式同 settings --json）
    Configure { file: PathBuf },
}

fn trigger(s: &str) -> Result<SupervisionTrigger, Error> {
    SupervisionTrigger::parse(s).ok_or_else(|| {
        let known: Vec<&str> = SupervisionTrigger::ALL.iter().map(|t| t.as_str()).collect();
        Error::invalid(
            "trigger",
            format!("未知的触发条件“{s}”，可用：{}", known.join("、")),
        )
    })
}

pub async fn run(desk: &Desk, cmd: SuperviseCommand) -> Result<(), Error> {
    match cmd {
        SuperviseCommand::Suggestions { json } => {
            show(&desk.supervision_suggestions().await?, json)?
        }
        SuperviseCommand::Confirm {
            case_no,
            trigger: t,
            basis,
            note,
            authority,
        } => {
            let case = desk
                .confirm_suggestion(&case_no, trigger(&t)?, &basis, note, authority)
                .await?;
            if let Some(s) = case.progress.supervisions.last() {
                outln!(
                    "已{}{}：{}，请于{}前回复",
                    s.step,
                    s.authority.as_deref().unwrap_or(""),
                    case.case_no,
                    s.reply_by.map(cn_date).unwrap_or_default()
                );
            }
        }
        SuperviseCommand::Dismiss {
            case_no,
            trigger: t,
            basis,
            reason,
        } => {
            desk.dismiss_suggestion(&case_no, trigger(&t)?, &basis, &reason)
                .await?;
            outln!("已记录不予督办：{case_no}");
        }
        SuperviseCommand::Respond {
            case_no,
            response,
            date,
        } => {
            desk.act(&case_no, Action::RespondSupervision { date, response })
                .await?;
            outln!("已记录督办回复：{case_no}");
        }
        SuperviseCommand::List { json } => show(&desk.supervisions().await?, json)?,
        SuperviseCommand::Settings { json } => show(&desk.supervision_settings().await?, json)?,
        SuperviseCommand::Configure { file } => {
            openable("file", &file)?;
            let settings: SupervisionSettings =
                serde_json::from_str(&std::fs::read_to_string(&file)?)
                    .map_err(|e| Error::invalid("file", format!("督办设置文件无法读取：{e}")))?;
            let s = desk.set_supervision_settings(settings).await?;
            let steps: Vec<&str> = s.steps.iter().map(|s| s.name.as_str()).collect();
            outln!("已设置督办步骤：{}", steps.join(" → "));
        }
    }
    Ok(())
}

impl Report for Vec<Suggestion> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.is_empty() {
            return writeln!(out, "今天没有督办建议");
        }
        writeln!(out, "督办建议 {} 条：", self.len())?;
        for s in self {
            writeln!(
                out,
                "  {}  {}  {}：{}（建议{}{}，{}前回复；--trigger {} --basis {}）",
                s.case_no,
                s.title,
                s.trigger.label(),
                s.reason,
                s.step,
                s.authority.as_deref().unwrap_or(""),
                cn_date(s.reply_by),
                s.trigger.as_str(),
                s.basis
            )?;
        }
        Ok(())
    }
}

impl Report for Vec<SupervisionRow> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.is_empty() {
            return writeln!(out, "没有督办记录");
        }
        for r in self {
            let state = match r.state {
                SupervisionState::Awaiting => "待回复",
                SupervisionState::Overdue => "逾期未回复",
                SupervisionState::Answered => "已回复",
            };
            writeln!(
                out,
                "  [{state}] {}  {}  {}{}  {}{}",
                r.case_no,
                r.title,
                cn_date(r.on),
                r.step,
                r.authority.as_deref().unwrap_or(""),
                r.reply_by
                    .map(|d| format!("，{}前回复", cn_date(d)))
                    .unwrap_or_default()
            )?;
            if let Some(resp) = &r.response {
                writeln!(out, "      {}回复：{}", cn_date(resp.on), resp.content)?;
            }
        }
        Ok(())
    }
}

impl Report for SupervisionSettings {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let steps: Vec<String> = self
            .steps
            .iter()
            .map(|s| format!("{}（{}日内回复）", s.name, s.reply_days))
            .collect();
        writeln!(out, "督办步骤：{}", steps.join(" → "))?;
        let triggers: Vec<&str> = self.triggers.iter().map(|t| t.label()).collect();
        writeln!(out, "触发条件：{}", triggers.join("、"))
    }
}
