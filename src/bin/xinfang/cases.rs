//! `xinfang case …` and `xinfang due`: register, list, show and act on cases; what is due.

use std::io::{self, Write};

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use serde::Serialize;

use xinfang::desk::{
    Agenda, CaseDetail, CaseListExport, CaseListPage, CaseQuery, CaseRow, CounterPaper,
    CounterPaperFile, DueItem, DueList, LedgerFile, SortKey,
};
use xinfang::domain::attachment::AttachmentKind;
use xinfang::domain::case::{Channel, NewCase, Status};
use xinfang::domain::cn_date;
use xinfang::domain::identity;
use xinfang::domain::period::{days_left_text, DeadlineState};
use xinfang::domain::repeats::RepeatCandidate;
use xinfang::domain::routing::Proposal;
use xinfang::domain::workflow::{Action, ActionKind};
use xinfang::{Desk, Error};

use crate::input::{parse_input, read_json_arg};
use crate::output::{joined, print_json, show, Report};

#[derive(Subcommand)]
pub enum CaseCommand {
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
        /// 查看完整身份证号和电话的理由（须有相应权限；理由逐次记录）
        #[arg(long)]
        unmask: Option<String>,
    },
    /// 生成柜台用纸的PDF：回执（交信访人，含登记编号、告知期限和接待电话）或信访事项登记表
    Paper {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 回执 或 登记表
        #[arg(long, default_value = "回执", value_parser = parse_paper)]
        paper: CounterPaper,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 按法定途径分类处理清单，给出信访件最可能对应的事项（前三项及理由），供办理人确认
    Propose {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 查找信访件可能重复的在先信访件（同一身份证号、同名且同电话或同属地、内容相似），附得分和理由；
    /// 确认后以 link_repeat 操作关联
    Repeats {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 以JSON输出（供脚本使用）
        #[arg(long)]
        json: bool,
    },
    /// 合并同一人的两条信访人记录（可在同一信访件或两件之间），逐项选择保留哪一条的姓名、身份证号码、电话和住址；
    /// 如 {"first":{"case_no":"…","index":0},"second":{"case_no":"…","index":1},"id_number":"second"}（index 从0起，未写的项保留 first）
    MergePetitioners {
        /// 合并内容：JSON对象、JSON文件路径或“-”（从标准输入读取）
        #[arg(long)]
        json: String,
    },
    /// 拆分信访件：把一件中的另一事项登记为新件（收件时间、渠道同原件，共享拆分前的办理记录）；
    /// 如 {"title":"…","content":"…","remaining_title":"…","remaining_content":"…","petitioners":[0]}（petitioners 为提出该事项的信访人序号，从0起，不写为全部）
    Split {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 拆分内容：JSON对象、JSON文件路径或“-”（从标准输入读取）
        #[arg(long)]
        json: String,
    },
    /// 分派承办人：把信访件交给某承办人办理（承办人只能办理分派给自己的信访件）；不写账号即收回分派
    AssignHandler {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 承办人的账号名，如 chenzq
        account: Option<String>,
    },
    /// 添加附件：把文件（来信扫描件、证据材料、签收回执等）复制到文书文件夹并记入办理经过
    Attach {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 要添加的文件
        file: std::path::PathBuf,
        /// 附件类别：letter_scan（来信扫描件）、evidence（证据材料）、signed_receipt（签收回执）、undertaking（息诉罢访承诺书）、other（其他）
        #[arg(long, default_value = "other")]
        kind: String,
        /// 附件说明
        #[arg(long)]
        note: Option<String>,
    },
    /// 列出信访件的附件（含已撤回的）
    Attachments {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
    },
    /// 撤回误添加的附件：文件和校验值保留备查，记录原因
    WithdrawAttachment {
        /// 附件编号（见 case attachments）
        id: uuid::Uuid,
        /// 撤回原因
        #[arg(long)]
        reason: String,
    },
    /// 办理信访件（受理、不予受理、转送等），办理内容以JSON提供
    Act {
        /// 信访件编号，如 445202-2026-000123
        case_no: String,
        /// 操作，如 classify（分类）、link_repeat（关联重复件）、accept（受理）、decline（不予受理）、forward（转送）、separate_litigation（诉访分离）、decline_level_skip（越级走访不予受理，引导至有权处理的本级或上一级机关）、assign（交办）、organ_receipt（有权机关签收）、organ_objection（异议退回）、organ_acceptance（有权机关受理）、extend（延期）、conclude（办结）、settle（调解和解结案：mode 为 mediation 调解或 reconciliation 和解，parties 协议各方，agreement 协议内容）、reply（答复）、request_review（申请复查）、conclude_review（复查办结：uphold 维持、change 变更、revoke 撤销）、request_re_review（申请复核）、hearing（听证）、conclude_re_review（复核办结）、revoke（撤销原意见）
        action: String,
        /// 办理内容：JSON对象、JSON文件路径或“-”（从标准输入读取）
        #[arg(long, default_value = "{}")]
        json: String,
    },
}

#[derive(Args)]
pub struct ListArgs {
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
    /// 按承办人（账号名）筛选；写空字符串 "" 查未分派的
    #[arg(long)]
    handler: Option<String>,
    /// 按内容分类筛选，如 城乡建设
    #[arg(long)]
    matter_type: Option<String>,
    /// 只列涉法涉诉的（true）或非涉法涉诉的（false）
    #[arg(long)]
    litigation: Option<bool>,
    /// 按关键词查找，如 拆迁
    #[arg(long)]
    text: Option<String>,
    /// 把符合条件的全部案件（不分页）导出为 Excel 文件（.xlsx），如 案件清单.xlsx
    #[arg(long, value_name = "FILE")]
    xlsx: Option<std::path::PathBuf>,
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

pub async fn run(desk: &Desk, cmd: CaseCommand) -> Result<(), Error> {
    match cmd {
        CaseCommand::Register { json } => {
            let new: NewCase = parse_input(&read_json_arg(&json)?)?;
            let case = desk.register(new).await?;
            eprintln!("已登记：{}", case.case_no);
            print_json(&case)?;
        }
        CaseCommand::Act {
            case_no,
            action,
            json,
        } => {
            let kind = ActionKind::parse(&action)
                .filter(|k| k.is_workflow())
                .ok_or_else(|| Error::invalid("action", format!("未知操作“{action}”")))?;
            let mut value: serde_json::Value = parse_input(&read_json_arg(&json)?)?;
            let Some(obj) = value.as_object_mut() else {
                return Err(Error::invalid("json", "操作内容应为JSON对象"));
            };
            obj.insert("action".into(), kind.as_str().into());
            let action: Action = parse_input(&value.to_string())?;
            let case = desk.act(&case_no, action).await?;
            eprintln!(
                "已{}：{}，当前状态“{}”",
                kind.label(),
                case.case_no,
                case.status.label()
            );
            print_json(&case)?;
        }
        CaseCommand::AssignHandler { case_no, account } => {
            let case = desk.assign_handler(&case_no, account.as_deref()).await?;
            match &case.handler {
                Some(h) => eprintln!("已分派：{} 由 {h} 承办", case.case_no),
                None => eprintln!("已收回分派：{}", case.case_no),
            }
            print_json(&case)?;
        }
        CaseCommand::Attach {
            case_no,
            file,
            kind,
            note,
        } => {
            let kind = AttachmentKind::parse(kind.trim()).ok_or_else(|| {
                Error::invalid(
                    "kind",
                    format!("没有附件类别“{kind}”：可用 letter_scan、evidence、signed_receipt、undertaking、other"),
                )
            })?;
            let added = desk
                .attach_file(&case_no, &file, kind, note.as_deref())
                .await?;
            eprintln!(
                "已添加附件：{} {}（{}，{} 字节）",
                added.case_no, added.name, added.kind_label, added.size
            );
            print_json(&added)?;
        }
        CaseCommand::Attachments { case_no } => {
            let list = desk.attachments(&case_no).await?;
            for a in &list {
                let state = match &a.withdrawn_at {
                    Some(_) => "（已撤回）",
                    None => "",
                };
                eprintln!("{} {} {}{state}", a.id, a.kind_label, a.name);
            }
            print_json(&list)?;
        }
        CaseCommand::WithdrawAttachment { id, reason } => {
            let done = desk.withdraw_attachment(id, &reason).await?;
            eprintln!("已撤回附件：{} {}", done.case_no, done.name);
            print_json(&done)?;
        }
        CaseCommand::MergePetitioners { json } => {
            let merge = parse_input(&read_json_arg(&json)?)?;
            let cases = desk.merge_petitioners(&merge).await?;
            for case in &cases {
                eprintln!("已合并信访人记录：{}", case.case_no);
            }
            print_json(&cases)?;
        }
        CaseCommand::Split { case_no, json } => {
            let split = parse_input(&read_json_arg(&json)?)?;
            let (rest, taken) = desk.split_case(&case_no, &split).await?;
            eprintln!("已拆分：{} 拆分出 {}", rest.case_no, taken.case_no);
            print_json(&taken)?;
        }
        CaseCommand::Show {
            case_no,
            json,
            unmask,
        } => {
            let detail = match unmask {
                Some(reason) => desk.case_unmasked(&case_no, &reason).await?,
                None => desk.case_detail(&case_no).await?,
            };
            show(&detail, json)?
        }
        CaseCommand::Propose { case_no, json } => {
            show(&Proposals(desk.propose_routing(&case_no).await?), json)?
        }
        CaseCommand::Paper {
            case_no,
            paper,
            json,
        } => show(&Paper(desk.counter_paper(&case_no, paper).await?), json)?,
        CaseCommand::Repeats { case_no, json } => {
            show(&Repeats(desk.repeat_candidates_of(&case_no).await?), json)?
        }
        CaseCommand::List(mut args) => {
            let json = args.json;
            match args.xlsx.take() {
                Some(file) => {
                    let export = desk.export_case_list(&args.query()?, Some(&file)).await?;
                    show(&Exported(export), json)?;
                }
                None => {
                    let page = desk.list_cases(&args.query()?).await?;
                    show(&Rows(&page), json)?;
                }
            }
        }
    }
    Ok(())
}

/// `xinfang due`: the duties overdue or near due on `on` (today by default).
pub async fn due(desk: &Desk, on: Option<NaiveDate>, limit: u32, json: bool) -> Result<(), Error> {
    let list = desk.due(on.unwrap_or_else(|| desk.today()), limit).await?;
    Ok(show(&list, json)?)
}

/// `xinfang agenda`: the duties due on each of `days` days from `from` (today by default).
pub async fn agenda(
    desk: &Desk,
    from: Option<NaiveDate>,
    days: u32,
    limit: u32,
    json: bool,
) -> Result<(), Error> {
    let from = from.unwrap_or_else(|| desk.today());
    let to = from + chrono::Duration::days(i64::from(days.max(1)) - 1);
    Ok(show(&desk.agenda(from, to, limit).await?, json)?)
}

/// `xinfang received`: the 受理登记簿 of `[from, to]` as a PDF.
pub async fn received(
    desk: &Desk,
    from: NaiveDate,
    to: Option<NaiveDate>,
    json: bool,
) -> Result<(), Error> {
    let file = desk.received_register(from, to.unwrap_or(from)).await?;
    Ok(show(&file, json)?)
}

impl Report for LedgerFile {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "已写出{}件：{}", self.rows, self.path)
    }
}

