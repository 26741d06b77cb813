//! The audit chain: every timeline event, issued document and disclosure gets an entry whose
//! hash covers the previous entry's hash and the row as stored, in the transaction that wrote
//! the row. Verification reads the rows back and names the first entry that does not match.

use serde::{Deserialize, Serialize};
use sqlx::{Row, SqliteConnection};
use ts_rs::TS;

use crate::domain::digest::sha256_hex;
use crate::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum Entity {
    Event,
    Document,
    Disclosure,
}

impl Entity {
    pub const ALL: [Entity; 3] = [Entity::Event, Entity::Document, Entity::Disclosure];

    fn as_str(self) -> &'static str {
        match self {
            Entity::Event => "event",
            Entity::Document => "document",
            Entity::Disclosure => "disclosure",
        }
    }

    fn parse(s: &str) -> Option<Entity> {
        Entity::ALL.into_iter().find(|e| e.as_str() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Entity::Event => "办理记录",
            Entity::Document => "文书",
            Entity::Disclosure => "个人信息查看记录",
        }
    }

    /// The row's rowid, id, and the columns the hash covers, as stored (text), in order. A
    /// document's void columns are left out: voiding is an event of its own.
    fn select(self) -> &'static str {
        match self {
            Entity::Event => {
                "SELECT rowid, id, case_id || char(31) || office_code || char(31) || seq || char(31)
                        || actor || char(31) || account || char(31) || COALESCE(credential, '')
                        || char(31) || at || char(31) || action || char(31) || summary || char(31)
                        || details || char(31) || before || char(31) || after
                 FROM events"
            }
            Entity::Document => {
                "SELECT rowid, id, office_code || char(31) || case_id || char(31) || kind
                        || char(31) || doc_no || char(31) || title || char(31) || path || char(31)
                        || sha256 || char(31) || size || char(31) || issued_at || char(31) || actor
                        || char(31) || fields || char(31) || COALESCE(replaces, '')
                 FROM issued_documents"
            }
            Entity::Disclosure => {
                "SELECT rowid, CAST(id AS TEXT), case_id || char(31) || case_no || char(31)
                        || account || char(31) || actor || char(31) || at || char(31) || reason
                 FROM disclosures"
            }
        }
    }
}

/// The entry's hash: the previous one's, the kind, the row's id and its content.
fn entry_hash(prev: &str, entity: Entity, id: &str, content: &str) -> String {
    let text = format!("{prev}\u{1e}{}\u{1e}{id}\u{1e}{content}", entity.as_str());
    sha256_hex(text.as_bytes())
}

/// Chains the last `count` rows of `entity`, which the caller has just written in this
/// transaction. Rows that someone else put in the table outside the program stay unchained,
/// so verification names them.
pub async fn seal(conn: &mut SqliteConnection, entity: Entity, count: usize) -> Result<(), Error> {
    if count == 0 {
        return Ok(());
    }
    // The kind's last chained row and the chain's last hash, in one round trip.
    let (watermark, head): (i64, String) = sqlx::query_as(
        "SELECT (SELECT COALESCE(MAX(entity_rowid), 0) FROM audit_chain WHERE entity = ?),
                COALESCE((SELECT hash FROM audit_chain ORDER BY seq DESC LIMIT 1), '')",
    )
    .bind(entity.as_str())
    .fetch_one(&mut *conn)
    .await?;
    let sql = format!(
        "SELECT * FROM ({} WHERE rowid > ? ORDER BY rowid DESC LIMIT ?) ORDER BY 1",
        entity.select()
    );
    let rows: Vec<(i64, String, String)> = sqlx::query_as(&sql)
        .bind(watermark)
        .bind(count as i64)
        .fetch_all(&mut *conn)
        .await?;
    let mut prev = head;
    let mut script = super::script::Script::new();
    let mut entries = Vec::with_capacity(rows.len());
    for (rowid, id, content) in rows {
        let hash = entry_hash(&prev, entity, &id, &content);
        entries.push((rowid, id, std::mem::replace(&mut prev, hash.clone()), hash));
    }
    script.insert_rows(
        "INSERT INTO audit_chain (entity, entity_rowid, entity_id, prev_hash, hash) ",
        &entries,
        |mut row, (rowid, id, prev, hash)| {
            row.push_bind(entity.as_str())
                .push_bind(*rowid)
                .push_bind(id.as_str())
                .push_bind(prev.as_str())
                .push_bind(hash.as_str());
        },
    );
    script.run(conn).await
}

