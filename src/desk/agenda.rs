//! The deadline agenda (期限日程): open duties falling due day by day over a span.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::cases::due_item;
use super::{Desk, DueItem};
use crate::domain::account::Permission;
use crate::domain::calendar::CalendarDay;
use crate::store::query;
use crate::Error;

/// The longest span one agenda reads: a month view shows six weeks.
pub const AGENDA_MAX_DAYS: i64 = 62;

/// One day of the agenda: its place in the office calendar and the duties due on it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AgendaDay {
    #[serde(flatten)]
    pub day: CalendarDay,
    /// Every open duty due that day, listed or not.
    pub count: i64,
    /// The day's duties by case number, while the agenda's row limit lasts.
    pub items: Vec<DueItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Agenda {
    pub today: NaiveDate,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Every day of `[from, to]`, those with nothing due included.
    pub days: Vec<AgendaDay>,
    /// Duties counted in `days` but not listed there (the row limit was reached).
    pub unlisted: i64,
    /// Cases (件) with a duty overdue today: not on a span from today, so counted apart.
    pub overdue: i64,
}

impl Desk {
    /// Open duties due in `[from, to]`, day by day; at most `limit` of them listed.
    pub async fn agenda(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        limit: u32,
    ) -> Result<Agenda, Error> {
        self.require(Permission::ViewCases)?;
        let span = (to - from).num_days();
        if span < 0 {
            return Err(Error::Invalid {
                field: "日程范围".into(),
                reason: "结束日期早于开始日期".into(),
            });
        }
        if span >= AGENDA_MAX_DAYS {
            return Err(Error::Invalid {
                field: "日程范围".into(),
                reason: format!("一次最多查看{AGENDA_MAX_DAYS}天"),
            });
        }
        let today = self.today();
        let policy = self.policy();
        let bounds = self.due_bounds(today);
        let (rows, per_day, (overdue, _)) = tokio::try_join!(
            query::due_between(&self.db.pool, Some(from), to, limit),
            query::due_per_day(&self.db.pool, from, to),
            query::due_counts(&self.db.pool, &bounds),
        )?;
        let mut rows = rows.into_iter().peekable();
        let mut per_day = per_day.into_iter().peekable();
        let mut days = Vec::with_capacity(span as usize + 1);
        let mut listed = 0;
        let mut total = 0;
        for offset in 0..=span {
            let date = from + Duration::days(offset);
            let count = per_day.next_if(|(d, _)| *d == date).map_or(0, |(_, n)| n);
            let mut items = Vec::new();
            while let Some(r) = rows.next_if(|r| r.due_on == date) {
                items.push(due_item(r, today, &policy));
            }
            listed += items.len() as i64;
            total += count;
            let reason = policy.calendar.reason(date);
            days.push(AgendaDay {
                day: CalendarDay {
                    date,
                    working: reason.is_working(),
                    reason,
                },
                count,
                items,
            });
        }
        Ok(Agenda {
            today,
            from,
            to,
            days,
            unlisted: total - listed,
            overdue,
        })
    }
}
