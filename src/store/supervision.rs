//! What the supervision triggers read: the cases they may fire on, the later petitions on them,
//! and the suggestions the office dismissed.

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::{date_text, parse_date};
use crate::domain::period::DeadlineKind;
use crate::domain::supervision::{LaterPetition, SupervisionTrigger};
use crate::Error;

/// The office's own cases a trigger may fire on today: an open duty past its date, a
/// dissatisfied rating, or a later petition naming it as the earlier case.
pub async fn candidate_ids(
    conn: &mut SqliteConnection,
    office_code: &str,
    today: NaiveDate,
    limit: u32,
) -> Result<Vec<String>, Error> {
    let mut qb = QueryBuilder::<Sqlite>::new("SELECT id FROM cases WHERE office_code = ");
    qb.push_bind(office_code)
        .push(" AND (id IN (SELECT case_id FROM deadlines WHERE met_on IS NULL AND due_on < ")
        .push_bind(date_text(today))
        .push(" AND kind IN (");
    let mut sep = qb.separated(", ");
    for k in DeadlineKind::ALL.into_iter().filter(|k| k.is_duty()) {
        sep.push_bind(k.as_str());
    }
    qb.push(")) OR json_extract(progress, '$.satisfaction') = 'dissatisfied'")
        .push(" OR case_no IN (SELECT repeat_of FROM cases WHERE repeat_of IS NOT NULL))")
        .push(" ORDER BY next_due_on, case_no LIMIT ")
        .push_bind(i64::from(limit));
    Ok(qb.build_query_scalar().fetch_all(conn).await?)
}

/// The later petitions naming each of `case_nos` as their earlier case, oldest first.
pub async fn later_petitions(
    conn: &mut SqliteConnection,
    case_nos: &[String],
) -> Result<HashMap<String, Vec<LaterPetition>>, Error> {
    let mut out: HashMap<String, Vec<LaterPetition>> = HashMap::new();
    for chunk in case_nos.chunks(super::IN_LIST_BATCH) {
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT repeat_of, case_no, received_on FROM cases WHERE repeat_of",
        );
        super::in_list(&mut qb, chunk);
        qb.push(" ORDER BY received_on, case_no");
        let rows: Vec<(String, String, String)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        for (earlier, case_no, on) in rows {
            out.entry(earlier).or_default().push(LaterPetition {
                case_no,
                received_on: parse_date(&on)?,
            });
        }
    }
    Ok(out)
}

/// The dismissed suggestions of each of `case_ids`.
pub async fn dismissed(
    conn: &mut SqliteConnection,
    case_ids: &[String],
) -> Result<HashMap<String, Vec<(SupervisionTrigger, String)>>, Error> {
    let mut rows: Vec<(String, String, String)> = Vec::new();
    for chunk in case_ids.chunks(super::IN_LIST_BATCH) {
        let mut qb = QueryBuilder::<Sqlite>::new(
            "SELECT case_id, trigger_kind, basis FROM supervision_dismissals WHERE case_id",
        );
        super::in_list(&mut qb, chunk);
        rows.extend(qb.build_query_as().fetch_all(&mut *conn).await?);
    }
    let mut out: HashMap<String, Vec<(SupervisionTrigger, String)>> = HashMap::new();
    for (case_id, trigger, basis) in rows {
        let trigger = SupervisionTrigger::parse(&trigger)
            .ok_or_else(|| Error::Corrupt(format!("未知的督办触发条件“{trigger}”")))?;
        out.entry(case_id).or_default().push((trigger, basis));
    }
    Ok(out)
}

pub struct Dismissal<'a> {
    pub case_id: &'a str,
    pub trigger: SupervisionTrigger,
    pub basis: &'a str,
    pub reason: &'a str,
    pub by: &'a str,
    pub at: &'a str,
}

/// Records a dismissal; dismissing the same suggestion again keeps the first.
pub async fn dismiss(conn: &mut SqliteConnection, d: &Dismissal<'_>) -> Result<bool, Error> {
    let done = sqlx::query(
        "INSERT INTO supervision_dismissals
             (case_id, trigger_kind, basis, reason, dismissed_by, dismissed_at)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
    )
    .bind(d.case_id)
    .bind(d.trigger.as_str())
    .bind(d.basis)
    .bind(d.reason)
    .bind(d.by)
    .bind(d.at)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The office's cases that were ever supervised, newest supervision first.
pub async fn supervised_ids(
    conn: &mut SqliteConnection,
    office_code: &str,
) -> Result<Vec<String>, Error> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM cases WHERE office_code = ?
           AND json_array_length(progress, '$.supervisions') > 0
         ORDER BY json_extract(progress, '$.supervisions[#-1].on') DESC, case_no",
    )
    .bind(office_code)
    .fetch_all(conn)
    .await?)
}
