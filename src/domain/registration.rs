//! Checks a registration and builds the new case with its first deadlines.

use chrono::{DateTime, Utc};
use uuid::Uuid;

use super::calendar::{office_date, Calendar};
use super::case::{Case, Channel, NewCase, Progress, Purpose, Status};
use super::identity;
use super::period::{self, DeadlineKind, RuleSet};
use super::workflow::WorkflowError;

/// Group visits choose at most this many representatives (Art. 20).
pub const MAX_REPRESENTATIVES: usize = 5;

fn invalid(field: impl Into<String>, reason: impl Into<String>) -> WorkflowError {
    WorkflowError::Invalid {
        field: field.into(),
        reason: reason.into(),
    }
}

/// The first 《信访条例》 took effect on 1995-10-28: a receipt before it is a typing error.
pub const EARLIEST_RECEIPT: chrono::NaiveDate = match chrono::NaiveDate::from_ymd_opt(1995, 10, 28)
{
    Some(d) => d,
    None => panic!("a valid date"),
};

/// Control characters (an ESC pasted from a terminal, a NUL) would end up printed in notices;
/// only line breaks and tabs belong in long texts.
fn check_text(new: &NewCase) -> Result<(), WorkflowError> {
    let long = |s: &str| {
        s.chars()
            .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    };
    let line = |s: &str| s.chars().any(char::is_control);
    let mut fields: Vec<(String, &str, bool)> = vec![
        ("title".into(), new.title.as_str(), false),
        ("content".into(), new.content.as_str(), true),
        ("locality.name".into(), new.locality.name.as_str(), false),
        ("matter_type".into(), new.matter_type.as_str(), false),
    ];
    for (i, p) in new.petitioners.iter().enumerate() {
        fields.push((format!("petitioners[{i}].name"), p.name.as_str(), false));
        for (name, v) in [("phone", &p.phone), ("address", &p.address)] {
            if let Some(v) = v {
                fields.push((format!("petitioners[{i}].{name}"), v.as_str(), false));
            }
        }
    }
    for (name, v) in [("authority", &new.authority), ("handler", &new.handler)] {
        if let Some(v) = v {
            fields.push((name.into(), v.as_str(), false));
        }
    }
    for (field, value, multiline) in fields {
        if if multiline { long(value) } else { line(value) } {
            return Err(invalid(field, "含有不可见的控制字符，请删除后重新填写"));
        }
    }
    Ok(())
}

