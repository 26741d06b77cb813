//! How alike two texts are, as petitioners write them: sets of character bigrams over the
//! text with case, full width, spaces and punctuation folded away. The routing proposal and
//! the repeat candidates both read texts this way.

use std::collections::HashSet;

/// Lower-case, full-width letters and digits folded, spaces and punctuation dropped.
pub fn normalise(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The bigrams of an already normalised text.
pub fn bigrams(text: &str) -> HashSet<String> {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(2)
        .map(|w| w.iter().collect::<String>())
        .collect()
}

/// The bigrams of a text as written.
pub fn grams(text: &str) -> HashSet<String> {
    bigrams(&normalise(text))
}

/// Cosine likeness of two bigram sets, 0 (nothing shared) to 1 (the same set).
pub fn cosine(a: &HashSet<String>, b: &HashSet<String>) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let shared = small.iter().filter(|g| large.contains(*g)).count() as f64;
    shared / ((a.len() * b.len()) as f64).sqrt()
}

/// Likeness with each bigram weighted (by its rarity, say): the mean of the cosine and of
/// how much of the shorter text the longer holds, so that a matter told again in one
/// sentence is still like the letter that told it first.
pub fn weighted_likeness(
    a: &HashSet<String>,
    b: &HashSet<String>,
    weight: impl Fn(&str) -> f64,
) -> f64 {
    let norm = |s: &HashSet<String>| s.iter().map(|g| weight(g).powi(2)).sum::<f64>();
    let (na, nb) = (norm(a), norm(b));
    if na == 0.0 || nb == 0.0 {
        return 0.0;
    }
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let shared: f64 = small
        .iter()
        .filter(|g| large.contains(*g))
        .map(|g| weight(g).powi(2))
        .sum();
    (shared / (na * nb).sqrt() + shared / na.min(nb)) / 2.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_fold_before_they_compare() {
        assert_eq!(normalise("Ａ１，工资 拖欠！"), "a1工资拖欠");
        assert_eq!(cosine(&grams("拖欠工资"), &grams("拖欠，工资")), 1.0);
        assert_eq!(cosine(&grams("拖欠工资"), &grams("")), 0.0);
        let half = cosine(&grams("拆迁补偿"), &grams("拆迁安置"));
        assert!((half - 1.0 / 3.0).abs() < 1e-9, "{half}");
        let even = weighted_likeness(&grams("拆迁补偿"), &grams("拆迁安置"), |_| 2.0);
        assert!((even - half).abs() < 1e-9, "{even}");
        let rare = |g: &str| if g == "拆迁" { 3.0 } else { 1.0 };
        assert!(weighted_likeness(&grams("拆迁补偿"), &grams("拆迁安置"), rare) > half);
        let told_again =
            weighted_likeness(&grams("拆迁补偿"), &grams("拆迁补偿款至今未发放"), |_| 1.0);
        assert!(told_again > cosine(&grams("拆迁补偿"), &grams("拆迁补偿款至今未发放")));
    }
}
