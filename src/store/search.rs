//! Search text as overlapping character bigrams (and single characters), so that
//! two-character Chinese words ("拆迁", "工资") and even one character match through the
//! FTS5 index, over the same fields whatever the query's length.

/// The indexed forms of a text: (bigrams, single characters), lower-cased, space-separated.
pub fn index_terms(text: &str) -> (String, String) {
    let mut grams = String::with_capacity(text.len() * 2);
    let mut chars = String::with_capacity(text.len() * 2);
    for run in runs(text) {
        for pair in run.windows(2) {
            push_token(&mut grams, pair);
        }
        for c in &run {
            push_token(&mut chars, std::slice::from_ref(c));
        }
    }
    (grams, chars)
}

/// The FTS5 query for what a clerk typed: every word must match; a word of two or more
/// characters as the phrase of its bigrams, a single character as itself. `None` when the
/// text holds nothing searchable (only punctuation): such a query matches no case.
pub fn query(typed: &str) -> Option<String> {
    let words: Vec<String> = runs(typed)
        .into_iter()
        .map(|run| {
            if run.len() == 1 {
                format!("chars : \"{}\"", run[0])
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
    fn bigrams_and_characters_of_chinese_and_numbers() {
        assert_eq!(
            index_terms("拆迁补偿"),
            ("拆迁 迁补 补偿".into(), "拆 迁 补 偿".into())
        );
        assert_eq!(
            index_terms("A1，工资"),
            ("a1 工资".into(), "a 1 工 资".into())
        );
        assert_eq!(index_terms("我"), (String::new(), "我".into()));
    }

    #[test]
    fn query_matches_every_word() {
        assert_eq!(query("拆迁").unwrap(), "grams : (\"拆迁\")");
        assert_eq!(
            query("拆迁补偿 工").unwrap(),
            "grams : (\"拆迁\" + \"迁补\" + \"补偿\") AND chars : \"工\""
        );
        assert_eq!(query("%"), None);
        assert_eq!(query("  "), None);
    }
}
