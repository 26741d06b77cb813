//! The scheduled backup: every day at a set time the office backs itself up into a set folder,
//! kept in the set rotation. The desktop app checks every minute (`backup_if_due`), and a
//! machine where the app is not left open runs `xinfang backup create --if-due` from its task
//! scheduler; both decide with the pure [`backup_due_at`] and record what happened, which
//! 设置 › 备份 and `xinfang backup schedule` show.

use std::path::Path;

use chrono::{DateTime, Duration, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::backup::BackupCreated;
use super::Desk;
use crate::domain::account::Permission;
use crate::domain::calendar::{office_day_start, office_time};
use crate::domain::retention::Rotation;
use crate::store;
use crate::Error;

/// Settings key of the schedule ([`BackupSchedule`]).
const SCHEDULE_SETTING: &str = "backup_schedule";
/// Settings key of what the scheduled backups last did ([`BackupRuns`]).
const RUNS_SETTING: &str = "backup_runs";

/// After a scheduled backup failed (the drive not plugged in, say), the next try.
pub const RETRY_AFTER: Duration = Duration::minutes(30);

/// Off when there is no folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupSchedule {
    pub folder: Option<String>,
    /// The office's wall-clock time of the daily backup, `HH:MM`.
    pub at: String,
    pub rotation: Rotation,
}

impl Default for BackupSchedule {
    fn default() -> Self {
        BackupSchedule {
            folder: None,
            at: "18:00".into(),
            rotation: Rotation::default(),
        }
    }
}

/// What the scheduled backups last did: the last one written, and a failure since.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupRuns {
    pub last_success_at: Option<DateTime<Utc>>,
    pub last_path: Option<String>,
    /// Only when after the last success.
    pub last_failure_at: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
}

/// What 设置 › 备份 shows of the schedule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupScheduleStatus {
    pub schedule: BackupSchedule,
    pub runs: BackupRuns,
    /// When the next scheduled backup is due (none when off); in the past when overdue.
    pub next_due_at: Option<DateTime<Utc>>,
}

fn daily_time(at: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(at, "%H:%M").ok()
}

/// When the next scheduled backup is due: today's (or, before its time, yesterday's) time
/// unless a backup was written since; after a failure since then, `RETRY_AFTER` later. A
/// schedule just turned on is due at once when its last time of day has passed.
pub fn backup_due_at(
    schedule: &BackupSchedule,
    runs: &BackupRuns,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    schedule.folder.as_ref()?;
    let time = daily_time(&schedule.at)?;
    let today = office_time(now).date();
    let at_on = |d: chrono::NaiveDate| office_day_start(d) + (time - NaiveTime::MIN);
    let mut slot = at_on(today);
    if slot > now {
        slot = at_on(today - Duration::days(1));
    }
    if runs.last_success_at.is_some_and(|t| t >= slot) {
        return Some(at_on(office_time(slot).date() + Duration::days(1)));
    }
    match runs.last_failure_at {
        Some(failed) if failed >= slot => Some(failed + RETRY_AFTER),
        _ => Some(slot),
    }
}

impl Desk {
    pub async fn backup_schedule_status(&self) -> Result<BackupScheduleStatus, Error> {
        self.require(Permission::Backup)?;
        self.schedule_status().await
    }

    async fn schedule_status(&self) -> Result<BackupScheduleStatus, Error> {
        let office = self.cached_office().await?;
        let schedule: BackupSchedule =
            store::settings::get(&self.db.pool, &office.code, SCHEDULE_SETTING)
                .await?
                .unwrap_or_default();
        let runs: BackupRuns = store::settings::get(&self.db.pool, &office.code, RUNS_SETTING)
            .await?
            .unwrap_or_default();
        let next_due_at = backup_due_at(&schedule, &runs, self.now());
        Ok(BackupScheduleStatus {
            schedule,
            runs,
            next_due_at,
        })
    }

