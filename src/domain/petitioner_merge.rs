//! 合并信访人记录: two records of one person made one, each field kept from the side the clerk
//! chose. Petitioners are recorded per case, so a merge rewrites the records on both cases; the
//! timeline of each keeps the values it had.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::case::{Case, Petitioner};
use super::workflow::WorkflowError;

/// One petitioner record: the case and the position in its list of petitioners (from 0).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PetitionerRef {
    pub case_no: String,
    pub index: usize,
}

/// Which of the two records a field's value is kept from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Side {
    #[default]
    First,
    Second,
}

/// A merge as the clerk decided it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct PetitionerMerge {
    pub first: PetitionerRef,
    pub second: PetitionerRef,
    #[serde(default)]
    pub name: Side,
    #[serde(default)]
    pub id_number: Side,
    #[serde(default)]
    pub phone: Side,
    #[serde(default)]
    pub address: Side,
}

/// The cases as they are after the merge: the first record's case, then the second's when it
/// is another case.
#[derive(Debug, Clone)]
pub struct Merged {
    pub person: Petitioner,
    pub cases: Vec<Case>,
}

fn invalid(field: &str, reason: impl Into<String>) -> WorkflowError {
    WorkflowError::Invalid {
        field: field.to_string(),
        reason: reason.into(),
    }
}

fn record<'c>(
    case: &'c Case,
    at: &PetitionerRef,
    field: &str,
) -> Result<&'c Petitioner, WorkflowError> {
    case.petitioners.get(at.index).ok_or_else(|| {
        invalid(
            field,
            format!(
                "信访件{}没有第{}位信访人（共{}人）",
                case.case_no,
                at.index + 1,
                case.petitioners.len()
            ),
        )
    })
}

/// The person data the merge keeps (the representative mark belongs to each case, not to the
/// person, and stays as it was).
fn chosen(a: &Petitioner, b: &Petitioner, m: &PetitionerMerge) -> Petitioner {
    let pick = |side: Side| if side == Side::First { a } else { b };
    Petitioner {
        name: pick(m.name).name.clone(),
        id_number: pick(m.id_number).id_number.clone(),
        phone: pick(m.phone).phone.clone(),
        address: pick(m.address).address.clone(),
        representative: a.representative,
    }
}

fn same_person_data(a: &Petitioner, b: &Petitioner) -> bool {
    (&a.name, &a.id_number, &a.phone, &a.address) == (&b.name, &b.id_number, &b.phone, &b.address)
}

/// Applies `m` to the cases holding its records: `second` is `None` when both records are on
/// `first` (a person entered twice on one case), and the second record then leaves the list.
pub fn merge(
    first: &Case,
    second: Option<&Case>,
    m: &PetitionerMerge,
) -> Result<Merged, WorkflowError> {
    let a = record(first, &m.first, "first")?;
    let b = record(second.unwrap_or(first), &m.second, "second")?;
    if second.is_none() && m.first.index == m.second.index {
        return Err(invalid("second", "请选择另一条信访人记录"));
    }
    if second.is_some() && same_person_data(a, b) {
        return Err(invalid(
            "second",
            "两条记录的姓名、身份证号码、电话和住址都相同，无需合并",
        ));
    }
    let person = chosen(a, b, m);
    let mut kept = first.clone();
    let mut cases = Vec::with_capacity(2);
    match second {
        None => {
            kept.petitioners[m.first.index] = Petitioner {
                representative: a.representative || b.representative,
                ..person.clone()
            };
            kept.petitioners.remove(m.second.index);
            cases.push(kept);
        }
        Some(second) => {
            kept.petitioners[m.first.index] = person.clone();
            let mut other = second.clone();
            other.petitioners[m.second.index] = Petitioner {
                representative: b.representative,
                ..person.clone()
            };
            cases.push(kept);
            cases.push(other);
        }
    }
    Ok(Merged { person, cases })
}
