-- Issued formal documents (issue 4): one row per number taken. Append-only once landed:
-- never edit, add a new file.
--
-- A document keeps its number for ever: voiding fills the void_* columns and bumps
-- `version`, nothing else changes and no row is deleted (triggers below). Numbers are
-- counted per office, kind and year in `counters` (scope `doc:<kind>`), inside the
-- transaction that inserts the row, so a rolled-back issue returns its number.
CREATE TABLE issued_documents (
    id           TEXT PRIMARY KEY,
    office_code  TEXT NOT NULL,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    kind         TEXT NOT NULL,
    -- e.g. 榕信访不受〔2026〕3号: office prefix, the kind's 代字, year, seq.
    doc_no       TEXT NOT NULL,
    year         INTEGER NOT NULL,
    seq          INTEGER NOT NULL,
    title        TEXT NOT NULL,
    -- Relative to the office's document folder, '/'-separated: 2026/榕信访不受〔2026〕3号.pdf
    path         TEXT NOT NULL,
    sha256       TEXT NOT NULL,
    size         INTEGER NOT NULL,
    issued_at    TEXT NOT NULL,
    actor        TEXT NOT NULL,
    -- JSON object: the fields the clerk changed or added (placeholder name -> text).
    fields       TEXT NOT NULL,
    -- The voided document this one was issued to replace (重新出具), if any.
    replaces     TEXT REFERENCES issued_documents (id),
    voided_at    TEXT,
    void_reason  TEXT,
    voided_by    TEXT,
    version      INTEGER NOT NULL,
    UNIQUE (office_code, kind, year, seq),
    UNIQUE (office_code, doc_no)
);
CREATE INDEX issued_documents_case ON issued_documents (case_id, issued_at);

CREATE TRIGGER issued_documents_no_delete BEFORE DELETE ON issued_documents
BEGIN
    SELECT RAISE(ABORT, 'issued documents are kept: void them instead');
END;
CREATE TRIGGER issued_documents_fixed BEFORE UPDATE OF id, office_code, case_id, kind, doc_no,
    year, seq, title, path, sha256, size, issued_at, actor, fields, replaces ON issued_documents
BEGIN
    SELECT RAISE(ABORT, 'an issued document keeps its number, file and hash');
END;
