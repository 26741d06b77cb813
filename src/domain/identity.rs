//! Resident identity numbers (GB 11643-1999): check digit, birth date, masking.

use chrono::NaiveDate;

/// Why a resident ID number is not valid; shown to the clerk as typed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("身份证号码应为18位，实际为{0}位")]
    Length(usize),
    #[error("身份证号码前17位只能是数字，末位为数字或X")]
    Characters,
    #[error("身份证号码中的出生日期{0}不存在")]
    BirthDate(String),
    #[error("身份证号码中的出生日期{0}不在1900年至今之间")]
    BirthOutOfRange(String),
    #[error("身份证号码前两位“{0}”不是有效的省级行政区划代码")]
    Region(String),
    #[error("身份证号码校验位应为{expected}，实际为{actual}")]
    CheckDigit { expected: char, actual: char },
}

/// The province-level codes of GB/T 2260 that begin a resident ID number.
const PROVINCES: [&str; 34] = [
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37", "41",
    "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65", "71",
    "81", "82",
];

/// The birth date a valid number carries (`validate` checked it exists).
pub fn birth_date(id: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(id.get(6..14)?, "%Y%m%d").ok()
}

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK: [char; 11] = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'];

/// The check character for the first 17 digits (ISO 7064 MOD 11-2).
pub fn check_digit(first17: &str) -> Option<char> {
    if first17.len() != 17 || !first17.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    Some(CHECK[(sum % 11) as usize])
}

/// The number as typed, with the full-width digits and Ｘ a Chinese input method gives made
/// ASCII, and an upper-case X.
pub fn normalise(raw: &str) -> String {
    raw.trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
            'Ｘ' | 'ｘ' | 'x' => 'X',
            c => c,
        })
        .collect()
}

/// Characters of a resident ID number.
pub const ID_LEN: usize = 18;

/// The ID number, or its last digits (at least 4), a search text may be: digits with an
/// optional final X, normalised; `None` for anything else.
pub fn search_fragment(text: &str) -> Option<String> {
    let s = normalise(text);
    let body = s.strip_suffix('X').unwrap_or(&s);
    let fits = (4..=ID_LEN).contains(&s.len()) && body.chars().all(|c| c.is_ascii_digit());
    fits.then_some(s)
}

/// Validates an 18-character number and returns it normalised (ASCII, upper-case X).
pub fn validate(raw: &str) -> Result<String, IdNumberError> {
    let id = normalise(raw);
    let n = id.chars().count();
    if n != ID_LEN {
        return Err(IdNumberError::Length(n));
    }
    // Every slice below is by byte: anything else than ASCII is refused first.
    if !id.is_ascii() {
        return Err(IdNumberError::Characters);
    }
    let (body, last) = id.split_at(17);
    let last = last.chars().next().unwrap_or(' ');
    if !body.bytes().all(|b| b.is_ascii_digit()) || !(last.is_ascii_digit() || last == 'X') {
        return Err(IdNumberError::Characters);
    }
    if !PROVINCES.contains(&&body[..2]) {
        return Err(IdNumberError::Region(body[..2].to_string()));
    }
    let birth = &body[6..14];
    let Ok(born) = NaiveDate::parse_from_str(birth, "%Y%m%d") else {
        return Err(IdNumberError::BirthDate(birth.to_string()));
    };
    if born < NaiveDate::from_ymd_opt(1900, 1, 1).expect("a date") {
        return Err(IdNumberError::BirthOutOfRange(birth.to_string()));
    }
    let expected = check_digit(body).ok_or(IdNumberError::Characters)?;
    if expected != last {
        return Err(IdNumberError::CheckDigit {
            expected,
            actual: last,
        });
    }
    Ok(id)
}

/// Shows the area code and the last four characters only, as lists and prints need.
pub fn mask(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 10))
}

/// A phone number as lists show it: the first three and last four digits (`138****0000`).
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    let n = chars.len();
    if n <= 4 {
        return "*".repeat(n);
    }
    let (head, tail) = if n >= 8 { (3, 4) } else { (1, 2) };
    let start: String = chars[..head].iter().collect();
    let end: String = chars[n - tail..].iter().collect();
    format!("{start}{}{end}", "*".repeat(n - head - tail))
}

