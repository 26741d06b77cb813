-- Repeat candidates look petitioners up by phone as well as by ID number and name.
CREATE INDEX petitioners_phone ON petitioners (phone) WHERE phone IS NOT NULL;
-- How many cases hold each search bigram: repeat candidates weigh a shared bigram by its rarity,
-- so that the phrases every petition uses ("反映", "至今没有解决") say little.
CREATE VIRTUAL TABLE case_search_vocab USING fts5vocab (case_search, 'row');
