//! 合并信访人记录: one person entered twice, on one case or on two.

use serde_json::json;

use super::cases::{own_case, permitted};
use super::{record, Desk, Happening};
use crate::domain::account::Permission;
use crate::domain::case::Case;
use crate::domain::petitioner_merge::{self, PetitionerMerge};
use crate::domain::workflow::ActionKind;
use crate::store::{self, events};
use crate::Error;

impl Desk {
    /// Merges two petitioner records as the clerk chose field by field, on every case holding
    /// one, in one transaction; each case's timeline keeps the values it had.
    pub async fn merge_petitioners(&self, merge: &PetitionerMerge) -> Result<Vec<Case>, Error> {
        let actor = &self.require(Permission::Register)?;
        let kind = ActionKind::MergePetitioners;
        let now = self.now();
        let (first_no, second_no) = (merge.first.case_no.trim(), merge.second.case_no.trim());
        let mut tx = self.db.begin_write().await?;
        let first = own_case(&mut tx, first_no, kind).await?;
        permitted(actor, kind, &first)?;
        let second = if second_no == first.case_no {
            None
        } else {
            let second = own_case(&mut tx, second_no, kind).await?;
            permitted(actor, kind, &second)?;
            Some(second)
        };
        let mut merge = merge.clone();
        merge.first.case_no = first.case_no.clone();
        merge.second.case_no = second.as_ref().unwrap_or(&first).case_no.clone();
        let merged = petitioner_merge::merge(&first, second.as_ref(), &merge)?;
        let records = json!({
            "first": first.petitioners[merge.first.index],
            "second": second.as_ref().unwrap_or(&first).petitioners[merge.second.index],
        });
        let befores = [Some(&first), second.as_ref()];
        let mut written = Vec::with_capacity(merged.cases.len());
        for (before, mut next) in befores.into_iter().flatten().zip(merged.cases) {
            next.version = before.version + 1;
            next.updated_at = now;
            store::cases::update(&mut tx, &next).await?;
            store::cases::update_registration(&mut tx, &next).await?;
            let (was, is) = events::diff(&before.to_json(), &next.to_json());
            let with = if second.is_none() {
                "本件重复登记的".to_string()
            } else if next.case_no == merge.first.case_no {
                format!("{}第{}位", merge.second.case_no, merge.second.index + 1)
            } else {
                format!("{}第{}位", merge.first.case_no, merge.first.index + 1)
            };
            record(
                &mut tx,
                &next,
                Happening {
                    actor,
                    at: now,
                    action: kind.as_str(),
                    summary: format!("合并信访人记录：{}，与{}信访人", merged.person.name, with),
                    details: json!({ "merge": merge, "records": records, "kept": merged.person }),
                    before: was,
                    after: is,
                },
            )
            .await?;
            written.push(next.masked());
        }
        tx.commit().await?;
        Ok(written)
    }
}
