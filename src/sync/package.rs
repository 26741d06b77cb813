//! Writing and verifying `.xfsync` files (a zip; see `docs/sync-format.md`).
//!
//! Both directions stream: records go to the zip as they come and are hashed on the way, and
//! reading hashes and counts bytes as they are decompressed. Memory stays flat however large
//! the package; only the manifest (one entry per record kind and per attached file) is held.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};
use std::marker::PhantomData;
use std::path::{Path, PathBuf};

use chrono::{SubsecRound, Utc};
use rand_core::RngCore as _;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use zip::read::ZipFile;
use zip::result::ZipError;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::audit::AuditSegment;
use super::error::SyncError;
use super::keys::{OfficeKey, TrustStore};
use super::manifest::{
    check_chain_fields, check_entry_name, check_kind, check_office, check_sequence, ChainHead,
    Manifest, ManifestEntry, SequenceCheck, FORMAT_VERSION, MANIFEST_ENTRY, MANIFEST_FORMAT,
    SIGNATURE_ENTRY,
};

/// Records are gathered into chunks of this size before they reach the compressor: one write
/// per record would cost more in call overhead than the compression itself.
const CHUNK: usize = 64 * 1024;
/// A base64 Ed25519 signature is 88 bytes; the cap only has to stop a bomb posing as one.
const MAX_SIGNATURE_BYTES: u64 = 1024;
/// Entries this close to 4 GiB need ZIP64 headers.
const ZIP64_THRESHOLD: u64 = 0xFFFF_0000;

// ---------------------------------------------------------------------------------------------
// Writing

/// What the caller knows about a package before writing it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackageHeader {
    pub office_code: String,
    pub office_name: String,
    pub seq: u64,
    pub from_cursor: i64,
    pub to_cursor: i64,
    /// `VerifiedPackage::manifest_hash` / `FinishedPackage::manifest_hash` of the previous package.
    pub prev_package_hash: Option<String>,
    pub full: bool,
    /// When the package is written (the manifest's `created_at`, to the second).
    pub created_at: chrono::DateTime<Utc>,
    /// The writer's audit chain since its previous package; its entries go in as records.
    pub audit: AuditSegment,
    /// See [`Manifest::masked`].
    pub masked: bool,
}

/// A package written, signed and moved to its final name.
#[derive(Debug, Clone)]
pub struct FinishedPackage {
    pub path: PathBuf,
    pub manifest: Manifest,
    /// SHA-256 hex of the exact `manifest.json` bytes: the next package's `prev_package_hash`.
    pub manifest_hash: String,
    /// Size of the package file in bytes.
    pub size: u64,
}

struct OpenRecords {
    kind: String,
    entry: String,
    hasher: Sha256,
    size: u64,
    count: u64,
}

/// Writes a package to `<path>.<random>.partial` and renames it to `path` on
/// [`PackageWriter::finish`],
/// so a crash or an error never leaves a half package under a name an importer would pick up.
/// Dropping the writer without finishing deletes the partial file.
pub struct PackageWriter {
    final_path: PathBuf,
    tmp_path: PathBuf,
    zip: Option<ZipWriter<BufWriter<File>>>,
    header: PackageHeader,
    entries: Vec<ManifestEntry>,
    names: HashSet<String>,
    record_counts: BTreeMap<String, u64>,
    open: Option<OpenRecords>,
    line: Vec<u8>,
    pending: Vec<u8>,
    done: bool,
}

