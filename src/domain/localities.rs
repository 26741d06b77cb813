//! The county's localities (问题属地): its townships and, under each, the villages and
//! communities a registration picks the problem's place from instead of typing a code.
//! Codes nest: the county's 6 digits, a township's 9, a village's 12.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::Locality;
use super::workflow::WorkflowError;

const SHIPPED: &str = include_str!("../../data/localities.json");
const NAME_MAX: usize = 30;

/// One township, village or community (or the county itself).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Place {
    pub code: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Localities {
    #[serde(default)]
    pub about: String,
    pub county: Place,
    /// Townships and villages, in the order the picker lists them.
    pub places: Vec<Place>,
}

impl Localities {
    /// The demo county's list, shipped with the program.
    pub fn shipped() -> Localities {
        Localities::parse(SHIPPED).expect("the shipped locality list is valid")
    }

    pub fn parse(json: &str) -> Result<Localities, WorkflowError> {
        let l: Localities = super::input::parse(json)?;
        l.check()?;
        Ok(l)
    }

    /// The place with `code` as a case records it: its name from the county down
    /// (`榕城区榕华街道新风社区`).
    pub fn locality(&self, code: &str) -> Option<Locality> {
        let code = code.trim();
        if code == self.county.code {
            return Some(Locality {
                code: code.to_string(),
                name: self.county.name.clone(),
            });
        }
        let mut name = self.county.name.clone();
        for len in [9, 12] {
            let Some(prefix) = code.get(..len) else { break };
            name.push_str(&self.place(prefix)?.name);
        }
        (code.len() == 9 || code.len() == 12).then(|| Locality {
            code: code.to_string(),
            name,
        })
    }

    fn place(&self, code: &str) -> Option<&Place> {
        self.places.iter().find(|p| p.code == code)
    }

    /// Refuses a list with a code that is not the county's, not nested under a township it
    /// holds, or repeated, and a nameless or overlong name; each message names the row.
    pub fn check(&self) -> Result<(), WorkflowError> {
        let invalid = |field: String, reason: String| WorkflowError::Invalid { field, reason };
        let county = &self.county;
        if county.code.len() != 6 || !digits(&county.code) {
            return Err(invalid(
                "county.code".into(),
                "县（区）代码应为6位数字".into(),
            ));
        }
        if county.name.trim().is_empty() {
            return Err(invalid("county.name".into(), "县（区）名称不能为空".into()));
        }
        let mut codes = HashSet::new();
        for (i, p) in self.places.iter().enumerate() {
            let row = i + 1;
            let field = |f: &str| format!("places[{i}].{f}");
            let nested = (p.code.len() == 9 || p.code.len() == 12)
                && digits(&p.code)
                && p.code.starts_with(&county.code);
            if !nested {
                return Err(invalid(
                    field("code"),
                    format!(
                        "第{row}项：代码应为以{}开头的9位（乡镇、街道）或12位（村、社区）数字",
                        county.code
                    ),
                ));
            }
            if p.code.len() == 12 && !codes.contains(&p.code[..9]) {
                return Err(invalid(
                    field("code"),
                    format!(
                        "第{row}项：“{}”所属的乡镇（街道）{}应列在它之前",
                        p.name,
                        &p.code[..9]
                    ),
                ));
            }
            if !codes.insert(p.code.as_str()) {
                return Err(invalid(
                    field("code"),
                    format!("第{row}项：代码{}重复", p.code),
                ));
            }
            let name = p.name.trim();
            if name.is_empty() || name.chars().count() > NAME_MAX {
                return Err(invalid(
                    field("name"),
                    format!("第{row}项：名称应为1至{NAME_MAX}个字"),
                ));
            }
        }
        Ok(())
    }
}

fn digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(r: Result<(), WorkflowError>) -> String {
        match r {
            Err(WorkflowError::Invalid { field, .. }) => field,
            other => panic!("expected a refusal, got {other:?}"),
        }
    }

    #[test]
    fn shipped_list_names_places_from_the_county_down() {
        let l = Localities::shipped();
        assert!(l.places.len() > 40);
        let town = l.locality("445202001").unwrap();
        assert_eq!(town.name, "榕城区榕华街道");
        let village = &l.places.iter().find(|p| p.code.len() == 12).unwrap().code;
        let v = l.locality(village).unwrap();
        assert!(v.name.starts_with("榕城区榕华街道") && v.name.len() > town.name.len());
        assert_eq!(l.locality("445202").unwrap().name, "榕城区");
        assert_eq!(l.locality("445202999"), None);
        assert_eq!(l.locality("44520200"), None);
    }

    #[test]
    fn check_refuses_codes_outside_or_out_of_order() {
        let mut l = Localities::shipped();
        l.places.push(Place {
            code: "445203001".into(),
            name: "外县".into(),
        });
        assert_eq!(
            field(l.check()),
            format!("places[{}].code", l.places.len() - 1)
        );

        let mut l = Localities::shipped();
        l.places.insert(
            0,
            Place {
                code: "445202001001".into(),
                name: "先于街道".into(),
            },
        );
        assert_eq!(field(l.check()), "places[0].code");

        let mut l = Localities::shipped();
        let dup = l.places[0].clone();
        l.places.push(dup);
        assert_eq!(
            field(l.check()),
            format!("places[{}].code", l.places.len() - 1)
        );

        let mut l = Localities::shipped();
        l.places[1].name = " ".into();
        assert_eq!(field(l.check()), "places[1].name");

        let mut l = Localities::shipped();
        l.county.code = "4452".into();
        assert_eq!(field(l.check()), "county.code");
    }
}
