//! Office signing keys (Ed25519), the public-key file handed to other offices, and the store of
//! keys an office trusts.
//!
//! Trust is explicit and per office code: a package is accepted only if it verifies against the
//! key registered for the office it names. Clerks compare the fingerprint by phone when they
//! register a key, which is why it is short and grouped.

use std::collections::BTreeMap;
use std::fs;
use std::io::Write;
use std::path::Path;

use base64::engine::general_purpose::STANDARD as BASE64;
use base64::Engine as _;
// The pkcs8 module of ed25519 does not re-export `LineEnding`; it lives in `der`.
use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use sha2::{Digest, Sha256};

use super::error::SyncError;
use super::manifest::check_office;

/// Value of the public-key file's `format` field.
pub const PUBLIC_KEY_FORMAT: &str = "xinfang-office-public-key";
/// Newest public-key file version this program reads and writes.
pub const PUBLIC_KEY_FORMAT_VERSION: u32 = 1;

/// A public-key file is a few hundred bytes; anything much larger is not one.
const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// The office's private signing key. Created once at office setup and kept in a file only the
/// user can read.
pub struct OfficeKey {
    signing: SigningKey,
}

impl std::fmt::Debug for OfficeKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print key material, not even by accident in a log.
        f.debug_struct("OfficeKey")
            .field("fingerprint", &self.public_key().fingerprint())
            .finish_non_exhaustive()
    }
}

impl OfficeKey {
    /// A fresh key from the operating system's random source.
    pub fn generate() -> Self {
        OfficeKey {
            signing: SigningKey::generate(&mut rand_core::OsRng),
        }
    }

    /// Writes the key as PKCS#8 PEM. Refuses to overwrite an existing file: losing an office key
    /// breaks trust with every office that registered it. On Unix the file is created 0600; on
    /// Windows it inherits the (per-user) ACL of the folder it is written to.
    pub fn save(&self, path: &Path) -> Result<(), SyncError> {
        let pem =
            self.signing
                .to_pkcs8_pem(LineEnding::LF)
                .map_err(|e| SyncError::InvalidKeyFile {
                    path: path.to_owned(),
                    reason: format!("无法编码私钥：{e}"),
                })?;
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(path).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                SyncError::AlreadyExists {
                    path: path.to_owned(),
                }
            } else {
                SyncError::io(path, e)
            }
        })?;
        let written = file
            .write_all(pem.as_bytes())
            .and_then(|()| file.sync_all());
        if let Err(e) = written {
            // A half-written key file would fail to load later with a confusing message.
            drop(file);
            let _ = fs::remove_file(path);
            return Err(SyncError::io(path, e));
        }
        Ok(())
    }

    /// Reads a key written by [`OfficeKey::save`].
    pub fn load(path: &Path) -> Result<Self, SyncError> {
        let text = read_small_text(path)?;
        let signing = SigningKey::from_pkcs8_pem(&text).map_err(|e| SyncError::InvalidKeyFile {
            path: path.to_owned(),
            reason: format!("不是有效的 Ed25519 PKCS#8 PEM 私钥：{e}"),
        })?;
        Ok(OfficeKey { signing })
    }

    pub fn public_key(&self) -> PublicKey {
        PublicKey(self.signing.verifying_key())
    }

    /// The file to give to receiving offices.
    pub fn public_key_file(&self, office_code: &str, office_name: &str) -> PublicKeyFile {
        let public_key = self.public_key();
        PublicKeyFile {
            format: PUBLIC_KEY_FORMAT.to_owned(),
            format_version: PUBLIC_KEY_FORMAT_VERSION,
            office_code: office_code.to_owned(),
            office_name: office_name.to_owned(),
            fingerprint: public_key.fingerprint(),
            public_key,
        }
    }

    /// Base64 Ed25519 signature over `message`, as stored in `manifest.sig`.
    pub fn sign(&self, message: &[u8]) -> String {
        BASE64.encode(self.signing.sign(message).to_bytes())
    }
}

/// An office's public key. Serialized as standard base64 of the 32 key bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey(VerifyingKey);

impl std::fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PublicKey({})", self.fingerprint())
    }
}

