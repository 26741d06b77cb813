//! Cases with their petitioners and deadlines: one row each, rewritten as a whole per change.

use sqlx::{SqliteConnection, SqliteExecutor};
use uuid::Uuid;

use super::{date_text, instant_text, parse_date, parse_instant, search};
use crate::domain::case::{Case, Channel, Locality, Petitioner, Purpose, Status};
use crate::domain::identity;
use crate::domain::period::{Deadline, DeadlineKind};
use crate::Error;

fn to_json<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_string(v).expect("domain types serialise to JSON")
}

fn from_json<T: serde::de::DeserializeOwned>(what: &str, s: &str) -> Result<T, Error> {
    serde_json::from_str(s).map_err(|e| Error::Corrupt(format!("{what}：{e}")))
}

/// Writes a new case with everything hanging off it.
pub async fn insert(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    let next = case.next_duty();
    let row_no: i64 = sqlx::query_scalar(
        "INSERT INTO cases (id, office_code, case_no, channel, status, received_at, received_on,
            title, content, locality_code, locality_name, matter_type, purpose, litigation_related,
            authority, repeat_of, handler, visit, letter, progress, next_due_on, next_due_kind,
            version, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING row_no",
    )
    .bind(case.id.to_string())
    .bind(&case.office_code)
    .bind(&case.case_no)
    .bind(case.channel.as_str())
    .bind(case.status.as_str())
    .bind(instant_text(case.received_at))
    .bind(date_text(case.received_on))
    .bind(&case.title)
    .bind(&case.content)
    .bind(&case.locality.code)
    .bind(&case.locality.name)
    .bind(&case.matter_type)
    .bind(case.purpose.as_str())
    .bind(case.litigation_related)
    .bind(&case.authority)
    .bind(&case.repeat_of)
    .bind(&case.handler)
    .bind(case.visit.as_ref().map(to_json))
    .bind(case.letter.as_ref().map(to_json))
    .bind(to_json(&case.progress))
    .bind(next.map(|d| date_text(d.due_on)))
    .bind(next.map(|d| d.kind.as_str()))
    .bind(case.version)
    .bind(instant_text(case.created_at))
    .bind(instant_text(case.updated_at))
    .fetch_one(&mut *conn)
    .await?;
    write_petitioners(conn, case).await?;
    write_deadlines(conn, case).await?;
    let (grams, chars) = search::index_terms(&search_text(case));
    sqlx::query("INSERT INTO case_search (rowid, grams, chars) VALUES (?, ?, ?)")
        .bind(row_no)
        .bind(grams)
        .bind(chars)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Writes the changed state of an existing case. The workflow changes status, progress
/// and deadlines only; the registered facts stay as they were.
pub async fn update(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    let next = case.next_duty();
    let done = sqlx::query(
        "UPDATE cases SET status = ?, progress = ?, next_due_on = ?, next_due_kind = ?,
            version = ?, updated_at = ?
         WHERE id = ? AND version = ?",
    )
    .bind(case.status.as_str())
    .bind(to_json(&case.progress))
    .bind(next.map(|d| date_text(d.due_on)))
    .bind(next.map(|d| d.kind.as_str()))
    .bind(case.version)
    .bind(instant_text(case.updated_at))
    .bind(case.id.to_string())
    .bind(case.version - 1)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() != 1 {
        return Err(Error::Corrupt(format!(
            "信访件{}已被其他操作修改，请刷新后重试",
            case.case_no
        )));
    }
    write_deadlines(conn, case).await?;
    Ok(())
}

async fn write_petitioners(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    for (i, p) in case.petitioners.iter().enumerate() {
        sqlx::query(
            "INSERT INTO petitioners (case_id, seq, office_code, name, id_number, phone, address, representative)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(case.id.to_string())
        .bind(i as i64)
        .bind(&case.office_code)
        .bind(&p.name)
        .bind(&p.id_number)
        .bind(&p.phone)
        .bind(&p.address)
        .bind(p.representative)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn write_deadlines(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    sqlx::query("DELETE FROM deadlines WHERE case_id = ?")
        .bind(case.id.to_string())
        .execute(&mut *conn)
        .await?;
    for (i, d) in case.deadlines.iter().enumerate() {
        sqlx::query(
            "INSERT INTO deadlines (case_id, seq, kind, start_on, due_on, basis, explanation, skipped, met_on)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(case.id.to_string())
        .bind(i as i64)
        .bind(d.kind.as_str())
        .bind(date_text(d.start_on))
        .bind(date_text(d.due_on))
        .bind(to_json(&d.basis))
        .bind(&d.explanation)
        .bind(to_json(&d.skipped))
        .bind(d.met_on.map(date_text))
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

fn search_text(case: &Case) -> String {
    let mut text = format!(
        "{} {} {} {} {}",
        case.case_no, case.title, case.content, case.locality.name, case.matter_type
    );
    for p in &case.petitioners {
        text.push(' ');
        text.push_str(&p.name);
        if let Some(phone) = &p.phone {
            text.push(' ');
            text.push_str(phone);
        }
    }
    text
}

#[derive(sqlx::FromRow)]
struct CaseRow {
    id: String,
    office_code: String,
    case_no: String,
    channel: String,
    status: String,
    received_at: String,
    received_on: String,
    title: String,
    content: String,
    locality_code: String,
    locality_name: String,
    matter_type: String,
    purpose: String,
    litigation_related: bool,
    authority: Option<String>,
    repeat_of: Option<String>,
    handler: Option<String>,
    visit: Option<String>,
    letter: Option<String>,
    progress: String,
    version: i64,
    created_at: String,
    updated_at: String,
}

const CASE_COLUMNS: &str = "id, office_code, case_no, channel, status, received_at, received_on,
    title, content, locality_code, locality_name, matter_type, purpose, litigation_related,
    authority, repeat_of, handler, visit, letter, progress, version, created_at, updated_at";

/// Loads a whole case by its number, or `None`.
pub async fn load_by_no(conn: &mut SqliteConnection, case_no: &str) -> Result<Option<Case>, Error> {
    let row: Option<CaseRow> = sqlx::query_as(&format!(
        "SELECT {CASE_COLUMNS} FROM cases WHERE case_no = ?"
    ))
    .bind(case_no)
    .fetch_optional(&mut *conn)
    .await?;
    match row {
        Some(row) => Ok(Some(assemble(conn, row).await?)),
        None => Ok(None),
    }
}

/// The status of a case by number, for rules that look at an earlier case.
pub async fn status_of<'e>(
    ex: impl SqliteExecutor<'e>,
    case_no: &str,
) -> Result<Option<Status>, Error> {
    let s: Option<String> = sqlx::query_scalar("SELECT status FROM cases WHERE case_no = ?")
        .bind(case_no)
        .fetch_optional(ex)
        .await?;
    s.map(|s| Status::parse(&s).ok_or_else(|| Error::Corrupt(format!("状态“{s}”"))))
        .transpose()
}

async fn assemble(conn: &mut SqliteConnection, row: CaseRow) -> Result<Case, Error> {
    let petitioners: Vec<PetitionerRow> = sqlx::query_as(
        "SELECT name, id_number, phone, address, representative FROM petitioners
         WHERE case_id = ? ORDER BY seq",
    )
    .bind(&row.id)
    .fetch_all(&mut *conn)
    .await?;
    let deadlines = load_deadlines(conn, &row.id).await?;
    let corrupt = |what: &str, v: &str| Error::Corrupt(format!("{}的{what}“{v}”", row.case_no));
    Ok(Case {
        id: Uuid::parse_str(&row.id).map_err(|_| corrupt("编号", &row.id))?,
        office_code: row.office_code.clone(),
        case_no: row.case_no.clone(),
        channel: Channel::parse(&row.channel).ok_or_else(|| corrupt("渠道", &row.channel))?,
        status: Status::parse(&row.status).ok_or_else(|| corrupt("状态", &row.status))?,
        received_at: parse_instant(&row.received_at)?,
        received_on: parse_date(&row.received_on)?,
        petitioners: petitioners
            .into_iter()
            .map(|p| Petitioner {
                name: p.name,
                id_number: p.id_number,
                phone: p.phone,
                address: p.address,
                representative: p.representative,
            })
            .collect(),
        visit: row
            .visit
            .as_deref()
            .map(|v| from_json("visit", v))
            .transpose()?,
        letter: row
            .letter
            .as_deref()
            .map(|v| from_json("letter", v))
            .transpose()?,
        title: row.title,
        content: row.content,
        locality: Locality {
            code: row.locality_code,
            name: row.locality_name,
        },
        matter_type: row.matter_type,
        purpose: Purpose::parse(&row.purpose).ok_or_else(|| corrupt("目的", &row.purpose))?,
        litigation_related: row.litigation_related,
        authority: row.authority,
        repeat_of: row.repeat_of,
        handler: row.handler,
        progress: from_json("progress", &row.progress)?,
        deadlines,
        version: row.version,
        created_at: parse_instant(&row.created_at)?,
        updated_at: parse_instant(&row.updated_at)?,
    })
}

#[derive(sqlx::FromRow)]
struct PetitionerRow {
    name: String,
    id_number: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    representative: bool,
}

#[derive(sqlx::FromRow)]
struct DeadlineRow {
    kind: String,
    start_on: String,
    due_on: String,
    basis: String,
    explanation: String,
    skipped: String,
    met_on: Option<String>,
}

async fn load_deadlines(
    conn: &mut SqliteConnection,
    case_id: &str,
) -> Result<Vec<Deadline>, Error> {
    let rows: Vec<DeadlineRow> = sqlx::query_as(
        "SELECT kind, start_on, due_on, basis, explanation, skipped, met_on FROM deadlines
         WHERE case_id = ? ORDER BY seq",
    )
    .bind(case_id)
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(Deadline {
                kind: DeadlineKind::parse(&r.kind)
                    .ok_or_else(|| Error::Corrupt(format!("期限类型“{}”", r.kind)))?,
                start_on: parse_date(&r.start_on)?,
                due_on: parse_date(&r.due_on)?,
                basis: from_json("basis", &r.basis)?,
                explanation: r.explanation,
                skipped: from_json("skipped", &r.skipped)?,
                met_on: r.met_on.as_deref().map(parse_date).transpose()?,
            })
        })
        .collect()
}

/// Ids and numbers of cases with an open deadline, for recomputation after a calendar change.
pub async fn with_open_deadlines(conn: &mut SqliteConnection) -> Result<Vec<String>, Error> {
    Ok(sqlx::query_scalar(
        "SELECT DISTINCT c.case_no FROM cases c JOIN deadlines d ON d.case_id = c.id
         WHERE d.met_on IS NULL ORDER BY c.case_no",
    )
    .fetch_all(conn)
    .await?)
}

/// The masked ID number shown in lists.
pub fn masked_id(id_number: Option<&str>) -> Option<String> {
    id_number.map(identity::mask)
}
