//! The working-day calendar: the year view, and imports that recompute open deadlines.

use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::{record, Desk, Happening};
use crate::domain::account::Permission;
use crate::domain::calendar::{CalendarEntry, CalendarFile, CalendarYear};
use crate::domain::period::{self, DeadlineKind};
use crate::domain::workflow::ActionKind;
use crate::store;
use crate::Error;

/// A due date that moved because the calendar changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChangedDue {
    pub case_no: String,
    pub kind: DeadlineKind,
    pub old_due_on: chrono::NaiveDate,
    pub new_due_on: chrono::NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarImport {
    pub years: Vec<i32>,
    pub changed: Vec<ChangedDue>,
    /// Days off and make-up workdays the import took away from years known before.
    pub removed: Vec<CalendarEntry>,
}

impl Desk {
    pub fn calendar_year(&self, year: i32) -> Result<CalendarYear, Error> {
        self.policy()
            .calendar
            .year_view(year)
            .ok_or_else(|| Error::invalid("year", format!("{year}不是有效年份")))
    }

    /// Imports whole years (a new year, or a correction) and recomputes every open deadline
    /// that counts on the calendar, in one transaction; says which due dates moved. A file
    /// that takes days off or make-up workdays away from a known year is refused unless
    /// `confirmed`: an empty or truncated file would otherwise shorten every period quietly.
    pub async fn import_calendar(
        &self,
        json: &str,
        source: &str,
        confirmed: bool,
    ) -> Result<CalendarImport, Error> {
        let actor = &self.require(Permission::ManageSettings)?;
        let file = CalendarFile::parse(json)?;
        if file.years.is_empty() {
            return Err(Error::invalid("years", "日历文件中没有任何年份"));
        }
        let removed = self.policy().calendar.removed_by(&file);
        if !removed.is_empty() && !confirmed {
            return Err(Error::CalendarRemovesDays(removed));
        }
        let mut calendar = self.policy().calendar.clone();
        calendar.replace_years(&file);

        let now = self.now();
        let at = store::instant_text(now);
        let local = self.policy().office.as_ref().map(|o| o.code.clone());
        let mut tx = self.db.begin_write().await?;
        store::calendar::save_years(&mut tx, &file, source, &at).await?;
        let mut changed = Vec::new();
        for case_no in store::cases::with_open_deadlines(&mut tx).await? {
            let Some(case) = store::cases::load_by_no(&mut tx, &case_no).await? else {
                continue;
            };
            // Other offices' deadlines are theirs to recompute; a change here would come
            // back as a conflict at the next import.
            if local
                .as_deref()
                .is_some_and(|code| code != case.office_code)
            {
                continue;
            }
            let mut next = case.clone();
            let mut moved = Vec::new();
            for d in next.deadlines.iter_mut().filter(|d| d.is_open()) {
                let fresh = period::recompute(d, &calendar);
                if fresh.due_on != d.due_on {
                    moved.push(ChangedDue {
                        case_no: case.case_no.clone(),
                        kind: d.kind,
                        old_due_on: d.due_on,
                        new_due_on: fresh.due_on,
                    });
                }
                *d = fresh;
            }
            if moved.is_empty() && next.deadlines == case.deadlines {
                continue;
            }
            next.version += 1;
            next.updated_at = now;
            store::cases::update(&mut tx, &next).await?;
            let summary = if moved.is_empty() {
                "节假日安排更新，期限说明已重算".to_string()
            } else {
                format!("节假日安排更新，{}项期限顺延调整", moved.len())
            };
            record(
                &mut tx,
                &next,
                Happening {
                    actor,
                    at: now,
                    action: ActionKind::RecomputeDeadlines.as_str(),
                    summary,
                    details: json!({ "source": source, "years": file.year_numbers() }),
                    before: json!({ "deadlines": case.deadlines }),
                    after: json!({ "deadlines": next.deadlines }),
                },
            )
            .await?;
            changed.extend(moved);
        }
        tx.commit().await?;
        self.reload_policy().await?;
        Ok(CalendarImport {
            years: file.year_numbers(),
            changed,
            removed,
        })
    }
}
