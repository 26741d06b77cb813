//! The sync package layer on real files: round trips, streaming, and every refusal.
//!
//! Refusal tests craft packages with the zip crate directly, each with exactly one defect and
//! otherwise valid (signed by the trusted key), so each test proves the one check it names.

mod common;

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use common::zip::{flip_byte_in_entry, write_zip};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use xinfang::sync::{
    check_sequence, verify, ChainHead, Limits, Manifest, ManifestEntry, OfficeKey, PackageHeader,
    PackageWriter, PublicKeyFile, RecordEnvelope, SequenceCheck, SyncError, TrustStore,
    FORMAT_VERSION, MANIFEST_ENTRY, MANIFEST_FORMAT, SIGNATURE_ENTRY,
};
use zip::ZipArchive;

const OFFICE: &str = "445202";
const OFFICE_NAME: &str = "揭阳市榕城区信访局";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct CaseData {
    case_no: String,
    title: String,
    channel: String,
    petitioners: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct EventData {
    case_id: String,
    action: String,
    note: Option<String>,
}

fn office() -> (OfficeKey, TrustStore) {
    let key = OfficeKey::generate();
    let mut trust = TrustStore::new();
    trust
        .trust(&key.public_key_file(OFFICE, OFFICE_NAME))
        .unwrap();
    (key, trust)
}

fn header(seq: u64, prev: Option<&str>) -> PackageHeader {
    PackageHeader {
        office_code: OFFICE.into(),
        office_name: OFFICE_NAME.into(),
        seq,
        from_cursor: (seq as i64 - 1) * 100,
        to_cursor: seq as i64 * 100,
        prev_package_hash: prev.map(str::to_owned),
        full: false,
        created_at: chrono::Utc::now(),
        audit: Default::default(),
        masked: false,
    }
}

fn cases() -> Vec<RecordEnvelope<CaseData>> {
    (1..=3)
        .map(|i| RecordEnvelope {
            id: format!("0190f7a1-0000-7000-8000-00000000000{i}"),
            version: i,
            origin_office: OFFICE.into(),
            deleted: false,
            data: CaseData {
                case_no: format!("445202-2026-{i:06}"),
                // A newline inside a value must not split the record line.
                title: format!("关于征地补偿的信访\n第 {i} 件"),
                channel: "visit".into(),
                petitioners: vec!["张三".into(), "李四".into()],
            },
        })
        .collect()
}

fn events() -> Vec<RecordEnvelope<EventData>> {
    (1..=5)
        .map(|i| RecordEnvelope {
            id: format!("event-{i}"),
            version: 1,
            origin_office: OFFICE.into(),
            deleted: i == 5,
            data: EventData {
                case_id: "0190f7a1-0000-7000-8000-000000000001".into(),
                action: if i == 1 { "register" } else { "accept" }.into(),
                note: (i % 2 == 0).then(|| "已电话告知".to_owned()),
            },
        })
        .collect()
}

/// A deterministic, poorly compressible stand-in for an issued PDF.
fn pdf_bytes(len: usize) -> Vec<u8> {
    let mut out = b"%PDF-1.7\n".to_vec();
    let mut state = 0x2545_4f46u32;
    while out.len() < len {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        out.push(state as u8);
    }
    out
}

/// Writes a valid package: three cases, five events, no petitioners, one PDF.
fn write_sample(dir: &Path, key: &OfficeKey) -> (PathBuf, xinfang::sync::FinishedPackage) {
    let pdf = dir.join("notice.pdf");
    fs::write(&pdf, pdf_bytes(300_000)).unwrap();
    let path = dir.join("445202-000001.xfsync");
    let mut w = PackageWriter::create(&path, header(1, None)).unwrap();
    for c in cases() {
        w.write_record("cases", &c).unwrap();
    }
    w.begin_records("petitioners").unwrap();
    for e in events() {
        w.write_record("events", &e).unwrap();
    }
    w.add_file("documents/2026/揭信访〔2026〕12号.pdf", &pdf)
        .unwrap();
    let done = w.finish(key).unwrap();
    (path, done)
}

#[test]
fn round_trip_records_and_files() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let (path, done) = write_sample(dir.path(), &key);
    assert_eq!(done.path, path);
    let mut names: Vec<String> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["445202-000001.xfsync", "notice.pdf"],
        "the partial file is renamed away"
    );

    let mut pkg = verify(&path, &trust, &Limits::default()).unwrap();
    assert_eq!(pkg.manifest(), &done.manifest);
    assert_eq!(pkg.manifest_hash(), done.manifest_hash);
    let m = pkg.manifest();
    assert_eq!(m.format_version, FORMAT_VERSION);
    assert_eq!((m.office_code.as_str(), m.seq), (OFFICE, 1));
    assert_eq!(m.prev_package_hash, None);
    assert_eq!(m.record_counts["cases"], 3);
    assert_eq!(m.record_counts["events"], 5);
    assert_eq!(m.record_counts["petitioners"], 0);
    assert_eq!(
        pkg.record_kinds().collect::<Vec<_>>(),
        ["cases", "events", "petitioners"]
    );

    let got: Vec<RecordEnvelope<CaseData>> = pkg
        .records("cases")
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(got, cases());
    let got: Vec<RecordEnvelope<EventData>> = pkg
        .records("events")
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(got, events());
    assert_eq!(
        pkg.records::<serde_json::Value>("petitioners")
            .unwrap()
            .count(),
        0
    );
    // A kind the package does not carry is simply empty.
    assert_eq!(
        pkg.records::<serde_json::Value>("settings")
            .unwrap()
            .count(),
        0
    );

    let files: Vec<(String, u64)> = pkg.files().map(|(n, e)| (n.to_owned(), e.size)).collect();
    assert_eq!(
        files,
        [("documents/2026/揭信访〔2026〕12号.pdf".to_owned(), 300_000)]
    );
    let out = dir.path().join("out.pdf");
    pkg.extract_file("documents/2026/揭信访〔2026〕12号.pdf", &out)
        .unwrap();
    assert_eq!(fs::read(&out).unwrap(), pdf_bytes(300_000));
    assert!(matches!(
        pkg.extract_file("documents/2026/揭信访〔2026〕12号.pdf", &out),
        Err(SyncError::AlreadyExists { .. })
    ));
    assert!(matches!(
        pkg.extract_file("documents/none.pdf", &dir.path().join("x.pdf")),
        Err(SyncError::MissingEntry { .. })
    ));

    // The next package chains to this one.
    let path2 = dir.path().join("445202-000002.xfsync");
    let mut w = PackageWriter::create(&path2, header(2, Some(&done.manifest_hash))).unwrap();
    w.write_record("cases", &cases()[0]).unwrap();
    let done2 = w.finish(&key).unwrap();
    let pkg2 = verify(&path2, &trust, &Limits::default()).unwrap();
    let head = ChainHead {
        seq: 1,
        manifest_hash: pkg.manifest_hash().to_owned(),
    };
    assert_eq!(
        pkg2.check_sequence(Some(&head)).unwrap(),
        SequenceCheck::Next
    );
    assert_eq!(pkg2.manifest_hash(), done2.manifest_hash);
}

