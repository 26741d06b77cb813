//! Office settings stored as JSON values under a key.

use serde::{de::DeserializeOwned, Serialize};
use sqlx::{SqliteConnection, SqlitePool};

use crate::Error;

pub const PERIOD_RULES: &str = "period_rules";
/// The authority directory (`domain::authorities::Directory`).
pub const AUTHORITIES: &str = "authority_directory";
/// The county's townships and villages (`domain::localities::Localities`).
pub const LOCALITIES: &str = "localities";
/// The supervision triggers and escalation chain (`domain::supervision::SupervisionSettings`).
pub const SUPERVISION: &str = "supervision";

pub async fn get<T: DeserializeOwned>(
    pool: &SqlitePool,
    office_code: &str,
    key: &str,
) -> Result<Option<T>, Error> {
    let raw: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE office_code = ? AND key = ?")
            .bind(office_code)
            .bind(key)
            .fetch_optional(pool)
            .await?;
    raw.map(|s| serde_json::from_str(&s).map_err(|e| Error::Corrupt(format!("设置“{key}”：{e}"))))
        .transpose()
}

pub async fn put<T: Serialize>(
    conn: &mut SqliteConnection,
    office_code: &str,
    key: &str,
    value: &T,
    at: &str,
) -> Result<(), Error> {
    let json = serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))?;
    sqlx::query(
        "INSERT INTO settings (office_code, key, value, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (office_code, key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
    )
    .bind(office_code)
    .bind(key)
    .bind(json)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}
