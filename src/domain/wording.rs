//! The clerk's words for what the program knows by machine names: the fields of a case, an
//! action or the office, and the reasons a file could not be read or written. The CLI, the
//! app and the documents say them the same way because they all take them from here.

/// Every field a person can type or a conflict can name, with its Chinese name. A field
/// inside a list item is named without the index (`petitioners.id_number`).
pub const FIELDS: &[(&str, &str)] = &[
    // A case and its registration.
    ("case_no", "信访件编号"),
    ("channel", "渠道"),
    ("received_at", "收件时间"),
    ("received_on", "收件日期"),
    ("petitioners", "信访人"),
    ("petitioners.name", "姓名"),
    ("petitioners.id_number", "身份证号码"),
    ("petitioners.phone", "联系电话"),
    ("petitioners.address", "住址"),
    ("petitioners.representative", "代表"),
    ("visit", "来访信息"),
    ("visit.person_count", "来访人数"),
    ("visit.batch_count", "批次"),
    ("letter", "来信信息"),
    ("letter.postmark_date", "邮戳日期"),
    ("letter.return_address", "回信地址"),
    ("title", "标题"),
    ("content", "信访内容"),
    ("locality", "问题属地"),
    ("locality.code", "问题属地代码"),
    ("locality.name", "问题属地"),
    ("matter_type", "内容分类"),
    ("purpose", "信访目的"),
    ("litigation_related", "涉法涉诉"),
    ("authority", "有权处理机关"),
    ("authority.name", "有权处理机关"),
    ("repeat_of", "重复信访的原件编号"),
    ("handler", "承办人"),
    ("status", "状态"),
    ("progress", "办理情况"),
    ("deadlines", "期限"),
    ("version", "版本"),
    ("created_at", "创建时间"),
    ("updated_at", "修改时间"),
    // The fields of actions.
    ("action", "办理操作"),
    ("date", "日期"),
    ("reason", "理由"),
    ("reasons", "理由"),
    ("article", "依据条款"),
    ("statutory_channel", "法定途径"),
    ("note", "说明"),
    ("days", "延期天数"),
    ("approver", "批准人"),
    ("facts", "认定事实"),
    ("legal_basis", "法律依据"),
    ("organ", "机关"),
    ("review_organ", "复查机关"),
    ("re_review_organ", "复核机关"),
    ("feedback_due", "反馈期限"),
    ("reply_by", "回复期限"),
    ("step", "督办方式"),
    ("response", "回复内容"),
    ("participants", "听证参加人"),
    ("outcome", "听证结果"),
    ("mode", "调解或和解"),
    ("parties", "协议各方"),
    ("agreement", "协议内容"),
    // The statutory-channel list, by its columns.
    ("rows", "清单"),
    ("row_id", "清单事项"),
    ("rows.no", "序号"),
    ("rows.id", "编码"),
    ("rows.category", "事项分类"),
    ("rows.problem", "具体问题"),
    ("rows.route", "处理方式及法定途径"),
    ("rows.basis", "相关依据"),
    ("rows.petition_kind", "信访事项类别"),
    ("rows.art31_route", "第三十一条途径"),
    ("rows.litigation_related", "涉法涉诉"),
    ("rows.authority_kind", "有权处理机关类别"),
    ("rows.authority", "有权处理机关"),
    ("rows.terms", "匹配词"),
    // The office, its settings and files.
    ("code", "机构代码"),
    ("name", "机构名称"),
    ("doc_prefix", "发文字号前缀"),
    ("rules", "期限规则"),
    ("year", "年份"),
    ("years", "日历年份"),
    ("db", "数据库"),
    ("every_hours", "自动导出间隔"),
    ("folder", "自动导出文件夹"),
    ("file", "文件"),
    ("attachment", "附件"),
    ("path", "路径"),
    ("json", "JSON内容"),
    ("XINFANG_NOW", "设定时间（XINFANG_NOW）"),
];

/// The Chinese name of `field`, a path like `title` or `petitioners[1].id_number`.
pub fn field_label(field: &str) -> Option<&'static str> {
    let key = without_indexes(field);
    FIELDS.iter().find(|(k, _)| *k == key).map(|(_, l)| *l)
}

/// A refusal of `field` as one Chinese sentence: `理由不能为空`,
/// `第2位信访人的身份证号码校验位应为X，实际为1`, `收件时间：不能晚于当前时间`.
pub fn invalid_message(field: &str, reason: &str) -> String {
    let own_name = field.rsplit('.').next().unwrap_or(field);
    let said = match field_label(field) {
        // "没有名为“received_on”的字段": the reason names what was typed.
        _ if reason.contains(&format!("“{own_name}”")) => reason.to_string(),
        Some(label) if reason.contains(label) => reason.to_string(),
        Some(label) if reason.starts_with("不能") || reason.starts_with("应") => {
            format!("{label}{reason}")
        }
        Some(label) => format!("{label}：{reason}"),
        None => reason.to_string(),
    };
    match (petitioner_index(field), field_label(field)) {
        (Some(n), Some(label)) if said.starts_with(label) => format!("第{}位信访人的{said}", n + 1),
        (Some(n), _) => format!("第{}位信访人：{said}", n + 1),
        (None, _) => said,
    }
}

/// `petitioners[1].id_number` → `petitioners.id_number`.
fn without_indexes(field: &str) -> String {
    let mut key = String::with_capacity(field.len());
    let mut in_index = false;
    for c in field.chars() {
        match c {
            '[' => in_index = true,
            ']' => in_index = false,
            _ if !in_index => key.push(c),
            _ => {}
        }
    }
    key
}

fn petitioner_index(field: &str) -> Option<usize> {
    let (index, _) = field.strip_prefix("petitioners[")?.split_once(']')?;
    index.parse().ok()
}

/// Why a file could not be read or written, in the clerk's words (the system says it in
/// English).
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let reason = match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有读写权限",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::StorageFull => "磁盘空间不足",
        ErrorKind::ReadOnlyFilesystem => "磁盘为只读",
        ErrorKind::IsADirectory => "这是文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有不是文件夹的部分",
        ErrorKind::UnexpectedEof => "文件不完整",
        _ => return e.to_string(),
    };
    reason.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_names_the_field_in_chinese_once() {
        assert_eq!(invalid_message("reason", "不能为空"), "理由不能为空");
        assert_eq!(invalid_message("title", "标题不能为空"), "标题不能为空");
        assert_eq!(
            invalid_message("received_at", "不早于1995年10月28日"),
            "收件时间：不早于1995年10月28日"
        );
        assert_eq!(
            invalid_message("petitioners[1].id_number", "身份证号码校验位应为X，实际为1"),
            "第2位信访人的身份证号码校验位应为X，实际为1"
        );
        assert_eq!(
            invalid_message("petitioners[0].address", "含有控制字符"),
            "第1位信访人的住址：含有控制字符"
        );
        assert_eq!(invalid_message("something_new", "原因"), "原因");
        assert_eq!(
            invalid_message(
                "received_on",
                "没有名为“received_on”的字段，是否应为“received_at”？"
            ),
            "没有名为“received_on”的字段，是否应为“received_at”？"
        );
    }

    #[test]
    fn every_field_is_named_once() {
        let mut keys: Vec<_> = FIELDS.iter().map(|(k, _)| *k).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(keys.len(), before);
    }

    #[test]
    fn file_errors_are_told_in_chinese() {
        let e = std::io::Error::from(std::io::ErrorKind::StorageFull);
        assert_eq!(io_reason(&e), "磁盘空间不足");
    }
}