/// Where the record stops matching its chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChainBreak {
    /// The chain entry (0 for a row that has none).
    #[ts(type = "number")]
    pub seq: i64,
    pub entity: Entity,
    pub entity_id: String,
    pub problem: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[ts(export)]
pub struct ChainReport {
    #[ts(type = "number")]
    pub entries: i64,
    /// The last entry's hash: what a sync package carries.
    pub head: Option<String>,
    /// Rows written before the chain began (an upgraded database), per kind, in all.
    #[ts(type = "number")]
    pub before_chain: i64,
    /// The first entry (by chain order) that does not match, and every row outside the chain.
    pub breaks: Vec<ChainBreak>,
}

/// Reads the whole chain and every chained row back, and says where they disagree.
pub async fn verify(conn: &mut SqliteConnection) -> Result<ChainReport, Error> {
    let chain: Vec<(i64, String, i64, String, String, String)> = sqlx::query_as(
        "SELECT seq, entity, entity_rowid, entity_id, prev_hash, hash FROM audit_chain ORDER BY seq",
    )
    .fetch_all(&mut *conn)
    .await?;
    let mut breaks = Vec::new();
    // The links themselves.
    let mut prev = String::new();
    for (seq, entity, _, id, prev_hash, hash) in &chain {
        let entity = Entity::parse(entity)
            .ok_or_else(|| Error::Corrupt(format!("审计链第{seq}条的类型“{entity}”")))?;
        if *prev_hash != prev {
            breaks.push(ChainBreak {
                seq: *seq,
                entity,
                entity_id: id.clone(),
                problem: "与前一条的链接不符（审计链被改动或截断）".into(),
            });
            break;
        }
        prev = hash.clone();
    }
    // Each kind's rows, in rowid order beside its entries.
    let mut before_chain = 0;
    for entity in Entity::ALL {
        let mine: Vec<_> = chain.iter().filter(|c| c.1 == entity.as_str()).collect();
        let start: i64 =
            sqlx::query_scalar("SELECT last_rowid FROM audit_chain_start WHERE entity = ?")
                .bind(entity.as_str())
                .fetch_optional(&mut *conn)
                .await?
                .unwrap_or(0);
        let rows = sqlx::query(&format!("{} ORDER BY rowid", entity.select()))
            .fetch_all(&mut *conn)
            .await?
            .into_iter()
            .map(|r| -> Result<(i64, String, String), sqlx::Error> {
                Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let (before, rows): (Vec<_>, Vec<_>) = rows.into_iter().partition(|r| r.0 <= start);
        before_chain += before.len() as i64;
        let mut rows = rows.into_iter().peekable();
        let outside = |id: &str| ChainBreak {
            seq: 0,
            entity,
            entity_id: id.to_string(),
            problem: "不在审计链中（在程序之外写入）".into(),
        };
        for (seq, _, rowid, id, prev_hash, hash) in mine {
            // Rows between the chained ones were put there outside the program.
            while let Some((r, rid, _)) = rows.peek() {
                if *r >= *rowid {
                    break;
                }
                breaks.push(outside(rid));
                rows.next();
            }
            match rows.peek() {
                Some((r, rid, content)) if r == rowid => {
                    if rid != id || entry_hash(prev_hash, entity, rid, content) != *hash {
                        breaks.push(ChainBreak {
                            seq: *seq,
                            entity,
                            entity_id: id.clone(),
                            problem: "内容与审计链不符（记录在程序之外被修改）".into(),
                        });
                    }
                    rows.next();
                }
                _ => breaks.push(ChainBreak {
                    seq: *seq,
                    entity,
                    entity_id: id.clone(),
                    problem: "记录已不存在（在程序之外被删除）".into(),
                }),
            }
        }
        breaks.extend(rows.map(|(_, rid, _)| outside(&rid)));
    }
    breaks.sort_by_key(|b| if b.seq == 0 { i64::MAX } else { b.seq });
    Ok(ChainReport {
        entries: chain.len() as i64,
        head: chain.last().map(|c| c.5.clone()),
        before_chain,
        breaks,
    })
}

/// One chain entry as a package carries it: seq, kind, row id, previous hash, hash.
pub type ChainEntryRow = (i64, String, String, String, String);

/// The chain's last entry: its seq and hash (none when the chain is empty).
pub async fn head(conn: &mut SqliteConnection) -> Result<Option<(i64, String)>, Error> {
    Ok(
        sqlx::query_as("SELECT seq, hash FROM audit_chain ORDER BY seq DESC LIMIT 1")
            .fetch_optional(conn)
            .await?,
    )
}

/// The hash of entry `seq`, if there is one.
pub async fn hash_at(conn: &mut SqliteConnection, seq: i64) -> Result<Option<String>, Error> {
    Ok(
        sqlx::query_scalar("SELECT hash FROM audit_chain WHERE seq = ?")
            .bind(seq)
            .fetch_optional(conn)
            .await?,
    )
}

/// Up to `limit` entries after `after`, up to `to`, in order.
pub async fn entries_page(
    conn: &mut SqliteConnection,
    after: i64,
    to: i64,
    limit: usize,
) -> Result<Vec<ChainEntryRow>, Error> {
    Ok(sqlx::query_as(
        "SELECT seq, entity, entity_id, prev_hash, hash FROM audit_chain
         WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
    )
    .bind(after)
    .bind(to)
    .bind(limit as i64)
    .fetch_all(conn)
    .await?)
}

/// How many entries in `(after, to]` no longer match their rows (changed or deleted outside the
/// program): the export's own check of the segment it sends.
pub async fn segment_breaks(
    conn: &mut SqliteConnection,
    after: i64,
    to: i64,
) -> Result<u64, Error> {
    let mut breaks = 0;
    for entity in Entity::ALL {
        let entries: Vec<(i64, String, String, String)> = sqlx::query_as(
            "SELECT entity_rowid, entity_id, prev_hash, hash FROM audit_chain
             WHERE entity = ? AND seq > ? AND seq <= ?",
        )
        .bind(entity.as_str())
        .bind(after)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?;
        if entries.is_empty() {
            continue;
        }
        let rows: std::collections::HashMap<i64, (String, String)> = sqlx::query_as(&format!(
            "{} WHERE rowid IN (SELECT entity_rowid FROM audit_chain
                                WHERE entity = ? AND seq > ? AND seq <= ?)",
            entity.select()
        ))
        .bind(entity.as_str())
        .bind(after)
        .bind(to)
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|(rowid, id, content): (i64, String, String)| (rowid, (id, content)))
        .collect();
        for (rowid, id, prev, hash) in entries {
            let matches = rows.get(&rowid).is_some_and(|(rid, content)| {
                *rid == id && entry_hash(&prev, entity, rid, content) == hash
            });
            breaks += u64::from(!matches);
        }
    }
    Ok(breaks)
}

/// Events of `office_code` in the change-log range `(from, to]` written before the chain began.
pub async fn events_before_chain(
    conn: &mut SqliteConnection,
    office_code: &str,
    from: i64,
    to: i64,
) -> Result<u64, Error> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM change_log c JOIN events e ON e.id = c.entity_id
         WHERE c.entity = 'event' AND c.office_code = ? AND c.cursor > ? AND c.cursor <= ?
           AND e.rowid <= COALESCE(
               (SELECT last_rowid FROM audit_chain_start WHERE entity = 'event'), 0)",
    )
    .bind(office_code)
    .bind(from)
    .bind(to)
    .fetch_one(conn)
    .await?;
    Ok(n as u64)
}
