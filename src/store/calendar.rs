//! Calendar years imported or corrected by the office, layered over the shipped calendar.

use sqlx::{SqliteConnection, SqlitePool};

use crate::domain::calendar::{Calendar, CalendarEntry, CalendarFile};
use crate::Error;

/// The shipped calendar with the office's imported years replacing shipped ones.
pub async fn load(pool: &SqlitePool) -> Result<Calendar, Error> {
    let rows: Vec<(i64, String)> =
        sqlx::query_as("SELECT year, entries FROM calendar_years ORDER BY year")
            .fetch_all(pool)
            .await?;
    let mut cal = Calendar::shipped();
    let mut file = CalendarFile {
        about: String::new(),
        years: Default::default(),
    };
    for (year, entries) in rows {
        let entries: Vec<CalendarEntry> = serde_json::from_str(&entries)
            .map_err(|e| Error::Corrupt(format!("{year}年日历：{e}")))?;
        file.years.insert(year.to_string(), entries);
    }
    cal.replace_years(&file);
    Ok(cal)
}

pub async fn save_years(
    conn: &mut SqliteConnection,
    file: &CalendarFile,
    source: &str,
    at: &str,
) -> Result<(), Error> {
    for (year, entries) in &file.years {
        let json = serde_json::to_string(entries).map_err(|e| Error::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO calendar_years (year, entries, source, imported_at) VALUES (?, ?, ?, ?)
             ON CONFLICT (year) DO UPDATE SET entries = excluded.entries,
                 source = excluded.source, imported_at = excluded.imported_at",
        )
        .bind(
            year.parse::<i64>()
                .map_err(|_| Error::invalid("years", format!("“{year}”不是年份")))?,
        )
        .bind(json)
        .bind(source)
        .bind(at)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}
