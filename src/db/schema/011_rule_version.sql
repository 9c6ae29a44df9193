-- 011_rule_version: this deployment's supplements to the built-in rule sets (DOMAIN.md §0.4:
-- "一般" numbers are defaults with an override and a reason; national rules and local
-- supplements are kept apart, and which version of each rule was used is stored).
-- The built-in defaults live in the code (meeting_rules_default, version cn-2019.1); each row
-- here is one local version applied on top of them and of the rows before it, in id order.
-- Rows are never updated or deleted: a later version sets a value back.

CREATE TABLE rule_version (
  id INTEGER PRIMARY KEY,
  domain TEXT NOT NULL CHECK (domain IN ('meeting')),  -- which rule set it supplements
  version TEXT NOT NULL,                               -- e.g. '甘州-2025.1'
  reason TEXT NOT NULL,                                -- why the defaults were changed
  pairs TEXT NOT NULL,                                 -- 'key=value' lines, as validated
  created_by INTEGER REFERENCES account(id),           -- NULL: the command line
  created_at INTEGER NOT NULL,
  UNIQUE (domain, version)
);
