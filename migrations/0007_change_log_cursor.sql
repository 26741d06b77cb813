-- The change log without AUTOINCREMENT: its counter row in sqlite_sequence was one more page
-- written by every commit. A rowid key takes the largest cursor plus one, so cursors still
-- grow in commit order as long as no row is ever removed, which the triggers now guarantee.
CREATE TABLE change_log_v2 (
    cursor       INTEGER PRIMARY KEY,
    office_code  TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    version      INTEGER NOT NULL,
    op           TEXT NOT NULL,
    at           TEXT NOT NULL
);
INSERT INTO change_log_v2 (cursor, office_code, entity, entity_id, version, op, at)
    SELECT cursor, office_code, entity, entity_id, version, op, at FROM change_log;
DROP TABLE change_log;
ALTER TABLE change_log_v2 RENAME TO change_log;
CREATE INDEX change_log_entity ON change_log (entity, entity_id);
CREATE TRIGGER change_log_append_only_update BEFORE UPDATE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'the change log is append-only');
END;
CREATE TRIGGER change_log_append_only_delete BEFORE DELETE ON change_log
BEGIN
    SELECT RAISE(ABORT, 'the change log is append-only');
END;