impl ListArgs {
    fn query(self) -> Result<CaseQuery, Error> {
        let statuses = self
            .status
            .iter()
            .map(|s| {
                Status::parse(s).ok_or_else(|| Error::invalid("status", format!("未知状态“{s}”")))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let channel = self
            .channel
            .as_deref()
            .map(|c| {
                Channel::parse(c).ok_or_else(|| Error::invalid("channel", format!("未知渠道“{c}”")))
            })
            .transpose()?;
        Ok(CaseQuery {
            statuses,
            channel,
            overdue: self.overdue,
            near_due: self.near_due,
            received_from: self.from,
            received_to: self.to,
            locality: self.locality,
            handler: self.handler,
            matter_type: self.matter_type,
            litigation_related: self.litigation,
            text: self.text,
            sort: SortKey::ReceivedAt,
            descending: true,
            page: self.page,
            page_size: self.page_size,
        })
    }
}

/// The proposed rows; the JSON is the list.
#[derive(Serialize)]
#[serde(transparent)]
struct Proposals(Vec<Proposal>);

impl Report for Proposals {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        for (i, p) in self.0.iter().enumerate() {
            let why = p.why.join("；");
            writeln!(out, "{}. {}（{}）  {why}", i + 1, p.problem, p.row_id)?;
        }
        Ok(())
    }
}

/// The repeat candidates; the JSON is the list.
#[derive(Serialize)]
#[serde(transparent)]
struct Repeats(Vec<RepeatCandidate>);

impl Report for Repeats {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        if self.0.is_empty() {
            return writeln!(out, "未发现可能重复的在先信访件");
        }
        for c in &self.0 {
            writeln!(
                out,
                "{}  {}  {}  {}（{}）  得分{:.2}  {}",
                c.case_no,
                c.received_on,
                c.status.label(),
                c.title,
                c.petitioners,
                c.score,
                c.reasons.join("；")
            )?;
        }
        Ok(())
    }
}

