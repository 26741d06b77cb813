//! JSON a person or a script submits (a registration, an action's fields, a calendar file),
//! read so that every refusal names the field and says why in Chinese: unknown fields are
//! refused (with the field meant, when one is close), a byte-order mark is accepted.

use serde::de::DeserializeOwned;

use super::workflow::WorkflowError;

/// Parses `raw` as `T`. The error's field is the path of the value at fault
/// (`petitioners[0].id_number`), or `json` when the text is not JSON at all.
pub fn parse<T: DeserializeOwned>(raw: &str) -> Result<T, WorkflowError> {
    let text = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let mut de = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        // Text that is not JSON, or ends too soon, is about the whole input, wherever it stopped.
        let whole = matches!(
            inner.classify(),
            serde_json::error::Category::Syntax | serde_json::error::Category::Eof
        );
        let path = path.trim_end_matches(['.', '?']);
        let field = if whole || path.is_empty() {
            "json".to_string()
        } else {
            path.to_string()
        };
        invalid(field, reason(&inner))
    })?;
    de.end()
        .map_err(|e| invalid("json".into(), format!("JSON之后还有多余的内容{}", at(&e))))?;
    Ok(value)
}

fn invalid(field: String, reason: String) -> WorkflowError {
    WorkflowError::Invalid { field, reason }
}

fn at(e: &serde_json::Error) -> String {
    if e.line() == 0 {
        String::new()
    } else {
        format!("（第{}行第{}列）", e.line(), e.column())
    }
}

/// serde's English message in a clerk's words.
fn reason(e: &serde_json::Error) -> String {
    use serde_json::error::Category;
    let msg = e.to_string();
    let msg = msg.split(" at line ").next().unwrap_or(&msg);
    match e.classify() {
        Category::Syntax => format!("JSON格式错误{}", at(e)),
        Category::Eof => format!("JSON不完整，缺少结尾{}", at(e)),
        Category::Io => format!("无法读取输入：{msg}"),
        Category::Data => data_reason(msg),
    }
}

fn data_reason(msg: &str) -> String {
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let (name, expected) = split_name(rest);
        let options = backticked(expected);
        return match closest(name, &options) {
            Some(near) => format!("没有名为“{name}”的字段，是否应为“{near}”？"),
            None => format!("没有名为“{name}”的字段（可用：{}）", options.join("、")),
        };
    }
    if let Some(rest) = msg.strip_prefix("unknown variant `") {
        let (name, expected) = split_name(rest);
        let options = backticked(expected);
        return format!("“{name}”不是可选的值（可选：{}）", options.join("、"));
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        let (name, _) = split_name(rest);
        return format!("缺少必填字段“{name}”");
    }
    if let Some(rest) = msg.strip_prefix("invalid type: ") {
        let (got, expected) = rest.split_once(", expected ").unwrap_or((rest, ""));
        return format!("类型不对：应为{}，实际为{}", kind(expected), kind(got));
    }
    if let Some(rest) = msg.strip_prefix("invalid length ") {
        return format!("个数不对：{rest}");
    }
    if msg.starts_with("premature end of input")
        || msg.starts_with("input contains invalid characters")
        || msg.starts_with("trailing input")
        || msg.starts_with("input is out of range")
        || msg.starts_with("input is not enough")
    {
        return "日期或时间格式不对：日期写作 2026-11-20，时间须带时区，如 2026-11-20T09:30:00+08:00"
            .into();
    }
    if msg.starts_with("invalid value") {
        return format!("取值无效：{msg}");
    }
    format!("内容无效：{msg}")
}

/// `name`, and what follows it, from "name`, expected …".
fn split_name(rest: &str) -> (&str, &str) {
    match rest.split_once('`') {
        Some((name, after)) => (name, after),
        None => (rest, ""),
    }
}

fn backticked(s: &str) -> Vec<&str> {
    s.split('`').skip(1).step_by(2).collect()
}

/// What serde calls a kind of value, as a clerk names it.
fn kind(s: &str) -> String {
    let s = s.trim();
    let word = |w: &str| s.starts_with(w);
    if word("integer") || word("floating point") || word("u32") || word("i64") || word("u64") {
        let shown = s.split('`').nth(1).map(|v| v.to_string());
        return shown.map_or("数字".into(), |v| format!("数字{v}"));
    }
    if word("string") || word("a string") {
        let shown = s.split('"').nth(1).map(|v| v.to_string());
        return shown.map_or("文本".into(), |v| format!("文本“{v}”"));
    }
    if word("boolean") || word("a boolean") {
        return "是/否（true 或 false）".into();
    }
    if word("sequence") || word("a sequence") {
        return "列表（[…]）".into();
    }
    if word("map") || word("struct") || word("a map") {
        return "对象（{…}）".into();
    }
    if word("null") {
        return "空值 null".into();
    }
    if word("a valid date") || word("a formatted date") {
        return "日期".into();
    }
    s.to_string()
}

