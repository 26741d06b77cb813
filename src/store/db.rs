//! Opening the office database: WAL, full fsync on commit, foreign keys, migrations.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Sqlite, SqlitePool, Transaction};
use tokio::sync::mpsc;

use crate::Error;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// An opened office database: readers share a small pool; writes go through one connection.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: SqlitePool,
    /// The one connection write transactions use: in WAL mode a connection drops its page cache
    /// whenever another one committed, so one writer keeps it warm (docs/performance.md, Store).
    writer: SqlitePool,
    /// Wakes the checkpointer (see [`checkpointer`]), which ends with the last `Db`.
    checkpoints: mpsc::Sender<()>,
    pub path: PathBuf,
    /// A file that may not be written (its permissions, read-only media): it is opened for
    /// reading, and every write is refused before it starts.
    read_only: bool,
}

/// Pages the writer keeps in memory (negative: KiB). 16 MiB holds the hot index pages
/// of a 100 000-case office; the default 2 MiB evicts them between registrations.
const CACHE_KIB: &str = "-16384";

/// Pages each reader keeps: fewer than the writer's, as the readers' caches count in the desktop
/// app's memory and a list page is as fast with these (docs/performance.md, Desktop).
const READER_CACHE_KIB: &str = "-4096";

/// What is left of the WAL file after a checkpoint (see `journal_size_limit` below).
const WAL_KEPT_BYTES: &str = "67108864";

/// The writer checkpoints the WAL itself only when it has grown this long (4 KiB pages): a
/// backstop, for when the checkpointer falls behind.
const WRITER_CHECKPOINT_PAGES: &str = "8192";

/// How much of the database file the writer maps instead of copying each page with `pread`
/// (beyond it, read as usual; docs/performance.md, Store). Readers keep `pread`: mapped pages
/// would count in the desktop app's memory.
const WRITER_MMAP_BYTES: &str = "1073741824";

/// How long the checkpointer lets commits gather before it copies them into the database.
const CHECKPOINT_AFTER: Duration = Duration::from_millis(100);

/// Copies committed WAL pages back into the database file on a reader connection, so that no
/// commit pays for a checkpoint, as with SQLite's automatic one (docs/performance.md, Store).
/// A passive checkpoint never blocks the writer or the readers; one that fails leaves the pages
/// in the WAL for the next, or for the writer's backstop.
///
/// Woken when a write transaction begins, it goes on every `CHECKPOINT_AFTER` while the
/// writer's connection is out of its pool (the transaction still running) or the WAL holds
/// committed pages not yet in the database file: the last transaction is copied too, and
/// readers do not look pages up in a long WAL once the writes are over.
async fn checkpointer(readers: SqlitePool, writer: SqlitePool, mut requests: mpsc::Receiver<()>) {
    while requests.recv().await.is_some() {
        loop {
            tokio::time::sleep(CHECKPOINT_AFTER).await;
            let _ = requests.try_recv();
            if readers.is_closed() {
                return;
            }
            // Read before the checkpoint: a transaction that commits during it is still seen.
            let was_writing = writing(&writer);
            let done: Result<(i64, i64, i64), _> = sqlx::query_as("PRAGMA wal_checkpoint(PASSIVE)")
                .fetch_one(&readers)
                .await;
            match done {
                Ok((_, in_wal, copied)) if in_wal > copied || was_writing => continue,
                Err(e) if busy(&e) => continue,
                _ => break,
            }
        }
    }
}

/// Whether the writer's connection is out of its pool: a write transaction is running.
fn writing(writer: &SqlitePool) -> bool {
    writer.size() as usize > writer.num_idle()
}

/// SQLITE_BUSY or SQLITE_LOCKED (any extended code): another checkpoint, the writer's backstop
/// or a CLI process's, held the WAL for a moment; the next round copies the pages.
fn busy(e: &sqlx::Error) -> bool {
    let code = e.as_database_error().and_then(|d| d.code());
    code.and_then(|c| c.parse::<i32>().ok())
        .is_some_and(|c| matches!(c & 0xff, 5 | 6))
}

/// What SQLite's header says of an office database (`PRAGMA application_id`, "XFDS"): another
/// program's SQLite file is told apart before anything is written to it.
pub const APPLICATION_ID: i32 = 0x5846_4453;

/// Whether opening may make a new office database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenMode {
    /// `init`, `demo`, the app's first start: a missing file becomes a new office database.
    Create,
    /// Everything else: the file must exist and be an office database.
    Existing,
}