/// The JSON keys that hold personal numbers, wherever they sit in a record.
type Masker = fn(&str) -> String;
const PERSONAL_KEYS: [(&str, Masker); 2] = [("id_number", mask), ("phone", mask_phone)];

/// Masks every resident ID and phone number in a JSON tree (a timeline event's details and
/// changes, say).
pub fn mask_json(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                match (PERSONAL_KEYS.iter().find(|(key, _)| key == k), &v) {
                    (Some((_, masker)), serde_json::Value::String(s)) => {
                        *v = serde_json::Value::String(masker(s))
                    }
                    _ => mask_json(v),
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(mask_json),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_and_numbers_in_json_are_masked_at_any_depth() {
        assert_eq!(mask_phone("13800000000"), "138****0000");
        assert_eq!(mask_phone("0663-8888123"), "066*****8123");
        assert_eq!(mask_phone("12345"), "1**45");
        let mut v = serde_json::json!({
            "petitioners": [{ "name": "张三", "id_number": "11010519491231002X", "phone": "13800000000" }],
            "note": { "phone": null }
        });
        mask_json(&mut v);
        assert_eq!(v["petitioners"][0]["id_number"], "110105********002X");
        assert_eq!(v["petitioners"][0]["phone"], "138****0000");
        assert_eq!(v["petitioners"][0]["name"], "张三");
        assert_eq!(v["note"]["phone"], serde_json::Value::Null);
    }

    #[test]
    fn valid_numbers_pass() {
        // The standard's own worked example, and one ending in X.
        assert_eq!(
            validate("11010519491231002X").unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            validate("11010519491231002x").unwrap(),
            "11010519491231002X"
        );
    }

    #[test]
    fn check_digit_x_is_computed() {
        assert_eq!(check_digit("11010519491231002"), Some('X'));
        assert_eq!(check_digit("44052418800101001"), Some('4'));
    }

    #[test]
    fn wrong_check_digit_is_named() {
        assert_eq!(
            validate("110105194912310021"),
            Err(IdNumberError::CheckDigit {
                expected: 'X',
                actual: '1'
            })
        );
        assert_eq!(
            validate("44520219900101001X"),
            Err(IdNumberError::CheckDigit {
                expected: check_digit("44520219900101001").unwrap(),
                actual: 'X'
            })
        );
    }

    #[test]
    fn malformed_numbers_are_rejected() {
        assert_eq!(validate("4405241880010100"), Err(IdNumberError::Length(16)));
        assert_eq!(
            validate("44052418800101001A"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            validate("4405241880010X0014"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            validate("440524188002300017"),
            Err(IdNumberError::BirthDate("18800230".into()))
        );
    }

    #[test]
    fn full_width_digits_are_read_and_other_characters_refused_without_a_panic() {
        assert_eq!(
            validate("１１０１０５１９４９１２３１００２ｘ").unwrap(),
            "11010519491231002X"
        );
        // Mixed: full-width and ASCII digits together are still one number.
        assert_eq!(
            validate("１１０１０５1949１２３１００２X").unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            validate("44052418800101001四"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(
            validate("4405241880010100一4"),
            Err(IdNumberError::Characters)
        );
        assert_eq!(validate("四四〇五"), Err(IdNumberError::Length(4)));
    }

    #[test]
    fn a_birth_before_1900_or_an_unknown_province_is_refused() {
        assert_eq!(
            validate("440524188001010014"),
            Err(IdNumberError::BirthOutOfRange("18800101".into()))
        );
        let id = with_check("00000019900101001");
        assert_eq!(validate(&id), Err(IdNumberError::Region("00".into())));
        let ok = with_check("44520219900101001");
        assert_eq!(validate(&ok).unwrap(), ok);
        assert_eq!(birth_date(&ok), NaiveDate::from_ymd_opt(1990, 1, 1));
    }

    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_digit(first17).unwrap())
    }

    #[test]
    fn masking_keeps_area_and_tail() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        assert_eq!(mask("123"), "***");
    }
}