impl PackageWriter {
    /// Starts a package. Refuses an existing `path`: a package name, once handed out, must keep
    /// meaning the same bytes.
    pub fn create(path: impl AsRef<Path>, header: PackageHeader) -> Result<Self, SyncError> {
        let final_path = path.as_ref().to_owned();
        check_office(&header.office_code, &header.office_name)
            .and_then(|()| {
                check_chain_fields(
                    header.seq,
                    header.from_cursor,
                    header.to_cursor,
                    header.prev_package_hash.as_deref(),
                )
            })
            .map_err(|reason| SyncError::InvalidInput { reason })?;
        if final_path.exists() {
            return Err(SyncError::AlreadyExists { path: final_path });
        }
        let (tmp_path, file) = create_partial(&final_path)?;
        Ok(PackageWriter {
            final_path,
            tmp_path,
            zip: Some(ZipWriter::new(BufWriter::with_capacity(CHUNK, file))),
            header,
            entries: Vec::new(),
            names: HashSet::new(),
            record_counts: BTreeMap::new(),
            open: None,
            line: Vec::with_capacity(1024),
            pending: Vec::with_capacity(CHUNK * 2),
            done: false,
        })
    }

    /// Opens the entry `records/<kind>.jsonl`. Records of one kind are one entry, so they must be
    /// written together; starting another kind or a file closes this one for good.
    /// Calling it is optional ([`PackageWriter::write_record`] begins a new kind by itself) but
    /// it records a kind with zero records when none follow.
    pub fn begin_records(&mut self, kind: &str) -> Result<(), SyncError> {
        check_kind(kind).map_err(|reason| SyncError::InvalidInput { reason })?;
        let already_open = self.open.as_ref().is_some_and(|o| o.kind == kind);
        if already_open || self.record_counts.contains_key(kind) {
            return Err(SyncError::InvalidInput {
                reason: format!("记录种类 {kind} 已写过；同一种类的记录必须连续写入"),
            });
        }
        self.close_records()?;
        let entry = Manifest::records_entry_name(kind);
        // Record entries are written before their size is known, so they always carry ZIP64
        // fields: 20 bytes each, and no failure at 4 GiB.
        self.start_entry(&entry, true)?;
        self.open = Some(OpenRecords {
            kind: kind.to_owned(),
            entry,
            hasher: Sha256::new(),
            size: 0,
            count: 0,
        });
        Ok(())
    }

    /// Appends one record, serialized as one line of compact JSON. It must serialize to a JSON
    /// object (the format promises one object per line).
    pub fn write_record<T: Serialize + ?Sized>(
        &mut self,
        kind: &str,
        record: &T,
    ) -> Result<(), SyncError> {
        if self.open.as_ref().map(|o| o.kind.as_str()) != Some(kind) {
            self.begin_records(kind)?;
        }
        self.line.clear();
        serde_json::to_writer(&mut self.line, record).map_err(|e| SyncError::InvalidInput {
            reason: format!("{kind} 记录无法序列化为 JSON：{e}"),
        })?;
        if self.line.first() != Some(&b'{') {
            return Err(SyncError::InvalidInput {
                reason: format!("{kind} 记录必须序列化为 JSON 对象"),
            });
        }
        // Compact serde_json output escapes control characters, so a record is always one line.
        self.line.push(b'\n');
        let Some(open) = self.open.as_mut() else {
            return Err(finished_error());
        };
        open.hasher.update(&self.line);
        open.size += self.line.len() as u64;
        open.count += 1;
        self.pending.extend_from_slice(&self.line);
        if self.pending.len() >= CHUNK {
            self.flush_pending()?;
        }
        Ok(())
    }

    /// Adds the file at `source` as `files/<name>`. `name` is relative, `/`-separated.
    pub fn add_file(&mut self, name: &str, source: &Path) -> Result<(), SyncError> {
        self.add_file_expecting(name, source, None)
    }

