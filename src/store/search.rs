//! Search text as overlapping character bigrams, so that two-character Chinese words
//! ("拆迁", "工资") and even one character match through the FTS5 index, over the same fields
//! whatever the query's length.
//!
//! Each character occurrence starts exactly one token: the bigram it begins, or, at the end
//! of a run, the character alone. A word of two or more characters is the phrase of its
//! bigrams; a single character is the prefix query `"X"*`, which finds it wherever it stands.
//! Databases written before this scheme also hold every character in the `chars` column
//! (twice the tokens, and an index write as large again per registration); new rows leave
//! it empty, and one-character queries look in both, so old rows are still found.

use sqlx::{Sqlite, SqliteConnection, SqliteExecutor};

use super::script::{Script, ROWS_PER_STATEMENT};
use crate::Error;

/// Entries written to the index together (migration 0006): a registration of fewer cases
/// leaves its entries in `case_search_pending`, and the one that brings them to this many
/// moves them all into the index in its own transaction.
pub const INDEX_TOGETHER: usize = 256;

/// Adds the search entries `(case id, index_terms)` of cases inserted earlier in `script`.
/// The index's rowid is the case's row_no, looked up by id: no result to wait for.
pub fn push_entries<'s>(script: &mut Script<'s>, entries: &'s [(String, String)]) {
    let direct = entries.len() >= INDEX_TOGETHER;
    let head = if direct {
        "INSERT INTO case_search (rowid, grams) "
    } else {
        "INSERT INTO case_search_pending (row_no, grams) "
    };
    for chunk in entries.chunks(ROWS_PER_STATEMENT) {
        let qb = script.statement(head);
        let mut first = true;
        for (id, grams) in chunk {
            qb.push(if first {
                "VALUES ((SELECT row_no FROM cases WHERE id = "
            } else {
                ", ((SELECT row_no FROM cases WHERE id = "
            });
            first = false;
            qb.push_bind(id.as_str())
                .push("), ")
                .push_bind(grams.as_str())
                .push(")");
        }
    }
    if !direct && !entries.is_empty() {
        let full = format!("(SELECT count(*) FROM case_search_pending) >= {INDEX_TOGETHER}");
        script.statement(&format!("{MOVE_PENDING} WHERE {full}"));
        script.statement(&format!("{DROP_PENDING} WHERE {full}"));
    }
}

const MOVE_PENDING: &str =
    "INSERT INTO case_search (rowid, grams) SELECT row_no, grams FROM case_search_pending";
const DROP_PENDING: &str = "DELETE FROM case_search_pending";

/// Whether some cases' entries still wait outside the index.
pub async fn has_pending(conn: impl SqliteExecutor<'_>) -> Result<bool, Error> {
    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM case_search_pending)")
            .fetch_one(conn)
            .await?,
    )
}

/// Moves every waiting entry into the index; a search runs this first (in a write
/// transaction) so that it sees every saved case.
pub async fn flush_pending(conn: &mut SqliteConnection) -> Result<(), Error> {
    let mut script: Script<'_> = Script::new();
    script.statement(MOVE_PENDING);
    script.statement(DROP_PENDING);
    script.run(conn).await
}

