//! What the office routes by: the statutory-channel list (the version in use, its import and
//! export, a case's proposal) and the directory of authorities.

use std::path::Path;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Desk;
use crate::domain::account::Permission;
use crate::domain::authorities::Directory;
use crate::domain::case::Case;
use crate::domain::channels::ChannelList;
use crate::domain::routing::{self, FieldAccuracy, Proposal, Routed};
use crate::sheets;
use crate::store;
use crate::Error;

/// What an import put in use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChannelImport {
    pub version: String,
    pub rows: u32,
}

/// How many of the latest classified cases a proposal learns from: enough for every row's
/// words, few enough to stay quick (docs/performance.md).
const ROUTING_HISTORY: u32 = 2000;

/// The file formats a list travels in, by the file's extension.
enum Format {
    Xlsx,
    Json,
}

fn format_of(path: &Path) -> Result<Format, Error> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("xlsx") => Ok(Format::Xlsx),
        Some("json") => Ok(Format::Json),
        _ => Err(Error::invalid(
            "file",
            format!("“{}”应为 .xlsx 或 .json 文件", path.display()),
        )),
    }
}

impl Desk {
    /// The list in use: the office's latest import, else the one shipped with the program.
    pub async fn channel_list(&self) -> Result<ChannelList, Error> {
        let office = self.cached_office().await?;
        Ok(store::channels::current(&self.db.pool, &office.code)
            .await?
            .unwrap_or_else(ChannelList::shipped))
    }

    /// Puts `list` in use as a new version (or again, unchanged); nothing changes when it is
    /// refused.
    pub async fn import_channels(
        &self,
        list: ChannelList,
        source: &str,
    ) -> Result<ChannelImport, Error> {
        let actor = self.require(Permission::ManageSettings)?;
        list.check()?;
        let office = self.cached_office().await?;
        let at = store::instant_text(self.now());
        let mut tx = self.db.begin_write().await?;
        store::channels::save(&mut tx, &office.code, &list, source, &actor.account, &at).await?;
        tx.commit().await?;
        Ok(ChannelImport {
            version: list.version.clone(),
            rows: list.rows.len() as u32,
        })
    }

    /// Imports a list from an .xlsx sheet (its 说明 sheet names the version, else `version`
    /// or the file's name does) or a .json file.
    pub async fn import_channels_file(
        &self,
        path: &Path,
        version: Option<&str>,
    ) -> Result<ChannelImport, Error> {
        let list = match format_of(path)? {
            Format::Xlsx => {
                let fallback = version.map(str::to_string).unwrap_or_else(|| {
                    path.file_stem()
                        .map_or_else(|| "导入".into(), |s| s.to_string_lossy().into_owned())
                });
                let mut list = sheets::channels::read(path, &fallback)?;
                if let Some(v) = version {
                    list.version = v.to_string();
                }
                list
            }
            Format::Json => {
                let mut list = ChannelList::parse(&std::fs::read_to_string(path)?)?;
                if let Some(v) = version {
                    list.version = v.to_string();
                }
                list
            }
        };
        self.import_channels(list, &path.display().to_string())
            .await
    }

    /// The rows of the list in use a case most likely belongs to, best first, each with why
    /// (`domain::routing`). The clerk confirms or picks another.
    pub async fn propose_routing(&self, case_no: &str) -> Result<Vec<Proposal>, Error> {
        let case = self.case(case_no).await?;
        let list = self.channel_list().await?;
        self.proposals_for(&case, &list).await
    }

    /// The proposal for `case` by `list`, learning from the office's earlier classified cases.
    pub(crate) async fn proposals_for(
        &self,
        case: &Case,
        list: &ChannelList,
    ) -> Result<Vec<Proposal>, Error> {
        let text = format!("{} {}", case.title, case.content);
        self.proposals_for_text(&text, Some(&case.case_no), list)
            .await
    }

    /// The proposal for a registration still being typed (the form's 分类建议).
    pub async fn propose_routing_for_text(
        &self,
        title: &str,
        content: &str,
    ) -> Result<Vec<Proposal>, Error> {
        let list = self.channel_list().await?;
        let text = format!("{title} {content}");
        if text.trim().is_empty() {
            return Ok(Vec::new());
        }
        self.proposals_for_text(&text, None, &list).await
    }

    async fn proposals_for_text(
        &self,
        text: &str,
        except: Option<&str>,
        list: &ChannelList,
    ) -> Result<Vec<Proposal>, Error> {
        let office = self.cached_office().await?;
        let earlier: Vec<Routed> =
            store::channels::routed_cases(&self.db.pool, &office.code, ROUTING_HISTORY)
                .await?
                .into_iter()
                .map(|r| r.routed)
                .filter(|r| Some(r.case_no.as_str()) != except)
                .collect();
        Ok(routing::propose(text, list, &earlier, 3))
    }

    /// How often the clerks chose the first proposal, or one of the three (docs/routing.md).
    pub async fn routing_accuracy(&self) -> Result<FieldAccuracy, Error> {
        let office = self.cached_office().await?;
        let cases = store::channels::routed_cases(&self.db.pool, &office.code, u32::MAX).await?;
        Ok(FieldAccuracy::count(cases.iter().map(|c| {
            (c.routed.row_id.as_str(), c.proposed.as_slice())
        })))
    }

    /// Writes the list in use to `path` (.xlsx or .json), for editing in Excel.
    pub async fn export_channels_file(&self, path: &Path) -> Result<ChannelList, Error> {
        let format = format_of(path)?;
        let list = self.channel_list().await?;
        match format {
            Format::Xlsx => sheets::channels::write(&list, path)?,
            Format::Json => {
                let json = serde_json::to_string_pretty(&list)
                    .map_err(|e| Error::Corrupt(e.to_string()))?;
                std::fs::write(path, json)?;
            }
        }
        Ok(list)
    }

    /// The office's directory of authorities, else the demo county's shipped one.
    pub async fn authorities(&self) -> Result<Directory, Error> {
        Ok(self
            .setting(store::settings::AUTHORITIES)
            .await?
            .unwrap_or_else(Directory::shipped))
    }

    /// Replaces the directory (decisions already taken keep the names they recorded).
    pub async fn set_authorities(&self, directory: Directory) -> Result<Directory, Error> {
        self.require(Permission::ManageSettings)?;
        directory.check()?;
        self.save_setting(store::settings::AUTHORITIES, &directory)
            .await?;
        Ok(directory)
    }

    pub async fn import_authorities_file(&self, path: &Path) -> Result<Directory, Error> {
        self.require(Permission::ManageSettings)?;
        let directory = match format_of(path)? {
            Format::Xlsx => sheets::authorities::read(path)?,
            Format::Json => Directory::parse(&std::fs::read_to_string(path)?)?,
        };
        self.set_authorities(directory).await
    }

    pub async fn export_authorities_file(&self, path: &Path) -> Result<Directory, Error> {
        let format = format_of(path)?;
        let directory = self.authorities().await?;
        match format {
            Format::Xlsx => sheets::authorities::write(&directory, path)?,
            Format::Json => write_json(path, &directory)?,
        }
        Ok(directory)
    }
}

fn write_json<T: Serialize>(path: &Path, value: &T) -> Result<(), Error> {
    let json = serde_json::to_string_pretty(value).map_err(|e| Error::Corrupt(e.to_string()))?;
    Ok(std::fs::write(path, json)?)
}