#[test]
fn streaming_200_000_records() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let path = dir.path().join("big.xfsync");
    const N: u64 = 200_000;

    let start = Instant::now();
    let mut w = PackageWriter::create(&path, header(1, None)).unwrap();
    for i in 0..N {
        let rec = RecordEnvelope {
            id: format!("event-{i}"),
            version: 1,
            origin_office: OFFICE.to_owned(),
            deleted: false,
            data: EventData {
                case_id: format!("case-{}", i / 4),
                action: "accept".into(),
                note: None,
            },
        };
        w.write_record("events", &rec).unwrap();
    }
    let done = w.finish(&key).unwrap();
    let written = start.elapsed();

    let start = Instant::now();
    let mut pkg = verify(&path, &trust, &Limits::default()).unwrap();
    let verified = start.elapsed();
    let start = Instant::now();
    let mut count = 0u64;
    for (i, rec) in pkg
        .records::<RecordEnvelope<EventData>>("events")
        .unwrap()
        .enumerate()
    {
        let rec = rec.unwrap();
        assert_eq!(rec.id, format!("event-{i}"));
        count += 1;
    }
    let read = start.elapsed();
    assert_eq!(count, N);
    let raw = done.manifest.entries[0].size;
    eprintln!(
        "200 000 records: {raw} bytes of JSON lines, package {} bytes; write {written:?}, \
         verify {verified:?}, read back {read:?}",
        done.size
    );
}

