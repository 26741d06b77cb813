//! 越级访 (level skipping, Arts. 19–20): a visit goes to the competent organ at its own level or
//! one level up; a higher office does not take a visit that skips the level below, nor a matter a
//! lower organ is handling within its period. Found at registration and on the case, and
//! declined in one step towards the level the visitor should go to.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::authorities::{Directory, Level};
use super::case::{Authority, Case, Channel, Disposal, Status};
use super::channels::OrganKind;
use super::period::DeadlineKind;

pub const SKIPS_LEVEL_ARTICLE: &str = "《信访工作条例》第二十条";
pub const LOWER_HANDLING_ARTICLE: &str = "《信访工作条例》第十九条";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum LevelSkipKind {
    /// The competent organ is more than one level below this office (Art. 20).
    SkipsLevel,
    /// The same matter is accepted or in handling within its period at a lower level (Art. 19).
    LowerHandling,
}

/// Why this office should not take the visit, and where the visitor should go instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LevelSkip {
    pub kind: LevelSkipKind,
    pub article: String,
    /// What the clerk is told at registration and on the case.
    pub explanation: String,
    /// The reason as the 不予受理告知书 words it ("经审查，该事项{reason}").
    pub reason: String,
    /// The way the notice names ("依照法定途径（…）").
    pub statutory_channel: String,
    /// The organ the visitor is guided to, from the directory (none when it holds no such organ).
    pub guide_to: Option<Authority>,
}

impl Level {
    /// The level an administrative division code names (GB/T 2260; 9 or 12 digits: a township).
    pub fn of_division(code: &str) -> Option<Level> {
        let code = code.trim();
        let digits = code.bytes().take_while(u8::is_ascii_digit).count();
        if digits < 6 {
            return None;
        }
        if digits >= 9 && code[6..9] != *"000" {
            return Some(Level::Township);
        }
        Some(match (&code[2..4], &code[4..6]) {
            ("00", "00") => Level::Province,
            (_, "00") => Level::City,
            _ => Level::County,
        })
    }

    /// The next level up (none above a province here).
    pub fn above(self) -> Option<Level> {
        match self {
            Level::Township => Some(Level::County),
            Level::County => Some(Level::City),
            Level::City => Some(Level::Province),
            Level::Province => None,
        }
    }

    /// How many leading digits of a division code belong to this level's area.
    fn area_digits(self) -> usize {
        match self {
            Level::Province => 2,
            Level::City => 4,
            Level::County => 6,
            Level::Township => 9,
        }
    }
}

/// The division of `level` that holds `code` (e.g. the county of a township), 6 digits or 9.
fn division_at(code: &str, level: Level) -> Option<String> {
    let n = level.area_digits();
    let head = code
        .get(..n)
        .filter(|h| h.bytes().all(|b| b.is_ascii_digit()))?;
    Some(match level {
        Level::Township => head.to_string(),
        _ => format!("{head:0<6}"),
    })
}

impl Directory {
    /// The level of the office whose code is `office_code`: its petition office in the
    /// directory, else what the division code says.
    pub fn office_level(&self, office_code: &str) -> Option<Level> {
        let division = office_code.get(..6)?;
        self.organs
            .iter()
            .find(|o| o.kind == OrganKind::PetitionOffice && o.locality_code == division)
            .map(|o| o.level)
            .or_else(|| Level::of_division(division))
    }

    /// The organ a visitor about `locality` is guided to at `level`: its petition office, else
    /// its government.
    fn receiving_organ(&self, locality: &str, level: Level) -> Option<Authority> {
        let division = division_at(locality, level)?;
        let at = |kind| {
            self.organs
                .iter()
                .find(|o| o.kind == kind && o.level == level && o.locality_code == division)
        };
        at(OrganKind::PetitionOffice)
            .or_else(|| at(OrganKind::TownshipGovernment))
            .or_else(|| at(OrganKind::GovernmentDepartment))
            .map(|o| o.authority())
    }
}

/// What the rules read of a visit: its channel and locality, this office, and the earlier case
/// it was linked to as a repeat.
pub struct Visit<'a> {
    pub channel: Channel,
    pub locality_code: &'a str,
    pub office_code: &'a str,
    pub earlier: Option<&'a Case>,
    pub today: NaiveDate,
}

/// Whether this office should not take the visit, and why (the lower organ's handling first:
/// it names the case and the organ).
pub fn find(visit: &Visit, directory: &Directory) -> Option<LevelSkip> {
    if visit.channel != Channel::Visit {
        return None;
    }
    let office_level = directory.office_level(visit.office_code)?;
    lower_handling(visit, office_level, directory)
        .or_else(|| skips_level(visit, office_level, directory))
}

