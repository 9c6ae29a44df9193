-- 005_import: an uploaded file, parsed and checked, waiting for its uploader to confirm
-- (导入有效行) or cancel. id is a random token (32 hex digits) so that pending imports cannot
-- be enumerated; payload_json holds the valid rows and the report; rows older than a day
-- are removed when the next import is stored.
CREATE TABLE import_pending (
  id TEXT PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  created_at INTEGER NOT NULL,
  kind TEXT NOT NULL,                 -- what is imported: 'member_roster'
  payload_json TEXT NOT NULL
);
CREATE INDEX import_pending_account ON import_pending(account_id, created_at);
CREATE INDEX import_pending_created ON import_pending(created_at);
