-- Sync between offices (issue 5): packages written and applied, trusted keys, what was last
-- received of each foreign record, conflicts awaiting a person, and assignment links.
-- Append-only once landed: never edit, add a new file.

-- Public keys this office trusts, one per office code (docs/sync-format.md §4). A key is
-- replaced only by removing the old one first, deliberately.
CREATE TABLE sync_peers (
    office_code  TEXT PRIMARY KEY,
    office_name  TEXT NOT NULL,
    -- Standard base64 of the 32 Ed25519 public-key bytes.
    public_key   TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    trusted_at   TEXT NOT NULL
);

-- Packages this office wrote, in sequence. The last row gives the next package its number,
-- its `prev_package_hash` and the cursor it continues from.
CREATE TABLE sync_exports (
    seq            INTEGER PRIMARY KEY,
    from_cursor    INTEGER NOT NULL,
    to_cursor      INTEGER NOT NULL,
    full           INTEGER NOT NULL,
    path           TEXT NOT NULL,
    manifest_hash  TEXT NOT NULL,
    size           INTEGER NOT NULL,
    -- JSON object: record kind -> number of records.
    record_counts  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);

-- Packages applied here, per sending office. The highest seq of an office is its chain head
-- (sync::check_sequence). Refused packages and repeats are not recorded: they change nothing.
CREATE TABLE sync_imports (
    office_code    TEXT NOT NULL,
    seq            INTEGER NOT NULL,
    office_name    TEXT NOT NULL,
    manifest_hash  TEXT NOT NULL,
    full           INTEGER NOT NULL,
    from_cursor    INTEGER NOT NULL,
    to_cursor      INTEGER NOT NULL,
    file_name      TEXT NOT NULL,
    -- JSON object: record kind -> {received, inserted, updated, unchanged, stale, kept_local, conflicts}.
    counts         TEXT NOT NULL,
    conflicts      INTEGER NOT NULL,
    -- 'applied' or 'applied_with_conflicts'.
    outcome        TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    applied_at     TEXT NOT NULL,
    PRIMARY KEY (office_code, seq)
);

-- The sync base: for each record of another office, the version last received from it and the
-- SHA-256 of its JSON. A local version different from the base means the record was changed
-- here since; if the owner changed it too, both versions go to sync_conflicts.
CREATE TABLE sync_base (
    entity       TEXT NOT NULL,
    entity_id    TEXT NOT NULL,
    office_code  TEXT NOT NULL,
    version      INTEGER NOT NULL,
    hash         TEXT NOT NULL,
    PRIMARY KEY (entity, entity_id)
);

-- Records changed both here and at their owner since the last exchange. Nothing is applied
-- until a person chooses; at most one open conflict per record (a newer remote version
-- replaces the remote side).
CREATE TABLE sync_conflicts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    entity          TEXT NOT NULL,
    entity_id       TEXT NOT NULL,
    -- What a person recognises the record by (the case number).
    label           TEXT NOT NULL,
    office_code     TEXT NOT NULL,
    local_version   INTEGER NOT NULL,
    local_json      TEXT NOT NULL,
    remote_version  INTEGER NOT NULL,
    remote_json     TEXT NOT NULL,
    -- The package that brought the remote version.
    package_office  TEXT NOT NULL,
    package_seq     INTEGER NOT NULL,
    -- 'open', 'kept_local' or 'kept_remote'.
    status          TEXT NOT NULL DEFAULT 'open',
    detected_at     TEXT NOT NULL,
    resolved_at     TEXT,
    resolved_by     TEXT
);
CREATE UNIQUE INDEX sync_conflicts_open ON sync_conflicts (entity, entity_id) WHERE status = 'open';

-- A case that a higher office assigned (交办) to an office, and the referred case that office
-- registered for it. Written by the receiving office on import and sent back in its packages,
-- so the higher office can find the result of its assignment.
CREATE TABLE sync_assignments (
    case_id         TEXT PRIMARY KEY,
    case_no         TEXT NOT NULL,
    office_code     TEXT NOT NULL,
    parent_case_id  TEXT NOT NULL,
    parent_case_no  TEXT NOT NULL,
    parent_office   TEXT NOT NULL,
    created_at      TEXT NOT NULL
);
CREATE UNIQUE INDEX sync_assignments_parent ON sync_assignments (parent_case_id, office_code);
