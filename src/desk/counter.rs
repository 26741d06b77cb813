//! 打印回执 / 登记表: the counter papers of a case, written beside the office's documents and
//! replaced by each new print (they are the case as it stands, not records of their own).

use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use super::documents::{fonts, synced_temp};
use super::Desk;
use crate::documents::counter::{self, Counter, CounterPaper};
use crate::documents::ledger::Ledger;
use crate::documents::{render_ledger, render_pdf};
use crate::domain::account::Permission;
use crate::domain::case::Case;
use crate::store;
use crate::Error;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Where a ledger (受理登记簿, the printed case list) was written and how many rows it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct LedgerFile {
    pub path: String,
    #[ts(type = "number")]
    pub rows: u64,
}

/// The longest span one 受理登记簿 covers: a year's register, printed in one go.
pub const REGISTER_MAX_DAYS: i64 = 366;

/// Where a counter paper was written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CounterPaperFile {
    pub paper: CounterPaper,
    pub path: String,
}

impl Desk {
    /// Lays out `paper` for the case and writes it to `<documents>/<paper>/<paper>-<case no>.pdf`.
    pub async fn counter_paper(
        &self,
        case_no: &str,
        paper: CounterPaper,
    ) -> Result<CounterPaperFile, Error> {
        let case = self.case(case_no).await?;
        let office = self.cached_office().await?;
        let settings = self.document_settings().await?;
        let folder = self.documents_folder().await?.join(paper.label());
        let path = folder.join(format!("{}-{}.pdf", paper.label(), case.case_no));
        let fonts = fonts().await?;
        let today = self.today();
        let at = path.clone();
        tokio::task::spawn_blocking(move || {
            let counter = Counter {
                office_name: &office.name,
                phone: &settings.counter_phone,
                today,
            };
            let doc = match paper {
                CounterPaper::Receipt => counter::receipt(&case, &counter),
                CounterPaper::RegistrationForm => counter::registration_form(&case, &counter),
            };
            let bytes = render_pdf(&doc, &fonts)?;
            replace_file(&at, &bytes)
        })
        .await
        .map_err(|e| Error::Corrupt(format!("打印中断：{e}")))??;
        Ok(CounterPaperFile {
            paper,
            path: path.display().to_string(),
        })
    }
}

impl Desk {
    /// 受理登记簿: the matters received in `[from, to]`, written to
    /// `<documents>/受理登记簿/受理登记簿-<from>至<to>.pdf` (replaced by each new print).
    pub async fn received_register(
        &self,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Result<LedgerFile, Error> {
        self.require(Permission::ViewCases)?;
        let days = (to - from).num_days();
        if days < 0 {
            return Err(Error::invalid("登记簿日期", "结束日期早于开始日期"));
        }
        if days >= REGISTER_MAX_DAYS {
            return Err(Error::invalid(
                "登记簿日期",
                format!("一次最多打印{REGISTER_MAX_DAYS}天的登记簿"),
            ));
        }
        let cases: Vec<Case> = {
            let mut conn = self.db.pool.acquire().await?;
            let ids = store::cases::ids_received_between(&mut conn, from, to).await?;
            store::cases::load_many(&mut conn, &ids)
                .await?
                .into_iter()
                .map(Case::masked)
                .collect()
        };
        let office = self.cached_office().await?;
        let counter = Counter {
            office_name: &office.name,
            phone: "",
            today: self.today(),
        };
        let ledger = counter::received_register(&cases, from, to, &counter);
        let name = format!("{REGISTER}-{from}至{to}.pdf");
        let path = self.documents_folder().await?.join(REGISTER).join(name);
        self.write_ledger(ledger, path).await
    }

    /// Lays `ledger` out and writes it to `path`, replacing an earlier print.
    pub(super) async fn write_ledger(
        &self,
        ledger: Ledger,
        path: PathBuf,
    ) -> Result<LedgerFile, Error> {
        let fonts = fonts().await?;
        let rows = ledger.rows.len() as u64;
        let at = path.clone();
        tokio::task::spawn_blocking(move || {
            let bytes = render_ledger(&ledger, &fonts)?;
            replace_file(&at, &bytes)
        })
        .await
        .map_err(|e| Error::Corrupt(format!("打印中断：{e}")))??;
        Ok(LedgerFile {
            path: path.display().to_string(),
            rows,
        })
    }
}

/// The register's folder and the start of its file names.
const REGISTER: &str = "受理登记簿";

/// Writes through a synced temporary file renamed over `path`: a reader sees the old paper or
/// the new one, never half of one.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let dir = path
        .parent()
        .ok_or_else(|| Error::invalid("path", "文件路径无效"))?;
    let tmp = synced_temp(dir, bytes)?;
    let renamed = std::fs::rename(&tmp, path);
    if renamed.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(renamed?)
}
