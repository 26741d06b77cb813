-- The 工作台's 超期 and 临期 count cases by their nearest duty (cases_next_due), the unit the
-- case list it links to shows; the deadline counts this index served are gone.
DROP INDEX deadlines_windows;