/// Validates and normalises a registration (trimmed text, upper-case X in ID numbers).
pub fn validate(mut new: NewCase, now: DateTime<Utc>) -> Result<NewCase, WorkflowError> {
    // Art. 30: an anonymous accusation is registered and forwarded like any other.
    if new.petitioners.is_empty() && new.purpose != Purpose::Accusation {
        return Err(invalid(
            "petitioners",
            "至少登记一名信访人（匿名的检举控告类事项除外）",
        ));
    }
    for (i, p) in new.petitioners.iter_mut().enumerate() {
        p.name = p.name.trim().to_string();
        if p.name.is_empty() {
            return Err(invalid(
                format!("petitioners[{i}].name"),
                "信访人姓名不能为空",
            ));
        }
        if let Some(raw) = p
            .id_number
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            let field = format!("petitioners[{i}].id_number");
            let id = identity::validate(raw).map_err(|e| invalid(&field, e.to_string()))?;
            if identity::birth_date(&id).is_some_and(|born| born > office_date(now)) {
                return Err(invalid(field, "身份证号码中的出生日期晚于今天"));
            }
            p.id_number = Some(id);
        } else {
            p.id_number = None;
        }
    }
    let reps = new.petitioners.iter().filter(|p| p.representative).count();
    if new.channel == Channel::Visit {
        let Some(visit) = new.visit.as_ref() else {
            return Err(invalid("visit", "来访须填写来访人数"));
        };
        if visit.person_count == 0 {
            return Err(invalid("visit.person_count", "来访人数至少为1"));
        }
        if visit.batch_count == 0 {
            return Err(invalid("visit.batch_count", "批次至少为1"));
        }
        if reps > MAX_REPRESENTATIVES {
            return Err(invalid(
                "petitioners",
                format!("多人来访推选的代表不得超过{MAX_REPRESENTATIVES}人（《信访工作条例》第二十条），现为{reps}人"),
            ));
        }
        if (visit.person_count as usize) < reps {
            return Err(invalid("visit.person_count", "来访人数少于代表人数"));
        }
    } else if reps > 0 {
        return Err(invalid("petitioners", "只有来访可以推选代表"));
    } else if new.visit.is_some() {
        return Err(invalid("visit", "只有来访填写来访人数"));
    }
    if new.letter.is_some() && new.channel != Channel::Letter {
        return Err(invalid("letter", "只有来信填写邮戳日期和回信地址"));
    }
    new.title = new.title.trim().to_string();
    if new.title.is_empty() {
        return Err(invalid("title", "标题不能为空"));
    }
    if new.content.trim().is_empty() {
        return Err(invalid("content", "信访内容不能为空"));
    }
    new.locality.code = new.locality.code.trim().to_string();
    let code = &new.locality.code;
    if ![6, 9, 12].contains(&code.len()) || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(invalid("locality.code", "行政区划代码应为6、9或12位数字"));
    }
    new.locality.name = new.locality.name.trim().to_string();
    if new.locality.name.is_empty() {
        return Err(invalid("locality.name", "问题属地名称不能为空"));
    }
    new.matter_type = new.matter_type.trim().to_string();
    if new.matter_type.is_empty() {
        return Err(invalid("matter_type", "内容分类不能为空"));
    }
    let received_at = new.received_at.unwrap_or(now);
    if received_at > now {
        return Err(invalid("received_at", "收件时间不能晚于现在"));
    }
    if office_date(received_at) < EARLIEST_RECEIPT {
        return Err(invalid(
            "received_at",
            format!("收件日期不能早于{}", super::cn_date(EARLIEST_RECEIPT)),
        ));
    }
    check_text(&new)?;
    new.received_at = Some(received_at);
    if let (Some(due), Some(letter_date)) = (new.feedback_due, Some(office_date(received_at))) {
        if due <= letter_date {
            return Err(invalid("feedback_due", "反馈期限应晚于收件日期"));
        }
    }
    if new.feedback_due.is_some() && new.channel != Channel::Referred {
        return Err(invalid("feedback_due", "只有上级交办件有反馈期限"));
    }
    new.repeat_of = new
        .repeat_of
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty());
    let linked: Vec<&str> = new
        .repeat_candidates
        .iter()
        .filter(|c| c.linked)
        .map(|c| c.case_no.as_str())
        .collect();
    if linked.len() > 1
        || linked
            .first()
            .is_some_and(|l| Some(*l) != new.repeat_of.as_deref())
    {
        return Err(invalid(
            "repeat_of",
            "关联的重复信访原件应与“重复信访”一栏填写的编号一致，且只能关联一件",
        ));
    }
    Ok(new)
}

/// Builds the registered case. `new` must have passed `validate`.
pub fn build(
    new: NewCase,
    id: Uuid,
    office_code: &str,
    case_no: String,
    now: DateTime<Utc>,
    rules: &RuleSet,
    cal: &Calendar,
) -> Case {
    let received_at = new.received_at.unwrap_or(now);
    let received_on = office_date(received_at);
    let mut deadlines = Vec::new();
    deadlines.extend(period::from_rule(
        DeadlineKind::Disposal,
        received_on,
        rules,
        cal,
    ));
    if let Some(due) = new.feedback_due {
        deadlines.push(period::fixed(
            DeadlineKind::Feedback,
            received_on,
            due,
            "上级机关",
            cal,
        ));
    }
    Case {
        id,
        office_code: office_code.to_string(),
        case_no,
        channel: new.channel,
        received_at,
        received_on,
        petitioners: new.petitioners,
        visit: new.visit,
        letter: new.letter,
        title: new.title,
        content: new.content,
        locality: new.locality,
        matter_type: new.matter_type,
        purpose: new.purpose,
        litigation_related: new.litigation_related,
        authority: new.authority,
        repeat_of: new.repeat_of,
        handler: new.handler,
        status: Status::Registered,
        progress: Progress::default(),
        deadlines,
        version: 1,
        created_at: now,
        updated_at: now,
    }
}