    /// As [`add_file`](Self::add_file), refusing a file whose SHA-256 (hex) is not `expected`.
    pub fn add_file_expecting(
        &mut self,
        name: &str,
        source: &Path,
        expected: Option<&str>,
    ) -> Result<(), SyncError> {
        self.close_records()?;
        let entry = Manifest::file_entry_name(name);
        let mut src = File::open(source).map_err(|e| SyncError::io(source, e))?;
        let len = src.metadata().map_err(|e| SyncError::io(source, e))?.len();
        self.start_entry(&entry, len >= ZIP64_THRESHOLD)?;
        let mut hasher = Sha256::new();
        let mut size = 0u64;
        let mut buf = vec![0u8; CHUNK];
        let tmp_path = self.tmp_path.clone();
        let zip = self.zip_mut()?;
        loop {
            let n = match src.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(SyncError::io(source, e)),
            };
            hasher.update(&buf[..n]);
            zip.write_all(&buf[..n])
                .map_err(|e| SyncError::io(&tmp_path, e))?;
            size += n as u64;
        }
        let sha256 = hex::encode(hasher.finalize());
        if expected.is_some_and(|e| !e.eq_ignore_ascii_case(&sha256)) {
            return Err(SyncError::SourceChanged {
                path: source.to_owned(),
            });
        }
        self.entries.push(ManifestEntry {
            name: entry,
            size,
            sha256,
        });
        Ok(())
    }

    /// Writes the manifest and its signature, closes the zip, syncs it to disk and renames it to
    /// the final name.
    pub fn finish(mut self, key: &OfficeKey) -> Result<FinishedPackage, SyncError> {
        self.close_records()?;
        let manifest = Manifest {
            format: MANIFEST_FORMAT.to_owned(),
            format_version: FORMAT_VERSION,
            office_code: self.header.office_code.clone(),
            office_name: self.header.office_name.clone(),
            seq: self.header.seq,
            from_cursor: self.header.from_cursor,
            to_cursor: self.header.to_cursor,
            full: self.header.full,
            created_at: self.header.created_at.trunc_subsecs(0),
            prev_package_hash: self.header.prev_package_hash.clone(),
            record_counts: std::mem::take(&mut self.record_counts),
            entries: std::mem::take(&mut self.entries),
            audit: Some(self.header.audit.clone()),
            masked: self.header.masked,
        };
        let manifest_bytes =
            serde_json::to_vec_pretty(&manifest).map_err(|e| SyncError::InvalidInput {
                reason: format!("清单无法序列化：{e}"),
            })?;
        let signature = key.sign(&manifest_bytes);

        let tmp_path = self.tmp_path.clone();
        let io_err = |e: io::Error| SyncError::io(&tmp_path, e);
        let zip_err = |e: ZipError| SyncError::io(&tmp_path, io::Error::other(e));
        let mut zip = self.zip.take().ok_or_else(finished_error)?;
        zip.start_file(MANIFEST_ENTRY, entry_options(false))
            .map_err(zip_err)?;
        zip.write_all(&manifest_bytes).map_err(io_err)?;
        zip.start_file(
            SIGNATURE_ENTRY,
            entry_options(false).compression_method(CompressionMethod::Stored),
        )
        .map_err(zip_err)?;
        zip.write_all(signature.as_bytes()).map_err(io_err)?;
        let file = zip
            .finish()
            .map_err(zip_err)?
            .into_inner()
            .map_err(|e| io_err(e.into_error()))?;
        file.sync_all().map_err(io_err)?;
        let size = file.metadata().map_err(io_err)?.len();
        drop(file);

        // Checked again because the name may have been taken while we wrote; rename would
        // silently replace it on Unix.
        if self.final_path.exists() {
            return Err(SyncError::AlreadyExists {
                path: self.final_path.clone(),
            });
        }
        fs::rename(&self.tmp_path, &self.final_path).map_err(io_err)?;
        self.done = true;
        sync_parent_dir(&self.final_path);
        Ok(FinishedPackage {
            path: self.final_path.clone(),
            manifest_hash: crate::domain::digest::sha256_hex(&manifest_bytes),
            manifest,
            size,
        })
    }

    fn zip_mut(&mut self) -> Result<&mut ZipWriter<BufWriter<File>>, SyncError> {
        self.zip.as_mut().ok_or_else(finished_error)
    }

    fn start_entry(&mut self, name: &str, large: bool) -> Result<(), SyncError> {
        check_entry_name(name).map_err(|r| SyncError::InvalidInput {
            reason: format!("条目名 “{name}” {r}"),
        })?;
        if !self.names.insert(name.to_owned()) {
            return Err(SyncError::InvalidInput {
                reason: format!("条目 {name} 重复"),
            });
        }
        let tmp_path = self.tmp_path.clone();
        self.zip_mut()?
            .start_file(name, entry_options(large))
            .map_err(|e| SyncError::io(&tmp_path, io::Error::other(e)))
    }

    fn flush_pending(&mut self) -> Result<(), SyncError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let tmp_path = self.tmp_path.clone();
        let zip = self.zip.as_mut().ok_or_else(finished_error)?;
        zip.write_all(&self.pending)
            .map_err(|e| SyncError::io(&tmp_path, e))?;
        self.pending.clear();
        Ok(())
    }

    fn close_records(&mut self) -> Result<(), SyncError> {
        self.flush_pending()?;
        if let Some(open) = self.open.take() {
            self.entries.push(ManifestEntry {
                name: open.entry,
                size: open.size,
                sha256: hex::encode(open.hasher.finalize()),
            });
            self.record_counts.insert(open.kind, open.count);
        }
        Ok(())
    }
}

