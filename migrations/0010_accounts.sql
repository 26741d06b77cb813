-- Accounts and the credentials that stand for them; events name the account that acted.
CREATE TABLE accounts (
    name             TEXT PRIMARY KEY,
    display_name     TEXT NOT NULL,
    role             TEXT NOT NULL,
    password_hash    TEXT NOT NULL,
    active           INTEGER NOT NULL DEFAULT 1,
    may_unmask       INTEGER NOT NULL DEFAULT 0,
    failed_sign_ins  INTEGER NOT NULL DEFAULT 0,
    locked_until     TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);

-- Sessions (`xinfang login`) and named script tokens; only a hash of the secret is kept.
CREATE TABLE account_tokens (
    token_hash   TEXT PRIMARY KEY,
    account      TEXT NOT NULL REFERENCES accounts (name),
    kind         TEXT NOT NULL CHECK (kind IN ('session', 'token')),
    name         TEXT,
    created_at   TEXT NOT NULL,
    expires_at   TEXT,
    revoked_at   TEXT
);
CREATE UNIQUE INDEX account_tokens_named ON account_tokens (name)
WHERE kind = 'token' AND revoked_at IS NULL;

-- Events written before accounts existed keep their typed name in `actor`.
ALTER TABLE events ADD COLUMN account TEXT NOT NULL DEFAULT '历史数据';
ALTER TABLE events ADD COLUMN credential TEXT;