// ---------------------------------------------------------------------------------------------
// Refusals of packages written by the real writer, then damaged

#[test]
fn truncated_file_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let (path, done) = write_sample(dir.path(), &key);
    let file = fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(done.size / 2).unwrap();
    drop(file);
    let err = verify(&path, &trust, &Limits::default()).unwrap_err();
    assert!(matches!(err, SyncError::Unreadable { .. }), "{err:?}");
    assert!(err.is_refusal());
    assert!(err.to_string().starts_with("同步包无法读取"), "{err}");
}

#[test]
fn one_flipped_byte_names_the_entry() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let (path, _) = write_sample(dir.path(), &key);
    flip_byte_in_entry(&path, "records/events.jsonl");
    let err = verify(&path, &trust, &Limits::default()).unwrap_err();
    match &err {
        SyncError::EntryCorrupt { entry, .. } => assert_eq!(entry, "records/events.jsonl"),
        other => panic!("expected EntryCorrupt, got {other:?}"),
    }
    assert!(err.to_string().contains("records/events.jsonl"), "{err}");
}

#[test]
fn a_file_changed_after_verification_fails_while_reading() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let (path, _) = write_sample(dir.path(), &key);
    let mut pkg = verify(&path, &trust, &Limits::default()).unwrap();
    flip_byte_in_entry(&path, "records/cases.jsonl");
    let results: Vec<Result<serde_json::Value, SyncError>> =
        pkg.records("cases").unwrap().collect();
    // Depending on where the damage lands in the deflate stream, a line stops parsing or only
    // the final size/SHA-256 check sees it; either way the iteration ends in an error naming
    // the entry, so an import inside a transaction rolls back.
    let last = results.last().expect("at least one item");
    match last {
        Err(SyncError::EntryCorrupt { entry, .. }) | Err(SyncError::BadRecord { entry, .. }) => {
            assert_eq!(entry, "records/cases.jsonl")
        }
        other => panic!("expected an error naming the entry, got {other:?}"),
    }
}

#[test]
fn signature_by_another_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, trust) = office();
    let impostor = OfficeKey::generate();
    let (path, _) = write_sample(dir.path(), &impostor);
    let err = verify(&path, &trust, &Limits::default()).unwrap_err();
    assert!(
        matches!(&err, SyncError::BadSignature { office_code, .. } if office_code == OFFICE),
        "{err:?}"
    );
    assert!(err.to_string().starts_with("同步包签名无效"), "{err}");
}

#[test]
fn tampered_manifest_breaks_the_signature() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let path = dir.path().join("p.xfsync");
    let manifest = manifest_for(&[("records/cases.jsonl", b"{\"a\":1}\n")], 1);
    let json = serde_json::to_vec_pretty(&manifest).unwrap();
    let signature = key.sign(&json);
    // The clerk's copy says seq 1; someone edits it to seq 9 and keeps the signature.
    let edited = String::from_utf8(json)
        .unwrap()
        .replace("\"seq\": 1", "\"seq\": 9");
    write_zip(
        &path,
        &[
            ("records/cases.jsonl", b"{\"a\":1}\n".to_vec()),
            (MANIFEST_ENTRY, edited.into_bytes()),
            (SIGNATURE_ENTRY, signature.into_bytes()),
        ],
    );
    let err = verify(&path, &trust, &Limits::default()).unwrap_err();
    assert!(matches!(err, SyncError::BadSignature { .. }), "{err:?}");
}

#[test]
fn unknown_office_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let (key, _) = office();
    let (path, _) = write_sample(dir.path(), &key);
    let err = verify(&path, &TrustStore::new(), &Limits::default()).unwrap_err();
    assert!(
        matches!(&err, SyncError::UnknownOffice { office_code } if office_code == OFFICE),
        "{err:?}"
    );
    assert!(err.to_string().contains(OFFICE), "{err}");
}

