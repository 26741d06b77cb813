//! The versions of an office's statutory-channel list and the one in use.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::channels::ChannelList;
use crate::domain::routing::Routed;
use crate::Error;

/// The list in use, when the office has imported one.
pub async fn current<'e>(
    ex: impl SqliteExecutor<'e>,
    office_code: &str,
) -> Result<Option<ChannelList>, Error> {
    let raw: Option<String> = sqlx::query_scalar(
        "SELECT l.list FROM channel_list_current c
         JOIN channel_lists l ON l.office_code = c.office_code AND l.version = c.version
         WHERE c.office_code = ?",
    )
    .bind(office_code)
    .fetch_optional(ex)
    .await?;
    raw.map(|s| parse(&s)).transpose()
}

/// The list as it was in `version` (what a case was routed by).
pub async fn version<'e>(
    ex: impl SqliteExecutor<'e>,
    office_code: &str,
    version: &str,
) -> Result<Option<ChannelList>, Error> {
    let raw: Option<String> =
        sqlx::query_scalar("SELECT list FROM channel_lists WHERE office_code = ? AND version = ?")
            .bind(office_code)
            .bind(version)
            .fetch_optional(ex)
            .await?;
    raw.map(|s| parse(&s)).transpose()
}

fn parse(raw: &str) -> Result<ChannelList, Error> {
    serde_json::from_str(raw).map_err(|e| Error::Corrupt(format!("法定途径清单：{e}")))
}

/// Saves `list` as a version and puts it in use. A version already saved is taken again only
/// with the same content.
pub async fn save(
    conn: &mut SqliteConnection,
    office_code: &str,
    list: &ChannelList,
    source: &str,
    actor: &str,
    at: &str,
) -> Result<(), Error> {
    let json = serde_json::to_string(list).map_err(|e| Error::Corrupt(e.to_string()))?;
    if let Some(saved) = version(&mut *conn, office_code, &list.version).await? {
        if saved != *list {
            return Err(Error::invalid(
                "version",
                format!(
                    "清单版本“{}”已导入过且内容不同：已有案件按原版本分办，请为修改后的清单另起版本号",
                    list.version
                ),
            ));
        }
    } else {
        sqlx::query(
            "INSERT INTO channel_lists (office_code, version, list, source, imported_at, imported_by)
             VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(office_code)
        .bind(&list.version)
        .bind(json)
        .bind(source)
        .bind(at)
        .bind(actor)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "INSERT INTO channel_list_current (office_code, version) VALUES (?, ?)
         ON CONFLICT (office_code) DO UPDATE SET version = excluded.version",
    )
    .bind(office_code)
    .bind(&list.version)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// A case a clerk classified: its text, the row chosen and the rows the app had proposed.
#[derive(Debug, Clone, PartialEq)]
pub struct RoutedCase {
    pub routed: Routed,
    pub proposed: Vec<String>,
}

/// The office's classified cases, newest first, at most `limit`.
pub async fn routed_cases<'e>(
    ex: impl SqliteExecutor<'e>,
    office_code: &str,
    limit: u32,
) -> Result<Vec<RoutedCase>, Error> {
    let rows: Vec<(String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT case_no, title, content, json_extract(progress, '$.routing.row.id'),
                json_extract(progress, '$.routing.proposed')
         FROM cases
         WHERE json_extract(progress, '$.routing.row.id') IS NOT NULL AND office_code = ?
         ORDER BY received_on DESC, case_no DESC LIMIT ?",
    )
    .bind(office_code)
    .bind(limit)
    .fetch_all(ex)
    .await?;
    rows.into_iter()
        .map(|(case_no, title, content, row_id, proposed)| {
            let proposed = match proposed {
                Some(json) => serde_json::from_str(&json)
                    .map_err(|e| Error::Corrupt(format!("{case_no} 的分类建议：{e}")))?,
                None => Vec::new(),
            };
            Ok(RoutedCase {
                routed: Routed {
                    case_no,
                    text: format!("{title} {content}"),
                    row_id,
                },
                proposed,
            })
        })
        .collect()
}