/// Refuses a path that is not an office database before anything is created or migrated.
async fn check_existing(path: &Path, mode: OpenMode) -> Result<(), Error> {
    let exists = path.is_file() && std::fs::metadata(path)?.len() > 0;
    if !exists {
        if mode == OpenMode::Existing {
            return Err(Error::NoDatabase(path.to_path_buf()));
        }
        return Ok(());
    }
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .read_only(true);
    let mut conn = sqlx::Connection::connect_with(&options).await?;
    let id: i32 = sqlx::query_scalar("PRAGMA application_id")
        .fetch_one(&mut conn)
        .await
        .map_err(|_| Error::ForeignDatabase(path.to_path_buf()))?;
    // Files made before the id was set carry this program's migrations table and office table.
    let ours_unmarked = id == 0
        && {
            let n: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('_sqlx_migrations', 'office')",
        )
        .fetch_one(&mut conn)
        .await?;
            n == 2
        };
    sqlx::Connection::close(conn).await?;
    if id == APPLICATION_ID || ours_unmarked {
        Ok(())
    } else {
        Err(Error::ForeignDatabase(path.to_path_buf()))
    }
}

/// Opens (creating if needed) the database at `path` and brings its schema up to date.
pub async fn open(path: &Path) -> Result<Db, Error> {
    open_as(path, OpenMode::Create).await
}

/// Opens the database at `path` as `mode` allows, and brings its schema up to date.
pub async fn open_as(path: &Path, mode: OpenMode) -> Result<Db, Error> {
    check_existing(path, mode).await?;
    if path.is_file() && std::fs::metadata(path)?.permissions().readonly() {
        return open_read_only(path).await;
    }
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
        .busy_timeout(Duration::from_secs(30))
        .pragma("cache_size", CACHE_KIB)
        // Statement journals (a multi-row insert that may have to undo itself) in memory,
        // not in temporary files.
        .pragma("temp_store", "memory")
        // A large transaction (an import) grows the WAL to its size; once checkpointed, the
        // file is cut back to this instead of keeping that size on disk for good.
        .pragma("journal_size_limit", WAL_KEPT_BYTES);
    let writer = SqlitePoolOptions::new()
        .max_connections(1)
        // A local file needs no liveness check, and each one was a round trip to the
        // connection's worker thread before every transaction.
        .test_before_acquire(false)
        .connect_with(
            options
                .clone()
                .pragma("wal_autocheckpoint", WRITER_CHECKPOINT_PAGES)
                .pragma("mmap_size", WRITER_MMAP_BYTES),
        )
        .await?;
    MIGRATOR.run(&writer).await?;
    sqlx::query(&format!("PRAGMA application_id = {APPLICATION_ID}"))
        .execute(&writer)
        .await?;
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .test_before_acquire(false)
        .connect_with(options.pragma("cache_size", READER_CACHE_KIB))
        .await?;
    let (checkpoints, requests) = mpsc::channel(1);
    tokio::spawn(checkpointer(pool.clone(), writer.clone(), requests));
    let db = Db {
        pool,
        writer,
        checkpoints,
        path: path.to_path_buf(),
        read_only: false,
    };
    db.optimize().await?;
    Ok(db)
}

/// Opens a database file that may not be written: reads only, nothing migrated or refreshed.
/// On read-only media SQLite cannot make the WAL's index file beside it, so the file is then
/// read as immutable.
async fn open_read_only(path: &Path) -> Result<Db, Error> {
    let options = SqliteConnectOptions::from_str("sqlite:")?
        .filename(path)
        .read_only(true)
        .foreign_keys(true)
        .pragma("cache_size", READER_CACHE_KIB);
    let connect = |options: SqliteConnectOptions, max: u32| {
        SqlitePoolOptions::new()
            .max_connections(max)
            .test_before_acquire(false)
            .connect_with(options)
    };
    let pool = match connect(options.clone(), 4).await {
        Ok(pool) => pool,
        Err(_) => connect(options.clone().immutable(true), 4).await?,
    };
    let applied: Option<i64> =
        sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
            .fetch_one(&pool)
            .await?;
    let latest = MIGRATOR.iter().map(|m| m.version).max();
    if applied < latest {
        pool.close().await;
        return Err(Error::ReadOnlyOutdated(path.to_path_buf()));
    }
    let (checkpoints, _) = mpsc::channel(1);
    Ok(Db {
        writer: pool.clone(),
        pool,
        checkpoints,
        path: path.to_path_buf(),
        read_only: true,
    })
}

