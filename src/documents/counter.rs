//! Paper at the counter: the receipt slip (回执) a visitor or letter-writer takes home, the
//! registration form (信访事项登记表) kept with the case, and the register of what came in
//! (受理登记簿). None is a 公文: they carry no document number and are printed again whenever
//! asked for, from the cases as they stand.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::ledger::{Column, Ledger};
use super::{OfficialDocument, Paragraph};
use crate::domain::calendar::{cn_date, office_time};
use crate::domain::case::{Case, Channel};
use crate::domain::channels::purpose_label;
use crate::domain::period::DeadlineKind;

/// Which counter paper.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum CounterPaper {
    /// 回执.
    Receipt,
    /// 信访事项登记表.
    RegistrationForm,
}

impl CounterPaper {
    pub const ALL: [CounterPaper; 2] = [CounterPaper::Receipt, CounterPaper::RegistrationForm];

    /// The paper's name, also the folder and the start of the file name.
    pub fn label(self) -> &'static str {
        match self {
            CounterPaper::Receipt => "回执",
            CounterPaper::RegistrationForm => "登记表",
        }
    }

    pub fn parse(s: &str) -> Option<CounterPaper> {
        Self::ALL
            .into_iter()
            .find(|p| p.label() == s || serde_json::to_value(p).is_ok_and(|v| v == s))
    }
}

/// What the office prints on counter papers besides the case.
#[derive(Debug, Clone)]
pub struct Counter<'a> {
    pub office_name: &'a str,
    /// 接待电话; left off when empty.
    pub phone: &'a str,
    /// The day the paper is printed.
    pub today: NaiveDate,
}

/// How the matter came in, as the receipt's sentence says it.
fn came_by(channel: Channel) -> &'static str {
    match channel {
        Channel::Letter => "来信",
        Channel::Visit => "来访",
        Channel::Online => "网上信访",
        Channel::Phone => "来电",
        Channel::Referred => "转交",
    }
}

/// "张三" or "张三等3人" for a group.
fn petitioner_names(case: &Case) -> String {
    let first = case
        .petitioners
        .first()
        .map_or("信访人", |p| p.name.as_str());
    let people = case
        .visit
        .as_ref()
        .map_or(case.petitioners.len() as u32, |v| v.person_count)
        .max(case.petitioners.len() as u32);
    if people > 1 {
        format!("{first}等{people}人")
    } else {
        first.to_string()
    }
}

/// The date the office owes its written answer on taking the matter up (Art. 23), else the
/// disposal's (Art. 22).
fn answer_due(case: &Case) -> Option<NaiveDate> {
    let due = |kind| case.deadlines.iter().find(|d| d.kind == kind);
    due(DeadlineKind::Notice)
        .or_else(|| due(DeadlineKind::Disposal))
        .map(|d| d.due_on)
}

/// 回执: what was received and when, its number, what happens next and by when, whom to call.
pub fn receipt(case: &Case, counter: &Counter) -> OfficialDocument {
    let mut body = vec![Paragraph::Text(format!(
        "您于{}以{}方式反映的“{}”已登记，登记编号为{}。",
        cn_date(case.received_on),
        came_by(case.channel),
        case.title.trim(),
        case.case_no
    ))];
    if let Some(due) = answer_due(case) {
        body.push(Paragraph::Text(format!(
            "我局将依照《信访工作条例》第二十二条、第二十三条的规定，在{}前决定是否受理或转送、交办有权处理的机关，并书面告知您。",
            cn_date(due)
        )));
    }
    let ask = if counter.phone.trim().is_empty() {
        "查询办理情况时，请出示本回执或告知登记编号。".to_string()
    } else {
        format!(
            "查询办理情况时，请出示本回执或告知登记编号，联系电话：{}。",
            counter.phone.trim()
        )
    };
    body.push(Paragraph::Text(ask));
    OfficialDocument {
        banner: None,
        doc_no: String::new(),
        title: "信访事项登记回执".into(),
        addressee: petitioner_names(case),
        body,
        closing: None,
        attachments: Vec::new(),
        office_name: counter.office_name.to_string(),
        date: counter.today,
    }
}

