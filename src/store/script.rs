//! Several statements sent to SQLite as few queries.
//!
//! sqlx runs every query on the connection's worker thread, and each round trip costs a
//! thread hand-off, more than the insert itself (docs/performance.md, Store). A script joins
//! the small statements of one change (case, search terms, petitioners, deadlines, timeline
//! event, change log) into one query; sqlx binds the arguments statement by statement in
//! order, so each statement keeps plain `?` placeholders.
//!
//! A batch's multi-row statements are large: each runs as a query of its own, so that its
//! prepared form is reused by the next batch of the same size instead of a new text parsed and
//! cached for every batch (docs/performance.md, Sync).

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use crate::Error;

/// Rows per multi-row INSERT: well under SQLite's 32 766 bound parameters per statement for
/// every table.
pub const ROWS_PER_STATEMENT: usize = 400;

/// A query whose text has grown past this takes no further statements.
const JOIN_SQL_BYTES: usize = 8 * 1024;

#[derive(Default)]
pub struct Script<'args> {
    queries: Vec<QueryBuilder<'args, Sqlite>>,
}

impl<'args> Script<'args> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Starts the next statement with `sql`; push its values on the returned builder.
    pub fn statement(&mut self, sql: &str) -> &mut QueryBuilder<'args, Sqlite> {
        match self.queries.last_mut() {
            Some(q) if q.sql().len() < JOIN_SQL_BYTES => {
                q.push(";\n").push(sql);
            }
            _ => self.queries.push(QueryBuilder::new(sql)),
        }
        self.queries.last_mut().expect("a query was just pushed")
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

    /// Runs every statement in order; the first failure stops the rest and is returned
    /// (the caller's transaction then rolls back all of it).
    pub async fn run(mut self, conn: &mut SqliteConnection) -> Result<(), Error> {
        for q in &mut self.queries {
            q.build().execute(&mut *conn).await?;
        }
        Ok(())
    }
}
