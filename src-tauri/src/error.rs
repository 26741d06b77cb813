//! Errors as the UI sees them: `{ "code": "...", "message": "..." }`, the message in Chinese.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UiError {
    pub code: String,
    pub message: String,
}

pub type UiResult<T> = Result<T, UiError>;
