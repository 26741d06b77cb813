//! Several statements sent to SQLite as one query.
//!
//! sqlx runs every query on the connection's worker thread, and each round trip costs a
//! thread hand-off (tens of microseconds, more under load): more than the insert itself. A
//! script joins the statements of one change (case, search terms, petitioners, deadlines,
//! timeline event, change log) into one query; sqlx binds the arguments statement by
//! statement in order, so each statement keeps plain `?` placeholders.

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::Error;

/// Rows per multi-row INSERT: well under SQLite's 32 766 bound parameters per statement for
/// every table.
pub const ROWS_PER_STATEMENT: usize = 400;

pub struct Script<'args> {
    qb: QueryBuilder<'args, Sqlite>,
    statements: usize,
}

impl Default for Script<'_> {
    fn default() -> Self {
        Script {
            qb: QueryBuilder::new(""),
            statements: 0,
        }
    }
}

impl<'args> Script<'args> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts the next statement with `sql`; push its values on the returned builder.
    pub fn statement(&mut self, sql: &str) -> &mut QueryBuilder<'args, Sqlite> {
        if self.statements > 0 {
            self.qb.push(";\n");
        }
        self.statements += 1;
        self.qb.push(sql);
        &mut self.qb
    }

    /// A multi-row INSERT of `rows` in chunks of [`ROWS_PER_STATEMENT`]: `head` is the
    /// `INSERT INTO t (columns) ` part, `push_row` binds one row's values.
    pub fn insert_rows<I, F>(&mut self, head: &str, rows: &'args [I], mut push_row: F)
    where
        F: FnMut(sqlx::query_builder::Separated<'_, 'args, Sqlite, &'static str>, &'args I),
    {
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            self.statement(head).push_values(chunk, &mut push_row);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.statements == 0
    }

    /// Runs every statement in order; the first failure stops the rest and is returned
    /// (the caller's transaction then rolls back all of it).
    pub async fn run(mut self, conn: &mut SqliteConnection) -> Result<(), Error> {
        if self.statements > 0 {
            self.qb.build().execute(conn).await?;
        }
        Ok(())
    }
}
