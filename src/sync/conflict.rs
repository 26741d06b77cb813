//! What to do with a foreign record that arrives, given what this office holds of it.
//!
//! Pure, so the rules are tested without a database. The owner of a record is the only office
//! that changes it in the normal course; a local version different from the sync base (the
//! version last received from the owner) means it was changed here anyway (a calendar
//! recompute, a conflict resolved in favour of the local side, a repair). A record changed on
//! both sides since the last exchange is never overwritten: it becomes a conflict.

/// The local side of a record, as far as the plan needs it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Held<'a> {
    pub version: i64,
    /// The version last received from the owner and the hash of its JSON.
    pub base: Option<(i64, &'a str)>,
    /// Hash of the local JSON; only needed when the record was changed here
    /// ([`Plan::NeedLocalHash`] asks for it).
    pub hash: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plan {
    /// Not held here: store it.
    Insert,
    /// Unchanged here since the last exchange and the owner has a newer version: store it.
    Apply,
    /// Already held as it is (a repeat): nothing to do but remember it as the base.
    Unchanged,
    /// Unchanged here, but the owner's version is older than the one held (its history went
    /// back, e.g. restored from a backup): keep what is held.
    Stale,
    /// Changed here, and the owner has not changed it since the last exchange: keep the local
    /// change.
    KeepLocal,
    /// Changed on both sides: a person chooses.
    Conflict,
    /// Call again with the local hash.
    NeedLocalHash,
}

/// The plan for a record arriving at `remote_version` with JSON hash `remote_hash`.
pub fn plan(held: Option<Held<'_>>, remote_version: i64, remote_hash: &str) -> Plan {
    let Some(held) = held else {
        return Plan::Insert;
    };
    match held.base {
        // Local changes always raise the version, so an equal version means none happened.
        Some((base_version, base_hash)) if base_version == held.version => {
            if remote_hash == base_hash {
                Plan::Unchanged
            } else if remote_version >= held.version {
                // Equal version with other content: the owner re-issued it; nothing local is lost.
                Plan::Apply
            } else {
                Plan::Stale
            }
        }
        base => {
            if base.is_some_and(|(_, h)| h == remote_hash) {
                return Plan::KeepLocal;
            }
            match held.hash {
                None => Plan::NeedLocalHash,
                Some(h) if h == remote_hash => Plan::Unchanged,
                Some(_) => Plan::Conflict,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn held<'a>(version: i64, base: Option<(i64, &'a str)>, hash: Option<&'a str>) -> Held<'a> {
        Held {
            version,
            base,
            hash,
        }
    }

    #[test]
    fn a_new_record_is_inserted() {
        assert_eq!(plan(None, 3, "h3"), Plan::Insert);
    }

    #[test]
    fn unchanged_here_follows_the_owner() {
        let h = held(2, Some((2, "h2")), None);
        assert_eq!(plan(Some(h), 2, "h2"), Plan::Unchanged);
        assert_eq!(plan(Some(h), 3, "h3"), Plan::Apply);
        assert_eq!(plan(Some(h), 2, "h2x"), Plan::Apply);
        assert_eq!(plan(Some(h), 1, "h1"), Plan::Stale);
    }

    #[test]
    fn changed_here_keeps_the_local_change_while_the_owner_has_not_moved() {
        let h = held(3, Some((2, "h2")), None);
        assert_eq!(plan(Some(h), 2, "h2"), Plan::KeepLocal);
    }

    #[test]
    fn changed_on_both_sides_is_a_conflict() {
        let h = held(3, Some((2, "h2")), None);
        assert_eq!(plan(Some(h), 3, "h3"), Plan::NeedLocalHash);
        let h = held(3, Some((2, "h2")), Some("local"));
        assert_eq!(plan(Some(h), 3, "h3"), Plan::Conflict);
        assert_eq!(plan(Some(h), 9, "h9"), Plan::Conflict);
        // The owner arrived at exactly what is held here: no conflict.
        assert_eq!(plan(Some(h), 3, "local"), Plan::Unchanged);
    }

    #[test]
    fn held_without_a_base_counts_as_changed_here() {
        assert_eq!(plan(Some(held(2, None, None)), 2, "h"), Plan::NeedLocalHash);
        assert_eq!(
            plan(Some(held(2, None, Some("h"))), 2, "h"),
            Plan::Unchanged
        );
        assert_eq!(plan(Some(held(2, None, Some("x"))), 3, "h"), Plan::Conflict);
    }
}
