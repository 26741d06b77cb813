//! 拆分信访件: one matter of a case that holds several, registered as a case of its own.

use chrono::Datelike;
use serde_json::{json, Value};
use uuid::Uuid;

use super::cases::{own_case, permitted};
use super::{record, record_new, Desk, Happening};
use crate::domain::account::Permission;
use crate::domain::case::{Case, SplitOrigin};
use crate::domain::case_split::{self, CaseSplit};
use crate::domain::registration;
use crate::domain::workflow::ActionKind;
use crate::store;
use crate::store::events::{self, EventJson};
use crate::Error;

impl Desk {
    /// Takes the matter `split` describes out of `case_no` into a new case, received when the
    /// original was, in one transaction. Returns the original as it remains, then the new case.
    pub async fn split_case(
        &self,
        case_no: &str,
        split: &CaseSplit,
    ) -> Result<(Case, Case), Error> {
        let actor = &self.require(Permission::Register)?;
        let kind = ActionKind::SplitCase;
        let now = self.now();
        let office = self.cached_office().await?;
        let policy = self.policy();
        let mut tx = self.db.begin_write().await?;
        let case = own_case(&mut tx, case_no.trim(), kind).await?;
        permitted(actor, kind, &case)?;
        let (new, mut rest) = case_split::split(&case, split)?;
        let new = registration::validate(new, now)?;
        let year = case.received_on.year();
        let n = store::office::take_numbers(&mut tx, &office.code, "case", year, 1).await?;
        let mut taken = registration::build(
            new,
            Uuid::now_v7(),
            &office.code,
            format!("{}-{}-{:06}", office.code, year, n),
            now,
            &policy.rules,
            &policy.calendar,
        );
        let seq = events::next_seq(&mut tx, case.id).await? - 1;
        taken.progress.split_from = Some(SplitOrigin {
            case_no: case.case_no.clone(),
            seq,
        });
        let first = Happening {
            actor,
            at: now,
            action: kind.as_str(),
            summary: format!("由信访件{}拆分登记", case.case_no),
            details: Value::Null,
            before: Value::Null,
            after: Value::Null,
        }
        .event(&taken, 1);
        let details = json!({ "split_from": case.case_no, "split": split }).to_string();
        let after = json!({ "case_no": taken.case_no, "status": taken.status }).to_string();
        record_new(
            &mut tx,
            std::slice::from_ref(&taken),
            vec![(first, EventJson::new(details, "{}".into(), after))],
        )
        .await?;

        rest.progress.split_into.push(taken.case_no.clone());
        rest.version = case.version + 1;
        rest.updated_at = now;
        store::cases::update(&mut tx, &rest).await?;
        store::cases::update_registration(&mut tx, &rest).await?;
        let (before, after) = events::diff(&case.to_json(), &rest.to_json());
        record(
            &mut tx,
            &rest,
            Happening {
                actor,
                at: now,
                action: kind.as_str(),
                summary: format!("拆分出信访件{}：{}", taken.case_no, taken.title),
                details: json!({ "split_into": taken.case_no, "split": split }),
                before,
                after,
            },
        )
        .await?;
        tx.commit().await?;
        Ok((rest.masked(), taken.masked()))
    }
}
