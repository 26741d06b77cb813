//! Sync use-cases: the office key, trusted keys of other offices, export, import, history,
//! conflicts and assignment links. The package format is `crate::sync`; the SQL is
//! `store::sync`.
//!
//! The office's signing key is created on first use (the first export or key export), as
//! `<database file>.key.pem` next to the database, readable only by the user; its path is kept
//! in the office settings under `sync_key_path`. Losing it means every receiving office must
//! register a new public key, so it belongs in the same backup as the database.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use ts_rs::TS;

mod export;
mod failure;
mod import;

pub use crate::sync::records::{kind_label as record_kind_label, KINDS as RECORD_KINDS};
pub use crate::sync::SyncError;
pub use export::{SyncExport, SyncProgress};
pub use failure::SyncFailure;
pub use import::{Applied, KindCounts};

use super::{record, Desk, Happening};
use crate::domain::account::Permission;
use crate::domain::case::Case;
use crate::domain::office::Office;
use crate::store::sync::{AssignmentLink, PeerRow};
use crate::store::{self, events};
use crate::sync::records::case_hash;
use crate::sync::{
    verify, ChainHead, Limits, OfficeKey, PublicKey, PublicKeyFile, SequenceCheck, TrustOutcome,
    TrustStore, PUBLIC_KEY_FORMAT, PUBLIC_KEY_FORMAT_VERSION,
};
use crate::Error;
use import::ApplyContext;

/// Page cache of an import's connection (see `store::sync::bulk_connection`): the whole
/// package is applied in one transaction, and every page it changes stays in the cache.
const IMPORT_CACHE_MIB: i64 = 64;

/// Settings key of the private key's path.
pub const KEY_PATH_SETTING: &str = "sync_key_path";
/// Settings key of the automatic export ([`SyncSettings`]).
pub const AUTO_EXPORT_SETTING: &str = "sync_auto_export";
/// Whether packages carry ID and phone numbers masked ([`Desk::set_sync_masking`]).
pub const MASKING_SETTING: &str = "sync_masking";
/// The longest interval of the automatic export: a month.
const MAX_EVERY_HOURS: u32 = 24 * 31;

/// Where a database's office key is created: `<database file>.key.pem`.
pub fn default_key_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.file_name().unwrap_or_default().to_owned();
    name.push(".key.pem");
    db_path.with_file_name(name)
}

/// The public key written by `sync_key_export`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyExport {
    pub path: PathBuf,
    pub office_code: String,
    pub office_name: String,
    /// Read this to the receiving office by telephone; it compares it before trusting.
    pub fingerprint: String,
}

/// An office whose packages this office accepts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrustedOffice {
    pub office_code: String,
    pub office_name: String,
    pub fingerprint: String,
    pub trusted_at: String,
}

/// What a public-key file says, shown before it is trusted so that the clerk can compare the
/// fingerprint with the sending office by telephone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct KeyFileInfo {
    pub office_code: String,
    pub office_name: String,
    pub fingerprint: String,
    /// The fingerprint of the key already trusted for this office, if one is.
    pub trusted_fingerprint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct TrustResult {
    pub office: TrustedOffice,
    /// False when exactly this key was trusted already.
    pub added: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum ImportOutcome {
    /// Applied now (possibly with conflicts waiting for a person).
    Applied,
    /// This package (or a later one of the same office) was applied before; nothing changed.
    AlreadyApplied,
}

/// What an import did, for the screen after an import and `xinfang sync import`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncImportReport {
    pub outcome: ImportOutcome,
    pub file: PathBuf,
    pub office_code: String,
    pub office_name: String,
    pub seq: u64,
    pub full: bool,
    pub manifest_hash: String,
    /// Record kind → what happened to its records (empty when already applied).
    pub counts: BTreeMap<String, KindCounts>,
    pub conflicts: u64,
    /// Referred cases registered here for cases assigned (交办) to this office.
    pub referred_cases: Vec<String>,
    /// What the check of the writer's audit chain found wrong; none: the package (format 2)
    /// carried no chain.
    pub audit_problems: Option<Vec<String>>,
    /// The writer masked its petitioners' ID and phone numbers.
    pub masked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ExportEntry {
    pub seq: u64,
    pub from_cursor: i64,
    pub to_cursor: i64,
    pub full: bool,
    pub path: String,
    pub manifest_hash: String,
    pub size: u64,
    pub record_counts: BTreeMap<String, u64>,
    pub created_at: String,
    pub masked: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ImportEntry {
    pub office_code: String,
    pub office_name: String,
    pub seq: u64,
    pub full: bool,
    pub file_name: String,
    pub manifest_hash: String,
    pub counts: BTreeMap<String, KindCounts>,
    pub conflicts: u64,
    pub outcome: String,
    pub created_at: String,
    pub applied_at: String,
    /// See [`SyncImportReport::audit_problems`].
    pub audit_problems: Option<Vec<String>>,
    pub masked: bool,
}

/// Everything the sync settings screen and `xinfang sync history` show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncHistory {
    /// Fingerprint of this office's key; `None` until the key is created on first use.
    pub key_fingerprint: Option<String>,
    pub key_path: Option<PathBuf>,
    /// Newest first.
    pub exports: Vec<ExportEntry>,
    /// Newest first.
    pub imports: Vec<ImportEntry>,
    pub trusted: Vec<TrustedOffice>,
    pub open_conflicts: u64,
}

/// Which side of a conflict to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Keep {
    Local,
    Remote,
}