// ---------------------------------------------------------------------------------------------
// Refusals of crafted packages (validly signed by the trusted key, one defect each)

#[test]
fn future_format_version_is_refused_with_both_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let path = dir.path().join("future.xfsync");
    let entries = [("records/cases.jsonl", b"{\"a\":1}\n".as_slice())];
    let mut manifest = serde_json::to_value(manifest_for(&entries, 1)).unwrap();
    manifest["format_version"] = (FORMAT_VERSION + 1).into();
    // A future version may add fields this one does not know.
    manifest["compression"] = "zstd".into();
    write_signed(&path, &key, &manifest, &entries, &[]);

    let err = verify(&path, &trust, &Limits::default()).unwrap_err();
    match &err {
        SyncError::UnsupportedVersion { found, supported } => {
            assert_eq!(
                (*found, *supported),
                (u64::from(FORMAT_VERSION) + 1, FORMAT_VERSION)
            );
        }
        other => panic!("expected UnsupportedVersion, got {other:?}"),
    }
    let text = err.to_string();
    assert!(
        text.contains(&(FORMAT_VERSION + 1).to_string())
            && text.contains(&FORMAT_VERSION.to_string()),
        "{text}"
    );
}

#[test]
fn entry_name_with_dot_dot_is_refused() {
    for evil in [
        "../evil.txt",
        "records/../../evil.jsonl",
        "files/..\\..\\evil.pdf",
    ] {
        let dir = tempfile::tempdir().unwrap();
        let (key, trust) = office();
        let path = dir.path().join("evil.xfsync");
        let entries = [("records/cases.jsonl", b"{\"a\":1}\n".as_slice())];
        let manifest = serde_json::to_value(manifest_for(&entries, 1)).unwrap();
        write_signed(
            &path,
            &key,
            &manifest,
            &entries,
            &[(evil, b"owned".as_slice())],
        );
        let err = verify(&path, &trust, &Limits::default()).unwrap_err();
        assert!(
            matches!(&err, SyncError::UnsafeEntryName { entry, .. } if entry == evil),
            "{evil}: {err:?}"
        );
    }
}

#[test]
fn absolute_entry_names_are_refused() {
    for evil in ["/etc/cron.d/evil", "C:/Windows/evil.dll"] {
        let dir = tempfile::tempdir().unwrap();
        let (key, trust) = office();
        let path = dir.path().join("evil.xfsync");
        let entries = [("records/cases.jsonl", b"{\"a\":1}\n".as_slice())];
        let manifest = serde_json::to_value(manifest_for(&entries, 1)).unwrap();
        write_signed(
            &path,
            &key,
            &manifest,
            &entries,
            &[(evil, b"owned".as_slice())],
        );
        let err = verify(&path, &trust, &Limits::default()).unwrap_err();
        assert!(
            matches!(&err, SyncError::UnsafeEntryName { entry, .. } if entry == evil),
            "{evil}: {err:?}"
        );
    }
}

#[test]
fn zip_bomb_entry_is_stopped_at_its_declared_size() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let path = dir.path().join("bomb.xfsync");
    // 64 MiB of one byte deflates to about 64 KiB.
    let bomb = vec![b'{'; 64 << 20];
    let declared: &[u8] = b"{\"a\":1}\n";
    let mut manifest = manifest_for(&[("records/cases.jsonl", declared)], 1);
    manifest.entries[0].size = declared.len() as u64;
    let manifest = serde_json::to_value(&manifest).unwrap();
    write_signed(
        &path,
        &key,
        &manifest,
        &[("records/cases.jsonl", &bomb)],
        &[],
    );
    drop(bomb);
    // Make the zip headers lie as well, as a real bomb does.
    patch_uncompressed_size(&path, "records/cases.jsonl", declared.len() as u32);

    let start = Instant::now();
    let err = verify(&path, &trust, &Limits::default()).unwrap_err();
    let took = start.elapsed();
    // Past the signature, the declared size is the signed manifest's: overrunning it is a
    // mismatch with the manifest, found one byte past the declared size.
    match &err {
        SyncError::EntryCorrupt { entry, reason } => {
            assert_eq!(entry, "records/cases.jsonl");
            assert!(reason.contains("超过清单声明的 8 字节"), "{reason}");
        }
        other => panic!("expected EntryCorrupt, got {other:?}"),
    }
    eprintln!("bomb refused after {took:?}");
    assert!(
        took.as_secs() < 5,
        "reading stopped early, not after 64 MiB"
    );
}

