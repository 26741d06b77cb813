//! Reading many cases at once: the paged case list and the due list.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Sqlite, SqlitePool};
use ts_rs::TS;

use super::{date_text, instant_text, parse_date, parse_instant, search};
use crate::domain::calendar::office_day_start;
use crate::domain::case::{Channel, Status};
use crate::domain::identity;
use crate::domain::period::DeadlineKind;
use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum SortKey {
    #[default]
    ReceivedAt,
    CaseNo,
    NextDue,
    Status,
}

/// Filters, order and page of the case list. Every field is optional.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(default)]
#[ts(export)]
pub struct CaseQuery {
    pub statuses: Vec<Status>,
    pub channel: Option<Channel>,
    /// Only cases with an overdue duty.
    pub overdue: bool,
    /// Only cases whose next duty is near due (not yet overdue).
    pub near_due: bool,
    pub received_from: Option<NaiveDate>,
    pub received_to: Option<NaiveDate>,
    /// Administrative division code or its prefix (a county finds its townships).
    pub locality: Option<String>,
    /// The 承办人's account name; an empty one finds the cases given to no one.
    pub handler: Option<String>,
    /// 内容分类, exactly.
    pub matter_type: Option<String>,
    /// Only litigation-related cases (`true`) or only the others (`false`).
    pub litigation_related: Option<bool>,
    pub text: Option<String>,
    pub sort: SortKey,
    pub descending: bool,
    /// 1-based.
    pub page: u32,
    pub page_size: u32,
}

/// What the list shows of a case.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseSummary {
    pub case_no: String,
    /// The office that owns the case: another office's cases arrive by sync and are read-only.
    pub office_code: String,
    pub channel: Channel,
    pub received_at: chrono::DateTime<chrono::Utc>,
    pub received_on: NaiveDate,
    pub first_petitioner: String,
    /// The first petitioner's ID number with the middle masked.
    pub first_id_masked: Option<String>,
    pub title: String,
    pub locality_name: String,
    pub status: Status,
    pub next_due_on: Option<NaiveDate>,
    pub next_due_kind: Option<DeadlineKind>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CasePage {
    pub items: Vec<CaseSummary>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
}

pub const DEFAULT_PAGE_SIZE: u32 = 50;
const MAX_PAGE_SIZE: u32 = 1000;

/// Dates that bound "overdue" and "near due" for the list filters.
pub struct DueBounds {
    pub today: NaiveDate,
    /// The last due date that counts as near due.
    pub near_until: NaiveDate,
}

/// From this many matches on, the page is read by walking the sort order's index and testing
/// each case against the filters, instead of collecting every match through a filter's index
/// and sorting them all. Without a histogram of the columns (SQLite is built without STAT4)
/// the planner guesses a status or a channel matches few cases, while one can match nearly
/// all of them (docs/performance.md, Desktop).
const WALK_SORT_INDEX_FROM: i64 = 2000;