/// A record changed here and at its owner since the last exchange.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncConflict {
    pub id: i64,
    pub entity: String,
    pub entity_id: String,
    /// The case number.
    pub label: String,
    /// The office that owns the record.
    pub office_code: String,
    pub local_version: i64,
    pub remote_version: i64,
    /// Top-level fields whose values differ.
    pub fields: Vec<String>,
    #[ts(type = "unknown")]
    pub local: Value,
    #[ts(type = "unknown")]
    pub remote: Value,
    pub package_office: String,
    pub package_seq: i64,
    /// `open`, `kept_local` or `kept_remote`.
    pub status: String,
    pub detected_at: String,
    pub resolved_at: Option<String>,
    pub resolved_by: Option<String>,
}

/// An assignment (交办) and the referred case registered for it, with that case's status
/// where this office holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct AssignmentView {
    #[serde(flatten)]
    pub link: AssignmentLink,
    pub status: Option<crate::domain::case::Status>,
    pub status_label: Option<String>,
    pub created_at: String,
}

/// The automatic export while the app runs: every `every_hours` hours into `folder` (a shared
/// folder, a USB drive). Off by default.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncSettings {
    /// `None`: automatic export off.
    pub folder: Option<String>,
    pub every_hours: u32,
}

/// What the settings screen shows: the settings, the last export and when the next is due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct SyncStatus {
    pub settings: SyncSettings,
    pub last_export: Option<ExportEntry>,
    /// When the automatic export is next due (`None` when it is off; now when this office
    /// never exported). In the past when overdue, or when the last attempt found nothing new
    /// to export.
    pub next_due_at: Option<DateTime<Utc>>,
    pub open_conflicts: u64,
    /// See [`Desk::sync_masking`].
    pub masked: bool,
}

impl Desk {
    /// The office key, created on first use.
    async fn office_key(&self, office: &Office) -> Result<(OfficeKey, PathBuf), SyncFailure> {
        let stored: Option<String> =
            store::settings::get(&self.db.pool, &office.code, KEY_PATH_SETTING).await?;
        if let Some(path) = stored.map(PathBuf::from) {
            // A database moved with its key keeps working: fall back to the file beside it.
            let path = if path.exists() {
                path
            } else {
                default_key_path(self.path())
            };
            return Ok((OfficeKey::load(&path)?, path));
        }
        let path =
            std::path::absolute(default_key_path(self.path())).map_err(|e| SyncError::Io {
                path: default_key_path(self.path()),
                source: e,
            })?;
        let key = if path.exists() {
            // Left by an earlier setup of this database file: the office keeps its identity.
            OfficeKey::load(&path)?
        } else {
            let key = OfficeKey::generate();
            match key.save(&path) {
                Ok(()) => key,
                // Another process created it a moment ago.
                Err(SyncError::AlreadyExists { .. }) => OfficeKey::load(&path)?,
                Err(e) => return Err(e.into()),
            }
        };
        let mut tx = self.db.begin_write().await?;
        store::settings::put(
            &mut tx,
            &office.code,
            KEY_PATH_SETTING,
            &path.display().to_string(),
            &store::instant_text(self.now()),
        )
        .await?;
        tx.commit().await?;
        Ok((key, path))
    }