/// A page of the case list; its JSON is the array of rows.
struct Rows<'a>(&'a CaseListPage);

#[derive(Serialize)]
#[serde(transparent)]
struct Exported(CaseListExport);

#[derive(Serialize)]
#[serde(transparent)]
struct Paper(CounterPaperFile);

impl Report for Paper {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "已生成{}：{}", self.0.paper.label(), self.0.path)
    }
}

fn parse_paper(s: &str) -> Result<CounterPaper, String> {
    CounterPaper::parse(s).ok_or_else(|| format!("“{s}”不是柜台用纸：可选 回执、登记表"))
}

impl Report for Exported {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "已导出{}件到 {}", self.0.cases, self.0.path)
    }
}

impl Serialize for Rows<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.items.serialize(s)
    }
}

impl Report for Rows<'_> {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let page = self.0;
        writeln!(out, "共{}件，第{}页", page.total, page.page)?;
        for row in &page.items {
            let c = &row.summary;
            writeln!(
                out,
                "{}  {}  {:<6}  {}  {}  {}",
                c.case_no,
                c.received_on,
                c.status.label(),
                c.first_petitioner,
                c.title,
                next_due(row)
            )?;
        }
        Ok(())
    }
}

/// "期满2026年12月10日（临期，剩3个工作日）", "期满2026年11月20日（超期8个工作日）", or
/// nothing when no deadline is open.
fn next_due(row: &CaseRow) -> String {
    let (Some(due), Some(state), Some(left)) = (
        row.summary.next_due_on,
        row.next_due_state,
        row.next_due_days_left,
    ) else {
        return String::new();
    };
    let stands = match state {
        DeadlineState::Overdue => days_left_text(left),
        DeadlineState::OnTime | DeadlineState::NearDue => {
            format!("{}，{}", state.label(), days_left_text(left))
        }
        DeadlineState::MetOnTime | DeadlineState::MetLate => state.label().to_string(),
    };
    format!("期满{}（{stands}）", cn_date(due))
}

