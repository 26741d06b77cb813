//! The start-up check: the database file's structure and every issued document's hash, run
//! in the background when the window opens, with what to do when something is wrong.

use serde::Serialize;
use ts_rs::TS;

use super::Desk;
use crate::documents::issue::VerifyReport;
use crate::Error;

#[derive(Debug, Clone, Serialize, TS)]
#[ts(export)]
pub struct StartupCheck {
    /// What `PRAGMA quick_check` found wrong (nothing when the file is sound).
    pub database_problems: Vec<String>,
    pub documents: VerifyReport,
}

impl StartupCheck {
    pub fn is_sound(&self) -> bool {
        self.database_problems.is_empty() && self.documents.problems.is_empty()
    }
}

impl Desk {
    /// Checks the database (quick check) and every issued document's file against its hash.
    pub async fn startup_check(&self) -> Result<StartupCheck, Error> {
        Ok(StartupCheck {
            database_problems: self.db.quick_check().await?,
            documents: self.check_documents().await?,
        })
    }
}
