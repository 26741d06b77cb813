//! Cases with their petitioners and deadlines: one row each, rewritten as a whole per change.

use std::collections::HashMap;

use sqlx::{QueryBuilder, SqliteConnection, SqliteExecutor};
use uuid::Uuid;

use super::script::Script;
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

/// Writes new cases with everything hanging off them, in one round trip (see `Script`).
pub async fn insert_many(conn: &mut SqliteConnection, cases: &[Case]) -> Result<(), Error> {
    let rows = InsertRows::new(cases);
    let mut script = Script::new();
    rows.push(&mut script);
    script.run(conn).await
}

/// Writes one new case with everything hanging off it.
pub async fn insert(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    insert_many(conn, std::slice::from_ref(case)).await
}

/// The rows new cases write, prepared so that a `Script` can borrow them.
pub struct InsertRows<'a> {
    cases: &'a [Case],
    search: Vec<(String, String)>,
    petitioners: Vec<(&'a Case, i64, &'a Petitioner)>,
    deadlines: Vec<(&'a Case, i64, &'a Deadline)>,
}

impl<'a> InsertRows<'a> {
    pub fn new(cases: &'a [Case]) -> Self {
        InsertRows {
            cases,
            search: cases
                .iter()
                .map(|c| (c.id.to_string(), search::index_terms(&search_text(c))))
                .collect(),
            petitioners: cases
                .iter()
                .flat_map(|c| {
                    c.petitioners
                        .iter()
                        .enumerate()
                        .map(move |(i, p)| (c, i as i64, p))
                })
                .collect(),
            deadlines: deadline_rows(cases),
        }
    }

    pub fn push<'s>(&'s self, script: &mut Script<'s>) {
        script.insert_rows(
            "INSERT INTO cases (id, office_code, case_no, channel, status, received_at, received_on,
                title, content, locality_code, locality_name, matter_type, purpose, litigation_related,
                authority, repeat_of, handler, visit, letter, progress, next_due_on, next_due_kind,
                version, created_at, updated_at) ",
            self.cases,
            |mut row, case| {
                let next = case.next_duty();
                row.push_bind(case.id.to_string())
                    .push_bind(&case.office_code)
                    .push_bind(&case.case_no)
                    .push_bind(case.channel.as_str())
                    .push_bind(case.status.as_str())
                    .push_bind(instant_text(case.received_at))
                    .push_bind(date_text(case.received_on))
                    .push_bind(&case.title)
                    .push_bind(&case.content)
                    .push_bind(&case.locality.code)
                    .push_bind(&case.locality.name)
                    .push_bind(&case.matter_type)
                    .push_bind(case.purpose.as_str())
                    .push_bind(case.litigation_related)
                    .push_bind(&case.authority)
                    .push_bind(&case.repeat_of)
                    .push_bind(&case.handler)
                    .push_bind(case.visit.as_ref().map(to_json))
                    .push_bind(case.letter.as_ref().map(to_json))
                    .push_bind(to_json(&case.progress))
                    .push_bind(next.map(|d| date_text(d.due_on)))
                    .push_bind(next.map(|d| d.kind.as_str()))
                    .push_bind(case.version)
                    .push_bind(instant_text(case.created_at))
                    .push_bind(instant_text(case.updated_at));
            },
        );
        search::push_entries(script, &self.search);
        push_petitioners(script, &self.petitioners);
        push_deadlines(script, &self.deadlines);
    }
}

fn push_petitioners<'s>(script: &mut Script<'s>, rows: &'s [(&Case, i64, &Petitioner)]) {
    script.insert_rows(
        "INSERT INTO petitioners (case_id, seq, office_code, name, id_number, phone, address, representative) ",
        rows,
        |mut row, (case, i, p)| {
            row.push_bind(case.id.to_string())
                .push_bind(*i)
                .push_bind(&case.office_code)
                .push_bind(&p.name)
                .push_bind(&p.id_number)
                .push_bind(&p.phone)
                .push_bind(&p.address)
                .push_bind(p.representative);
        },
    );
}

/// Writes a case's registered facts again after a correction (petitioner records merged, a
/// matter split off): title, content, matter type, petitioners and the search entry. The
/// state is written by [`update`], which also checks the version.
pub async fn update_registration(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    let id = case.id.to_string();
    sqlx::query("UPDATE cases SET title = ?, content = ?, matter_type = ? WHERE id = ?")
        .bind(&case.title)
        .bind(&case.content)
        .bind(&case.matter_type)
        .bind(&id)
        .execute(&mut *conn)
        .await?;
    search::remove(conn, &id).await?;
    let rows = InsertRows::new(std::slice::from_ref(case));
    let mut script = Script::new();
    script
        .statement("DELETE FROM petitioners WHERE case_id = ")
        .push_bind(id.as_str());
    push_petitioners(&mut script, &rows.petitioners);
    search::push_entries(&mut script, &rows.search);
    script.run(conn).await
}