#[test]
fn oversized_manifest_is_refused_before_anything_is_trusted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bomb.xfsync");
    // Not signed, not even JSON: the cap applies while reading, before any of that matters.
    let mut padded = vec![b' '; 64 << 20];
    padded.extend_from_slice(b"{}");
    write_zip(
        &path,
        &[(MANIFEST_ENTRY, padded), (SIGNATURE_ENTRY, b"x".to_vec())],
    );
    let limits = Limits {
        max_manifest_bytes: 1 << 20,
        ..Limits::default()
    };
    let err = verify(&path, &TrustStore::new(), &limits).unwrap_err();
    assert!(
        matches!(&err, SyncError::EntryTooLarge { entry, limit } if entry == MANIFEST_ENTRY && *limit == 1 << 20),
        "{err:?}"
    );
}

#[test]
fn entry_count_and_total_size_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let (path, _) = write_sample(dir.path(), &key);
    // cases, events, petitioners, one file, manifest.json, manifest.sig
    let few = Limits {
        max_entries: 5,
        ..Limits::default()
    };
    let err = verify(&path, &trust, &few).unwrap_err();
    assert!(
        matches!(err, SyncError::TooManyEntries { count: 6, limit: 5 }),
        "{err:?}"
    );
    let small = Limits {
        max_total_bytes: 1000,
        ..Limits::default()
    };
    let err = verify(&path, &trust, &small).unwrap_err();
    assert!(
        matches!(err, SyncError::TooLarge { limit: 1000, .. }),
        "{err:?}"
    );
    let small_entry = Limits {
        max_entry_bytes: 100_000,
        ..Limits::default()
    };
    let err = verify(&path, &trust, &small_entry).unwrap_err();
    assert!(
        matches!(&err, SyncError::EntryTooLarge { entry, .. } if entry.starts_with("files/")),
        "{err:?}"
    );
}

#[test]
fn unlisted_and_missing_entries_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let entries = [("records/cases.jsonl", b"{\"a\":1}\n".as_slice())];
    let manifest = serde_json::to_value(manifest_for(&entries, 1)).unwrap();

    let path = dir.path().join("extra.xfsync");
    let extra = [("files/smuggled.pdf", b"%PDF".as_slice())];
    write_signed(&path, &key, &manifest, &entries, &extra);
    let err = verify(&path, &trust, &Limits::default()).unwrap_err();
    assert!(
        matches!(&err, SyncError::UnlistedEntry { entry } if entry == "files/smuggled.pdf"),
        "{err:?}"
    );

    let path = dir.path().join("missing.xfsync");
    write_signed(&path, &key, &manifest, &[], &[]);
    let err = verify(&path, &trust, &Limits::default()).unwrap_err();
    assert!(
        matches!(&err, SyncError::MissingEntry { entry } if entry == "records/cases.jsonl"),
        "{err:?}"
    );
}

#[test]
fn record_that_does_not_parse_names_entry_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let (key, trust) = office();
    let path = dir.path().join("p.xfsync");
    let lines: &[u8] =
        b"{\"case_id\":\"c1\",\"action\":\"accept\",\"note\":null}\n{\"case_id\":7}\n";
    let entries = [("records/events.jsonl", lines)];
    let manifest = serde_json::to_value(manifest_for(&entries, 1)).unwrap();
    write_signed(&path, &key, &manifest, &entries, &[]);
    let mut pkg = verify(&path, &trust, &Limits::default()).unwrap();
    let results: Vec<Result<EventData, SyncError>> = pkg.records("events").unwrap().collect();
    assert!(results[0].is_ok());
    assert!(
        matches!(&results[1], Err(SyncError::BadRecord { entry, line: 2, .. }) if entry == "records/events.jsonl"),
        "{:?}",
        results[1]
    );
    assert_eq!(results.len(), 2, "the iterator stops at the first error");
}

