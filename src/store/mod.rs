//! SQLite through sqlx: the only place with SQL. One file per table family.

pub mod accounts;
pub mod attachments;
pub mod calendar;
pub mod cases;
pub mod chain;
pub mod channels;
pub mod db;
pub mod disclosures;
pub mod documents;
pub mod events;
pub mod office;
pub mod query;
pub mod repeats;
pub mod script;
pub mod search;
pub mod settings;
pub mod supervision;
pub mod sync;

pub use db::{open, open_as, Db, OpenMode};

use chrono::{DateTime, NaiveDate, Utc};

/// Dates and instants are stored as ISO text: sortable, readable in any SQLite tool.
pub(crate) fn date_text(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub(crate) fn parse_date(s: &str) -> Result<NaiveDate, crate::Error> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| crate::Error::Corrupt(format!("日期“{s}”无法解析：{e}")))
}

pub(crate) fn instant_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Micros, true)
}

pub(crate) fn parse_instant(s: &str) -> Result<DateTime<Utc>, crate::Error> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| crate::Error::Corrupt(format!("时间“{s}”无法解析：{e}")))
}

/// Ids per ` IN (…)` lookup ([`in_list`]): well under SQLite's bound-parameter limit.
pub(crate) const IN_LIST_BATCH: usize = 256;

/// ` IN (?, ?, …)` with `ids` bound: the lookups that read a batch of records at once.
pub(crate) fn in_list(qb: &mut sqlx::QueryBuilder<'_, sqlx::Sqlite>, ids: &[String]) {
    qb.push(" IN (");
    let mut sep = qb.separated(", ");
    for id in ids {
        sep.push_bind(id.clone());
    }
    sep.push_unseparated(")");
}