impl Report for CaseDetail {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        let c = &self.case;
        writeln!(out, "{}  {}  [{}]", c.case_no, c.title, self.status_label)?;
        writeln!(
            out,
            "  渠道：{}  收件：{}  属地：{}  分类：{}",
            c.channel.label(),
            cn_date(c.received_on),
            c.locality.name,
            c.matter_type
        )?;
        for p in &c.petitioners {
            let id = p.id_number.as_deref().map(identity::mask);
            writeln!(out, "  信访人：{} {}", p.name, id.unwrap_or_default())?;
        }
        writeln!(out, "  内容：{}", c.content)?;
        if let Some(skip) = &self.level_skip {
            writeln!(out, "  越级访：{}", skip.explanation)?;
        }
        for d in &self.deadlines {
            writeln!(
                out,
                "  期限 {}：{}（{}）",
                d.label,
                cn_date(d.deadline.due_on),
                d.state.label()
            )?;
            writeln!(out, "    {}", d.deadline.explanation)?;
        }
        if let Some(origin) = &c.progress.split_from {
            writeln!(out, "  拆分自 {}，拆分前的办理记录：", origin.case_no)?;
        }
        for e in self.history_before_split.iter().chain(&self.timeline) {
            let at = e.at.format("%Y-%m-%d %H:%M");
            writeln!(out, "  {at} {} {}", e.actor, e.summary)?;
        }
        if !c.progress.split_into.is_empty() {
            writeln!(out, "  拆分出：{}", c.progress.split_into.join("、"))?;
        }
        let allowed: Vec<&str> = self.allowed_actions.iter().map(|a| a.label()).collect();
        writeln!(out, "  可执行操作：{}", joined(&allowed))
    }
}

/// "（揭阳市自然资源局）" after a duty an organ owes; nothing for the office's own.
fn owed_by(item: &DueItem) -> String {
    item.owed_by
        .as_ref()
        .map_or_else(String::new, |o| format!("（{o}）"))
}

impl Report for Agenda {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "期限日程 {} 至 {}",
            cn_date(self.from),
            cn_date(self.to)
        )?;
        for day in self.days.iter().filter(|d| d.count > 0) {
            writeln!(
                out,
                "{}（{}）到期{}项",
                cn_date(day.day.date),
                day.day.reason.label(),
                day.count
            )?;
            for item in &day.items {
                let owed_by = owed_by(item);
                writeln!(
                    out,
                    "  {} {}{} {}",
                    item.case_no, item.label, owed_by, item.title
                )?;
            }
        }
        if self.unlisted > 0 {
            writeln!(out, "另有{}项未列出（超出列出上限）", self.unlisted)?;
        }
        Ok(())
    }
}

impl Report for DueList {
    fn text(&self, out: &mut dyn Write) -> io::Result<()> {
        writeln!(
            out,
            "{}：待处理{}件，临期{}件，超期{}件",
            cn_date(self.today),
            self.counts.awaiting_disposal,
            self.counts.near_due,
            self.counts.overdue
        )?;
        for item in &self.items {
            let owed_by = owed_by(item);
            writeln!(
                out,
                "  [{}] {} {}{} {} 期满{}（{}）",
                item.state.label(),
                item.case_no,
                item.label,
                owed_by,
                item.title,
                cn_date(item.due_on),
                days_left_text(item.days_left)
            )?;
        }
        Ok(())
    }
}