impl Drop for PackageWriter {
    fn drop(&mut self) {
        if !self.done {
            // Close the handle first: Windows cannot delete an open file.
            drop(self.zip.take());
            let _ = fs::remove_file(&self.tmp_path);
        }
    }
}

fn entry_options(large: bool) -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .unix_permissions(0o644)
        .large_file(large)
}

fn finished_error() -> SyncError {
    SyncError::InvalidInput {
        reason: "同步包已经写完".into(),
    }
}

/// A fresh temporary name beside `path`, created at once. Unique, so that two writers (a
/// scheduled export and a manual one, say) can never write into the same temporary file; in the
/// same folder, so the final rename is atomic.
fn create_partial(path: &Path) -> Result<(PathBuf, File), SyncError> {
    let base = path.file_name().unwrap_or_default();
    let mut attempts = 0;
    loop {
        let mut name = base.to_owned();
        name.push(format!(".{:08x}.partial", rand_core::OsRng.next_u32()));
        let tmp = path.with_file_name(name);
        match fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
        {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempts < 3 => attempts += 1,
            Err(e) => return Err(SyncError::io(tmp, e)),
        }
    }
}

/// Makes the rename itself durable (a USB drive may be pulled right after). Best effort: some
/// platforms and file systems cannot sync a directory, and the data is already synced.
fn sync_parent_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

// ---------------------------------------------------------------------------------------------
// Reading

/// Caps applied while verifying and reading a package, before and after it is trusted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Limits {
    /// Zip entries, including manifest.json and manifest.sig.
    pub max_entries: u64,
    /// Decompressed bytes of one entry.
    pub max_entry_bytes: u64,
    /// Decompressed bytes of all listed entries together.
    pub max_total_bytes: u64,
    /// Decompressed bytes of manifest.json, read before the signature can be checked.
    pub max_manifest_bytes: u64,
    /// Bytes of one record line, so one line never has to fit in memory beyond this.
    pub max_record_line_bytes: u64,
}

impl Default for Limits {
    /// Roomy for a county's full export (100 000 cases with documents) and small enough that a
    /// crafted file cannot exhaust memory or disk.
    fn default() -> Self {
        Limits {
            max_entries: 500_000,
            max_entry_bytes: 8 << 30,
            max_total_bytes: 64 << 30,
            max_manifest_bytes: 128 << 20,
            max_record_line_bytes: 16 << 20,
        }
    }
}

type Archive = ZipArchive<BufReader<File>>;

/// A package whose signature, manifest and every entry have been checked. Only [`verify`]
/// makes one. Reading records or files checks the bytes again as they stream, so a file changed
/// on disk after verification yields an error (at the end of that entry) rather than bad data.
pub struct VerifiedPackage {
    path: PathBuf,
    archive: Archive,
    manifest: Manifest,
    manifest_hash: String,
    index: HashMap<String, usize>,
    limits: Limits,
}

impl std::fmt::Debug for VerifiedPackage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("VerifiedPackage")
            .field("path", &self.path)
            .field("manifest", &self.manifest)
            .field("manifest_hash", &self.manifest_hash)
            .finish_non_exhaustive()
    }
}

