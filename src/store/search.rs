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

/// The indexed form of a text: lower-cased tokens, space-separated (the `grams` column).
pub fn index_terms(text: &str) -> String {
    let mut grams = String::with_capacity(text.len() * 2);
    for run in runs(text) {
        for pair in run.windows(2) {
            push_token(&mut grams, pair);
        }
        if let Some(last) = run.last() {
            push_token(&mut grams, std::slice::from_ref(last));
        }
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

/// Runs of letters and digits; everything else separates words.
fn runs(text: &str) -> Vec<Vec<char>> {
    let mut runs = Vec::new();
    let mut cur = Vec::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            cur.push(c);
        } else if !cur.is_empty() {
            runs.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        runs.push(cur);
    }
    runs
}

fn push_token(out: &mut String, chars: &[char]) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.extend(chars);
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
    }

    #[test]
    fn query_matches_every_word() {
        assert_eq!(query("拆迁").unwrap(), "grams : (\"拆迁\")");
        assert_eq!(
            query("拆迁补偿 工").unwrap(),
            "grams : (\"拆迁\" + \"迁补\" + \"补偿\") AND (grams : \"工\"* OR chars : \"工\")"
        );
        assert_eq!(query("%"), None);
        assert_eq!(query("  "), None);
    }
}
