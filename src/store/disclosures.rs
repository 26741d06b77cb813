//! Who saw a case's full personal numbers, when, and why (append-only).

use serde::{Deserialize, Serialize};
use sqlx::SqliteConnection;
use ts_rs::TS;
use uuid::Uuid;

use crate::Error;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, sqlx::FromRow)]
#[ts(export)]
pub struct Disclosure {
    pub account: String,
    pub actor: String,
    pub at: String,
    pub reason: String,
}

pub async fn insert(
    conn: &mut SqliteConnection,
    case_id: Uuid,
    case_no: &str,
    d: &Disclosure,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO disclosures (case_id, case_no, account, actor, at, reason)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(case_id.to_string())
    .bind(case_no)
    .bind(&d.account)
    .bind(&d.actor)
    .bind(&d.at)
    .bind(&d.reason)
    .execute(&mut *conn)
    .await?;
    super::chain::seal(conn, super::chain::Entity::Disclosure, 1).await
}

/// The case's disclosures, latest first.
pub async fn for_case(
    conn: &mut SqliteConnection,
    case_id: Uuid,
) -> Result<Vec<Disclosure>, Error> {
    Ok(sqlx::query_as(
        "SELECT account, actor, at, reason FROM disclosures WHERE case_id = ? ORDER BY at DESC, id DESC",
    )
    .bind(case_id.to_string())
    .fetch_all(conn)
    .await?)
}