    /// The office's public-key file, if its key was created already (never creates it).
    async fn own_public_key(&self, office: &Office) -> Result<Option<PublicKeyFile>, SyncFailure> {
        let stored: Option<String> =
            store::settings::get(&self.db.pool, &office.code, KEY_PATH_SETTING).await?;
        if stored.is_none() {
            return Ok(None);
        }
        // Only for a clearer refusal: a missing or unreadable key must not stop imports.
        Ok(self
            .office_key(office)
            .await
            .ok()
            .map(|(key, _)| key.public_key_file(&office.code, &office.name)))
    }

    /// Writes this office's public-key file, to give to the offices that import its packages.
    pub async fn sync_key_export(&self, path: &Path) -> Result<KeyExport, SyncFailure> {
        self.require(Permission::ManageSettings)?;
        let office = self.office().await?;
        let (key, _) = self.office_key(&office).await?;
        let file = key.public_key_file(&office.code, &office.name);
        file.write(path)?;
        Ok(KeyExport {
            path: path.to_owned(),
            office_code: office.code,
            office_name: office.name,
            fingerprint: file.fingerprint,
        })
    }

    async fn trust_store(&self) -> Result<TrustStore, SyncFailure> {
        let mut trust = TrustStore::new();
        for peer in store::sync::peers(&self.db.pool).await? {
            let public_key = PublicKey::from_base64(&peer.public_key)
                .map_err(|e| Error::Corrupt(format!("机构 {} 的公钥：{e}", peer.office_code)))?;
            trust.trust(&PublicKeyFile {
                format: PUBLIC_KEY_FORMAT.into(),
                format_version: PUBLIC_KEY_FORMAT_VERSION,
                office_code: peer.office_code,
                office_name: peer.office_name,
                fingerprint: public_key.fingerprint(),
                public_key,
            })?;
        }
        Ok(trust)
    }

    /// Reads a public-key file without trusting it: its office and fingerprint, and the key
    /// already trusted for that office. Its own key file is refused as in [`Desk::sync_trust`].
    pub async fn sync_key_file(&self, path: &Path) -> Result<KeyFileInfo, SyncFailure> {
        let office = self.office().await?;
        let file = PublicKeyFile::read(path)?;
        if file.office_code == office.code {
            return Err(SyncFailure::OwnKey {
                office_code: office.code,
            });
        }
        let trusted_fingerprint = store::sync::peers(&self.db.pool)
            .await?
            .into_iter()
            .find(|p| p.office_code == file.office_code)
            .map(|p| p.fingerprint);
        Ok(KeyFileInfo {
            fingerprint: file.public_key.fingerprint(),
            office_code: file.office_code,
            office_name: file.office_name,
            trusted_fingerprint,
        })
    }

    /// Registers another office's public key (after the clerk compared the fingerprint by
    /// telephone). A different key for an office already trusted is refused.
    pub async fn sync_trust(&self, path: &Path) -> Result<TrustResult, SyncFailure> {
        self.require(Permission::ManageSettings)?;
        let office = self.office().await?;
        let file = PublicKeyFile::read(path)?;
        if file.office_code == office.code {
            return Err(SyncFailure::OwnKey {
                office_code: office.code,
            });
        }
        let mut tx = self.db.begin_write().await?;
        let mut trust = self.trust_store().await?;
        let outcome = trust.trust(&file)?;
        let row = PeerRow {
            office_code: file.office_code.clone(),
            office_name: file.office_name.clone(),
            public_key: file.public_key.to_base64(),
            fingerprint: file.public_key.fingerprint(),
            trusted_at: store::instant_text(self.now()),
        };
        if outcome == TrustOutcome::Added {
            store::sync::insert_peer(&mut tx, &row).await?;
            tx.commit().await?;
        }
        Ok(TrustResult {
            office: TrustedOffice {
                office_code: row.office_code,
                office_name: row.office_name,
                fingerprint: row.fingerprint,
                trusted_at: row.trusted_at,
            },
            added: outcome == TrustOutcome::Added,
        })
    }

    /// Forgets an office's key: the deliberate first step of replacing it.
    pub async fn sync_untrust(&self, office_code: &str) -> Result<(), SyncFailure> {
        self.require(Permission::ManageSettings)?;
        let mut tx = self.db.begin_write().await?;
        if !store::sync::remove_peer(&mut tx, office_code).await? {
            return Err(SyncFailure::NotTrusted {
                office_code: office_code.to_owned(),
            });
        }
        tx.commit().await?;
        Ok(())
    }