fn deadline_rows(cases: &[Case]) -> Vec<(&Case, i64, &Deadline)> {
    cases
        .iter()
        .flat_map(|c| {
            c.deadlines
                .iter()
                .enumerate()
                .map(move |(i, d)| (c, i as i64, d))
        })
        .collect()
}

fn push_deadlines<'s>(script: &mut Script<'s>, rows: &'s [(&Case, i64, &Deadline)]) {
    script.insert_rows(
        "INSERT INTO deadlines (case_id, seq, kind, start_on, due_on, basis, explanation, skipped, met_on) ",
        rows,
        |mut row, (case, i, d)| {
            row.push_bind(case.id.to_string())
                .push_bind(*i)
                .push_bind(d.kind.as_str())
                .push_bind(date_text(d.start_on))
                .push_bind(date_text(d.due_on))
                .push_bind(to_json(&d.basis))
                .push_bind(&d.explanation)
                .push_bind(to_json(&d.skipped))
                .push_bind(d.met_on.map(date_text));
        },
    );
}

/// Writes the changed state of an existing case. The workflow changes status, progress,
/// deadlines and the earlier case linked (`repeat_of`); the registered facts stay as they were.
pub async fn update(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    let next = case.next_duty();
    let done = sqlx::query(
        "UPDATE cases SET status = ?, repeat_of = ?, progress = ?, next_due_on = ?,
            next_due_kind = ?, version = ?, updated_at = ?
         WHERE id = ? AND version = ?",
    )
    .bind(case.status.as_str())
    .bind(&case.repeat_of)
    .bind(to_json(&case.progress))
    .bind(next.map(|d| date_text(d.due_on)))
    .bind(next.map(|d| d.kind.as_str()))
    .bind(case.version)
    .bind(instant_text(case.updated_at))
    .bind(case.id.to_string())
    .bind(case.version - 1)
    .execute(&mut *conn)
    .await?;
    one_version(done.rows_affected(), case)?;
    replace_deadlines(conn, case).await
}

async fn replace_deadlines(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    let rows = deadline_rows(std::slice::from_ref(case));
    let mut script = Script::new();
    script
        .statement("DELETE FROM deadlines WHERE case_id = ")
        .push_bind(case.id.to_string());
    push_deadlines(&mut script, &rows);
    script.run(conn).await
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
        Some(row) => {
            let ids = [row.id.clone()];
            let mut petitioners = load_petitioners(conn, &ids).await?;
            let mut deadlines = load_deadlines(conn, &ids).await?;
            Ok(Some(row.into_case(&mut petitioners, &mut deadlines)?))
        }
        None => Ok(None),
    }
}