// ---------------------------------------------------------------------------------------------
// The writer

#[test]
fn writer_never_leaves_a_half_package_under_the_final_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("445202-000001.xfsync");
    {
        let mut w = PackageWriter::create(&path, header(1, None)).unwrap();
        w.write_record("cases", &cases()[0]).unwrap();
        let names: Vec<String> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert!(
            names.len() == 1
                && names[0].starts_with("445202-000001.xfsync.")
                && names[0].ends_with(".partial"),
            "{names:?}"
        );
        // Dropped without finish: an error in the export, a cancelled progress bar.
    }
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);

    let (key, _) = office();
    write_sample(dir.path(), &key);
    let existing = dir.path().join("445202-000001.xfsync");
    assert!(matches!(
        PackageWriter::create(&existing, header(1, None)),
        Err(SyncError::AlreadyExists { .. })
    ));
}

#[test]
fn writer_refuses_what_the_format_cannot_carry() {
    let dir = tempfile::tempdir().unwrap();
    let mut w = PackageWriter::create(dir.path().join("p.xfsync"), header(1, None)).unwrap();
    let not_object = w.write_record("cases", &[1, 2, 3]);
    assert!(matches!(not_object, Err(SyncError::InvalidInput { .. })));
    assert!(matches!(
        w.write_record("Cases/../x", &cases()[0]),
        Err(SyncError::InvalidInput { .. })
    ));
    w.write_record("cases", &cases()[0]).unwrap();
    w.write_record("events", &events()[0]).unwrap();
    // Each kind is one entry: going back to a finished kind is a caller bug, not silently split.
    assert!(matches!(
        w.write_record("cases", &cases()[1]),
        Err(SyncError::InvalidInput { .. })
    ));
    let bad_header = PackageWriter::create(dir.path().join("q.xfsync"), header(2, None));
    assert!(matches!(bad_header, Err(SyncError::InvalidInput { .. })));
}

// ---------------------------------------------------------------------------------------------
// Sequence continuity

fn manifest_with(seq: u64, prev: Option<&str>, full: bool) -> Manifest {
    let mut m = manifest_for(&[], seq);
    m.prev_package_hash = prev.map(str::to_owned);
    m.full = full;
    m
}

fn hash(c: char) -> String {
    c.to_string().repeat(64)
}

#[test]
fn sequence_next() {
    assert_eq!(
        check_sequence(None, &manifest_with(1, None, false), &hash('1')).unwrap(),
        SequenceCheck::Next
    );
    let head = ChainHead {
        seq: 3,
        manifest_hash: hash('3'),
    };
    assert_eq!(
        check_sequence(
            Some(&head),
            &manifest_with(4, Some(&hash('3')), false),
            &hash('4')
        )
        .unwrap(),
        SequenceCheck::Next
    );
}

#[test]
fn sequence_already_applied() {
    let head = ChainHead {
        seq: 3,
        manifest_hash: hash('3'),
    };
    let same = manifest_with(3, Some(&hash('2')), false);
    assert_eq!(
        check_sequence(Some(&head), &same, &hash('3')).unwrap(),
        SequenceCheck::AlreadyApplied
    );
    let older = manifest_with(2, Some(&hash('1')), false);
    assert_eq!(
        check_sequence(Some(&head), &older, &hash('2')).unwrap(),
        SequenceCheck::AlreadyApplied
    );
    // Same number, other content: the office re-issued history, which must not pass as a repeat.
    let err = check_sequence(Some(&head), &same, &hash('x')).unwrap_err();
    assert!(
        matches!(err, SyncError::ForkedSequence { seq: 3, .. }),
        "{err:?}"
    );
}

