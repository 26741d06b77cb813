//! Errors as the UI sees them: `{ "code": "...", "message": "...", "field": "..." }`.
//! The message is Chinese and complete (it names the field in Chinese); `field` is the
//! machine name of the offending input, for the form to highlight, when there is one.

use serde::Serialize;
use ts_rs::TS;
use xinfang::desk::sync::{SyncError, SyncFailure};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(export)]
pub struct UiError {
    pub code: String,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub field: Option<String>,
}

pub type UiResult<T> = Result<T, UiError>;

impl UiError {
    pub fn new(code: &str, message: impl Into<String>) -> UiError {
        UiError {
            code: code.to_string(),
            message: message.into(),
            field: None,
        }
    }
}

/// The Chinese name of a field the core reports by its machine name.
fn field_label(field: &str) -> Option<String> {
    let label = match field {
        "petitioners" => "信访人",
        "visit" => "来访信息",
        "visit.person_count" => "来访人数",
        "visit.batch_count" => "批次",
        "letter" => "来信信息",
        "title" => "标题",
        "content" => "信访内容",
        "locality.code" => "问题属地代码",
        "locality.name" => "问题属地",
        "matter_type" => "内容分类",
        "received_at" => "收件时间",
        "feedback_due" => "反馈期限",
        "repeat_of" => "重复信访的原件编号",
        "code" => "机构代码",
        "name" => "机构名称",
        "doc_prefix" => "发文字号前缀",
        "rules" => "期限规则",
        "year" => "年份",
        "years" => "日历年份",
        "db" => "数据库",
        "date" => "日期",
        "reason" => "理由",
        "reasons" => "理由",
        "article" => "依据条款",
        "statutory_channel" => "法定途径",
        "authority" | "authority.name" => "有权处理机关",
        "note" => "说明",
        "days" => "延期天数",
        "approver" => "批准人",
        "facts" => "认定事实",
        "legal_basis" => "法律依据",
        "organ" => "机关",
        "received_on" => "签收日期",
        "every_hours" => "自动导出间隔",
        "folder" => "自动导出文件夹",
        _ => return None,
    };
    Some(label.to_string())
}

/// `标题不能为空` stays as it is; `不能为空` about `reason` becomes `理由不能为空`.
fn invalid_message(field: &str, reason: &str) -> String {
    // 第2位信访人：身份证号码校验位应为X，实际为1
    if let Some((index, _)) = field
        .strip_prefix("petitioners[")
        .and_then(|r| r.split_once(']'))
    {
        if let Ok(n) = index.parse::<usize>() {
            return format!("第{}位信访人：{reason}", n + 1);
        }
    }
    match field_label(field) {
        Some(label) if reason.contains(label.as_str()) => reason.to_string(),
        Some(label) if reason.starts_with("不能") || reason.starts_with("应") => {
            format!("{label}{reason}")
        }
        Some(label) => format!("{label}：{reason}"),
        None => reason.to_string(),
    }
}

impl From<xinfang::Error> for UiError {
    fn from(e: xinfang::Error) -> UiError {
        match &e {
            xinfang::Error::Invalid { field, reason } => UiError {
                code: e.code().to_string(),
                message: invalid_message(field, reason),
                field: Some(field.clone()),
            },
            xinfang::Error::Io(source) => {
                UiError::new(e.code(), format!("文件读写失败：{}", io_reason(source)))
            }
            _ => UiError {
                code: e.code().to_string(),
                message: e.to_string(),
                field: None,
            },
        }
    }
}

/// A file error in the clerk's words: the system's own text is English.
fn io_reason(e: &std::io::Error) -> String {
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

impl From<SyncFailure> for UiError {
    fn from(e: SyncFailure) -> UiError {
        match e {
            SyncFailure::Store(e) => e.into(),
            SyncFailure::Package(SyncError::Io { path, source }) => UiError::new(
                "io",
                format!("读写文件失败（{}）：{}", path.display(), io_reason(&source)),
            ),
            other => UiError::new(other.code(), other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn wire(e: xinfang::Error) -> serde_json::Value {
        serde_json::to_value(UiError::from(e)).unwrap()
    }

    #[test]
    fn invalid_input_names_the_field_in_chinese() {
        assert_eq!(
            wire(xinfang::Error::invalid("reason", "不能为空")),
            json!({"code": "invalid_input", "message": "理由不能为空", "field": "reason"})
        );
        assert_eq!(
            wire(xinfang::Error::invalid("title", "标题不能为空")),
            json!({"code": "invalid_input", "message": "标题不能为空", "field": "title"})
        );
        assert_eq!(
            wire(xinfang::Error::invalid(
                "petitioners[1].id_number",
                "身份证号码校验位应为X，实际为1"
            )),
            json!({
                "code": "invalid_input",
                "message": "第2位信访人：身份证号码校验位应为X，实际为1",
                "field": "petitioners[1].id_number"
            })
        );
        assert_eq!(
            wire(xinfang::Error::invalid("something_new", "原因")),
            json!({"code": "invalid_input", "message": "原因", "field": "something_new"})
        );
    }

    #[test]
    fn other_errors_keep_the_core_message_and_have_no_field() {
        assert_eq!(
            wire(xinfang::Error::CaseNotFound("445202-2026-000001".into())),
            json!({"code": "case_not_found", "message": "找不到信访件“445202-2026-000001”"})
        );
        assert_eq!(
            wire(xinfang::Error::NotInitialized),
            json!({"code": "not_initialized", "message": "尚未设置本机信访机构，请先完成初始化"})
        );
    }

    fn sync_wire(e: SyncFailure) -> serde_json::Value {
        serde_json::to_value(UiError::from(e)).unwrap()
    }

    #[test]
    fn sync_refusals_keep_the_core_code_and_chinese_reason() {
        assert_eq!(
            sync_wire(SyncFailure::Package(SyncError::UnknownOffice {
                office_code: "445203".into()
            })),
            json!({
                "code": "unknown_office",
                "message": "未登记机构 445203 的公钥，无法验证同步包；请先导入该机构提供的公钥文件并核对指纹"
            })
        );
        assert_eq!(
            sync_wire(SyncFailure::OwnPackage {
                office_code: "445202".into()
            }),
            json!({
                "code": "own_package",
                "message": "这是本机构（445202）自己导出的同步包，不能导入本机"
            })
        );
        assert_eq!(
            sync_wire(SyncFailure::Store(xinfang::Error::invalid(
                "every_hours",
                "自动导出间隔应为1至744小时"
            ))),
            json!({
                "code": "invalid_input",
                "message": "自动导出间隔应为1至744小时",
                "field": "every_hours"
            })
        );
    }

    #[test]
    fn file_errors_are_told_in_chinese() {
        let missing = std::io::Error::from(std::io::ErrorKind::NotFound);
        assert_eq!(
            sync_wire(SyncFailure::Package(SyncError::Io {
                path: "/媒体/U盘/445203-000001.xfsync".into(),
                source: missing,
            })),
            json!({
                "code": "io",
                "message": "读写文件失败（/媒体/U盘/445203-000001.xfsync）：文件或文件夹不存在"
            })
        );
        let denied = std::io::Error::from(std::io::ErrorKind::PermissionDenied);
        assert_eq!(
            wire(xinfang::Error::Io(denied)),
            json!({"code": "io", "message": "文件读写失败：没有读写权限"})
        );
    }
}
