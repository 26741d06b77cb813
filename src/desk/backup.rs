//! Backups of the office: a consistent copy of the database taken while the office works
//! (`VACUUM INTO`) with its issued documents, one folder per backup with a manifest, checked
//! after writing and kept in rotation; restored whole, and only into the same office.

use std::io::Read;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, SqliteConnection};
use ts_rs::TS;

use super::Desk;
use crate::domain::account::Permission;
use crate::domain::calendar::office_time;
use crate::domain::retention::{self, Rotation};
use crate::Error;

pub const BACKUP_FORMAT: &str = "xinfang-backup";
const FORMAT_VERSION: u32 = 1;
const MANIFEST: &str = "backup.json";
const DATABASE: &str = "office.sqlite";
const DOCUMENTS: &str = "documents";

/// What a backup folder holds, written last: a folder without it is not a backup.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupManifest {
    pub format: String,
    pub format_version: u32,
    pub office_code: String,
    pub office_name: String,
    pub created_at: DateTime<Utc>,
    pub database_sha256: String,
    pub documents: Vec<BackupFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupFile {
    /// As the database stores it, relative to the documents folder.
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupInfo {
    pub path: String,
    pub manifest: BackupManifest,
}

/// A backup made, and the older ones the rotation removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupCreated {
    pub backup: BackupInfo,
    pub removed: Vec<String>,
}

/// The result of checking a backup: nothing listed means it can be restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct BackupCheck {
    pub path: String,
    pub office_code: Option<String>,
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct Restored {
    pub database: String,
    pub documents: String,
    /// Where the database as it was before the restore was put aside, if there was one.
    pub previous: Option<String>,
}

fn sha256_file(path: &Path) -> std::io::Result<String> {
    let mut file = std::fs::File::open(path)?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

async fn connect_read_only(path: &Path) -> Result<SqliteConnection, Error> {
    let options = SqliteConnectOptions::new()
        .filename(path)
        .read_only(true)
        .immutable(true);
    Ok(SqliteConnection::connect_with(&options).await?)
}

/// The files the copied database knows in its document folder (issued documents and
/// attachments), with their stored hashes.
async fn stored_documents(db: &Path) -> Result<Vec<BackupFile>, Error> {
    let mut conn = connect_read_only(db).await?;
    // A backup written before attachments existed has no table for them.
    let attachments: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'attachments')",
    )
    .fetch_one(&mut conn)
    .await?;
    let sql = if attachments {
        "SELECT path, sha256 FROM issued_documents
         UNION ALL SELECT path, sha256 FROM attachments ORDER BY path"
    } else {
        "SELECT path, sha256 FROM issued_documents ORDER BY path"
    };
    let rows: Vec<(String, String)> = sqlx::query_as(sql).fetch_all(&mut conn).await?;
    conn.close().await?;
    Ok(rows
        .into_iter()
        .map(|(path, sha256)| BackupFile { path, sha256 })
        .collect())
}

fn read_manifest(dir: &Path) -> Result<BackupManifest, Error> {
    let path = dir.join(MANIFEST);
    if !path.is_file() {
        return Err(Error::NoBackup(dir.to_path_buf()));
    }
    let manifest: BackupManifest =
        serde_json::from_slice(&std::fs::read(&path)?).map_err(|e| Error::BackupDamaged {
            path: dir.to_path_buf(),
            problems: format!("备份说明文件无法读取：{e}"),
        })?;
    if manifest.format != BACKUP_FORMAT || manifest.format_version > FORMAT_VERSION {
        return Err(Error::BackupDamaged {
            path: dir.to_path_buf(),
            problems: format!(
                "不是本程序可读的备份（格式 {} 版本 {}）",
                manifest.format, manifest.format_version
            ),
        });
    }
    Ok(manifest)
}

/// A relative document path that stays inside its folder.
fn inside(root: &Path, relative: &str) -> Option<PathBuf> {
    let rel = Path::new(relative);
    rel.components()
        .all(|c| matches!(c, std::path::Component::Normal(_)))
        .then(|| root.join(rel))
}

