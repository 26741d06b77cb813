-- Xinfang Desk schema, version 1. Append-only once landed: never edit, add a new file.
-- Every record carries the office that owns it, so that sync can merge offices' data.

CREATE TABLE office (
    code        TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    doc_prefix  TEXT NOT NULL,
    -- 1 for the office running this copy; others arrive by sync.
    is_local    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX office_one_local ON office (is_local) WHERE is_local = 1;

-- Office settings as JSON values (the period rule set, and what later issues add).
CREATE TABLE settings (
    office_code TEXT NOT NULL REFERENCES office (code),
    key         TEXT NOT NULL,
    value       TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    PRIMARY KEY (office_code, key)
);

-- Gap-free sequences (case numbers, later document numbers), bumped inside the
-- transaction that uses the number, so a rollback returns it.
CREATE TABLE counters (
    office_code TEXT NOT NULL,
    scope       TEXT NOT NULL,
    year        INTEGER NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (office_code, scope, year)
);

-- Calendar years the office imported or corrected; they replace the shipped year whole.
CREATE TABLE calendar_years (
    year        INTEGER PRIMARY KEY,
    entries     TEXT NOT NULL,
    source      TEXT NOT NULL,
    imported_at TEXT NOT NULL
);

CREATE TABLE cases (
    -- A stable integer key for the full-text index (implicit rowids may change on VACUUM).
    row_no              INTEGER PRIMARY KEY,
    id                  TEXT NOT NULL UNIQUE,
    office_code         TEXT NOT NULL,
    case_no             TEXT NOT NULL UNIQUE,
    channel             TEXT NOT NULL,
    status              TEXT NOT NULL,
    received_at         TEXT NOT NULL,
    received_on         TEXT NOT NULL,
    title               TEXT NOT NULL,
    content             TEXT NOT NULL,
    locality_code       TEXT NOT NULL,
    locality_name       TEXT NOT NULL,
    matter_type         TEXT NOT NULL,
    purpose             TEXT NOT NULL,
    litigation_related  INTEGER NOT NULL,
    authority           TEXT,
    repeat_of           TEXT,
    handler             TEXT,
    visit               TEXT,
    letter              TEXT,
    progress            TEXT NOT NULL,
    -- The nearest open duty deadline, kept in step with `deadlines` for sorting and filtering.
    next_due_on         TEXT,
    next_due_kind       TEXT,
    version             INTEGER NOT NULL,
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX cases_status ON cases (status, received_on);
-- The list's default order (newest first) and the date filter.
CREATE INDEX cases_received ON cases (received_at, case_no);
CREATE INDEX cases_received_on ON cases (received_on);
CREATE INDEX cases_next_due ON cases (next_due_on) WHERE next_due_on IS NOT NULL;
CREATE INDEX cases_channel ON cases (channel, received_on);
CREATE INDEX cases_locality ON cases (locality_code);
CREATE INDEX cases_repeat_of ON cases (repeat_of) WHERE repeat_of IS NOT NULL;

CREATE TABLE petitioners (
    case_id         TEXT NOT NULL REFERENCES cases (id),
    seq             INTEGER NOT NULL,
    office_code     TEXT NOT NULL,
    name            TEXT NOT NULL,
    id_number       TEXT,
    phone           TEXT,
    address         TEXT,
    representative  INTEGER NOT NULL,
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX petitioners_id_number ON petitioners (id_number) WHERE id_number IS NOT NULL;
CREATE INDEX petitioners_name ON petitioners (name);

CREATE TABLE deadlines (
    case_id      TEXT NOT NULL REFERENCES cases (id),
    seq          INTEGER NOT NULL,
    kind         TEXT NOT NULL,
    start_on     TEXT NOT NULL,
    due_on       TEXT NOT NULL,
    basis        TEXT NOT NULL,
    explanation  TEXT NOT NULL,
    skipped      TEXT NOT NULL,
    met_on       TEXT,
    PRIMARY KEY (case_id, seq)
);
CREATE INDEX deadlines_open ON deadlines (due_on, kind) WHERE met_on IS NULL;

-- The timeline: append-only, the audit trail and what sync carries.
CREATE TABLE events (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    office_code  TEXT NOT NULL,
    seq          INTEGER NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    action       TEXT NOT NULL,
    summary      TEXT NOT NULL,
    details      TEXT NOT NULL,
    before       TEXT NOT NULL,
    after        TEXT NOT NULL,
    UNIQUE (case_id, seq)
);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'timeline events are append-only');
END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'timeline events are append-only');
END;

-- Every change to a synced record, in commit order; sync export reads it by cursor.
CREATE TABLE change_log (
    cursor       INTEGER PRIMARY KEY AUTOINCREMENT,
    office_code  TEXT NOT NULL,
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    version      INTEGER NOT NULL,
    op           TEXT NOT NULL,
    at           TEXT NOT NULL
);
CREATE INDEX change_log_entity ON change_log (entity, entity_id);

-- Search over case number, title, content, people and places. Chinese words are mostly two
-- characters, which the trigram tokenizer cannot match, so `grams` holds the overlapping
-- character bigrams (phrase queries for words of two or more characters) and `chars` the
-- single characters (one-character words); see store/search.rs. Contentless: the index
-- keeps no copy of the text, which keeps the database small and the case rows short.
-- rowid = cases.row_no.
CREATE VIRTUAL TABLE case_search USING fts5 (
    grams, chars, content = '', contentless_delete = 1, tokenize = 'unicode61'
);
