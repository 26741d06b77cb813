-- Search terms of cases registered one at a time wait here, written in the registration's own
-- transaction, until 256 have gathered; then they enter the full-text index together. Each
-- FTS5 insert commits a segment of its own and sets off merges: at 100 000 cases a single
-- registration's search entry cost a third of its time. A search moves what waits into the
-- index first (store::search::flush_pending), so a case is found as soon as it is saved.
-- row_no = cases.row_no = the index's rowid.
CREATE TABLE case_search_pending (
    row_no  INTEGER PRIMARY KEY,
    grams   TEXT NOT NULL
);