/// Checks a package completely before anything in it is believed:
/// zip structure, entry count and names, manifest version, signature against the key trusted
/// for the manifest's office, manifest rules, declared sizes against `limits`, the entry list
/// against the zip, and the size and SHA-256 of every entry (counted while decompressing).
///
/// Sequence continuity depends on the importer's history: see [`check_sequence`] and
/// [`VerifiedPackage::check_sequence`].
pub fn verify(
    path: impl AsRef<Path>,
    trusted: &TrustStore,
    limits: &Limits,
) -> Result<VerifiedPackage, SyncError> {
    let path = path.as_ref();
    let mut archive = open_archive(path)?;

    let count = archive.len() as u64;
    if count > limits.max_entries {
        return Err(SyncError::TooManyEntries {
            count,
            limit: limits.max_entries,
        });
    }
    let names: Vec<String> = archive.file_names().map(str::to_owned).collect();
    for name in &names {
        check_entry_name(name).map_err(|reason| SyncError::UnsafeEntryName {
            entry: name.clone(),
            reason,
        })?;
    }
    for required in [MANIFEST_ENTRY, SIGNATURE_ENTRY] {
        if archive.index_for_name(required).is_none() {
            return Err(SyncError::MissingEntry {
                entry: required.to_owned(),
            });
        }
    }

    let manifest_bytes = read_capped(&mut archive, MANIFEST_ENTRY, limits.max_manifest_bytes)?;
    let office_code = probe_manifest(&manifest_bytes)?;
    let trusted_key = trusted
        .get(&office_code)
        .ok_or_else(|| SyncError::UnknownOffice {
            office_code: office_code.clone(),
        })?;
    let signature = read_capped(&mut archive, SIGNATURE_ENTRY, MAX_SIGNATURE_BYTES)?;
    let signature = String::from_utf8(signature).map_err(|_| SyncError::BadSignature {
        office_code: office_code.clone(),
        reason: "manifest.sig 不是文本".into(),
    })?;
    trusted_key
        .public_key
        .verify(&manifest_bytes, &signature)
        .map_err(|reason| SyncError::BadSignature {
            office_code: office_code.clone(),
            reason,
        })?;

    // From here on the manifest is authentic: it is what the office wrote.
    let manifest: Manifest =
        serde_json::from_slice(&manifest_bytes).map_err(|e| SyncError::InvalidManifest {
            reason: e.to_string(),
        })?;
    manifest
        .validate()
        .map_err(|reason| SyncError::InvalidManifest { reason })?;

    let mut total = 0u64;
    for entry in &manifest.entries {
        if entry.size > limits.max_entry_bytes {
            return Err(SyncError::EntryTooLarge {
                entry: entry.name.clone(),
                limit: limits.max_entry_bytes,
            });
        }
        total = total.saturating_add(entry.size);
    }
    if total > limits.max_total_bytes {
        return Err(SyncError::TooLarge {
            total,
            limit: limits.max_total_bytes,
        });
    }

    let index: HashMap<String, usize> = manifest
        .entries
        .iter()
        .enumerate()
        .map(|(i, e)| (e.name.clone(), i))
        .collect();
    for name in &names {
        if name != MANIFEST_ENTRY && name != SIGNATURE_ENTRY && !index.contains_key(name) {
            return Err(SyncError::UnlistedEntry {
                entry: name.clone(),
            });
        }
    }
    for entry in &manifest.entries {
        if archive.index_for_name(&entry.name).is_none() {
            return Err(SyncError::MissingEntry {
                entry: entry.name.clone(),
            });
        }
    }

    for entry in &manifest.entries {
        let file = open_entry(&mut archive, &entry.name)?;
        let mut reader = VerifyingReader::new(file, entry);
        let mut buf = vec![0u8; CHUNK];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(_) => {}
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(reader.error(e)),
            }
        }
        reader.check_complete()?;
    }

    Ok(VerifiedPackage {
        path: path.to_owned(),
        archive,
        manifest_hash: crate::domain::digest::sha256_hex(&manifest_bytes),
        manifest,
        index,
        limits: limits.clone(),
    })
}

