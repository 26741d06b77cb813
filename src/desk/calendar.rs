//! The working-day calendar: the year view, and imports that recompute open deadlines.

use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::{record, Desk, Happening};
use crate::domain::account::Permission;
use crate::domain::calendar::{CalendarEntry, CalendarFile, CalendarYear};
use crate::domain::holiday_notice;
use crate::domain::period::{self, DeadlineKind};
use crate::domain::workflow::ActionKind;
use crate::sheets;
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

/// What an import did, or (previewed) would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CalendarImport {
    pub years: Vec<i32>,
    pub changed: Vec<ChangedDue>,
    /// Days off and make-up workdays the import took away from years known before.
    pub removed: Vec<CalendarEntry>,
    /// Days off and make-up workdays the calendar did not have.
    pub added: Vec<CalendarEntry>,
}

/// Reads a calendar as offices receive it, by its name: an .xlsx of days, the JSON file of
/// `data/cn-public-holidays.json`, or (any other name) the State Council's notice as text.
pub fn read_calendar(name: &str, bytes: &[u8]) -> Result<CalendarFile, Error> {
    let lower = name.to_lowercase();
    let file = if lower.ends_with(".xlsx") {
        let file = sheets::calendar::read(&sheets::Sheet::from_bytes(name, bytes)?)?;
        // The JSON and notice readers check what they read; a sheet is checked here.
        file.check()?;
        file
    } else {
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Error::invalid("file", "日历文件应为UTF-8编码的文本、JSON或.xlsx表格"))?;
        if lower.ends_with(".json")
            || text
                .trim_start_matches('\u{feff}')
                .trim_start()
                .starts_with('{')
        {
            CalendarFile::parse(text)?
        } else {
            holiday_notice::parse(text)?
        }
    };
    if file.years.is_empty() {
        return Err(Error::invalid("years", "日历文件中没有任何年份"));
    }
    Ok(file)
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
        file: &CalendarFile,
        source: &str,
        confirmed: bool,
    ) -> Result<CalendarImport, Error> {
        self.apply_calendar(file, source, Some(confirmed)).await
    }

    /// What [`Desk::import_calendar`] would do, changing nothing: the same recomputation in a
    /// transaction that is rolled back.
    pub async fn preview_calendar(&self, file: &CalendarFile) -> Result<CalendarImport, Error> {
        self.apply_calendar(file, "", None).await
    }

    /// `confirmed: None` previews.
    async fn apply_calendar(
        &self,
        file: &CalendarFile,
        source: &str,
        confirmed: Option<bool>,
    ) -> Result<CalendarImport, Error> {
        let actor = &self.require(Permission::ManageSettings)?;
        let removed = self.policy().calendar.removed_by(file);
        let added = self.policy().calendar.added_by(file);
        if !removed.is_empty() && confirmed == Some(false) {
            return Err(Error::CalendarRemovesDays(removed));
        }
        let mut calendar = self.policy().calendar.clone();
        calendar.replace_years(file);

        let now = self.now();
        let at = store::instant_text(now);
        let local = self.policy().office.as_ref().map(|o| o.code.clone());
        let mut tx = self.db.begin_write().await?;
        store::calendar::save_years(&mut tx, file, source, &at).await?;
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
        let done = CalendarImport {
            years: file.year_numbers(),
            changed,
            removed,
            added,
        };
        if confirmed.is_none() {
            tx.rollback().await?;
            return Ok(done);
        }
        tx.commit().await?;
        self.reload_policy().await?;
        Ok(done)
    }
}
