-- The cases a clerk classified by the statutory-channel list: the routing proposal learns from
-- them, and the field accuracy of the proposals is counted over them.
CREATE INDEX cases_routing_row ON cases (json_extract(progress, '$.routing.row.id'))
WHERE json_extract(progress, '$.routing.row.id') IS NOT NULL;