fn open_archive(path: &Path) -> Result<Archive, SyncError> {
    let file = File::open(path).map_err(|e| SyncError::io(path, e))?;
    ZipArchive::new(BufReader::with_capacity(CHUNK, file)).map_err(|e| SyncError::Unreadable {
        reason: e.to_string(),
    })
}

impl VerifiedPackage {
    /// A second handle on this package, opening its file again, so that another thread can
    /// read records while this one goes on. It is as trustworthy as the first: every read
    /// checks the entry's size and SHA-256 again as it streams.
    pub fn reopen(&self) -> Result<VerifiedPackage, SyncError> {
        Ok(VerifiedPackage {
            path: self.path.clone(),
            archive: open_archive(&self.path)?,
            manifest: self.manifest.clone(),
            manifest_hash: self.manifest_hash.clone(),
            index: self.index.clone(),
            limits: self.limits.clone(),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn manifest(&self) -> &Manifest {
        &self.manifest
    }

    /// SHA-256 hex of the exact `manifest.json` bytes; the importer's history keeps it so the
    /// next package's `prev_package_hash` can be checked.
    pub fn manifest_hash(&self) -> &str {
        &self.manifest_hash
    }

    /// [`check_sequence`] for this package.
    pub fn check_sequence(&self, last: Option<&ChainHead>) -> Result<SequenceCheck, SyncError> {
        check_sequence(last, &self.manifest, &self.manifest_hash)
    }

    /// The record kinds the package carries.
    pub fn record_kinds(&self) -> impl Iterator<Item = &str> {
        self.manifest.record_counts.keys().map(String::as_str)
    }

    /// Attached files: name relative to `files/`, and its manifest entry.
    pub fn files(&self) -> impl Iterator<Item = (&str, &ManifestEntry)> {
        self.manifest.files()
    }

    /// Streams the records of `kind`, parsed as `T`. A kind the package does not carry yields
    /// nothing: a package carries only the kinds that changed. After the last record, the
    /// entry's size, SHA-256 and line count are checked again; a mismatch is the iterator's
    /// last item, so an importer applying inside a transaction must roll back on any error.
    pub fn records<T: DeserializeOwned>(
        &mut self,
        kind: &str,
    ) -> Result<Records<'_, T>, SyncError> {
        check_kind(kind).map_err(|reason| SyncError::InvalidInput { reason })?;
        let name = Manifest::records_entry_name(kind);
        let Some(&i) = self.index.get(&name) else {
            return Ok(Records {
                entry: name,
                lines: None,
                declared_count: 0,
                line_no: 0,
                max_line: 0,
                buf: Vec::new(),
                _record: PhantomData,
            });
        };
        let entry = &self.manifest.entries[i];
        let declared_count = self.manifest.record_counts.get(kind).copied().unwrap_or(0);
        let file = open_entry(&mut self.archive, &entry.name)?;
        Ok(Records {
            entry: name,
            lines: Some(BufReader::with_capacity(
                CHUNK,
                VerifyingReader::new(file, entry),
            )),
            declared_count,
            line_no: 0,
            max_line: self.limits.max_record_line_bytes,
            buf: Vec::new(),
            _record: PhantomData,
        })
    }

    /// Writes the attached file `files/<name>` to `dest`, checking size and SHA-256 on the way.
    /// The bytes go to `<dest>.<random>.partial` first and are renamed only once verified; an
    /// existing `dest` is never overwritten (the caller decides what an existing document means).
    pub fn extract_file(&mut self, name: &str, dest: &Path) -> Result<(), SyncError> {
        let entry_name = Manifest::file_entry_name(name);
        let Some(&i) = self.index.get(&entry_name) else {
            return Err(SyncError::MissingEntry { entry: entry_name });
        };
        if dest.exists() {
            return Err(SyncError::AlreadyExists {
                path: dest.to_owned(),
            });
        }
        let (tmp, out) = create_partial(dest)?;
        let result = self.extract_to(i, out, &tmp).and_then(|()| {
            if dest.exists() {
                return Err(SyncError::AlreadyExists {
                    path: dest.to_owned(),
                });
            }
            fs::rename(&tmp, dest).map_err(|e| SyncError::io(dest, e))
        });
        if result.is_err() {
            let _ = fs::remove_file(&tmp);
        }
        result
    }

    fn extract_to(&mut self, index: usize, mut out: File, tmp: &Path) -> Result<(), SyncError> {
        let entry = &self.manifest.entries[index];
        let file = open_entry(&mut self.archive, &entry.name)?;
        let mut reader = VerifyingReader::new(file, entry);
        let mut buf = vec![0u8; CHUNK];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(reader.error(e)),
            };
            out.write_all(&buf[..n])
                .map_err(|e| SyncError::io(tmp, e))?;
        }
        reader.check_complete()?;
        out.sync_all().map_err(|e| SyncError::io(tmp, e))
    }
}