/// The option nearest `name` when it is close enough to be what was meant.
fn closest<'a>(name: &str, options: &[&'a str]) -> Option<&'a str> {
    let words = |s: &str| -> Vec<String> { s.split('_').map(str::to_string).collect() };
    options
        .iter()
        .map(|o| {
            let d = distance(name, o);
            // `received_on` → `received_at`: the same first word counts as close.
            let shared = words(name).first() == words(o).first();
            (if shared { d.min(2) } else { d }, *o)
        })
        .filter(|(d, o)| *d <= 2.max(o.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, o)| o)
}

/// Edit distance (insertions, deletions, substitutions).
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::NewCase;
    use crate::domain::workflow::Action;

    const LETTER: &str = r#"{"channel":"letter","petitioners":[{"name":"张三"}],"title":"t",
        "content":"c","locality":{"code":"445202","name":"榕城区"},"matter_type":"m","purpose":"claim"}"#;

    fn refusal<T: DeserializeOwned + std::fmt::Debug>(raw: &str) -> (String, String) {
        match parse::<T>(raw) {
            Err(WorkflowError::Invalid { field, reason }) => (field, reason),
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    fn with(extra: &str) -> String {
        LETTER.replacen('{', &format!("{{{extra},"), 1)
    }

    #[test]
    fn a_registration_parses_with_or_without_a_byte_order_mark() {
        assert!(parse::<NewCase>(LETTER).is_ok());
        assert!(parse::<NewCase>(&format!("\u{feff}{LETTER}")).is_ok());
    }

    #[test]
    fn an_unknown_field_is_named_with_the_one_meant() {
        let (field, reason) = refusal::<NewCase>(&with(r#""received_on":"2026-11-01""#));
        assert_eq!(field, "received_on");
        assert!(
            reason.contains("received_on") && reason.contains("received_at"),
            "{reason}"
        );
        let (field, reason) = refusal::<NewCase>(
            &LETTER.replace(r#"{"name":"张三"}"#, r#"{"name":"张三","id_no":"1"}"#),
        );
        assert_eq!(field, "petitioners[0].id_no");
        assert!(
            reason.contains("id_no") && reason.contains("id_number"),
            "{reason}"
        );
    }

    #[test]
    fn wrong_types_times_and_syntax_are_said_in_chinese_with_the_field() {
        let (field, reason) =
            refusal::<NewCase>(&LETTER.replace(r#""title":"t""#, r#""title":123"#));
        assert_eq!(field, "title");
        assert!(
            reason.contains("文本") && reason.contains("123"),
            "{reason}"
        );
        let (field, reason) = refusal::<NewCase>(&with(r#""received_at":"2026-11-20T09:30:00""#));
        assert_eq!(field, "received_at");
        assert!(reason.contains("时区"), "{reason}");
        let (field, reason) = refusal::<NewCase>(r#"{"channel":"letter","#);
        assert_eq!(field, "json");
        assert!(reason.contains("JSON"), "{reason}");
        let (field, reason) = refusal::<NewCase>(&LETTER.replace(r#""letter""#, r#""fax""#));
        assert_eq!(field, "channel");
        assert!(
            reason.contains("fax") && reason.contains("letter"),
            "{reason}"
        );
        let (field, reason) = refusal::<NewCase>(&LETTER.replace(r#","purpose":"claim""#, ""));
        assert_eq!(field, "json");
        assert!(reason.contains("purpose"), "{reason}");
    }

    #[test]
    fn an_action_with_an_unknown_field_is_refused() {
        let (_, reason) =
            refusal::<Action>(r#"{"action":"accept","date":"2026-11-20","authorty":null}"#);
        assert!(
            reason.contains("authorty") && reason.contains("authority"),
            "{reason}"
        );
    }

    #[test]
    fn no_reason_is_left_in_english() {
        for raw in [
            "",
            "[",
            "nul",
            r#"{"channel":1}"#,
            r#"{"channel":"letter"} x"#,
        ] {
            let (_, reason) = refusal::<NewCase>(raw);
            assert!(
                reason
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{raw:?}: {reason}"
            );
        }
    }
}
