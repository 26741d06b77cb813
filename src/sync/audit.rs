//! The writing office's audit chain as a package carries it (format 3): the chain entries
//! written since its previous package, and where they start and end. The receiving office keeps
//! the last head it saw of each office and checks that the next segment extends it, so that a
//! database edited outside the program (and its chain rebuilt to hide it) shows at the city.
//!
//! Pure: the rules take what the package says and what the importer holds.

use serde::{Deserialize, Serialize};

use super::manifest::is_sha256_hex;

/// The manifest's `audit` field: the segment `(from_seq, head_seq]` of the writer's chain.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditSegment {
    /// The last entry the previous package carried (0: none).
    pub from_seq: i64,
    /// That entry's hash; `null` exactly when `from_seq` is 0.
    pub from_hash: Option<String>,
    /// The chain's last entry when the package was written (0: the chain is empty).
    pub head_seq: i64,
    pub head_hash: Option<String>,
    /// Entries of the segment whose rows no longer match them, as the writer found on export.
    pub breaks: u64,
    /// Records in the package written before the writer's chain began (an upgraded office).
    pub before_chain: u64,
}

/// One line of `records/audit_chain.jsonl`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditEntry {
    pub seq: i64,
    /// `event`, `document` or `disclosure`.
    pub entity: String,
    pub entity_id: String,
    pub prev_hash: String,
    pub hash: String,
}

/// The last head the receiving office holds of the writer's chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditHead {
    pub seq: i64,
    pub hash: String,
}

impl AuditSegment {
    /// The rules of the fields alone; the reason is Chinese, for the manifest's refusal.
    pub fn validate(&self) -> Result<(), String> {
        if self.from_seq < 0 || self.head_seq < self.from_seq {
            return Err(format!(
                "审计链范围无效：from_seq {}，head_seq {}",
                self.from_seq, self.head_seq
            ));
        }
        let hash_of = |seq: i64, hash: &Option<String>, name: &str| match (seq, hash) {
            (0, None) => Ok(()),
            (0, Some(_)) => Err(format!("审计链第 0 条不应有 {name}")),
            (_, None) => Err(format!("审计链缺少 {name}")),
            (_, Some(h)) if !is_sha256_hex(h) => Err(format!("{name} 应为 SHA-256")),
            (_, Some(_)) => Ok(()),
        };
        hash_of(self.from_seq, &self.from_hash, "from_hash")?;
        hash_of(self.head_seq, &self.head_hash, "head_hash")
    }

    /// The head a receiver keeps after this package.
    pub fn head(&self) -> Option<AuditHead> {
        self.head_hash.as_ref().map(|hash| AuditHead {
            seq: self.head_seq,
            hash: hash.clone(),
        })
    }
}

/// What is wrong with a package's segment given the head held from the writer's previous
/// packages (none: the first package that carries one). Each problem is a Chinese sentence;
/// none means the segment is whole and extends what was held.
pub fn check_segment(
    held: Option<&AuditHead>,
    segment: &AuditSegment,
    entries: &[AuditEntry],
) -> Vec<String> {
    let mut problems = Vec::new();
    let expected = (segment.head_seq - segment.from_seq) as usize;
    let mut prev_seq = segment.from_seq;
    let mut prev_hash = segment.from_hash.clone().unwrap_or_default();
    for e in entries {
        if e.seq != prev_seq + 1 || e.prev_hash != prev_hash {
            problems.push(format!(
                "包内审计链在第 {} 条处断开（条目缺失或被改动）",
                e.seq
            ));
            break;
        }
        prev_seq = e.seq;
        prev_hash = e.hash.clone();
    }
    if problems.is_empty()
        && (entries.len() != expected
            || (segment.head_seq > 0 && Some(&prev_hash) != segment.head_hash.as_ref()))
    {
        problems.push(format!(
            "包内审计链应有 {expected} 条，止于第 {} 条，实际不符",
            segment.head_seq
        ));
    }
    if let Some(held) = held {
        let held_hash = if held.seq == segment.from_seq {
            segment.from_hash.as_ref()
        } else {
            entries.iter().find(|e| e.seq == held.seq).map(|e| &e.hash)
        };
        if held.seq > segment.head_seq || held_hash != Some(&held.hash) {
            problems.push(format!(
                "审计链与上次收到的（第 {} 条）不衔接：对方数据库可能在程序之外被改动后重建了审计链",
                held.seq
            ));
        }
    }
    if segment.breaks > 0 {
        problems.push(format!(
            "对方导出时自检发现 {} 条记录与审计链不符（在程序之外被修改）",
            segment.breaks
        ));
    }
    problems
}

