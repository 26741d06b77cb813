//! The office running this copy, and the offices whose records arrive by sync.

use sqlx::{SqliteConnection, SqliteExecutor};

use crate::domain::office::Office;
use crate::Error;

pub async fn local<'e>(ex: impl SqliteExecutor<'e>) -> Result<Option<Office>, Error> {
    let row: Option<(String, String, String)> =
        sqlx::query_as("SELECT code, name, doc_prefix FROM office WHERE is_local = 1")
            .fetch_optional(ex)
            .await?;
    Ok(row.map(|(code, name, doc_prefix)| Office {
        code,
        name,
        doc_prefix,
    }))
}

pub async fn insert_local(
    conn: &mut SqliteConnection,
    office: &Office,
    at: &str,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO office (code, name, doc_prefix, is_local, created_at) VALUES (?, ?, ?, 1, ?)",
    )
    .bind(&office.code)
    .bind(&office.name)
    .bind(&office.doc_prefix)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn update_local(conn: &mut SqliteConnection, office: &Office) -> Result<(), Error> {
    sqlx::query("UPDATE office SET name = ?, doc_prefix = ? WHERE is_local = 1 AND code = ?")
        .bind(&office.name)
        .bind(&office.doc_prefix)
        .bind(&office.code)
        .execute(conn)
        .await?;
    Ok(())
}

/// Takes the next `count` numbers of a gap-free sequence and returns the last of them;
/// call inside the transaction that uses them, so that a rollback gives them back.
pub async fn take_numbers(
    conn: &mut SqliteConnection,
    office_code: &str,
    scope: &str,
    year: i32,
    count: i64,
) -> Result<i64, Error> {
    let last: i64 = sqlx::query_scalar(
        "INSERT INTO counters (office_code, scope, year, value) VALUES (?, ?, ?, ?)
         ON CONFLICT (office_code, scope, year) DO UPDATE SET value = value + excluded.value
         RETURNING value",
    )
    .bind(office_code)
    .bind(scope)
    .bind(year)
    .bind(count)
    .fetch_one(conn)
    .await?;
    Ok(last)
}

/// The next number of a gap-free sequence; call inside the transaction that uses it.
pub async fn next_number(
    conn: &mut SqliteConnection,
    office_code: &str,
    scope: &str,
    year: i32,
) -> Result<i64, Error> {
    take_numbers(conn, office_code, scope, year, 1).await
}