impl Desk {
    /// Backs the office up into a new folder under `folder` (a removable drive, say), checks
    /// it, then removes the backups of this office the rotation no longer keeps.
    pub async fn backup_create(
        &self,
        folder: &Path,
        rotation: Rotation,
    ) -> Result<BackupCreated, Error> {
        self.require(Permission::Backup)?;
        self.write_rotated_backup(folder, rotation).await
    }

    /// [`Desk::backup_create`] without asking who: the office's schedule runs it too.
    pub(super) async fn write_rotated_backup(
        &self,
        folder: &Path,
        rotation: Rotation,
    ) -> Result<BackupCreated, Error> {
        let office = self.cached_office().await?;
        let now = self.now();
        let name = format!(
            "{}-{}",
            office.code,
            office_time(now).format("%Y%m%d-%H%M%S")
        );
        let target = folder.join(&name);
        if target.exists() {
            return Err(Error::invalid(
                "to",
                format!("备份 {} 已存在，请稍后再试", target.display()),
            ));
        }
        // Written under a temporary name: an interrupted backup never looks like one.
        let partial = folder.join(format!(".{name}.partial"));
        if partial.exists() {
            std::fs::remove_dir_all(&partial)?;
        }
        std::fs::create_dir_all(partial.join(DOCUMENTS))?;
        let made = self.write_backup(&partial, &office, now).await;
        let manifest = match made {
            Ok(m) => m,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&partial);
                return Err(e);
            }
        };
        std::fs::rename(&partial, &target)?;
        let check = backup_verify(&target).await?;
        if !check.problems.is_empty() {
            return Err(Error::BackupDamaged {
                path: target,
                problems: check.problems.join("；"),
            });
        }
        let removed = prune(folder, &office.code, rotation).await?;
        Ok(BackupCreated {
            backup: BackupInfo {
                path: target.display().to_string(),
                manifest,
            },
            removed,
        })
    }

    async fn write_backup(
        &self,
        partial: &Path,
        office: &crate::domain::office::Office,
        now: DateTime<Utc>,
    ) -> Result<BackupManifest, Error> {
        let db = partial.join(DATABASE);
        sqlx::query("VACUUM INTO ?")
            .bind(db.to_string_lossy().into_owned())
            .execute(&self.db.pool)
            .await?;
        let source = self.documents_folder().await?;
        let stored = stored_documents(&db).await?;
        let root = partial.join(DOCUMENTS);
        let documents = tokio::task::spawn_blocking(move || -> Result<Vec<BackupFile>, Error> {
            let mut out = Vec::with_capacity(stored.len());
            for doc in stored {
                let (Some(from), Some(to)) = (inside(&source, &doc.path), inside(&root, &doc.path))
                else {
                    return Err(Error::Corrupt(format!("文书路径“{}”无效", doc.path)));
                };
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir)?;
                }
                std::fs::copy(&from, &to)?;
                out.push(BackupFile {
                    sha256: sha256_file(&to)?,
                    path: doc.path,
                });
            }
            Ok(out)
        })
        .await
        .map_err(|e| Error::Corrupt(format!("备份中断：{e}")))??;
        let manifest = BackupManifest {
            format: BACKUP_FORMAT.into(),
            format_version: FORMAT_VERSION,
            office_code: office.code.clone(),
            office_name: office.name.clone(),
            created_at: now,
            database_sha256: sha256_file(&db)?,
            documents,
        };
        let json =
            serde_json::to_vec_pretty(&manifest).map_err(|e| Error::Corrupt(e.to_string()))?;
        let file = partial.join(MANIFEST);
        std::fs::write(&file, json)?;
        std::fs::File::open(&file)?.sync_all()?;
        std::fs::File::open(&db)?.sync_all()?;
        Ok(manifest)
    }
}

/// A restore asked for in the window that holds the office open.
pub struct RestoreInPlace {
    /// The office to work on from now, once this desk closed for the restore: the restored
    /// database, or the one it would have replaced when the restore was refused. `None` while
    /// this desk is still open (the backup was refused before it closed).
    pub reopened: Option<Result<Desk, Error>>,
    pub outcome: Result<Restored, Error>,
}

