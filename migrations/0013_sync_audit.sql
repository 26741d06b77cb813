-- Sync packages carry the writer's audit chain (format 3). The exporter remembers the last chain
-- entry each package carried, so the next one carries the entries after it; the importer keeps
-- the head each package brought and what it found wrong (JSON array of sentences; NULL: the
-- package carried no chain).
ALTER TABLE sync_exports ADD COLUMN audit_seq INTEGER;
ALTER TABLE sync_imports ADD COLUMN audit_seq INTEGER;
ALTER TABLE sync_imports ADD COLUMN audit_hash TEXT;
ALTER TABLE sync_imports ADD COLUMN audit_problems TEXT;

-- Packages written or received with the petitioners' ID and phone numbers masked.
ALTER TABLE sync_exports ADD COLUMN masked INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sync_imports ADD COLUMN masked INTEGER NOT NULL DEFAULT 0;