/// Iterator over the records of one kind; see [`VerifiedPackage::records`]. Fused after the
/// first error.
pub struct Records<'a, T> {
    entry: String,
    lines: Option<BufReader<VerifyingReader<ZipFile<'a, BufReader<File>>>>>,
    declared_count: u64,
    line_no: u64,
    max_line: u64,
    buf: Vec<u8>,
    _record: PhantomData<fn() -> T>,
}

impl<T: DeserializeOwned> Iterator for Records<'_, T> {
    type Item = Result<T, SyncError>;

    fn next(&mut self) -> Option<Self::Item> {
        let lines = self.lines.as_mut()?;
        self.buf.clear();
        // Reading one byte past the cap tells a line that is too long from one that fits.
        let read = lines
            .by_ref()
            .take(self.max_line + 1)
            .read_until(b'\n', &mut self.buf);
        let item = match read {
            Err(e) => Err(lines.get_ref().error(e)),
            Ok(0) => {
                let done = lines.get_ref().check_complete().and_then(|()| {
                    if self.line_no == self.declared_count {
                        Ok(())
                    } else {
                        Err(SyncError::EntryCorrupt {
                            entry: self.entry.clone(),
                            reason: format!(
                                "有 {} 行记录，清单记录 {} 行",
                                self.line_no, self.declared_count
                            ),
                        })
                    }
                });
                self.lines = None;
                return done.err().map(Err);
            }
            Ok(_) => {
                self.line_no += 1;
                if self.buf.last() == Some(&b'\n') {
                    self.buf.pop();
                }
                // Without a newline the read stopped at the cap or at the end of the entry;
                // only the first leaves more than `max_line` bytes.
                if self.buf.len() as u64 > self.max_line {
                    Err(self.bad_record(format!("超过 {} 字节的单行上限", self.max_line)))
                } else if self.buf.is_empty() {
                    Err(self.bad_record("空行".into()))
                } else {
                    serde_json::from_slice(&self.buf).map_err(|e| self.bad_record(e.to_string()))
                }
            }
        };
        if item.is_err() {
            self.lines = None;
        }
        Some(item)
    }
}

impl<T> Records<'_, T> {
    fn bad_record(&self, reason: String) -> SyncError {
        SyncError::BadRecord {
            entry: self.entry.clone(),
            line: self.line_no,
            reason,
        }
    }
}

/// Passes an entry's decompressed bytes through while hashing and counting them, and fails as
/// soon as more bytes come than the signed manifest declares. The zip headers' sizes are never
/// consulted: they are not signed and a zip bomb lies in them.
struct VerifyingReader<R> {
    inner: R,
    entry: String,
    declared: u64,
    expected_sha256: String,
    hasher: Sha256,
    read: u64,
    overrun: bool,
}

impl<R: Read> VerifyingReader<R> {
    fn new(inner: R, entry: &ManifestEntry) -> Self {
        VerifyingReader {
            inner,
            entry: entry.name.clone(),
            declared: entry.size,
            expected_sha256: entry.sha256.clone(),
            hasher: Sha256::new(),
            read: 0,
            overrun: false,
        }
    }

