-- 001_core: organisations (the minimum the platform needs; the org issue extends it),
-- accounts, sessions, the audit log, settings and the working-day calendar.
-- Timestamps are integer Unix seconds (UTC); civil dates are TEXT 'YYYY-MM-DD'.

CREATE TABLE org (
  id INTEGER PRIMARY KEY,
  parent_id INTEGER REFERENCES org(id),
  path TEXT NOT NULL UNIQUE,          -- materialised path '/1/4/17/'
  kind TEXT NOT NULL,
  name TEXT NOT NULL,                 -- full name as on the seal
  short_name TEXT NOT NULL,
  code TEXT UNIQUE,
  created_at INTEGER NOT NULL
);
CREATE INDEX org_parent ON org(parent_id);

CREATE TABLE account (
  id INTEGER PRIMARY KEY,
  login TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL DEFAULT '',
  password_hash TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('admin', 'district', 'town', 'branch', 'contact', 'member')),
  org_id INTEGER REFERENCES org(id),
  must_change INTEGER NOT NULL DEFAULT 1,
  failed_count INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL,
  password_changed_at INTEGER
);

CREATE TABLE session (
  token_hash TEXT PRIMARY KEY,        -- hex BLAKE2b-256 of the cookie token; the token is never stored
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  csrf TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX session_account ON session(account_id);

CREATE TABLE audit (
  id INTEGER PRIMARY KEY,
  at INTEGER NOT NULL,
  account_id INTEGER,
  login TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,               -- create, update, delete, login, login_failed, lock, ...
  entity TEXT NOT NULL,               -- table or concept: account, session, org, ...
  entity_id TEXT NOT NULL DEFAULT '',
  before_json TEXT,
  after_json TEXT,
  ip TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit(at);
CREATE INDEX audit_entity ON audit(entity, entity_id);
CREATE INDEX audit_account ON audit(account_id, at);

CREATE TABLE setting (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

-- Working-day calendar: weekdays that are off (holiday) and weekend days that are worked
-- (workday, 调休). Seeded from the State Council notices; maintained by the administrator.
CREATE TABLE calendar_day (
  day TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('holiday', 'workday')),
  note TEXT NOT NULL DEFAULT ''
);
