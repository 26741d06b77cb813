-- A hash chain over what the office's record must not lose or change: timeline events, issued
-- documents and disclosures. Each entry's hash covers the entry before it and the row's
-- content (store::chain); rows written before this migration stay before the chain's start.
CREATE TABLE audit_chain (
    seq           INTEGER PRIMARY KEY,
    entity        TEXT NOT NULL CHECK (entity IN ('event', 'document', 'disclosure')),
    entity_rowid  INTEGER NOT NULL,
    entity_id     TEXT NOT NULL,
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE UNIQUE INDEX audit_chain_entity ON audit_chain (entity, entity_rowid);
CREATE TRIGGER audit_chain_append_only_update BEFORE UPDATE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain is append-only');
END;
CREATE TRIGGER audit_chain_append_only_delete BEFORE DELETE ON audit_chain
BEGIN
    SELECT RAISE(ABORT, 'the audit chain is append-only');
END;

-- Where the chain starts: rows up to these rowids were written before it (an upgraded office).
CREATE TABLE audit_chain_start (
    entity      TEXT PRIMARY KEY,
    last_rowid  INTEGER NOT NULL
);
INSERT INTO audit_chain_start (entity, last_rowid)
SELECT 'event', COALESCE(MAX(rowid), 0) FROM events
UNION ALL SELECT 'document', COALESCE(MAX(rowid), 0) FROM issued_documents
UNION ALL SELECT 'disclosure', COALESCE(MAX(rowid), 0) FROM disclosures;