fn lower_handling(visit: &Visit, office_level: Level, directory: &Directory) -> Option<LevelSkip> {
    let earlier = visit.earlier?;
    if !matches!(
        earlier.status,
        Status::Accepted | Status::Forwarded | Status::Assigned
    ) {
        return None;
    }
    let organ = match &earlier.progress.disposal {
        Some(Disposal::Forwarded { authority, .. } | Disposal::Assigned { authority, .. }) => {
            Some(authority.clone())
        }
        Some(Disposal::Accepted { authority, .. }) => authority.clone(),
        _ => None,
    };
    let organ_level = organ
        .as_ref()
        .and_then(|a| directory.organ(&a.name))
        .map(|o| o.level);
    let handled_by_other_office = earlier.office_code != visit.office_code;
    let level = match (organ_level, handled_by_other_office) {
        (Some(level), _) => level,
        (None, true) => directory.office_level(&earlier.office_code)?,
        (None, false) => return None,
    };
    if level >= office_level {
        return None;
    }
    let lapsed = earlier
        .deadlines
        .iter()
        .filter(|d| {
            d.is_open()
                && matches!(
                    d.kind,
                    DeadlineKind::Handling | DeadlineKind::OrganHandling | DeadlineKind::Feedback
                )
        })
        .any(|d| d.due_on < visit.today);
    if lapsed {
        // Past its period the higher office supervises instead (Art. 40).
        return None;
    }
    let organ = organ.or_else(|| {
        directory
            .office_level(&earlier.office_code)
            .and_then(|l| directory.receiving_organ(&earlier.office_code, l))
    });
    let by = organ.as_ref().map_or("下级机关", |a| a.name.as_str());
    Some(LevelSkip {
        kind: LevelSkipKind::LowerHandling,
        article: LOWER_HANDLING_ARTICLE.into(),
        explanation: format!(
            "同一事项（{}）正由{by}在办理期限内办理，上级机关不予受理（{LOWER_HANDLING_ARTICLE}）",
            earlier.case_no
        ),
        reason: format!(
            "已由{by}受理并正在办理期限内（信访件编号：{}）",
            earlier.case_no
        ),
        statutory_channel: "在办理期限内等候其办理意见；对意见不服的，可依法请求复查".into(),
        guide_to: organ,
    })
}

fn skips_level(visit: &Visit, office_level: Level, directory: &Directory) -> Option<LevelSkip> {
    let locality = visit.locality_code.trim();
    let matter_level = Level::of_division(locality)?;
    let office_area = visit.office_code.get(..office_level.area_digits().min(6))?;
    let in_area = locality.starts_with(office_area);
    let lawful_top = matter_level.above()?;
    if !in_area || office_level <= lawful_top {
        return None;
    }
    let guide_to = directory.receiving_organ(locality, lawful_top);
    let to = guide_to.as_ref().map_or_else(
        || format!("{}有权处理机关", lawful_top.label()),
        |a| a.name.clone(),
    );
    Some(LevelSkip {
        kind: LevelSkipKind::SkipsLevel,
        article: SKIPS_LEVEL_ARTICLE.into(),
        explanation: format!(
            "该事项由{}有权处理机关处理，走访应到本级或者上一级机关提出；来本机关（{}）属越级走访，应引导至{to}（{SKIPS_LEVEL_ARTICLE}）",
            matter_level.label(),
            office_level.label()
        ),
        reason: format!(
            "由{}有权处理机关处理，你未到有权处理的本级或者上一级机关提出，属越级走访",
            matter_level.label()
        ),
        statutory_channel: "依法逐级走访".into(),
        guide_to,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_division_code_names_its_level() {
        assert_eq!(Level::of_division("440000"), Some(Level::Province));
        assert_eq!(Level::of_division("445200"), Some(Level::City));
        assert_eq!(Level::of_division("445202"), Some(Level::County));
        assert_eq!(Level::of_division("445202001"), Some(Level::Township));
        assert_eq!(Level::of_division("445202000"), Some(Level::County));
        assert_eq!(Level::of_division("445202X1"), Some(Level::County));
        assert_eq!(Level::of_division("4452"), None);
        assert_eq!(Level::of_division(""), None);
    }

    #[test]
    fn the_office_level_comes_from_the_directory() {
        let d = Directory::shipped();
        assert_eq!(d.office_level("445202"), Some(Level::County));
        assert_eq!(d.office_level("445200"), Some(Level::City));
        assert_eq!(d.office_level("440000"), Some(Level::Province));
        assert_eq!(d.office_level("445202X1"), Some(Level::County));
    }
}