impl PublicKey {
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let bytes = BASE64
            .decode(text.trim())
            .map_err(|e| format!("公钥不是有效的 base64：{e}"))?;
        let bytes: [u8; 32] = bytes
            .try_into()
            .map_err(|b: Vec<u8>| format!("公钥应为 32 字节，实际 {} 字节", b.len()))?;
        let key = VerifyingKey::from_bytes(&bytes).map_err(|_| "公钥不是有效的 Ed25519 点")?;
        // A small-order key would accept signatures that prove nothing.
        if key.is_weak() {
            return Err("公钥是弱密钥，拒绝使用".into());
        }
        Ok(PublicKey(key))
    }

    pub fn to_base64(&self) -> String {
        BASE64.encode(self.0.as_bytes())
    }

    /// First 16 hex digits of the SHA-256 of the key bytes, in groups of four: short enough to
    /// read aloud, long enough that a substituted key will not match by chance.
    pub fn fingerprint(&self) -> String {
        let digest = Sha256::digest(self.0.as_bytes());
        digest[..8]
            .chunks(2)
            .map(hex::encode)
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Checks a base64 signature over `message`. Strict verification refuses malleable
    /// signatures, so one manifest has exactly one valid signature per key.
    pub fn verify(&self, message: &[u8], signature_base64: &str) -> Result<(), String> {
        let bytes = BASE64
            .decode(signature_base64.trim())
            .map_err(|e| format!("签名不是有效的 base64：{e}"))?;
        let signature = Signature::from_slice(&bytes)
            .map_err(|_| format!("签名应为 64 字节，实际 {} 字节", bytes.len()))?;
        self.0
            .verify_strict(message, &signature)
            .map_err(|_| "签名与该机构登记的公钥不符".to_owned())
    }
}

impl Serialize for PublicKey {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_base64())
    }
}

impl<'de> Deserialize<'de> for PublicKey {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PublicKey::from_base64(&text).map_err(serde::de::Error::custom)
    }
}

/// The small JSON file one office gives another so it can verify its packages
/// (`docs/schemas/public-key.schema.json`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicKeyFile {
    pub format: String,
    pub format_version: u32,
    pub office_code: String,
    pub office_name: String,
    pub public_key: PublicKey,
    /// Redundant with `public_key`; checked on reading so a damaged or hand-edited file is caught.
    pub fingerprint: String,
}

impl PublicKeyFile {
    pub fn to_json(&self) -> String {
        let mut json = serde_json::to_string_pretty(self).unwrap_or_default();
        json.push('\n');
        json
    }

    /// Parses and checks a public-key file's content.
    pub fn from_json(text: &str) -> Result<Self, String> {
        let file: PublicKeyFile =
            serde_json::from_str(text).map_err(|e| format!("不是有效的公钥文件：{e}"))?;
        if file.format != PUBLIC_KEY_FORMAT {
            return Err(format!("format 应为 “{PUBLIC_KEY_FORMAT}”"));
        }
        if file.format_version == 0 || file.format_version > PUBLIC_KEY_FORMAT_VERSION {
            return Err(format!(
                "公钥文件版本 {} 不受支持（最高 {PUBLIC_KEY_FORMAT_VERSION}）",
                file.format_version
            ));
        }
        check_office(&file.office_code, &file.office_name)?;
        let actual = file.public_key.fingerprint();
        if file.fingerprint != actual {
            return Err(format!(
                "指纹 {} 与公钥不符（公钥的指纹是 {actual}），文件可能已损坏",
                file.fingerprint
            ));
        }
        Ok(file)
    }

    pub fn write(&self, path: &Path) -> Result<(), SyncError> {
        fs::write(path, self.to_json()).map_err(|e| SyncError::io(path, e))
    }

    pub fn read(path: &Path) -> Result<Self, SyncError> {
        let text = read_small_text(path)?;
        PublicKeyFile::from_json(&text).map_err(|reason| SyncError::InvalidKeyFile {
            path: path.to_owned(),
            reason,
        })
    }
}

/// A key this office trusts for one other office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrustedKey {
    pub office_name: String,
    pub public_key: PublicKey,
    pub fingerprint: String,
}

/// Whether [`TrustStore::trust`] changed anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TrustOutcome {
    Added,
    /// The same key was registered already.
    Unchanged,
}

/// Office code → trusted public key. The caller persists it (it is plain serde data).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct TrustStore {
    offices: BTreeMap<String, TrustedKey>,
}

