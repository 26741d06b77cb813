//! 打印回执 / 登记表: the counter papers of a case, written beside the office's documents and
//! replaced by each new print (they are the case as it stands, not records of their own).

use std::path::Path;

use super::documents::{fonts, synced_temp};
use super::Desk;
use crate::documents::counter::{self, Counter, CounterPaper};
use crate::documents::render_pdf;
use crate::Error;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

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