    /// Writes the next package into `out_dir`: the changes since the last package, or with
    /// `full` everything this office owns. Returns no path when there was nothing new.
    pub async fn sync_export(
        &self,
        out_dir: &Path,
        full: bool,
        progress: impl FnMut(&SyncProgress) + Send,
    ) -> Result<SyncExport, SyncFailure> {
        self.require(Permission::Sync)?;
        self.export_package(out_dir, full, progress).await
    }

    /// [`Desk::sync_export`] without asking who: the office's own schedule runs it.
    async fn export_package(
        &self,
        out_dir: &Path,
        full: bool,
        mut progress: impl FnMut(&SyncProgress) + Send,
    ) -> Result<SyncExport, SyncFailure> {
        let office = self.office().await?;
        let (key, _) = self.office_key(&office).await?;
        let documents = self.documents_folder().await?;
        let what = export::What {
            full,
            masked: self.sync_masking().await?,
        };
        export::export(
            &self.db,
            &office,
            &key,
            out_dir,
            what,
            &documents,
            self.now(),
            &mut progress,
        )
        .await
    }

    /// Whether this office's packages carry its petitioners' ID and phone numbers masked.
    pub async fn sync_masking(&self) -> Result<bool, SyncFailure> {
        let office = self.office().await?;
        Ok(
            store::settings::get(&self.db.pool, &office.code, MASKING_SETTING)
                .await?
                .unwrap_or(false),
        )
    }

    /// Masks ID and phone numbers in the packages from now on, for an office whose packages
    /// go to one not entitled to them; off (the default) for the superior petition office,
    /// which handles the same petitions.
    pub async fn set_sync_masking(&self, masked: bool) -> Result<bool, SyncFailure> {
        self.require(Permission::ManageSettings)?;
        self.put_setting(MASKING_SETTING, &masked).await?;
        Ok(masked)
    }

    /// Verifies a package completely, then applies it in one transaction: exactly once, or
    /// refused with the reason and nothing changed.
    pub async fn sync_import(
        &self,
        path: &Path,
        mut progress: impl FnMut(&SyncProgress) + Send,
    ) -> Result<SyncImportReport, SyncFailure> {
        let actor = &self.require(Permission::Sync)?;
        let office = self.office().await?;
        let mut trust = self.trust_store().await?;
        // The office's own key too, so that its own package is recognised as such (and
        // refused for that reason) rather than as one from an unknown office.
        if let Some(own) = self.own_public_key(&office).await? {
            trust.trust(&own)?;
        }
        let file = path.to_owned();
        // Verification reads and hashes the whole file: off the async threads.
        let mut pkg =
            tokio::task::spawn_blocking(move || verify(&file, &trust, &Limits::default()))
                .await
                .map_err(|e| Error::Io(std::io::Error::other(e)))??;
        let manifest = pkg.manifest().clone();
        if manifest.office_code == office.code {
            return Err(SyncFailure::OwnPackage {
                office_code: office.code,
            });
        }
        let mut report = SyncImportReport {
            outcome: ImportOutcome::AlreadyApplied,
            file: path.to_owned(),
            office_code: manifest.office_code.clone(),
            office_name: manifest.office_name.clone(),
            seq: manifest.seq,
            full: manifest.full,
            manifest_hash: pkg.manifest_hash().to_owned(),
            counts: BTreeMap::new(),
            conflicts: 0,
            referred_cases: Vec::new(),
            audit_problems: None,
            masked: manifest.masked,
        };

        // The sequence is checked under the write lock, so two imports of one package at the
        // same moment cannot both apply it.
        self.db.writable()?;
        let mut conn = store::sync::bulk_connection(&self.db.pool, IMPORT_CACHE_MIB).await?;
        let mut tx = store::db::begin_write_on(&mut conn).await?;
        let head = store::sync::chain_head(&mut tx, &manifest.office_code)
            .await?
            .map(|(seq, manifest_hash)| ChainHead {
                seq: seq as u64,
                manifest_hash,
            });
        if pkg.check_sequence(head.as_ref())? == SequenceCheck::AlreadyApplied {
            tx.rollback().await?;
            return Ok(report);
        }
        let now = self.now();
        let policy = self.policy();
        let documents_folder = self.documents_folder().await?;
        let ctx = ApplyContext {
            documents_folder: &documents_folder,
            local: &office,
            package_office: &manifest.office_code,
            package_office_name: &manifest.office_name,
            package_seq: manifest.seq,
            actor,
            now,
            policy: &policy,
        };
        let applied = import::apply(&mut tx, &mut pkg, &ctx, &mut progress).await?;
        store::sync::insert_import(
            &mut tx,
            &store::sync::ImportRow {
                office_code: manifest.office_code.clone(),
                seq: manifest.seq as i64,
                office_name: manifest.office_name.clone(),
                manifest_hash: report.manifest_hash.clone(),
                full: manifest.full,
                from_cursor: manifest.from_cursor,
                to_cursor: manifest.to_cursor,
                file_name: path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                counts: serde_json::to_string(&applied.counts).unwrap_or_default(),
                conflicts: applied.conflicts as i64,
                outcome: if applied.conflicts > 0 {
                    "applied_with_conflicts".into()
                } else {
                    "applied".into()
                },
                created_at: store::instant_text(manifest.created_at),
                applied_at: store::instant_text(now),
                audit_seq: applied.audit.as_ref().map(|a| a.head_seq),
                audit_hash: applied.audit.as_ref().and_then(|a| a.head_hash.clone()),
                audit_problems: applied
                    .audit
                    .as_ref()
                    .map(|a| serde_json::to_string(&a.problems).unwrap_or_default()),
                masked: manifest.masked,
            },
        )
        .await?;
        tx.commit().await?;
        report.outcome = ImportOutcome::Applied;
        report.counts = applied.counts;
        report.conflicts = applied.conflicts;
        report.referred_cases = applied.referred_cases;
        report.audit_problems = applied.audit.map(|a| a.problems);
        Ok(report)
    }

