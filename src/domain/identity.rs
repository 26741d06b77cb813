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
    #[error("身份证号码校验位应为{expected}，实际为{actual}")]
    CheckDigit { expected: char, actual: char },
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

/// Validates an 18-character number and returns it normalised (upper-case X).
pub fn validate(raw: &str) -> Result<String, IdNumberError> {
    let id = raw.trim().to_ascii_uppercase();
    let n = id.chars().count();
    if n != 18 {
        return Err(IdNumberError::Length(n));
    }
    let (body, last) = id.split_at(17);
    let last = last.chars().next().unwrap_or(' ');
    if !body.bytes().all(|b| b.is_ascii_digit()) || !(last.is_ascii_digit() || last == 'X') {
        return Err(IdNumberError::Characters);
    }
    let birth = &body[6..14];
    if NaiveDate::parse_from_str(birth, "%Y%m%d").is_err() {
        return Err(IdNumberError::BirthDate(birth.to_string()));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn valid_numbers_pass() {
        // The standard's own worked example, and one ending in X.
        assert_eq!(
            validate("11010519491231002X").unwrap(),
            "11010519491231002X"
        );
        assert_eq!(
            validate("440524188001010014").unwrap(),
            "440524188001010014"
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
            validate("44052418800101001X"),
            Err(IdNumberError::CheckDigit {
                expected: '4',
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
    fn masking_keeps_area_and_tail() {
        assert_eq!(mask("11010519491231002X"), "110105********002X");
        assert_eq!(mask("123"), "***");
    }
}