/// `walk`: keep the filters off their indexes (SQLite's unary `+`), so that the planner walks
/// the sort order's index (see `WALK_SORT_INDEX_FROM`). A received-between filter is the range
/// of receipt instants those office dates span (`office_day_start`): the received_at index
/// counts and finds it, and a walk in receipt order starts and stops inside it.
fn push_filters(qb: &mut QueryBuilder<'_, Sqlite>, q: &CaseQuery, bounds: &DueBounds, walk: bool) {
    let c = if walk && q.sort != SortKey::ReceivedAt {
        "+c."
    } else {
        "c."
    };
    qb.push(" WHERE 1 = 1");
    if let Some(from) = q.received_from {
        qb.push(format!(" AND {c}received_at >= "))
            .push_bind(instant_text(office_day_start(from)));
    }
    if let Some(to) = q.received_to.and_then(|d| d.succ_opt()) {
        qb.push(format!(" AND {c}received_at < "))
            .push_bind(instant_text(office_day_start(to)));
    }
    let c = if walk { "+c." } else { "c." };
    if !q.statuses.is_empty() {
        qb.push(format!(" AND {c}status IN ("));
        let mut sep = qb.separated(", ");
        for s in &q.statuses {
            sep.push_bind(s.as_str());
        }
        qb.push(")");
    }
    if let Some(ch) = q.channel {
        qb.push(format!(" AND {c}channel = "))
            .push_bind(ch.as_str());
    }
    if q.overdue {
        qb.push(format!(" AND {c}next_due_on < "))
            .push_bind(date_text(bounds.today));
    }
    if q.near_due {
        qb.push(format!(" AND {c}next_due_on >= "))
            .push_bind(date_text(bounds.today))
            .push(format!(" AND {c}next_due_on <= "))
            .push_bind(date_text(bounds.near_until));
    }
    if let Some(loc) = q
        .locality
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        qb.push(format!(" AND {c}locality_code LIKE "))
            .push_bind(format!("{loc}%"));
    }
    match q.handler.as_deref().map(str::trim) {
        Some("") => {
            qb.push(format!(" AND {c}handler IS NULL"));
        }
        Some(name) => {
            qb.push(format!(" AND {c}handler = "))
                .push_bind(name.to_string());
        }
        None => {}
    }
    if let Some(t) = q
        .matter_type
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        qb.push(format!(" AND {c}matter_type = "))
            .push_bind(t.to_string());
    }
    if let Some(l) = q.litigation_related {
        qb.push(format!(" AND {c}litigation_related = "))
            .push_bind(l);
    }
    if let Some(text) = q.text.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        // Only punctuation typed: nothing can match it.
        qb.push(" AND (0");
        if let Some(fts) = search::query(text) {
            qb.push(format!(
                " OR {c}row_no IN (SELECT rowid FROM case_search WHERE case_search MATCH "
            ))
            .push_bind(fts)
            .push(")");
        }
        // ID numbers stay out of the text index (it is not masked): found whole, or by their tail.
        if let Some(id) = identity::search_fragment(text) {
            qb.push(format!(
                " OR {c}id IN (SELECT case_id FROM petitioners WHERE id_number "
            ));
            if id.len() == identity::ID_LEN {
                qb.push("= ").push_bind(id);
            } else {
                qb.push("LIKE ").push_bind(format!("%{id}"));
            }
            qb.push(")");
        }
        qb.push(")");
    }
}

type SummaryRow = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
);

/// One page of the list: the filters, then `tail` (a further condition and the ORDER BY).
async fn page_rows(
    pool: &SqlitePool,
    q: &CaseQuery,
    bounds: &DueBounds,
    walk: bool,
    tail: &str,
    limit: i64,
    offset: i64,
) -> Result<Vec<SummaryRow>, Error> {
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT c.case_no, c.channel, c.received_at, c.received_on, p.name, p.id_number,
                c.title, c.locality_name, c.status, c.next_due_on, c.next_due_kind,
                c.office_code
         FROM cases c LEFT JOIN petitioners p ON p.case_id = c.id AND p.seq = 0",
    );
    push_filters(&mut qb, q, bounds, walk);
    qb.push(" AND ").push(tail);
    qb.push(" LIMIT ")
        .push_bind(limit)
        .push(" OFFSET ")
        .push_bind(offset);
    Ok(qb.build_query_as().fetch_all(pool).await?)
}