/// The sentence for records of the package that are in no entry of the writer's chain.
pub fn unchained_problem(unchained: u64, before_chain: u64) -> Option<String> {
    (unchained > before_chain).then(|| {
        format!(
            "{} 条办理记录或文书不在对方的审计链中（在程序之外写入）",
            unchained - before_chain
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(n: u8) -> String {
        format!("{n:02x}").repeat(32)
    }

    fn chain(from: i64, to: i64) -> Vec<AuditEntry> {
        (from + 1..=to)
            .map(|seq| AuditEntry {
                seq,
                entity: "event".into(),
                entity_id: format!("e{seq}"),
                prev_hash: if seq == 1 {
                    String::new()
                } else {
                    h((seq - 1) as u8)
                },
                hash: h(seq as u8),
            })
            .collect()
    }

    fn segment(from: i64, to: i64) -> AuditSegment {
        AuditSegment {
            from_seq: from,
            from_hash: (from > 0).then(|| h(from as u8)),
            head_seq: to,
            head_hash: (to > 0).then(|| h(to as u8)),
            breaks: 0,
            before_chain: 0,
        }
    }

    #[test]
    fn a_segment_that_extends_the_held_head_is_whole() {
        assert!(check_segment(None, &segment(0, 3), &chain(0, 3)).is_empty());
        let held = AuditHead { seq: 3, hash: h(3) };
        assert!(check_segment(Some(&held), &segment(3, 6), &chain(3, 6)).is_empty());
        // A full package starts over at 0 and still contains the held head.
        assert!(check_segment(Some(&held), &segment(0, 6), &chain(0, 6)).is_empty());
        // Nothing chained since: an empty segment at the held head.
        assert!(check_segment(Some(&held), &segment(3, 3), &[]).is_empty());
    }

    #[test]
    fn a_rebuilt_or_truncated_chain_does_not_extend_the_held_head() {
        let held = AuditHead { seq: 3, hash: h(9) };
        let problems = check_segment(Some(&held), &segment(3, 6), &chain(3, 6));
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("不衔接"));
        let held = AuditHead { seq: 8, hash: h(8) };
        assert!(check_segment(Some(&held), &segment(3, 6), &chain(3, 6))[0].contains("不衔接"));
    }

    #[test]
    fn a_missing_or_altered_entry_breaks_the_segment() {
        let mut entries = chain(0, 5);
        entries.remove(2);
        assert!(check_segment(None, &segment(0, 5), &entries)[0].contains("第 4 条处断开"));
        let mut entries = chain(0, 5);
        entries[4].hash = h(77);
        assert!(check_segment(None, &segment(0, 5), &entries)[0].contains("应有 5 条"));
        let mut entries = chain(0, 5);
        entries.pop();
        assert!(!check_segment(None, &segment(0, 5), &entries).is_empty());
    }

    #[test]
    fn the_writers_own_findings_and_unchained_records_are_reported() {
        let mut s = segment(0, 2);
        s.breaks = 1;
        assert!(check_segment(None, &s, &chain(0, 2))[0].contains("1 条记录"));
        assert_eq!(unchained_problem(3, 3), None);
        assert!(unchained_problem(4, 3).unwrap().starts_with("1 条"));
    }

    #[test]
    fn the_fields_tie_sequence_numbers_to_hashes() {
        assert!(segment(0, 0).validate().is_ok());
        assert!(segment(2, 5).validate().is_ok());
        let mut s = segment(2, 5);
        s.from_hash = None;
        assert!(s.validate().is_err());
        let mut s = segment(0, 5);
        s.head_hash = Some("x".into());
        assert!(s.validate().is_err());
        assert!(segment(5, 2).validate().is_err());
    }
}