impl Desk {
    /// Restores `backup` over this office's database and opens the result, for the window
    /// that holds the database: only an account that keeps backups may, and a damaged backup
    /// or another office's is refused before anything closes. The restored database has its
    /// own accounts and sessions, so nobody is signed in to it.
    pub async fn restore_in_place(&self, backup: &Path) -> RestoreInPlace {
        let refused = |e| RestoreInPlace {
            reopened: None,
            outcome: Err(e),
        };
        if let Err(e) = self.require(Permission::Backup) {
            return refused(e);
        }
        let office = match self.cached_office().await {
            Ok(o) => o,
            Err(e) => return refused(e),
        };
        // The check names the backup's office: its manifest is read once.
        match backup_verify(backup).await {
            Ok(c) if !c.problems.is_empty() => {
                return refused(Error::BackupDamaged {
                    path: backup.to_path_buf(),
                    problems: c.problems.join("；"),
                })
            }
            Ok(c) if c.office_code.as_deref() != Some(office.code.as_str()) => {
                return refused(Error::BackupForeign {
                    backup_office: c.office_code.unwrap_or_default(),
                    office: office.code,
                })
            }
            Ok(_) => {}
            Err(e) => return refused(e),
        }
        let (path, clock) = (self.path().to_path_buf(), self.clock.clone());
        self.close().await;
        let outcome = backup_restore(backup, &path, clock.now()).await;
        RestoreInPlace {
            reopened: Some(Desk::open_existing(&path, clock).await),
            outcome,
        }
    }
}

/// The backups in `folder`, newest first (folders that are not backups are left out).
pub fn backup_list(folder: &Path) -> Result<Vec<BackupInfo>, Error> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(folder)? {
        let path = entry?.path();
        if path.is_dir() {
            if let Ok(manifest) = read_manifest(&path) {
                out.push(BackupInfo {
                    path: path.display().to_string(),
                    manifest,
                });
            }
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse(b.manifest.created_at));
    Ok(out)
}

async fn prune(folder: &Path, office_code: &str, rotation: Rotation) -> Result<Vec<String>, Error> {
    let own: Vec<BackupInfo> = backup_list(folder)?
        .into_iter()
        .filter(|b| b.manifest.office_code == office_code)
        .collect();
    let taken: Vec<_> = own
        .iter()
        .map(|b| office_time(b.manifest.created_at))
        .collect();
    let keep = retention::keep(&taken, rotation);
    let mut removed = Vec::new();
    for (i, b) in own.into_iter().enumerate() {
        if !keep.contains(&i) {
            std::fs::remove_dir_all(&b.path)?;
            removed.push(b.path);
        }
    }
    Ok(removed)
}

/// Checks a backup as a restore would: the manifest, the database's hash and integrity, and
/// every document against both the manifest and the database's own record of it.
pub async fn backup_verify(dir: &Path) -> Result<BackupCheck, Error> {
    let mut check = BackupCheck {
        path: dir.display().to_string(),
        office_code: None,
        problems: Vec::new(),
    };
    let manifest = match read_manifest(dir) {
        Ok(m) => m,
        Err(Error::BackupDamaged { problems, .. }) => {
            check.problems.push(problems);
            return Ok(check);
        }
        Err(e) => return Err(e),
    };
    check.office_code = Some(manifest.office_code.clone());
    let db = dir.join(DATABASE);
    match sha256_file(&db) {
        Ok(h) if h == manifest.database_sha256 => {}
        Ok(_) => check.problems.push("数据库文件与备份时不一致".into()),
        Err(e) => {
            check.problems.push(format!("数据库文件无法读取：{e}"));
            return Ok(check);
        }
    }
    let integrity: Result<String, Error> = async {
        let mut conn = connect_read_only(&db).await?;
        let r: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await?;
        conn.close().await?;
        Ok(r)
    }
    .await;
    match integrity {
        Ok(r) if r == "ok" => {}
        Ok(r) => check.problems.push(format!("数据库完整性检查未通过：{r}")),
        Err(e) => {
            check.problems.push(format!("数据库无法打开：{e}"));
            return Ok(check);
        }
    }
    let stored = match stored_documents(&db).await {
        Ok(s) => s,
        Err(e) => {
            check.problems.push(format!("文书记录无法读取：{e}"));
            return Ok(check);
        }
    };
    let root = dir.join(DOCUMENTS);
    for doc in &stored {
        let listed = manifest.documents.iter().find(|f| f.path == doc.path);
        let actual = inside(&root, &doc.path).map(|p| sha256_file(&p));
        match (listed, actual) {
            (Some(f), Some(Ok(h))) if f.sha256 == h && h == doc.sha256 => {}
            (_, Some(Err(_))) | (None, _) => {
                check.problems.push(format!("文书 {} 缺失", doc.path));
            }
            _ => check
                .problems
                .push(format!("文书 {} 与记录不一致", doc.path)),
        }
    }
    Ok(check)
}

