//! Errors as the UI sees them: `{ "code": "...", "message": "...", "field": "..." }`.
//! The message is Chinese and complete (it names the field in Chinese); `field` is the
//! machine name of the offending input, for the form to highlight, when there is one.

use serde::Serialize;
use ts_rs::TS;
use xinfang::desk::sync::SyncFailure;

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

impl From<xinfang::Error> for UiError {
    fn from(e: xinfang::Error) -> UiError {
        match &e {
            xinfang::Error::Invalid { field, .. } => UiError {
                code: e.code().to_string(),
                message: e.to_string(),
                field: Some(field.clone()),
            },
            _ => UiError {
                code: e.code().to_string(),
                message: e.to_string(),
                field: None,
            },
        }
    }
}

impl From<SyncFailure> for UiError {
    fn from(e: SyncFailure) -> UiError {
        match e {
            SyncFailure::Store(e) => e.into(),
            other => UiError::new(other.code(), other.to_string()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use xinfang::desk::sync::SyncError;

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
                "message": "第2位信访人的身份证号码校验位应为X，实际为1",
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
