//! The cases a registration may repeat, found by the people and by the search index; the
//! scoring is `domain::repeats`.

use std::collections::HashSet;

use sqlx::{QueryBuilder, Sqlite, SqliteConnection};

use super::search;
use crate::domain::repeats::{Rarity, RepeatProbe};
use crate::Error;

/// Cases looked at per signal: the latest with a common name, the best by content.
const PER_SIGNAL: i64 = 60;

/// The ids of cases sharing an ID number, a name or a phone with the probe's petitioners, or
/// among the most like its content in the search index (which must be flushed).
pub async fn candidate_ids(
    conn: &mut SqliteConnection,
    probe: &RepeatProbe,
) -> Result<Vec<String>, Error> {
    let mut ids: Vec<String> = Vec::new();
    let mut seen = HashSet::new();
    let mut keep = |found: Vec<String>, ids: &mut Vec<String>| {
        for id in found {
            if seen.insert(id.clone()) {
                ids.push(id);
            }
        }
    };
    for (column, values) in [
        (
            "id_number",
            probe
                .petitioners
                .iter()
                .filter_map(|p| p.id_number.as_deref())
                .map(crate::domain::identity::normalise)
                .collect::<Vec<_>>(),
        ),
        (
            "name",
            probe
                .petitioners
                .iter()
                .map(|p| p.name.trim().to_string())
                .collect(),
        ),
        (
            "phone",
            probe
                .petitioners
                .iter()
                .filter_map(|p| p.phone.as_deref())
                .map(|s| s.trim().to_string())
                .collect(),
        ),
    ] {
        let values: Vec<String> = values.into_iter().filter(|v| !v.is_empty()).collect();
        if values.is_empty() {
            continue;
        }
        let mut qb: QueryBuilder<'_, Sqlite> = QueryBuilder::new(format!(
            "SELECT p.case_id FROM petitioners p JOIN cases c ON c.id = p.case_id WHERE p.{column}"
        ));
        super::in_list(&mut qb, &values);
        qb.push(" GROUP BY p.case_id ORDER BY max(c.received_at) DESC LIMIT ")
            .push_bind(PER_SIGNAL);
        keep(
            qb.build_query_scalar().fetch_all(&mut *conn).await?,
            &mut ids,
        );
    }
    if let Some(fts) = search::any_of(&format!("{} {}", probe.title, probe.content)) {
        let found: Vec<String> = sqlx::query_scalar(
            "SELECT c.id FROM case_search s JOIN cases c ON c.row_no = s.rowid
             WHERE case_search MATCH ? ORDER BY rank LIMIT ?",
        )
        .bind(fts)
        .bind(PER_SIGNAL)
        .fetch_all(&mut *conn)
        .await?;
        keep(found, &mut ids);
    }
    Ok(ids)
}

/// How many cases hold each of `grams`, and how many cases there are.
pub async fn rarity(conn: &mut SqliteConnection, grams: &HashSet<String>) -> Result<Rarity, Error> {
    let cases: i64 = sqlx::query_scalar("SELECT count(*) FROM cases")
        .fetch_one(&mut *conn)
        .await?;
    let mut holding = std::collections::HashMap::with_capacity(grams.len());
    let grams: Vec<String> = grams.iter().cloned().collect();
    for chunk in grams.chunks(super::IN_LIST_BATCH) {
        let mut qb: QueryBuilder<'_, Sqlite> =
            QueryBuilder::new("SELECT term, doc FROM case_search_vocab WHERE term");
        super::in_list(&mut qb, chunk);
        let rows: Vec<(String, i64)> = qb.build_query_as().fetch_all(&mut *conn).await?;
        holding.extend(rows.into_iter().map(|(t, n)| (t, n.max(0) as u64)));
    }
    Ok(Rarity {
        cases: cases.max(0) as u64,
        holding,
    })
}
