//! Search text as overlapping character bigrams, so that two-character Chinese words
//! ("拆迁", "工资") match through the FTS5 index.

/// The indexed form of a text: every adjacent pair of letters or digits, lower-cased.
pub fn grams(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for run in runs(text) {
        if run.len() == 1 {
            push_token(&mut out, &run[..1]);
        }
        for pair in run.windows(2) {
            push_token(&mut out, pair);
        }
    }
    out
}

/// The FTS5 query for what a clerk typed: all its bigrams, as a phrase per word.
/// `None` when there is nothing to search with the index (a single character).
pub fn query(typed: &str) -> Option<String> {
    let mut phrases = Vec::new();
    for run in runs(typed) {
        if run.len() < 2 {
            return None;
        }
        let pairs: Vec<String> = run
            .windows(2)
            .map(|p| format!("\"{}\"", p.iter().collect::<String>()))
            .collect();
        phrases.push(pairs.join(" + "));
    }
    if phrases.is_empty() {
        None
    } else {
        Some(phrases.join(" AND "))
    }
}

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
    fn bigrams_of_chinese_and_numbers() {
        assert_eq!(grams("拆迁补偿"), "拆迁 迁补 补偿");
        assert_eq!(grams("A1，工资"), "a1 工资");
        assert_eq!(grams("我"), "我");
    }

    #[test]
    fn query_is_a_phrase_per_word() {
        assert_eq!(query("拆迁").unwrap(), "\"拆迁\"");
        assert_eq!(
            query("拆迁补偿 工资").unwrap(),
            "\"拆迁\" + \"迁补\" + \"补偿\" AND \"工资\""
        );
        assert_eq!(query("拆"), None);
        assert_eq!(query("  "), None);
    }
}
