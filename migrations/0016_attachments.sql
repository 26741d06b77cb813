-- Attachments on a case (issue 17): scans of letters, evidence, signed receipts. The file lives
-- in the office's document folder under attachments/; the row keeps its hash. Like an issued
-- document an attachment is never deleted: withdrawing (撤回) fills the withdrawn_* columns and
-- bumps `version`, and the file stays as part of the record.
CREATE TABLE attachments (
    id              TEXT PRIMARY KEY,
    office_code     TEXT NOT NULL,
    case_id         TEXT NOT NULL REFERENCES cases (id),
    kind            TEXT NOT NULL,
    -- The file's name as the clerk had it (扫描件.pdf).
    name            TEXT NOT NULL,
    -- Relative to the office's document folder, '/'-separated.
    path            TEXT NOT NULL UNIQUE,
    sha256          TEXT NOT NULL,
    size            INTEGER NOT NULL,
    note            TEXT,
    added_at        TEXT NOT NULL,
    added_by        TEXT NOT NULL,
    withdrawn_at    TEXT,
    withdraw_reason TEXT,
    withdrawn_by    TEXT,
    version         INTEGER NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_id, added_at);

CREATE TRIGGER attachments_no_delete BEFORE DELETE ON attachments
BEGIN
    SELECT RAISE(ABORT, 'attachments are kept: withdraw them instead');
END;
CREATE TRIGGER attachments_fixed BEFORE UPDATE OF id, office_code, case_id, kind, name, path,
    sha256, size, note, added_at, added_by ON attachments
BEGIN
    SELECT RAISE(ABORT, 'an attachment keeps its file and hash');
END;