impl Db {
    /// Refuses a write to a database opened read-only, naming the file.
    pub fn writable(&self) -> Result<(), Error> {
        if self.read_only {
            return Err(Error::ReadOnlyDatabase(self.path.clone()));
        }
        Ok(())
    }

    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// SQLite's quick check (the structure of every page, without comparing indexes to their
    /// tables): what it found wrong, nothing when the file is sound.
    pub async fn quick_check(&self) -> Result<Vec<String>, Error> {
        let rows: Vec<String> = sqlx::query_scalar("PRAGMA quick_check")
            .fetch_all(&self.pool)
            .await?;
        Ok(rows.into_iter().filter(|r| r != "ok").collect())
    }

    /// Refreshes the planner's statistics where they are stale (bounded work): without them
    /// SQLite sorts every overdue case for a list page instead of walking the date index.
    pub async fn optimize(&self) -> Result<(), Error> {
        let mut conn = self.pool.acquire().await?;
        sqlx::query("PRAGMA analysis_limit = 1000")
            .execute(&mut *conn)
            .await?;
        sqlx::query("PRAGMA optimize = 0x10002")
            .execute(&mut *conn)
            .await?;
        Ok(())
    }

    /// Closes every connection, waiting for each: the last one to close copies the WAL into
    /// the database file and removes it, so that the file alone is the whole database again
    /// (a copy of it is a complete backup). Connections merely dropped at exit leave that to
    /// the next open.
    pub async fn close(&self) {
        close_pool(&self.writer).await;
        close_pool(&self.pool).await;
        if self.read_only {
            return;
        }
        // A connection may still be closing on its worker thread, and then neither it nor the
        // one before sees itself as the last to close, and the WAL stays. Leaving WAL mode, which
        // SQLite allows only to the one connection left, puts the WAL back into the file and
        // removes it; the next open turns WAL on again.
        let options = SqliteConnectOptions::new().filename(&self.path);
        let Ok(mut conn) =
            <sqlx::SqliteConnection as sqlx::Connection>::connect_with(&options).await
        else {
            return;
        };
        for _ in 0..LAST_CLOSE_TRIES {
            let mode: Result<String, _> = sqlx::query_scalar("PRAGMA journal_mode = DELETE")
                .fetch_one(&mut conn)
                .await;
            if mode.is_ok_and(|m| m.eq_ignore_ascii_case("delete")) {
                break;
            }
            // Another process has the database open (a CLI command): its WAL is its own.
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        let _ = sqlx::Connection::close(conn).await;
    }

    /// A write transaction that takes the write lock at once. A deferred transaction that
    /// reads before it writes fails with SQLITE_BUSY when another writer got in between,
    /// without waiting; IMMEDIATE makes concurrent writers queue on the busy timeout.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Sqlite>, Error> {
        self.writable()?;
        let tx = self.writer.begin_with(BEGIN_WRITE).await?;
        // After the connection left its pool, so that the checkpointer that takes this request
        // sees the transaction running. Full: a request is pending and will see it too.
        let _ = self.checkpoints.try_send(());
        Ok(tx)
    }
}

/// Closes `pool` and returns once none of its connections is open. sqlx 0.8's `Pool::close`
/// may return first: a connection on its way back to the pool lands in the idle queue after the
/// last drain and stays open (launchbadge/sqlx#3217, fixed after 0.8.6); another close takes it.
async fn close_pool(pool: &SqlitePool) {
    pool.close().await;
    while pool.size() > 0 {
        tokio::time::sleep(Duration::from_millis(1)).await;
        pool.close().await;
    }
}

/// How often the close tries to leave WAL mode while a straggler finishes (2 ms apart).
const LAST_CLOSE_TRIES: usize = 50;

/// Every write transaction starts so (see [`Db::begin_write`]).
const BEGIN_WRITE: &str = "BEGIN IMMEDIATE";

/// A write transaction on a connection of its own (an import's, with a larger page cache),
/// started as [`Db::begin_write`] starts them.
pub async fn begin_write_on(
    conn: &mut sqlx::SqliteConnection,
) -> Result<Transaction<'_, Sqlite>, Error> {
    Ok(sqlx::Connection::begin_with(conn, BEGIN_WRITE).await?)
}
