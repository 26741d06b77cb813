//! Accounts and their tokens (sessions and named script tokens).

use sqlx::SqliteConnection;

use crate::domain::account::{Account, Role};
use crate::Error;

/// An account with what signing in needs.
#[derive(Debug, Clone)]
pub struct Stored {
    pub account: Account,
    pub password_hash: String,
    pub failed_sign_ins: i64,
    pub locked_until: Option<String>,
}

#[derive(sqlx::FromRow)]
struct Row {
    name: String,
    display_name: String,
    role: String,
    password_hash: String,
    active: bool,
    may_unmask: bool,
    failed_sign_ins: i64,
    locked_until: Option<String>,
}

impl Row {
    fn stored(self) -> Result<Stored, Error> {
        let role = Role::parse(&self.role)
            .ok_or_else(|| Error::Corrupt(format!("账号“{}”的角色“{}”", self.name, self.role)))?;
        Ok(Stored {
            account: Account {
                name: self.name,
                display_name: self.display_name,
                role,
                active: self.active,
                may_unmask: self.may_unmask,
            },
            password_hash: self.password_hash,
            failed_sign_ins: self.failed_sign_ins,
            locked_until: self.locked_until,
        })
    }
}

const COLUMNS: &str =
    "name, display_name, role, password_hash, active, may_unmask, failed_sign_ins, locked_until";

pub async fn get(conn: &mut SqliteConnection, name: &str) -> Result<Option<Stored>, Error> {
    let row: Option<Row> =
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts WHERE name = ?"))
            .bind(name)
            .fetch_optional(conn)
            .await?;
    row.map(Row::stored).transpose()
}

pub async fn list(conn: &mut SqliteConnection) -> Result<Vec<Account>, Error> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM accounts ORDER BY name"))
        .fetch_all(conn)
        .await?;
    rows.into_iter()
        .map(|r| r.stored().map(|s| s.account))
        .collect()
}

pub async fn count(conn: &mut SqliteConnection) -> Result<i64, Error> {
    Ok(sqlx::query_scalar("SELECT COUNT(*) FROM accounts")
        .fetch_one(conn)
        .await?)
}

/// Active administrators: the last one cannot be disabled or demoted.
pub async fn active_admins(conn: &mut SqliteConnection) -> Result<i64, Error> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM accounts WHERE role = 'admin' AND active = 1")
            .fetch_one(conn)
            .await?,
    )
}

pub async fn insert(
    conn: &mut SqliteConnection,
    account: &Account,
    password_hash: &str,
    at: &str,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO accounts (name, display_name, role, password_hash, active, may_unmask,
                               created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&account.name)
    .bind(&account.display_name)
    .bind(account.role.as_str())
    .bind(password_hash)
    .bind(account.active)
    .bind(account.may_unmask)
    .bind(at)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Writes the account's display name, role, active flag and unmask grant.
pub async fn update(conn: &mut SqliteConnection, account: &Account, at: &str) -> Result<(), Error> {
    sqlx::query(
        "UPDATE accounts SET display_name = ?, role = ?, active = ?, may_unmask = ?,
                failed_sign_ins = CASE WHEN ? THEN failed_sign_ins ELSE 0 END,
                locked_until = CASE WHEN ? THEN locked_until END,
                updated_at = ?
         WHERE name = ?",
    )
    .bind(&account.display_name)
    .bind(account.role.as_str())
    .bind(account.active)
    .bind(account.may_unmask)
    // Enabling an account also lifts a lock from wrong passwords.
    .bind(!account.active)
    .bind(!account.active)
    .bind(at)
    .bind(&account.name)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn set_password(
    conn: &mut SqliteConnection,
    name: &str,
    password_hash: &str,
    at: &str,
) -> Result<(), Error> {
    sqlx::query(
        "UPDATE accounts SET password_hash = ?, failed_sign_ins = 0, locked_until = NULL,
                updated_at = ? WHERE name = ?",
    )
    .bind(password_hash)
    .bind(at)
    .bind(name)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a sign-in's outcome: a success clears the failures, a failure counts one and locks
/// the account until `lock_until` once it is given.
pub async fn record_sign_in(
    conn: &mut SqliteConnection,
    name: &str,
    ok: bool,
    lock_until: Option<&str>,
) -> Result<(), Error> {
    let sql = if ok {
        "UPDATE accounts SET failed_sign_ins = 0, locked_until = NULL WHERE name = ?"
    } else {
        "UPDATE accounts SET failed_sign_ins = failed_sign_ins + 1,
                locked_until = COALESCE(?2, locked_until) WHERE name = ?1"
    };
    sqlx::query(sql)
        .bind(name)
        .bind(lock_until)
        .execute(conn)
        .await?;
    Ok(())
}

/// A session or named token, as found by the hash of its secret.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Token {
    pub account: String,
    pub kind: String,
    pub name: Option<String>,
    pub created_at: String,
    pub expires_at: Option<String>,
}

pub async fn insert_token(
    conn: &mut SqliteConnection,
    hash: &str,
    token: &Token,
) -> Result<(), Error> {
    sqlx::query(
        "INSERT INTO account_tokens (token_hash, account, kind, name, created_at, expires_at)
         VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(hash)
    .bind(&token.account)
    .bind(&token.kind)
    .bind(&token.name)
    .bind(&token.created_at)
    .bind(&token.expires_at)
    .execute(conn)
    .await?;
    Ok(())
}

/// The token with this hash, unless it was revoked.
pub async fn live_token(conn: &mut SqliteConnection, hash: &str) -> Result<Option<Token>, Error> {
    Ok(sqlx::query_as(
        "SELECT account, kind, name, created_at, expires_at FROM account_tokens
         WHERE token_hash = ? AND revoked_at IS NULL",
    )
    .bind(hash)
    .fetch_optional(conn)
    .await?)
}

/// The named tokens not revoked, by name.
pub async fn named_tokens(conn: &mut SqliteConnection) -> Result<Vec<Token>, Error> {
    Ok(sqlx::query_as(
        "SELECT account, kind, name, created_at, expires_at FROM account_tokens
         WHERE kind = 'token' AND revoked_at IS NULL ORDER BY name",
    )
    .fetch_all(conn)
    .await?)
}

/// Revokes by secret hash (a logout) or by token name; how many were revoked.
pub async fn revoke(
    conn: &mut SqliteConnection,
    hash: Option<&str>,
    name: Option<&str>,
    at: &str,
) -> Result<u64, Error> {
    let done = sqlx::query(
        "UPDATE account_tokens SET revoked_at = ?1
         WHERE revoked_at IS NULL
           AND ((?2 IS NOT NULL AND token_hash = ?2) OR (?3 IS NOT NULL AND kind = 'token' AND name = ?3))",
    )
    .bind(at)
    .bind(hash)
    .bind(name)
    .execute(conn)
    .await?;
    Ok(done.rows_affected())
}
