-- The open deadlines that are not this office's duty: the petitioner's windows to ask for a
-- review or re-review and the receiving organ's window to object to a forward. The due list
-- counts every open deadline in a date range (index only) and subtracts these (few), instead
-- of testing each deadline's kind: 10 ms → 4 ms at 100 000 overdue deadlines. The WHERE
-- must stay the same text as store::query::NOT_DUTIES builds.
CREATE INDEX deadlines_windows ON deadlines (due_on)
    WHERE met_on IS NULL AND kind IN ('forward_objection', 'review_request', 're_review_request');
