-- Supervision suggestions a clerk dismissed (issue 18). A suggestion is keyed by the case, the
-- trigger and what it fired on (a due date, a later case's number): a dismissed one is not
-- suggested again, a new due date or a new repeat is. Confirmed ones are on the case itself.
-- The office's own judgement: not carried by sync.
CREATE TABLE supervision_dismissals (
    case_id      TEXT NOT NULL REFERENCES cases (id),
    trigger_kind TEXT NOT NULL,
    basis        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    dismissed_by TEXT NOT NULL,
    dismissed_at TEXT NOT NULL,
    PRIMARY KEY (case_id, trigger_kind, basis)
);