/// Removes the case's entry, from the index or from those waiting for it.
pub async fn remove(conn: &mut SqliteConnection, case_id: &str) -> Result<(), Error> {
    let row_no = "(SELECT row_no FROM cases WHERE id = ?)";
    for table in [
        "case_search WHERE rowid",
        "case_search_pending WHERE row_no",
    ] {
        sqlx::query::<Sqlite>(&format!("DELETE FROM {table} = {row_no}"))
            .bind(case_id)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// The indexed form of a text: lower-cased tokens, space-separated (the `grams` column).
/// Every registration and every imported case goes through here, so it walks the text once
/// with the character before, without collecting words first.
pub fn index_terms(text: &str) -> String {
    let mut grams = String::with_capacity(text.len() * 3);
    let mut prev: Option<char> = None;
    // A break after the end, so that the last character's token is written too.
    for c in folded(text).chain(std::iter::once(None)) {
        if let Some(p) = prev {
            if !grams.is_empty() {
                grams.push(' ');
            }
            grams.push(p);
            grams.extend(c);
        }
        prev = c;
    }
    grams
}

/// The FTS5 query for what a clerk typed: every word must match; a word of two or more
/// characters as the phrase of its bigrams, a single character as a prefix of a token.
/// `None` when the text holds nothing searchable (only punctuation): such a query matches
/// no case.
pub fn query(typed: &str) -> Option<String> {
    let words: Vec<String> = runs(typed)
        .into_iter()
        .map(|run| {
            if run.len() == 1 {
                format!("(grams : \"{0}\"* OR chars : \"{0}\")", run[0])
            } else {
                let pairs: Vec<String> = run
                    .windows(2)
                    .map(|p| format!("\"{}\"", p.iter().collect::<String>()))
                    .collect();
                format!("grams : ({})", pairs.join(" + "))
            }
        })
        .collect();
    if words.is_empty() {
        None
    } else {
        Some(words.join(" AND "))
    }
}

/// An FTS5 query matching any of the text's bigrams (at most `ANY_OF_TERMS`, spread over
/// the text), ranked by the index: the cases most like a whole text, not those holding a word.
pub fn any_of(text: &str) -> Option<String> {
    let mut seen = std::collections::HashSet::new();
    let grams: Vec<String> = index_terms(text)
        .split(' ')
        .filter(|g| g.chars().count() == 2 && seen.insert(*g))
        .map(|g| format!("\"{g}\""))
        .collect();
    if grams.is_empty() {
        return None;
    }
    let step = grams.len().div_ceil(ANY_OF_TERMS);
    let picked: Vec<&str> = grams.iter().step_by(step).map(String::as_str).collect();
    Some(format!("grams : ({})", picked.join(" OR ")))
}

/// Bigrams in an `any_of` query: a long letter's query stays quick.
const ANY_OF_TERMS: usize = 64;

/// Runs of letters and digits; everything else separates words.
fn runs(text: &str) -> Vec<Vec<char>> {
    let mut runs = Vec::new();
    let mut cur = Vec::new();
    for c in folded(text) {
        match c {
            Some(c) => cur.push(c),
            None if !cur.is_empty() => runs.push(std::mem::take(&mut cur)),
            None => {}
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

/// The text lower-cased, a letter or digit as itself and anything else as `None` (a word
/// break). Common Chinese characters are letters with no case: they skip the Unicode tables,
/// which are slow next to the rest of a case's rows (docs/performance.md, Store).
fn folded(text: &str) -> impl Iterator<Item = Option<char>> + '_ {
    text.chars().flat_map(|c| {
        let cjk = matches!(c, '\u{4E00}'..='\u{9FFF}');
        let lower = (!cjk).then(|| c.to_lowercase());
        std::iter::once(c)
            .filter(move |_| cjk)
            .chain(lower.into_iter().flatten())
            .map(move |c| (cjk || c.is_alphanumeric()).then_some(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_character_starts_one_token() {
        assert_eq!(index_terms("拆迁补偿"), "拆迁 迁补 补偿 偿");
        assert_eq!(index_terms("A1，工资"), "a1 1 工资 资");
        assert_eq!(index_terms("我"), "我");
        assert_eq!(index_terms("——"), "");
        assert_eq!(
            index_terms("  上访 Ⅻ号ＡＢ ii "),
            "上访 访 ⅻ号 号ａ ａｂ ｂ ii i"
        );
    }

    #[test]
    fn query_matches_every_word() {
        assert_eq!(query("拆迁").unwrap(), "grams : (\"拆迁\")");
        assert_eq!(
            query("拆迁补偿 工").unwrap(),
            "grams : (\"拆迁\" + \"迁补\" + \"补偿\") AND (grams : \"工\"* OR chars : \"工\")"
        );
        assert_eq!(query("%"), None);
        assert_eq!(
            any_of("拆迁补偿").unwrap(),
            "grams : (\"拆迁\" OR \"迁补\" OR \"补偿\")"
        );
        assert_eq!(any_of("拆，拆"), None);
        assert_eq!(query("  "), None);
    }
}