    /// Turns a read failure into the refusal it stands for.
    fn error(&self, e: io::Error) -> SyncError {
        // Overrunning the signed size is a mismatch with the manifest like any other: a flipped
        // byte in deflate data can cause it as well as a bomb. `EntryTooLarge` is kept for the
        // configured caps.
        if self.overrun {
            SyncError::EntryCorrupt {
                entry: self.entry.clone(),
                reason: format!(
                    "解压后超过清单声明的 {} 字节，已停止解压（疑似压缩炸弹）",
                    self.declared
                ),
            }
        } else {
            SyncError::EntryCorrupt {
                entry: self.entry.clone(),
                reason: format!("解压失败：{e}"),
            }
        }
    }

    /// To be called at end of input.
    fn check_complete(&self) -> Result<(), SyncError> {
        if self.read != self.declared {
            return Err(SyncError::EntryCorrupt {
                entry: self.entry.clone(),
                reason: format!("大小为 {} 字节，清单记录 {} 字节", self.read, self.declared),
            });
        }
        if hex::encode(self.hasher.clone().finalize()) != self.expected_sha256 {
            return Err(SyncError::EntryCorrupt {
                entry: self.entry.clone(),
                reason: "SHA-256 与清单不符".into(),
            });
        }
        Ok(())
    }
}

impl<R: Read> Read for VerifyingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.overrun {
            return Err(overrun_error());
        }
        // Never ask for more than one byte past the declared size: that byte is the proof of
        // an overrun, and nothing beyond it is ever decompressed.
        let allowed = self.declared.saturating_add(1).saturating_sub(self.read);
        let max = usize::try_from(allowed)
            .unwrap_or(usize::MAX)
            .min(buf.len());
        let n = self.inner.read(&mut buf[..max])?;
        self.read += n as u64;
        if self.read > self.declared {
            self.overrun = true;
            return Err(overrun_error());
        }
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

fn overrun_error() -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, "entry larger than declared")
}

fn open_entry<'a>(
    archive: &'a mut Archive,
    name: &str,
) -> Result<ZipFile<'a, BufReader<File>>, SyncError> {
    archive.by_name(name).map_err(|e| SyncError::EntryCorrupt {
        entry: name.to_owned(),
        reason: e.to_string(),
    })
}

/// Reads a whole entry that is needed before anything can be trusted, stopping one byte past
/// `cap` whatever the zip header claims.
fn read_capped(archive: &mut Archive, name: &str, cap: u64) -> Result<Vec<u8>, SyncError> {
    let file = open_entry(archive, name)?;
    let mut bytes = Vec::new();
    file.take(cap.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| SyncError::EntryCorrupt {
            entry: name.to_owned(),
            reason: format!("解压失败：{e}"),
        })?;
    if bytes.len() as u64 > cap {
        return Err(SyncError::EntryTooLarge {
            entry: name.to_owned(),
            limit: cap,
        });
    }
    Ok(bytes)
}

/// The two fields needed before the signature can be checked, read leniently: a future version
/// may change everything else, and must still be told apart from garbage.
fn probe_manifest(bytes: &[u8]) -> Result<String, SyncError> {
    #[derive(Deserialize)]
    struct Probe {
        format_version: Option<u64>,
        office_code: Option<String>,
    }
    let probe: Probe = serde_json::from_slice(bytes).map_err(|e| SyncError::InvalidManifest {
        reason: format!("不是有效的 JSON 清单：{e}"),
    })?;
    let found = probe
        .format_version
        .ok_or_else(|| SyncError::InvalidManifest {
            reason: "缺少 format_version".into(),
        })?;
    if found > u64::from(FORMAT_VERSION) {
        return Err(SyncError::UnsupportedVersion {
            found,
            supported: FORMAT_VERSION,
        });
    }
    probe.office_code.ok_or_else(|| SyncError::InvalidManifest {
        reason: "缺少 office_code".into(),
    })
}
