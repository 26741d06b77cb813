//! 拆分信访件: a case that holds several matters gives one of them a case of its own. The new
//! case was received when the original was (its periods count from that day), by the same
//! channel, from the petitioners who raise it; its page shows the original's history up to the
//! split.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::{Case, NewCase, Purpose};
use super::period::DeadlineKind;
use super::workflow::WorkflowError;

/// A split as the clerk decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct CaseSplit {
    /// The matter taken out.
    pub title: String,
    pub content: String,
    /// Defaults to the original's.
    #[serde(default)]
    pub matter_type: Option<String>,
    #[serde(default)]
    pub purpose: Option<Purpose>,
    /// The petitioners who raise it, by position from 0; all of them when empty.
    #[serde(default)]
    pub petitioners: Vec<usize>,
    /// What stays on the original case.
    pub remaining_title: String,
    pub remaining_content: String,
}

fn invalid(field: &str, reason: impl Into<String>) -> WorkflowError {
    WorkflowError::Invalid {
        field: field.to_string(),
        reason: reason.into(),
    }
}

fn required(field: &str, value: &str, what: &str) -> Result<(), WorkflowError> {
    if value.trim().is_empty() {
        return Err(invalid(field, format!("请填写{what}")));
    }
    Ok(())
}

/// The registration of the matter taken out of `case`, and `case` with what remains, or why
/// the split cannot be made. The registration is validated as any other afterwards.
pub fn split(case: &Case, s: &CaseSplit) -> Result<(NewCase, Case), WorkflowError> {
    required("title", &s.title, "拆分出的事项标题")?;
    required("content", &s.content, "拆分出的事项内容")?;
    required("remaining_title", &s.remaining_title, "原件保留的事项标题")?;
    required(
        "remaining_content",
        &s.remaining_content,
        "原件保留的事项内容",
    )?;
    if s.content.trim() == s.remaining_content.trim() {
        return Err(invalid(
            "content",
            "拆分出的事项内容与原件保留的内容相同：请分别写明各自的事项",
        ));
    }
    let mut chosen = s.petitioners.clone();
    chosen.sort_unstable();
    chosen.dedup();
    if let Some(&i) = chosen.iter().find(|&&i| i >= case.petitioners.len()) {
        return Err(invalid(
            "petitioners",
            format!(
                "信访件{}没有第{}位信访人（共{}人）",
                case.case_no,
                i + 1,
                case.petitioners.len()
            ),
        ));
    }
    let petitioners = if chosen.is_empty() {
        case.petitioners.clone()
    } else {
        chosen
            .iter()
            .map(|&i| case.petitioners[i].clone())
            .collect()
    };
    let new = NewCase {
        channel: case.channel,
        received_at: Some(case.received_at),
        petitioners,
        visit: case.visit.clone(),
        letter: case.letter.clone(),
        title: s.title.clone(),
        content: s.content.clone(),
        locality: case.locality.clone(),
        matter_type: s
            .matter_type
            .clone()
            .unwrap_or_else(|| case.matter_type.clone()),
        purpose: s.purpose.unwrap_or(case.purpose),
        litigation_related: case.litigation_related,
        authority: case.authority.clone(),
        repeat_of: None,
        repeat_candidates: Vec::new(),
        // A matter referred by a higher office is owed back by the date it set.
        feedback_due: case.open_deadline(DeadlineKind::Feedback).map(|d| d.due_on),
        handler: case.handler.clone(),
    };
    let mut rest = case.clone();
    rest.title = s.remaining_title.trim().to_string();
    rest.content = s.remaining_content.trim().to_string();
    Ok((new, rest))
}