pub async fn list(pool: &SqlitePool, q: &CaseQuery, bounds: &DueBounds) -> Result<CasePage, Error> {
    let page_size = match q.page_size {
        0 => DEFAULT_PAGE_SIZE,
        n => n.min(MAX_PAGE_SIZE),
    };
    let page = q.page.max(1);

    let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM cases c");
    push_filters(&mut count, q, bounds, false);
    let total: i64 = count.build_query_scalar().fetch_one(pool).await?;
    let walk = total >= WALK_SORT_INDEX_FROM;
    let limit = i64::from(page_size);
    let offset = i64::from(page - 1) * i64::from(page_size);
    let dir = if q.descending { "DESC" } else { "ASC" };

    let rows: Vec<SummaryRow> = if walk && q.sort == SortKey::NextDue {
        // Cases without a duty go last whichever the direction. An `IS NULL` term in the
        // ORDER BY keeps SQLite off `cases_next_due`, so the cases with a deadline are read
        // through that index first, then, if the page reaches past them, those without.
        let mut rows = page_rows(
            pool,
            q,
            bounds,
            true,
            &format!("c.next_due_on IS NOT NULL ORDER BY c.next_due_on {dir}, c.case_no"),
            limit,
            offset,
        )
        .await?;
        if (rows.len() as i64) < limit {
            let with_due = if rows.is_empty() {
                let mut count = QueryBuilder::<Sqlite>::new("SELECT COUNT(*) FROM cases c");
                push_filters(&mut count, q, bounds, false);
                count.push(" AND c.next_due_on IS NOT NULL");
                count.build_query_scalar().fetch_one(pool).await?
            } else {
                offset + rows.len() as i64
            };
            rows.extend(
                page_rows(
                    pool,
                    q,
                    bounds,
                    false,
                    "c.next_due_on IS NULL ORDER BY c.case_no",
                    limit - rows.len() as i64,
                    (offset - with_due).max(0),
                )
                .await?,
            );
        }
        rows
    } else {
        let order = match q.sort {
            SortKey::ReceivedAt => format!("c.received_at {dir}, c.case_no {dir}"),
            SortKey::CaseNo => format!("c.case_no {dir}"),
            // Cases without a duty go last whichever the direction.
            SortKey::NextDue => format!("c.next_due_on IS NULL, c.next_due_on {dir}, c.case_no"),
            SortKey::Status => format!("c.status {dir}, c.received_at DESC"),
        };
        let walk = walk && matches!(q.sort, SortKey::ReceivedAt | SortKey::CaseNo);
        page_rows(
            pool,
            q,
            bounds,
            walk,
            &format!("1 ORDER BY {order}"),
            limit,
            offset,
        )
        .await?
    };
    let items = rows
        .into_iter()
        .map(|r| {
            Ok(CaseSummary {
                channel: Channel::parse(&r.1)
                    .ok_or_else(|| Error::Corrupt(format!("渠道“{}”", r.1)))?,
                received_at: parse_instant(&r.2)?,
                received_on: parse_date(&r.3)?,
                first_petitioner: r.4.unwrap_or_default(),
                first_id_masked: r.5.as_deref().map(identity::mask),
                title: r.6,
                locality_name: r.7,
                status: Status::parse(&r.8)
                    .ok_or_else(|| Error::Corrupt(format!("状态“{}”", r.8)))?,
                next_due_on: r.9.as_deref().map(parse_date).transpose()?,
                next_due_kind: r.10.as_deref().and_then(DeadlineKind::parse),
                office_code: r.11,
                case_no: r.0,
            })
        })
        .collect::<Result<Vec<_>, Error>>()?;
    Ok(CasePage {
        items,
        total,
        page,
        page_size,
    })
}

/// An open duty deadline due by `until`, with its case.
#[derive(Debug, Clone)]
pub struct DueRow {
    pub case_no: String,
    pub title: String,
    pub status: Status,
    pub first_petitioner: String,
    pub kind: DeadlineKind,
    pub due_on: NaiveDate,
    pub explanation: String,
    /// Counted by a period rule (not a date someone set): it moves with the calendar.
    pub counted: bool,
    /// The organ that owes it, when not this office (a forwarded or assigned matter).
    pub owed_by: Option<String>,
}

/// Binds the open duty deadlines due in `[from, until]` (no lower bound without `from`).
fn push_open_duties(qb: &mut QueryBuilder<'_, Sqlite>, from: Option<NaiveDate>, until: NaiveDate) {
    qb.push(" d.met_on IS NULL AND d.due_on <= ")
        .push_bind(date_text(until));
    if let Some(from) = from {
        qb.push(" AND d.due_on >= ").push_bind(date_text(from));
    }
    qb.push(" AND d.kind IN (");
    let mut sep = qb.separated(", ");
    for k in DeadlineKind::ALL.into_iter().filter(|k| k.is_duty()) {
        sep.push_bind(k.as_str());
    }
    qb.push(")");
}

