//! The directory of authorities (有权处理机关): the organs an office routes matters to, their
//! kind and level, and the organ one level up that reviews their opinions (复查, Art. 35).
//! Decisions, letters and the review chain pick names from it instead of typing them.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::Authority;
use super::channels::OrganKind;
use super::workflow::WorkflowError;

const SHIPPED: &str = include_str!("../../data/authorities.json");

/// Lowest first: the order is the ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Level {
    Township,
    County,
    City,
    Province,
}

impl Level {
    pub const ALL: [Level; 4] = [Level::Township, Level::County, Level::City, Level::Province];

    pub fn label(self) -> &'static str {
        match self {
            Level::Township => "乡镇（街道）",
            Level::County => "县级",
            Level::City => "市级",
            Level::Province => "省级",
        }
    }

    pub fn from_label(label: &str) -> Option<Level> {
        let label = label.trim();
        Level::ALL.into_iter().find(|l| l.label() == label)
    }
}

/// One organ of the directory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Organ {
    pub name: String,
    pub kind: OrganKind,
    pub level: Level,
    /// The organ one level up (by name, in the directory): who reviews this organ's opinions.
    #[serde(default)]
    pub parent: Option<String>,
    /// The administrative division it serves (6 or 9 digits).
    #[serde(default)]
    pub locality_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub contact: String,
}

impl Organ {
    /// The organ as a decision names it.
    pub fn authority(&self) -> Authority {
        Authority {
            name: self.name.clone(),
            kind: self.kind.authority_kind(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
#[ts(export)]
pub struct Directory {
    #[serde(default)]
    pub about: String,
    pub organs: Vec<Organ>,
}

impl Directory {
    /// The demo county's directory, shipped with the program.
    pub fn shipped() -> Directory {
        Directory::parse(SHIPPED).expect("the shipped authority directory is valid")
    }

    pub fn parse(json: &str) -> Result<Directory, WorkflowError> {
        let d: Directory = super::input::parse(json)?;
        d.check()?;
        Ok(d)
    }

    pub fn organ(&self, name: &str) -> Option<&Organ> {
        let name = name.trim();
        self.organs.iter().find(|o| o.name == name)
    }

    /// The organ that reviews `name`'s opinions, and the one above that (复查, 复核).
    pub fn review_chain(&self, name: &str) -> Vec<&Organ> {
        let mut chain = Vec::new();
        let mut at = self.organ(name);
        while let Some(organ) = at
            .and_then(|o| o.parent.as_deref())
            .and_then(|p| self.organ(p))
        {
            if chain.len() == 2 || chain.iter().any(|o: &&Organ| o.name == organ.name) {
                break;
            }
            chain.push(organ);
            at = Some(organ);
        }
        chain
    }

    /// Refuses a directory with a nameless or repeated organ or a parent it does not hold.
    pub fn check(&self) -> Result<(), WorkflowError> {
        let invalid = |field: String, reason: String| WorkflowError::Invalid { field, reason };
        if self.organs.is_empty() {
            return Err(invalid("organs".into(), "名录中没有任何机关".into()));
        }
        let mut names = HashSet::new();
        for (i, o) in self.organs.iter().enumerate() {
            if o.name.trim().is_empty() {
                return Err(invalid(
                    format!("organs[{i}].name"),
                    format!("第{}项：名称不能为空", i + 1),
                ));
            }
            if !names.insert(o.name.trim()) {
                return Err(invalid(
                    format!("organs[{i}].name"),
                    format!("第{}项：“{}”重复", i + 1, o.name),
                ));
            }
        }
        for (i, o) in self.organs.iter().enumerate() {
            if let Some(parent) = o.parent.as_deref().filter(|p| !p.trim().is_empty()) {
                if !names.contains(parent.trim()) {
                    return Err(invalid(
                        format!("organs[{i}].parent"),
                        format!("第{}项：上级机关“{parent}”不在名录中", i + 1),
                    ));
                }
                if parent.trim() == o.name.trim() {
                    return Err(invalid(
                        format!("organs[{i}].parent"),
                        format!("第{}项：上级机关不能是自身", i + 1),
                    ));
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::case::AuthorityKind;

    #[test]
    fn the_shipped_directory_names_every_kind_and_a_review_chain() {
        let d = Directory::shipped();
        for kind in OrganKind::ALL {
            assert!(d.organs.iter().any(|o| o.kind == kind), "{kind:?}");
        }
        let chain: Vec<&str> = d
            .review_chain("揭阳市榕城区人力资源和社会保障局")
            .iter()
            .map(|o| o.name.as_str())
            .collect();
        assert_eq!(chain, ["揭阳市榕城区人民政府", "揭阳市人民政府"]);
        let court = d.organ("揭阳市榕城区人民法院").unwrap();
        assert_eq!(court.authority().kind, AuthorityKind::PoliticalLegal);
    }

    #[test]
    fn a_bad_directory_is_refused_by_item() {
        let mut d = Directory::shipped();
        d.organs[3].parent = Some("不存在的机关".into());
        let e = d.check().unwrap_err().to_string();
        assert!(e.contains("第4项") && e.contains("不在名录中"), "{e}");
        let mut d = Directory::shipped();
        d.organs[5].name = d.organs[1].name.clone();
        assert!(d.check().unwrap_err().to_string().contains("重复"));
    }
}