    /// The office key, packages written and applied, trusted offices, open conflicts.
    pub async fn sync_history(&self, limit: u32) -> Result<SyncHistory, SyncFailure> {
        self.require(Permission::ViewCases)?;
        let office = self.office().await?;
        let stored: Option<String> =
            store::settings::get(&self.db.pool, &office.code, KEY_PATH_SETTING).await?;
        let (key_fingerprint, key_path) = match stored {
            // Created already: loading it never writes.
            Some(_) => {
                let (key, path) = self.office_key(&office).await?;
                (Some(key.public_key().fingerprint()), Some(path))
            }
            None => (None, None),
        };
        let limit = i64::from(limit.max(1));
        let exports = store::sync::exports(&self.db.pool, limit)
            .await?
            .into_iter()
            .map(|r| ExportEntry {
                seq: r.seq as u64,
                from_cursor: r.from_cursor,
                to_cursor: r.to_cursor,
                full: r.full,
                path: r.path,
                manifest_hash: r.manifest_hash,
                size: r.size as u64,
                record_counts: serde_json::from_str(&r.record_counts).unwrap_or_default(),
                created_at: r.created_at,
                masked: r.masked,
            })
            .collect();
        let imports = store::sync::imports(&self.db.pool, limit)
            .await?
            .into_iter()
            .map(|r| ImportEntry {
                office_code: r.office_code,
                office_name: r.office_name,
                seq: r.seq as u64,
                full: r.full,
                file_name: r.file_name,
                manifest_hash: r.manifest_hash,
                counts: serde_json::from_str(&r.counts).unwrap_or_default(),
                conflicts: r.conflicts as u64,
                outcome: r.outcome,
                created_at: r.created_at,
                applied_at: r.applied_at,
                audit_problems: r
                    .audit_problems
                    .map(|p| serde_json::from_str(&p).unwrap_or_default()),
                masked: r.masked,
            })
            .collect();
        let trusted = store::sync::peers(&self.db.pool)
            .await?
            .into_iter()
            .map(|p| TrustedOffice {
                office_code: p.office_code,
                office_name: p.office_name,
                fingerprint: p.fingerprint,
                trusted_at: p.trusted_at,
            })
            .collect();
        let open_conflicts = store::sync::conflicts(&self.db.pool, false).await?.len() as u64;
        Ok(SyncHistory {
            key_fingerprint,
            key_path,
            exports,
            imports,
            trusted,
            open_conflicts,
        })
    }

