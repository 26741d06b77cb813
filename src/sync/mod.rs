//! Sync packages: the `.xfsync` files that carry an office's changes to another office.
//!
//! The package layer (`package`, `manifest`, `keys`) knows nothing of the database. It writes
//! a package from records the caller streams in, signs it with the office key, and on the
//! receiving side verifies a package completely (signature against a trusted key, every
//! checksum, format version, entry names, size limits) before handing out a single record.
//! Export and import over the store build on [`PackageWriter`], [`verify`] and
//! [`check_sequence`]: [`export`] streams the change log into a package, [`import`] applies a
//! verified one inside one transaction, [`conflict`] decides what a record that changed on
//! both sides becomes. The format is specified in `docs/sync-format.md`.

pub mod audit;
pub mod conflict;
mod error;
mod keys;
mod manifest;
mod package;
pub mod records;

pub use error::SyncError;
pub use keys::{
    OfficeKey, PublicKey, PublicKeyFile, TrustOutcome, TrustStore, TrustedKey, PUBLIC_KEY_FORMAT,
    PUBLIC_KEY_FORMAT_VERSION,
};
pub use manifest::{
    check_entry_name, check_sequence, ChainHead, Manifest, ManifestEntry, RecordEnvelope,
    SequenceCheck, AUDIT_FORMAT_VERSION, FILES_PREFIX, FORMAT_VERSION, MANIFEST_ENTRY,
    MANIFEST_FORMAT, PACKAGE_EXTENSION, RECORDS_PREFIX, SIGNATURE_ENTRY,
};
pub use package::{
    verify, FinishedPackage, Limits, PackageHeader, PackageWriter, Records, VerifiedPackage,
};