/// Whole cases by id, in the order of `ids` (missing ones left out), in three queries per
/// `IN_LIST_BATCH` cases: sync export reads 100 000 cases, and three queries per case would
/// cost more than everything else together.
pub async fn load_many(conn: &mut SqliteConnection, ids: &[String]) -> Result<Vec<Case>, Error> {
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(super::IN_LIST_BATCH) {
        let mut qb = QueryBuilder::new(format!("SELECT {CASE_COLUMNS} FROM cases WHERE id"));
        super::in_list(&mut qb, chunk);
        let rows: Vec<CaseRow> = qb.build_query_as().fetch_all(&mut *conn).await?;
        let mut petitioners = load_petitioners(conn, chunk).await?;
        let mut deadlines = load_deadlines(conn, chunk).await?;
        let mut by_id: HashMap<String, Case> = HashMap::with_capacity(rows.len());
        for row in rows {
            let id = row.id.clone();
            by_id.insert(id, row.into_case(&mut petitioners, &mut deadlines)?);
        }
        out.extend(chunk.iter().filter_map(|id| by_id.remove(id)));
    }
    Ok(out)
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

impl CaseRow {
    /// The case of this row, taking its petitioners and deadlines out of the maps by case id.
    /// The one place a stored case becomes a `Case`: a field added to `Case` fails to compile
    /// here until it is read.
    fn into_case(
        self,
        petitioners: &mut HashMap<String, Vec<Petitioner>>,
        deadlines: &mut HashMap<String, Vec<Deadline>>,
    ) -> Result<Case, Error> {
        let row = self;
        let corrupt = |what: &str, v: &str| Error::Corrupt(format!("{}的{what}“{v}”", row.case_no));
        Ok(Case {
            id: Uuid::parse_str(&row.id).map_err(|_| corrupt("编号", &row.id))?,
            channel: Channel::parse(&row.channel).ok_or_else(|| corrupt("渠道", &row.channel))?,
            status: Status::parse(&row.status).ok_or_else(|| corrupt("状态", &row.status))?,
            purpose: Purpose::parse(&row.purpose).ok_or_else(|| corrupt("目的", &row.purpose))?,
            received_at: parse_instant(&row.received_at)?,
            received_on: parse_date(&row.received_on)?,
            petitioners: petitioners.remove(&row.id).unwrap_or_default(),
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
            progress: from_json("progress", &row.progress)?,
            deadlines: deadlines.remove(&row.id).unwrap_or_default(),
            created_at: parse_instant(&row.created_at)?,
            updated_at: parse_instant(&row.updated_at)?,
            office_code: row.office_code,
            case_no: row.case_no,
            title: row.title,
            content: row.content,
            locality: Locality {
                code: row.locality_code,
                name: row.locality_name,
            },
            matter_type: row.matter_type,
            litigation_related: row.litigation_related,
            authority: row.authority,
            repeat_of: row.repeat_of,
            handler: row.handler,
            version: row.version,
        })
    }
}

#[derive(sqlx::FromRow)]
struct PetitionerRow {
    case_id: String,
    name: String,
    id_number: Option<String>,
    phone: Option<String>,
    address: Option<String>,
    representative: bool,
}

#[derive(sqlx::FromRow)]
struct DeadlineRow {
    case_id: String,
    kind: String,
    start_on: String,
    due_on: String,
    basis: String,
    explanation: String,
    skipped: String,
    met_on: Option<String>,
}

/// The petitioners of the cases `ids`, in order, by case id.
async fn load_petitioners(
    conn: &mut SqliteConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<Petitioner>>, Error> {
    let mut qb = QueryBuilder::new(
        "SELECT case_id, name, id_number, phone, address, representative FROM petitioners
         WHERE case_id",
    );
    super::in_list(&mut qb, ids);
    qb.push(" ORDER BY case_id, seq");
    let mut out: HashMap<String, Vec<Petitioner>> = HashMap::new();
    for p in qb
        .build_query_as::<PetitionerRow>()
        .fetch_all(&mut *conn)
        .await?
    {
        out.entry(p.case_id).or_default().push(Petitioner {
            name: p.name,
            id_number: p.id_number,
            phone: p.phone,
            address: p.address,
            representative: p.representative,
        });
    }
    Ok(out)
}

/// The deadlines of the cases `ids`, in order, by case id.
async fn load_deadlines(
    conn: &mut SqliteConnection,
    ids: &[String],
) -> Result<HashMap<String, Vec<Deadline>>, Error> {
    let mut qb = QueryBuilder::new(
        "SELECT case_id, kind, start_on, due_on, basis, explanation, skipped, met_on
         FROM deadlines WHERE case_id",
    );
    super::in_list(&mut qb, ids);
    qb.push(" ORDER BY case_id, seq");
    let mut out: HashMap<String, Vec<Deadline>> = HashMap::new();
    for r in qb
        .build_query_as::<DeadlineRow>()
        .fetch_all(&mut *conn)
        .await?
    {
        let d = Deadline {
            kind: DeadlineKind::parse(&r.kind)
                .ok_or_else(|| Error::Corrupt(format!("期限类型“{}”", r.kind)))?,
            start_on: parse_date(&r.start_on)?,
            due_on: parse_date(&r.due_on)?,
            basis: from_json("basis", &r.basis)?,
            explanation: r.explanation,
            skipped: from_json("skipped", &r.skipped)?,
            met_on: r.met_on.as_deref().map(parse_date).transpose()?,
        };
        out.entry(r.case_id).or_default().push(d);
    }
    Ok(out)
}

/// Writes the case's 承办人 with its new version (the rest of the case as it was).
pub async fn set_handler(conn: &mut SqliteConnection, case: &Case) -> Result<(), Error> {
    let done = sqlx::query(
        "UPDATE cases SET handler = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?",
    )
    .bind(&case.handler)
    .bind(case.version)
    .bind(instant_text(case.updated_at))
    .bind(case.id.to_string())
    .bind(case.version - 1)
    .execute(&mut *conn)
    .await?;
    one_version(done.rows_affected(), case)
}

/// A write guarded by the version it read changed that one row, or another change came first.
fn one_version(rows: u64, case: &Case) -> Result<(), Error> {
    if rows == 1 {
        return Ok(());
    }
    Err(Error::Corrupt(format!(
        "信访件{}已被其他操作修改，请刷新后重试",
        case.case_no
    )))
}

/// Ids of the cases received on `[from, to]`, in order of receipt.
pub async fn ids_received_between(
    conn: &mut SqliteConnection,
    from: chrono::NaiveDate,
    to: chrono::NaiveDate,
) -> Result<Vec<String>, Error> {
    Ok(sqlx::query_scalar(
        "SELECT id FROM cases WHERE received_on >= ? AND received_on <= ?
         ORDER BY received_at, case_no",
    )
    .bind(date_text(from))
    .bind(date_text(to))
    .fetch_all(conn)
    .await?)
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