    /// Conflicts waiting for a person (with `include_resolved`, also the decided ones).
    pub async fn sync_conflicts(
        &self,
        include_resolved: bool,
    ) -> Result<Vec<SyncConflict>, SyncFailure> {
        self.require(Permission::ViewCases)?;
        Ok(store::sync::conflicts(&self.db.pool, include_resolved)
            .await?
            .into_iter()
            .map(conflict_view)
            .collect())
    }

    /// Decides a conflict: the chosen version becomes the local one, with a timeline event
    /// saying so, and the change is logged like any change made here. Keeping the local
    /// version gives it a version above both, so that it stays recognisably changed here.
    pub async fn sync_resolve(&self, id: i64, keep: Keep) -> Result<SyncConflict, SyncFailure> {
        let actor = &self.require(Permission::Sync)?;
        let now = self.now();
        let mut tx = self.db.begin_write().await?;
        let row = store::sync::conflict(&mut tx, id)
            .await?
            .ok_or(SyncFailure::ConflictNotFound(id))?;
        if row.status != "open" {
            return Err(SyncFailure::ConflictResolved(id));
        }
        let remote: Case = serde_json::from_str(&row.remote_json)
            .map_err(|e| Error::Corrupt(format!("同步冲突 {id} 的外机构版本：{e}")))?;
        // The local side as it is now, which may have moved on since the conflict was found.
        let local = import::load_case(&mut tx, &row.entity_id).await?;
        let (next, status, summary) = match keep {
            Keep::Remote => (
                remote.clone(),
                "kept_remote",
                format!(
                    "同步冲突处理：采用机构 {} 的版本（第 {} 版）",
                    row.package_office, remote.version
                ),
            ),
            Keep::Local => {
                let mut next = local.clone();
                next.version = local.version.max(remote.version) + 1;
                next.updated_at = now;
                (
                    next,
                    "kept_local",
                    format!(
                        "同步冲突处理：保留本机修改，未采用机构 {} 的第 {} 版",
                        row.package_office, remote.version
                    ),
                )
            }
        };
        store::sync::replace_case(&mut tx, &next).await?;
        // The remote version is now known here: later versions are compared with it.
        store::sync::set_bases(
            &mut tx,
            "case",
            &[store::sync::BaseRow {
                entity_id: remote.id.to_string(),
                office_code: remote.office_code.clone(),
                version: remote.version,
                hash: case_hash(&remote),
            }],
        )
        .await?;
        let (before, after) = events::diff(
            &serde_json::to_value(&local).unwrap_or_default(),
            &serde_json::to_value(&next).unwrap_or_default(),
        );
        record(
            &mut tx,
            &next,
            Happening {
                actor,
                at: now,
                action: "sync_resolve",
                summary,
                details: json!({
                    "conflict_id": id,
                    "keep": keep,
                    "local_version": local.version,
                    "remote_version": remote.version,
                    "package_office": row.package_office,
                    "package_seq": row.package_seq,
                }),
                before,
                after,
            },
        )
        .await?;
        let at = store::instant_text(now);
        store::sync::mark_resolved(&mut tx, id, status, &at, &actor.account).await?;
        let row = store::sync::conflict(&mut tx, id)
            .await?
            .ok_or(SyncFailure::ConflictNotFound(id))?;
        tx.commit().await?;
        Ok(conflict_view(row))
    }

    pub async fn sync_settings(&self) -> Result<SyncSettings, SyncFailure> {
        let office = self.office().await?;
        Ok(
            store::settings::get(&self.db.pool, &office.code, AUTO_EXPORT_SETTING)
                .await?
                .unwrap_or_default(),
        )
    }

    /// Turns the automatic export on (a folder and 1–744 hours) or off (no folder).
    pub async fn set_sync_settings(
        &self,
        settings: SyncSettings,
    ) -> Result<SyncSettings, SyncFailure> {
        self.require(Permission::ManageSettings)?;
        let settings = match settings.folder.as_deref().map(str::trim) {
            None | Some("") => SyncSettings::default(),
            Some(folder) => {
                if settings.every_hours == 0 || settings.every_hours > MAX_EVERY_HOURS {
                    return Err(Error::invalid(
                        "every_hours",
                        format!("自动导出间隔应为1至{MAX_EVERY_HOURS}小时"),
                    )
                    .into());
                }
                // The app's timer runs wherever the app was started: a relative folder is
                // taken as meant by whoever set it (the CLI's working folder).
                let folder = std::path::absolute(folder)
                    .map_err(|_| Error::invalid("folder", "自动导出文件夹路径无效"))?;
                SyncSettings {
                    folder: Some(folder.display().to_string()),
                    every_hours: settings.every_hours,
                }
            }
        };
        self.put_setting(AUTO_EXPORT_SETTING, &settings).await?;
        Ok(settings)
    }

