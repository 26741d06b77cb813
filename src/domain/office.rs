//! The office running this copy: its code, name and document-number prefix.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::workflow::WorkflowError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Office {
    /// Administrative division code plus an optional suffix, e.g. `445200` or `445202X1`.
    pub code: String,
    pub name: String,
    /// The prefix of document numbers, e.g. `揭信访` in `揭信访〔2026〕12号`.
    pub doc_prefix: String,
}

impl Office {
    pub fn validate(&self) -> Result<(), WorkflowError> {
        let code = self.code.as_bytes();
        let ok = code.len() >= 6
            && code.len() <= 12
            && code[..6].iter().all(u8::is_ascii_digit)
            && code.iter().all(u8::is_ascii_alphanumeric);
        if !ok {
            return Err(invalid(
                "code",
                "机构代码应为6位行政区划代码，可加最多6位字母或数字后缀",
            ));
        }
        if self.name.trim().is_empty() {
            return Err(invalid("name", "机构名称不能为空"));
        }
        if self.doc_prefix.trim().is_empty() {
            return Err(invalid("doc_prefix", "发文字号前缀不能为空"));
        }
        Ok(())
    }
}

fn invalid(field: &str, reason: &str) -> WorkflowError {
    WorkflowError::Invalid {
        field: field.to_string(),
        reason: reason.to_string(),
    }
}