/// 信访事项登记表: the registration as recorded, one item a line, under the three headings a
/// paper register uses.
pub fn registration_form(case: &Case, counter: &Counter) -> OfficialDocument {
    let line = |label: &str, value: &str| {
        let value = value.trim();
        Paragraph::Text(format!(
            "{label}：{}",
            if value.is_empty() { "—" } else { value }
        ))
    };
    let received = office_time(case.received_at).format("%H:%M").to_string();
    let mut body = vec![
        Paragraph::Heading1("一、登记信息".into()),
        line("登记编号", &case.case_no),
        line(
            "收件时间",
            &format!("{} {received}", cn_date(case.received_on)),
        ),
        line("信访方式", case.channel.label()),
    ];
    if let Some(v) = &case.visit {
        body.push(line(
            "人次、批次",
            &format!("{}人次，{}批次", v.person_count, v.batch_count),
        ));
    }
    if let Some(l) = &case.letter {
        if let Some(d) = l.postmark_date {
            body.push(line("邮戳日期", &cn_date(d)));
        }
    }
    body.push(Paragraph::Heading1("二、信访人".into()));
    for (i, p) in case.petitioners.iter().enumerate() {
        let role = if p.representative { "（代表）" } else { "" };
        body.push(Paragraph::Heading2(format!(
            "（{}）{}{role}",
            cn_number(i + 1),
            p.name
        )));
        body.push(line("身份证号", p.id_number.as_deref().unwrap_or("")));
        body.push(line("联系电话", p.phone.as_deref().unwrap_or("")));
        body.push(line("住址", p.address.as_deref().unwrap_or("")));
    }
    body.push(Paragraph::Heading1("三、信访事项".into()));
    body.push(line("标题", &case.title));
    body.push(line("问题属地", &case.locality.name));
    body.push(line("内容分类", &case.matter_type));
    body.push(line("信访事项类别", purpose_label(case.purpose)));
    body.push(line(
        "涉法涉诉",
        if case.litigation_related {
            "是"
        } else {
            "否"
        },
    ));
    if let Some(prior) = &case.repeat_of {
        body.push(line("重复信访，前案", prior));
    }
    body.push(line("主要内容", &case.content));
    body.push(Paragraph::Heading1("四、办理".into()));
    body.push(line("当前状态", case.status.label()));
    body.push(line("承办机关", case.authority.as_deref().unwrap_or("")));
    body.push(line("承办人", case.handler.as_deref().unwrap_or("")));
    if let Some(due) = answer_due(case) {
        body.push(line("书面告知期限", &cn_date(due)));
    }
    OfficialDocument {
        banner: None,
        doc_no: String::new(),
        title: "信访事项登记表".into(),
        addressee: String::new(),
        body,
        closing: None,
        attachments: Vec::new(),
        office_name: counter.office_name.to_string(),
        date: counter.today,
    }
}

/// 受理登记簿: the matters received in `[from, to]`, one line each in order of receipt, with what
/// became of them.
pub fn received_register(
    cases: &[Case],
    from: NaiveDate,
    to: NaiveDate,
    counter: &Counter,
) -> Ledger {
    let column = |heading: &str, share: f32| Column {
        heading: heading.into(),
        share,
    };
    // Shares in points of the 774 pt table: a case number and an ISO date on one line, four
    // characters of 10.5 pt where a label has four, the rest to the matter's title.
    let columns = vec![
        column("序号", 28.0),
        column("登记编号", 112.0),
        column("收件日期", 62.0),
        column("方式", 50.0),
        column("信访人", 62.0),
        column("人次", 28.0),
        column("信访事项", 126.0),
        column("问题属地", 64.0),
        column("内容分类", 50.0),
        column("办理方式", 50.0),
        column("承办或告知机关", 92.0),
        column("备注", 50.0),
    ];
    let rows = cases
        .iter()
        .enumerate()
        .map(|(i, case)| {
            let people = case
                .visit
                .as_ref()
                .map_or(case.petitioners.len().max(1) as u32, |v| v.person_count);
            let disposal = case.progress.disposal.as_ref();
            let authority = disposal
                .and_then(|d| d.authority())
                .map(|a| a.name.clone())
                .or_else(|| case.authority.clone())
                .unwrap_or_default();
            let mut notes = Vec::new();
            if let Some(prior) = &case.repeat_of {
                notes.push(format!("重复信访，前案{prior}"));
            }
            if case.litigation_related {
                notes.push("涉法涉诉".to_string());
            }
            vec![
                (i + 1).to_string(),
                case.case_no.clone(),
                case.received_on.to_string(),
                case.channel.label().to_string(),
                petitioner_names(case),
                people.to_string(),
                case.title.trim().to_string(),
                case.locality.name.clone(),
                case.matter_type.clone(),
                disposal.map_or("待处理", |d| d.label()).to_string(),
                authority,
                notes.join("；"),
            ]
        })
        .collect();
    let span = if from == to {
        cn_date(from)
    } else {
        format!("{}至{}", cn_date(from), cn_date(to))
    };
    Ledger {
        title: "信访事项受理登记簿".into(),
        scope: format!("收件日期：{span}，共{}件", cases.len()),
        office_name: counter.office_name.to_string(),
        date: counter.today,
        columns,
        rows,
        empty: "该期间没有收到信访事项".into(),
    }
}

/// 一, 二, … 十 for the petitioners' subheadings (a group has at most a few dozen people).
fn cn_number(n: usize) -> String {
    const DIGITS: [&str; 10] = ["〇", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0..=9 => DIGITS[n].to_string(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[n - 10]),
        _ => format!(
            "{}十{}",
            DIGITS[n / 10 % 10],
            if n % 10 == 0 { "" } else { DIGITS[n % 10] }
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers_for_subheadings() {
        let got: Vec<String> = [1, 9, 10, 11, 20, 23].into_iter().map(cn_number).collect();
        assert_eq!(got, ["一", "九", "十", "十一", "二十", "二十三"]);
    }

    #[test]
    fn a_paper_is_named_in_chinese_or_in_code() {
        assert_eq!(CounterPaper::parse("回执"), Some(CounterPaper::Receipt));
        assert_eq!(
            CounterPaper::parse("registration_form"),
            Some(CounterPaper::RegistrationForm)
        );
        assert_eq!(CounterPaper::parse("收据"), None);
    }
}