#[test]
fn sequence_gap_names_the_missing_packages() {
    let head = ChainHead {
        seq: 2,
        manifest_hash: hash('2'),
    };
    let err = check_sequence(
        Some(&head),
        &manifest_with(5, Some(&hash('4')), false),
        &hash('5'),
    )
    .unwrap_err();
    assert!(
        matches!(
            err,
            SyncError::SequenceGap {
                first_missing: 3,
                last_missing: 4,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("第 3–4 号同步包"), "{err}");

    let err =
        check_sequence(None, &manifest_with(2, Some(&hash('1')), false), &hash('2')).unwrap_err();
    assert!(
        err.to_string().contains("缺少机构 445202 的第 1 号同步包"),
        "{err}"
    );

    // A full package carries everything, so it closes a gap instead of waiting for it.
    assert_eq!(
        check_sequence(
            Some(&head),
            &manifest_with(5, Some(&hash('4')), true),
            &hash('5')
        )
        .unwrap(),
        SequenceCheck::Next
    );
}

#[test]
fn sequence_hash_chain_mismatch_is_refused() {
    let head = ChainHead {
        seq: 3,
        manifest_hash: hash('3'),
    };
    let err = check_sequence(
        Some(&head),
        &manifest_with(4, Some(&hash('f')), false),
        &hash('4'),
    )
    .unwrap_err();
    assert!(
        matches!(&err, SyncError::ChainMismatch { seq: 4, expected, .. } if *expected == hash('3')),
        "{err:?}"
    );
    assert!(err.is_refusal());
}

// ---------------------------------------------------------------------------------------------
// Keys on disk

#[test]
fn private_key_file_round_trip_and_permissions() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("office.key");
    let key = OfficeKey::generate();
    key.save(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    assert!(fs::read_to_string(&path)
        .unwrap()
        .starts_with("-----BEGIN PRIVATE KEY-----"));
    let loaded = OfficeKey::load(&path).unwrap();
    assert_eq!(loaded.public_key(), key.public_key());
    assert!(matches!(
        OfficeKey::generate().save(&path),
        Err(SyncError::AlreadyExists { .. })
    ));

    let garbage = dir.path().join("garbage.key");
    fs::write(&garbage, "not a key").unwrap();
    assert!(matches!(
        OfficeKey::load(&garbage),
        Err(SyncError::InvalidKeyFile { .. })
    ));
}

#[test]
fn public_key_file_carries_trust_to_another_office() {
    let dir = tempfile::tempdir().unwrap();
    let key = OfficeKey::generate();
    let file = dir.path().join("445202.pub.json");
    key.public_key_file(OFFICE, OFFICE_NAME)
        .write(&file)
        .unwrap();

    let json: serde_json::Value =
        serde_json::from_str(&fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(json["format"], "xinfang-office-public-key");
    assert_eq!(json["office_code"], OFFICE);
    assert_eq!(json["fingerprint"], key.public_key().fingerprint());

    let mut trust = TrustStore::new();
    trust.trust(&PublicKeyFile::read(&file).unwrap()).unwrap();
    let (path, _) = write_sample(dir.path(), &key);
    verify(&path, &trust, &Limits::default()).unwrap();
}

// ---------------------------------------------------------------------------------------------
// The documented format stays true to the code

fn docs_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("docs")
}

#[test]
fn example_manifest_in_the_docs_is_valid() {
    let text = fs::read_to_string(docs_dir().join("schemas/example-manifest.json")).unwrap();
    let manifest: Manifest = serde_json::from_str(&text).unwrap();
    manifest.validate().unwrap();
}

#[test]
fn schemas_list_exactly_the_fields_the_code_writes() {
    let key = OfficeKey::generate();
    let manifest = serde_json::to_value(manifest_with(2, Some(&hash('a')), false)).unwrap();
    assert_schema_matches("manifest.schema.json", &manifest);
    let entry = serde_json::to_value(ManifestEntry {
        name: "files/a.pdf".into(),
        size: 1,
        sha256: hash('b'),
    })
    .unwrap();
    let schema = read_schema("manifest.schema.json");
    assert_eq!(
        keys_of(&entry),
        keys_of(&schema["$defs"]["entry"]["properties"]),
        "manifest entry"
    );
    let public = serde_json::to_value(key.public_key_file(OFFICE, OFFICE_NAME)).unwrap();
    assert_schema_matches("public-key.schema.json", &public);
    let envelope = serde_json::to_value(&events()[4]).unwrap();
    let schema = read_schema("record-envelope.schema.json");
    assert_eq!(keys_of(&envelope), keys_of(&schema["properties"]));
}

fn read_schema(name: &str) -> serde_json::Value {
    let text = fs::read_to_string(docs_dir().join("schemas").join(name)).unwrap();
    serde_json::from_str(&text).unwrap()
}

fn assert_schema_matches(name: &str, value: &serde_json::Value) {
    let schema = read_schema(name);
    assert_eq!(
        keys_of(value),
        keys_of(&schema["properties"]),
        "{name} properties"
    );
    let mut required: Vec<String> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    // Fields a format version requires (`allOf` / `if` / `then`) are required too.
    for rule in schema["allOf"].as_array().into_iter().flatten() {
        for field in rule["then"]["required"].as_array().into_iter().flatten() {
            required.push(field.as_str().unwrap().to_owned());
        }
    }
    required.sort();
    assert_eq!(keys_of(value), required, "{name} required");
}

fn keys_of(value: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = value.as_object().unwrap().keys().cloned().collect();
    keys.sort();
    keys
}

// ---------------------------------------------------------------------------------------------
// Crafting packages by hand

/// A valid manifest for the given (name, bytes) entries, with record counts from line counts.
fn manifest_for(entries: &[(&str, &[u8])], seq: u64) -> Manifest {
    let mut m = Manifest {
        format: MANIFEST_FORMAT.into(),
        format_version: FORMAT_VERSION,
        office_code: OFFICE.into(),
        office_name: OFFICE_NAME.into(),
        seq,
        from_cursor: 0,
        to_cursor: 10,
        full: false,
        created_at: "2026-03-02T02:15:00Z".parse().unwrap(),
        prev_package_hash: (seq > 1).then(|| hash('0')),
        record_counts: Default::default(),
        entries: vec![],
        audit: Some(Default::default()),
        masked: false,
    };
    for (name, bytes) in entries {
        if let Some(kind) = name
            .strip_prefix("records/")
            .and_then(|n| n.strip_suffix(".jsonl"))
        {
            let lines = bytes.iter().filter(|b| **b == b'\n').count() as u64;
            m.record_counts.insert(kind.to_owned(), lines);
        }
        m.entries.push(ManifestEntry {
            name: (*name).to_owned(),
            size: bytes.len() as u64,
            sha256: hex::encode(Sha256::digest(bytes)),
        });
    }
    m
}

/// Writes `entries` and `extra` (not listed) plus the manifest signed by `key`.
fn write_signed(
    path: &Path,
    key: &OfficeKey,
    manifest: &serde_json::Value,
    entries: &[(&str, &[u8])],
    extra: &[(&str, &[u8])],
) {
    let json = serde_json::to_vec_pretty(manifest).unwrap();
    let signature = key.sign(&json);
    let mut all: Vec<(&str, Vec<u8>)> = entries
        .iter()
        .chain(extra)
        .map(|(n, b)| (*n, b.to_vec()))
        .collect();
    all.push((MANIFEST_ENTRY, json));
    all.push((SIGNATURE_ENTRY, signature.into_bytes()));
    write_zip(path, &all);
}

/// A zip written without any of the package writer's checks.
/// Overwrites the uncompressed size in both the local and the central header of `name`.
fn patch_uncompressed_size(path: &Path, name: &str, size: u32) {
    let (local, central) = {
        let mut archive = ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
        let entry = archive.by_name(name).unwrap();
        (entry.header_start(), entry.central_header_start())
    };
    let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
    for at in [local + 22, central + 24] {
        file.seek(SeekFrom::Start(at)).unwrap();
        file.write_all(&size.to_le_bytes()).unwrap();
    }
    let mut archive = ZipArchive::new(fs::File::open(path).unwrap()).unwrap();
    assert_eq!(
        archive.by_name(name).unwrap().size(),
        u64::from(size),
        "the zip header now claims the small size"
    );
}
