-- The statutory-channel list (法定途径分类处理清单) an office routes by, every version it has
-- used: a case names the version and row it was routed by, so an edited list never changes
-- what an earlier decision was based on.
CREATE TABLE channel_lists (
    office_code TEXT NOT NULL,
    version TEXT NOT NULL,
    -- The whole list as JSON (`domain::channels::ChannelList`).
    list TEXT NOT NULL,
    source TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    imported_by TEXT NOT NULL,
    PRIMARY KEY (office_code, version)
);

-- Which version is in use now (one row per office).
CREATE TABLE channel_list_current (
    office_code TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    FOREIGN KEY (office_code, version) REFERENCES channel_lists (office_code, version)
);
