//! 导出 on the case list: every case the filters match, as an .xlsx a clerk opens in Excel or WPS.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::counter::LedgerFile;
use super::{CaseRow, Desk};
use crate::documents::ledger::{Column, Ledger};
use crate::domain::calendar::office_time;
use crate::domain::period::days_left_text;
use crate::sheets::{self, case_list};
use crate::store::query::CaseQuery;
use crate::Error;

/// Where an export went and how many cases it holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct CaseListExport {
    pub path: String,
    #[ts(type = "number")]
    pub cases: u64,
}

/// A row of the list as the window shows it, in the columns of [`case_list::COLUMNS`].
fn cells(row: &CaseRow) -> [String; case_list::COLUMNS.len()] {
    let c = &row.summary;
    let due = match (c.next_due_kind, row.next_due_days_left) {
        (Some(kind), Some(left)) => format!("{}，{}", kind.label(), days_left_text(left)),
        _ => String::new(),
    };
    [
        c.case_no.clone(),
        c.received_on.to_string(),
        c.channel.label().to_string(),
        c.first_petitioner.clone(),
        c.first_id_masked.clone().unwrap_or_default(),
        c.title.clone(),
        c.locality_name.clone(),
        c.status.label().to_string(),
        c.next_due_on.map(|d| d.to_string()).unwrap_or_default(),
        due,
    ]
}

/// The list is read in pages of this many cases (the query's largest page).
const EXPORT_PAGE: u32 = 1000;

impl Desk {
    /// The folder exports go to unless the clerk names a file: beside the office's documents.
    pub async fn exports_folder(&self) -> Result<PathBuf, Error> {
        Ok(self.documents_folder().await?.join("导出"))
    }

    /// Writes every case `q` matches (all pages, in its order) to `to`, or to a file named for
    /// the moment in the exports folder.
    pub async fn export_case_list(
        &self,
        q: &CaseQuery,
        to: Option<&Path>,
    ) -> Result<CaseListExport, Error> {
        let rows = self.list_rows(q).await?;
        let path = match to {
            Some(p) => p.to_path_buf(),
            None => {
                let folder = self.exports_folder().await?;
                std::fs::create_dir_all(&folder).map_err(|e| sheets::SheetError::Unwritable {
                    path: folder.display().to_string(),
                    reason: e.to_string(),
                })?;
                let stamp = office_time(self.now()).format("%Y%m%d-%H%M%S");
                folder.join(format!("{}-{stamp}.xlsx", case_list::SHEET_NAME))
            }
        };
        case_list::write(&rows, &path)?;
        Ok(CaseListExport {
            path: path.display().to_string(),
            cases: rows.len() as u64,
        })
    }

    /// 打印 on the case list: every case `q` matches as a landscape ledger in the list's columns,
    /// written to the exports folder for the print route.
    pub async fn print_case_list(&self, q: &CaseQuery) -> Result<LedgerFile, Error> {
        let rows = self.list_rows(q).await?;
        let office = self.cached_office().await?;
        let ledger = Ledger {
            title: case_list::SHEET_NAME.into(),
            scope: format!("共{}件", rows.len()),
            office_name: office.name.clone(),
            date: self.today(),
            columns: case_list::COLUMNS
                .iter()
                .zip(case_list::PRINT_WIDTHS)
                .map(|((heading, _), share)| Column {
                    heading: (*heading).into(),
                    share,
                })
                .collect(),
            rows: rows.into_iter().map(Vec::from).collect(),
            empty: "没有符合条件的信访件".into(),
        };
        let stamp = office_time(self.now()).format("%Y%m%d-%H%M%S");
        let path = self
            .exports_folder()
            .await?
            .join(format!("{}-{stamp}.pdf", case_list::SHEET_NAME));
        self.write_ledger(ledger, path).await
    }

    /// Every row `q` matches (all pages, in its order), in the list's columns.
    async fn list_rows(
        &self,
        q: &CaseQuery,
    ) -> Result<Vec<[String; case_list::COLUMNS.len()]>, Error> {
        let mut rows = Vec::new();
        let mut page = 1;
        loop {
            let q = CaseQuery {
                page,
                page_size: EXPORT_PAGE,
                ..q.clone()
            };
            let got = self.list_cases(&q).await?;
            let done = got.items.len() < EXPORT_PAGE as usize;
            rows.extend(got.items.iter().map(cells));
            if done || rows.len() as i64 >= got.total {
                break;
            }
            page += 1;
        }
        Ok(rows)
    }
}
