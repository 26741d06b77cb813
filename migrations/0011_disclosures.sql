-- Each time an account saw a case's full ID and phone numbers, and why (PIPL; Arts. 44–45).
CREATE TABLE disclosures (
    id           INTEGER PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    case_no      TEXT NOT NULL,
    account      TEXT NOT NULL,
    actor        TEXT NOT NULL,
    at           TEXT NOT NULL,
    reason       TEXT NOT NULL
);
CREATE INDEX disclosures_case ON disclosures (case_id, at);
CREATE TRIGGER disclosures_append_only_update BEFORE UPDATE ON disclosures
BEGIN
    SELECT RAISE(ABORT, 'disclosures are append-only');
END;
CREATE TRIGGER disclosures_append_only_delete BEFORE DELETE ON disclosures
BEGIN
    SELECT RAISE(ABORT, 'disclosures are append-only');
END;