/// Open duty deadlines due in `[from, until]`, earliest first.
pub async fn due_between(
    pool: &SqlitePool,
    from: Option<NaiveDate>,
    until: NaiveDate,
    limit: u32,
) -> Result<Vec<DueRow>, Error> {
    // Ordered by due date, then case number. The date of the `limit`-th deadline (a walk of
    // the date index) bounds the rows to sort: sorting every open deadline up to `until` by
    // case number took most of the due list's time at 100 000 overdue cases.
    let mut qb = QueryBuilder::<Sqlite>::new(
        "SELECT c.case_no, c.title, c.status, COALESCE(p.name, ''), d.kind, d.due_on, d.explanation,
                json_extract(d.basis, '$.basis') = 'period',
                json_extract(c.progress, '$.disposal.authority.name')
         FROM deadlines d JOIN cases c ON c.id = d.case_id
         LEFT JOIN petitioners p ON p.case_id = c.id AND p.seq = 0
         WHERE d.due_on <= COALESCE((SELECT d.due_on FROM deadlines d WHERE",
    );
    push_open_duties(&mut qb, from, until);
    qb.push(" ORDER BY d.due_on LIMIT 1 OFFSET ")
        .push_bind(i64::from(limit.max(1)) - 1)
        .push("), ")
        .push_bind(date_text(until))
        .push(") AND");
    push_open_duties(&mut qb, from, until);
    qb.push(" ORDER BY d.due_on, c.case_no LIMIT ")
        .push_bind(i64::from(limit));
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        bool,
        Option<String>,
    );
    let rows: Vec<Row> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(
            |(
                case_no,
                title,
                status,
                first_petitioner,
                kind,
                due_on,
                explanation,
                counted,
                organ,
            )| {
                let kind = DeadlineKind::parse(&kind)
                    .ok_or_else(|| Error::Corrupt(format!("期限类型“{kind}”")))?;
                Ok(DueRow {
                    status: Status::parse(&status)
                        .ok_or_else(|| Error::Corrupt(format!("状态“{status}”")))?,
                    owed_by: organ.filter(|_| kind.is_organs()),
                    kind,
                    due_on: parse_date(&due_on)?,
                    case_no,
                    title,
                    first_petitioner,
                    explanation,
                    counted,
                })
            },
        )
        .collect()
}

/// How many open duties fall due on each day of `[from, until]` that has any.
pub async fn due_per_day(
    pool: &SqlitePool,
    from: NaiveDate,
    until: NaiveDate,
) -> Result<Vec<(NaiveDate, i64)>, Error> {
    let mut qb = QueryBuilder::<Sqlite>::new("SELECT d.due_on, COUNT(*) FROM deadlines d WHERE");
    push_open_duties(&mut qb, Some(from), until);
    qb.push(" GROUP BY d.due_on ORDER BY d.due_on");
    let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(pool).await?;
    rows.into_iter()
        .map(|(day, n)| Ok((parse_date(&day)?, n)))
        .collect()
}

/// How many cases' nearest duty is due before `today`, and how many in `[today, near_until]`:
/// the cases the list's 超期 and 临期 filters find (件, not deadlines).
pub async fn due_counts(pool: &SqlitePool, bounds: &DueBounds) -> Result<(i64, i64), Error> {
    let today = date_text(bounds.today);
    let overdue = sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE next_due_on < ?")
        .bind(&today)
        .fetch_one(pool);
    let near = sqlx::query_scalar(
        "SELECT COUNT(*) FROM cases WHERE next_due_on >= ? AND next_due_on <= ?",
    )
    .bind(&today)
    .bind(date_text(bounds.near_until))
    .fetch_one(pool);
    Ok(tokio::try_join!(overdue, near)?)
}

pub async fn count_status(pool: &SqlitePool, status: Status) -> Result<i64, Error> {
    Ok(
        sqlx::query_scalar("SELECT COUNT(*) FROM cases WHERE status = ?")
            .bind(status.as_str())
            .fetch_one(pool)
            .await?,
    )
}
