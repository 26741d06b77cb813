//! Opening the office database: WAL, full fsync on commit, foreign keys, migrations.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};

use crate::Error;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// An opened office database.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: SqlitePool,
    pub path: PathBuf,
}

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub async fn open(path: &Path) -> Result<Db, Error> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        // An acknowledged registration must survive power loss: FULL syncs the WAL on
        // every commit (NORMAL would only guarantee consistency, not durability).
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // The desktop app and a scheduled CLI export may write at the same time.
        .busy_timeout(Duration::from_secs(30));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(Db {
        pool,
        path: path.to_path_buf(),
    })
}

impl Db {
    /// A write transaction that takes the write lock at once. A deferred transaction that
    /// reads before it writes fails with SQLITE_BUSY when another writer got in between,
    /// without waiting; IMMEDIATE makes concurrent writers queue on the busy timeout.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, Error> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }
}