/// Restores `backup` as the database at `target` (which must not be open), with its
/// documents in the folder named after it. A damaged backup, or one of another office than
/// the database it would replace, is refused with nothing changed; the replaced database and
/// documents are kept beside it.
pub async fn backup_restore(
    backup: &Path,
    target: &Path,
    now: DateTime<Utc>,
) -> Result<Restored, Error> {
    let check = backup_verify(backup).await?;
    if !check.problems.is_empty() {
        return Err(Error::BackupDamaged {
            path: backup.to_path_buf(),
            problems: check.problems.join("；"),
        });
    }
    let manifest = read_manifest(backup)?;
    if target.is_file() {
        let mut conn = connect_read_only(target).await?;
        let here: Option<String> = sqlx::query_scalar("SELECT code FROM office WHERE is_local = 1")
            .fetch_optional(&mut conn)
            .await
            .map_err(|_| Error::ForeignDatabase(target.to_path_buf()))?;
        conn.close().await?;
        if let Some(here) = here.filter(|c| *c != manifest.office_code) {
            return Err(Error::BackupForeign {
                backup_office: manifest.office_code,
                office: here,
            });
        }
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or_else(|| Path::new("."))
        .to_path_buf();
    let stem = target
        .file_stem()
        .map_or_else(|| "office".into(), |s| s.to_string_lossy().into_owned());
    let file = target.file_name().map_or_else(
        || "office.sqlite".into(),
        |s| s.to_string_lossy().into_owned(),
    );
    let documents = dir.join(format!("{stem}-documents"));
    let staged_db = dir.join(format!(".{file}.restoring"));
    let staged_docs = dir.join(format!(".{stem}-documents.restoring"));
    let stage = || -> Result<(), Error> {
        let _ = std::fs::remove_dir_all(&staged_docs);
        copy_tree(&backup.join(DOCUMENTS), &staged_docs)?;
        std::fs::copy(backup.join(DATABASE), &staged_db)?;
        std::fs::File::open(&staged_db)?.sync_all()?;
        Ok(())
    };
    if let Err(e) = stage() {
        let _ = std::fs::remove_file(&staged_db);
        let _ = std::fs::remove_dir_all(&staged_docs);
        return Err(e);
    }
    let stamp = office_time(now).format("%Y%m%d-%H%M%S").to_string();
    let mut previous = None;
    if target.is_file() {
        let aside = dir.join(format!("{file}.before-restore-{stamp}"));
        std::fs::rename(target, &aside)?;
        for suffix in ["-wal", "-shm"] {
            let side = dir.join(format!("{file}{suffix}"));
            if side.exists() {
                std::fs::rename(
                    &side,
                    dir.join(format!("{file}.before-restore-{stamp}{suffix}")),
                )?;
            }
        }
        previous = Some(aside.display().to_string());
    }
    if documents.exists() {
        std::fs::rename(
            &documents,
            dir.join(format!("{stem}-documents.before-restore-{stamp}")),
        )?;
    }
    std::fs::rename(&staged_docs, &documents)?;
    std::fs::rename(&staged_db, target)?;
    Ok(Restored {
        database: target.display().to_string(),
        documents: documents.display().to_string(),
        previous,
    })
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), Error> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let dest = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &dest)?;
        } else {
            std::fs::copy(entry.path(), &dest)?;
        }
    }
    Ok(())
}