    /// Turns the scheduled backup on (a folder, a time of day, a rotation) or off (no folder).
    pub async fn set_backup_schedule(
        &self,
        schedule: BackupSchedule,
    ) -> Result<BackupScheduleStatus, Error> {
        self.require(Permission::Backup)?;
        let at = daily_time(schedule.at.trim())
            .ok_or_else(|| Error::invalid("at", "定时备份的时间应为“时:分”，如 18:00"))?;
        let folder = match schedule.folder.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(folder) => {
                // The app's timer runs wherever the app was started: a relative folder is
                // taken as meant by whoever set it.
                let folder = std::path::absolute(folder)
                    .map_err(|_| Error::invalid("folder", "备份文件夹路径无效"))?;
                Some(folder.display().to_string())
            }
        };
        let schedule = BackupSchedule {
            folder,
            at: at.format("%H:%M").to_string(),
            rotation: schedule.rotation,
        };
        self.put_setting(SCHEDULE_SETTING, &schedule).await?;
        self.schedule_status().await
    }

    /// For the desktop app's timer and `backup create --if-due`: writes the scheduled backup
    /// when it is due at `now`, and records what happened. `None` when off or not due.
    pub async fn backup_if_due(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<Result<BackupCreated, Error>>, Error> {
        let status = self.schedule_status().await?;
        let Some(folder) = status.schedule.folder.as_deref() else {
            return Ok(None);
        };
        if status.next_due_at.is_none_or(|due| due > now) {
            return Ok(None);
        }
        let made = self
            .write_rotated_backup(Path::new(folder), status.schedule.rotation)
            .await;
        let mut runs = status.runs;
        match &made {
            Ok(created) => {
                runs = BackupRuns {
                    last_success_at: Some(now),
                    last_path: Some(created.backup.path.clone()),
                    ..BackupRuns::default()
                };
            }
            Err(e) => {
                runs.last_failure_at = Some(now);
                runs.last_error = Some(e.to_string());
            }
        }
        self.put_setting(RUNS_SETTING, &runs).await?;
        Ok(Some(made))
    }

    /// Stores one of the office's settings, in a transaction of its own.
    pub(super) async fn put_setting<T: Serialize>(
        &self,
        key: &str,
        value: &T,
    ) -> Result<(), Error> {
        let office = self.cached_office().await?;
        let mut tx = self.db.begin_write().await?;
        store::settings::put(
            &mut tx,
            &office.code,
            key,
            value,
            &store::instant_text(self.now()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An instant given in office time (UTC+8).
    fn at(day: u32, h: u32, m: u32) -> DateTime<Utc> {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, day).unwrap();
        office_day_start(d) + Duration::hours(h.into()) + Duration::minutes(m.into())
    }

    fn on(at: &str) -> BackupSchedule {
        BackupSchedule {
            folder: Some("/media/备份".into()),
            at: at.into(),
            rotation: Rotation::default(),
        }
    }

    #[test]
    fn off_is_never_due() {
        let off = BackupSchedule::default();
        assert_eq!(
            backup_due_at(&off, &BackupRuns::default(), at(3, 19, 0)),
            None
        );
    }

    #[test]
    fn due_at_the_time_of_day_until_a_backup_is_written_then_tomorrow() {
        let s = on("18:00");
        let none = BackupRuns::default();
        // Turned on in the morning: yesterday's time has passed with no backup.
        assert_eq!(backup_due_at(&s, &none, at(3, 9, 0)), Some(at(2, 18, 0)));
        let done = BackupRuns {
            last_success_at: Some(at(2, 18, 1)),
            ..BackupRuns::default()
        };
        assert_eq!(backup_due_at(&s, &done, at(3, 9, 0)), Some(at(3, 18, 0)));
        assert_eq!(backup_due_at(&s, &done, at(3, 18, 0)), Some(at(3, 18, 0)));
        // The app was closed at 18:00: the first check after it catches up.
        assert_eq!(backup_due_at(&s, &done, at(4, 8, 30)), Some(at(3, 18, 0)));
        // Office time, not the machine's: 00:30 in the office is 16:30 UTC the day before.
        let s = on("00:30");
        let done = BackupRuns {
            last_success_at: Some(at(3, 0, 31)),
            ..BackupRuns::default()
        };
        assert_eq!(backup_due_at(&s, &done, at(3, 23, 0)), Some(at(4, 0, 30)));
    }

    #[test]
    fn a_failure_is_tried_again_later_not_every_minute() {
        let s = on("18:00");
        let failed = BackupRuns {
            last_success_at: Some(at(2, 18, 0)),
            last_failure_at: Some(at(3, 18, 0)),
            last_error: Some("备份文件夹不存在".into()),
            ..BackupRuns::default()
        };
        assert_eq!(
            backup_due_at(&s, &failed, at(3, 18, 1)),
            Some(at(3, 18, 0) + RETRY_AFTER)
        );
        // A failure from before today's time does not hold today's back.
        let old = BackupRuns {
            last_failure_at: Some(at(2, 18, 0)),
            ..failed
        };
        assert_eq!(backup_due_at(&s, &old, at(3, 18, 1)), Some(at(3, 18, 0)));
    }
}