    pub async fn sync_status(&self) -> Result<SyncStatus, SyncFailure> {
        let settings = self.sync_settings().await?;
        let last_export = self.sync_history(1).await?;
        let open_conflicts = last_export.open_conflicts;
        let last_export = last_export.exports.into_iter().next();
        let last = last_export
            .as_ref()
            .and_then(|e| store::parse_instant(&e.created_at).ok());
        let next_due_at = auto_export_due_at(&settings, last, self.now());
        Ok(SyncStatus {
            settings,
            last_export,
            next_due_at,
            open_conflicts,
            masked: self.sync_masking().await?,
        })
    }

    /// For the desktop app's timer: writes the next package into the configured folder when
    /// the automatic export is on and due at `now`. `None` when off or not due; an export with
    /// nothing new writes no package (and stays due, which costs one query per check).
    pub async fn sync_export_if_due(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Option<SyncExport>, SyncFailure> {
        let status = self.sync_status().await?;
        let last = status
            .last_export
            .as_ref()
            .and_then(|e| store::parse_instant(&e.created_at).ok());
        if !auto_export_is_due(&status.settings, last, now) {
            return Ok(None);
        }
        let Some(folder) = status.settings.folder else {
            return Ok(None);
        };
        Ok(Some(
            self.export_package(Path::new(&folder), false, |_| {})
                .await?,
        ))
    }

    /// Assignments (交办) between this office and others: the referred cases registered for
    /// them, here or at the office the case was assigned to.
    pub async fn sync_assignments(&self) -> Result<Vec<AssignmentView>, SyncFailure> {
        self.require(Permission::ViewCases)?;
        Ok(store::sync::assignments(&self.db.pool)
            .await?
            .into_iter()
            .map(|row| {
                let status = row
                    .status
                    .as_deref()
                    .and_then(crate::domain::case::Status::parse);
                AssignmentView {
                    link: row.link,
                    status_label: status.map(|s| s.label().to_string()),
                    status,
                    created_at: row.created_at,
                }
            })
            .collect())
    }
}

/// When the automatic export is next due, from its settings and the time of the office's last
/// export (manual or automatic): `None` when it is off; `now` when the office never exported
/// (due from the moment it is switched on); otherwise `every_hours` after the last export.
pub fn auto_export_due_at(
    settings: &SyncSettings,
    last_export_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    settings.folder.as_ref()?;
    Some(match last_export_at {
        Some(t) => t + chrono::Duration::hours(i64::from(settings.every_hours)),
        None => now,
    })
}

/// Whether the automatic export should run at `now` (see [`auto_export_due_at`]).
pub fn auto_export_is_due(
    settings: &SyncSettings,
    last_export_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> bool {
    auto_export_due_at(settings, last_export_at, now).is_some_and(|due| due <= now)
}

fn conflict_view(row: store::sync::ConflictRow) -> SyncConflict {
    let local: Value = serde_json::from_str(&row.local_json).unwrap_or(Value::Null);
    let remote: Value = serde_json::from_str(&row.remote_json).unwrap_or(Value::Null);
    let (_, changed) = events::diff(&local, &remote);
    let fields = changed
        .as_object()
        .map(|o| o.keys().cloned().collect())
        .unwrap_or_default();
    SyncConflict {
        id: row.id,
        entity: row.entity,
        entity_id: row.entity_id,
        label: row.label,
        office_code: row.office_code,
        local_version: row.local_version,
        remote_version: row.remote_version,
        fields,
        local,
        remote,
        package_office: row.package_office,
        package_seq: row.package_seq,
        status: row.status,
        detected_at: row.detected_at,
        resolved_at: row.resolved_at,
        resolved_by: row.resolved_by,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 2, h, m, 0).unwrap()
    }

    fn every(hours: u32) -> SyncSettings {
        SyncSettings {
            folder: Some("/mnt/share".into()),
            every_hours: hours,
        }
    }

    #[test]
    fn the_automatic_export_is_never_due_when_off() {
        let off = SyncSettings::default();
        assert_eq!(auto_export_due_at(&off, None, at(9, 0)), None);
        assert_eq!(auto_export_due_at(&off, Some(at(1, 0)), at(9, 0)), None);
        assert!(!auto_export_is_due(&off, None, at(9, 0)));
        assert!(!auto_export_is_due(&off, Some(at(1, 0)), at(23, 0)));
    }

    #[test]
    fn an_office_that_never_exported_is_due_at_once() {
        assert_eq!(
            auto_export_due_at(&every(4), None, at(9, 0)),
            Some(at(9, 0))
        );
        assert!(auto_export_is_due(&every(4), None, at(9, 0)));
    }

    #[test]
    fn due_every_n_hours_after_the_last_export_and_stays_due_until_one_is_written() {
        let last = Some(at(8, 30));
        assert_eq!(
            auto_export_due_at(&every(4), last, at(9, 0)),
            Some(at(12, 30))
        );
        assert!(!auto_export_is_due(&every(4), last, at(9, 0)));
        assert!(!auto_export_is_due(&every(4), last, at(12, 29)));
        assert!(auto_export_is_due(&every(4), last, at(12, 30)));
        // Nothing new to export writes no package: the next check finds it due again.
        assert!(auto_export_is_due(&every(4), last, at(17, 0)));
        assert_eq!(
            auto_export_due_at(&every(24), last, at(9, 0)),
            Some(Utc.with_ymd_and_hms(2026, 3, 3, 8, 30, 0).unwrap())
        );
    }

    /// An office signed in as its administrator, who keeps the keys and the export folder.
    async fn office(dir: &Path, code: &str, name: &str) -> Desk {
        let desk = Desk::open(&dir.join(format!("{code}.sqlite")))
            .await
            .unwrap();
        desk.init_demo_office(Office {
            code: code.into(),
            name: name.into(),
            doc_prefix: "信访".into(),
        })
        .await
        .unwrap();
        desk.sign_in("admin", crate::desk::demo::DEMO_PASSWORD)
            .await
            .unwrap();
        desk
    }

    #[tokio::test]
    async fn a_key_file_is_read_for_its_fingerprint_before_it_is_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let city = office(dir.path(), "445200", "市信访局").await;
        let county = office(dir.path(), "445203", "区信访局").await;
        let key_file = dir.path().join("445203.pub.json");
        let exported = county.sync_key_export(&key_file).await.unwrap();

        let read = city.sync_key_file(&key_file).await.unwrap();
        assert_eq!(
            read,
            KeyFileInfo {
                office_code: "445203".into(),
                office_name: "区信访局".into(),
                fingerprint: exported.fingerprint.clone(),
                trusted_fingerprint: None,
            }
        );
        // Reading trusts nothing.
        assert!(city.sync_history(10).await.unwrap().trusted.is_empty());

        city.sync_trust(&key_file).await.unwrap();
        let again = city.sync_key_file(&key_file).await.unwrap();
        assert_eq!(again.trusted_fingerprint, Some(exported.fingerprint));

        // One's own key file is no other office's key.
        let own = dir.path().join("445200.pub.json");
        city.sync_key_export(&own).await.unwrap();
        let refused = city.sync_key_file(&own).await.unwrap_err();
        assert_eq!(refused.code(), "own_key");
        // A file that is no key file: refused with the reason.
        let junk = dir.path().join("junk.json");
        std::fs::write(&junk, "{}").unwrap();
        let refused = city.sync_key_file(&junk).await.unwrap_err();
        assert_eq!(refused.code(), "invalid_key_file");
    }

    #[tokio::test]
    async fn the_automatic_export_folder_is_kept_as_a_complete_path() {
        let dir = tempfile::tempdir().unwrap();
        let desk = office(dir.path(), "445203", "区信访局").await;
        let set = desk
            .set_sync_settings(SyncSettings {
                folder: Some("同步包".into()),
                every_hours: 12,
            })
            .await
            .unwrap();
        let folder = PathBuf::from(set.folder.unwrap());
        assert!(folder.is_absolute());
        assert!(folder.ends_with("同步包"));
        let refused = desk
            .set_sync_settings(SyncSettings {
                folder: Some("/srv/同步包".into()),
                every_hours: 0,
            })
            .await
            .unwrap_err();
        assert_eq!(refused.code(), "invalid_input");
        let off = desk
            .set_sync_settings(SyncSettings {
                folder: Some("  ".into()),
                every_hours: 12,
            })
            .await
            .unwrap();
        assert_eq!(off, SyncSettings::default());
    }
}