impl TrustStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers the key of `file`'s office. A different key for an office that already has one
    /// is refused: silently replacing a key is exactly what an impostor would want.
    pub fn trust(&mut self, file: &PublicKeyFile) -> Result<TrustOutcome, SyncError> {
        if let Some(existing) = self.offices.get(&file.office_code) {
            if existing.public_key == file.public_key {
                return Ok(TrustOutcome::Unchanged);
            }
            return Err(SyncError::TrustConflict {
                office_code: file.office_code.clone(),
                existing: existing.fingerprint.clone(),
                new: file.public_key.fingerprint(),
            });
        }
        self.offices.insert(
            file.office_code.clone(),
            TrustedKey {
                office_name: file.office_name.clone(),
                fingerprint: file.public_key.fingerprint(),
                public_key: file.public_key.clone(),
            },
        );
        Ok(TrustOutcome::Added)
    }

    /// Forgets an office's key (the deliberate first step of replacing it).
    pub fn remove(&mut self, office_code: &str) -> Option<TrustedKey> {
        self.offices.remove(office_code)
    }

    pub fn get(&self, office_code: &str) -> Option<&TrustedKey> {
        self.offices.get(office_code)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &TrustedKey)> {
        self.offices.iter().map(|(code, key)| (code.as_str(), key))
    }

    pub fn len(&self) -> usize {
        self.offices.len()
    }

    pub fn is_empty(&self) -> bool {
        self.offices.is_empty()
    }
}

fn read_small_text(path: &Path) -> Result<String, SyncError> {
    let len = fs::metadata(path)
        .map_err(|e| SyncError::io(path, e))?
        .len();
    if len > MAX_KEY_FILE_BYTES {
        return Err(SyncError::InvalidKeyFile {
            path: path.to_owned(),
            reason: format!("文件有 {len} 字节，不是密钥文件"),
        });
    }
    let bytes = fs::read(path).map_err(|e| SyncError::io(path, e))?;
    String::from_utf8(bytes).map_err(|_| SyncError::InvalidKeyFile {
        path: path.to_owned(),
        reason: "不是 UTF-8 文本".into(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprint_is_four_groups_of_four_hex_digits() {
        let fp = OfficeKey::generate().public_key().fingerprint();
        let groups: Vec<&str> = fp.split(' ').collect();
        assert_eq!(groups.len(), 4, "{fp}");
        assert!(groups
            .iter()
            .all(|g| g.len() == 4 && g.bytes().all(|b| b.is_ascii_hexdigit())));
    }

    #[test]
    fn signature_verifies_only_for_the_signed_bytes_and_key() {
        let key = OfficeKey::generate();
        let sig = key.sign(b"manifest");
        assert!(key.public_key().verify(b"manifest", &sig).is_ok());
        assert!(key.public_key().verify(b"manifesT", &sig).is_err());
        let other = OfficeKey::generate();
        assert!(other.public_key().verify(b"manifest", &sig).is_err());
        assert!(key.public_key().verify(b"manifest", "not base64!").is_err());
    }

    #[test]
    fn public_key_file_round_trips_and_catches_a_wrong_fingerprint() {
        let key = OfficeKey::generate();
        let file = key.public_key_file("445202", "揭阳市榕城区信访局");
        let parsed = PublicKeyFile::from_json(&file.to_json()).unwrap();
        assert_eq!(parsed, file);

        let mut tampered = file.clone();
        tampered.fingerprint = "0000 0000 0000 0000".into();
        assert!(PublicKeyFile::from_json(&tampered.to_json()).is_err());
    }

    #[test]
    fn trust_store_refuses_a_silent_key_change() {
        let mut store = TrustStore::new();
        let a = OfficeKey::generate().public_key_file("445202", "榕城区信访局");
        assert_eq!(store.trust(&a).unwrap(), TrustOutcome::Added);
        assert_eq!(store.trust(&a).unwrap(), TrustOutcome::Unchanged);
        let b = OfficeKey::generate().public_key_file("445202", "榕城区信访局");
        assert!(matches!(
            store.trust(&b),
            Err(SyncError::TrustConflict { .. })
        ));
        store.remove("445202");
        assert_eq!(store.trust(&b).unwrap(), TrustOutcome::Added);

        let json = serde_json::to_string(&store).unwrap();
        let back: TrustStore = serde_json::from_str(&json).unwrap();
        assert_eq!(back, store);
    }
}
