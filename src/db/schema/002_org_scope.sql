-- 002_org_scope: the organisation tree in full (dates, committee terms, tags) and contact
-- cadres' assignments, which give a contact account its scope.

ALTER TABLE org ADD COLUMN founded TEXT;            -- 'YYYY-MM-DD'
ALTER TABLE org ADD COLUMN dissolved TEXT;          -- 'YYYY-MM-DD'; history is kept
ALTER TABLE org ADD COLUMN term_start TEXT;         -- current committee term began
ALTER TABLE org ADD COLUMN term_years INTEGER;      -- NULL: the kind's default (村/社区 5, others 3)
ALTER TABLE org ADD COLUMN updated_at INTEGER;
CREATE INDEX org_name ON org(short_name);
CREATE INDEX org_kind ON org(kind, path);

CREATE TABLE tag (
  id INTEGER PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL
);
INSERT INTO tag(code, label) VALUES ('roadside', '公路沿线');
INSERT INTO tag(code, label) VALUES ('remote', '偏远');
INSERT INTO tag(code, label) VALUES ('town_seat', '乡镇驻地');
INSERT INTO tag(code, label) VALUES ('demo_site', '示范点');

CREATE TABLE org_tag (
  org_id INTEGER NOT NULL REFERENCES org(id) ON DELETE CASCADE,
  tag_id INTEGER NOT NULL REFERENCES tag(id),
  PRIMARY KEY (org_id, tag_id)
);
CREATE INDEX org_tag_tag ON org_tag(tag_id, org_id);

-- A contact cadre's account and the orgs it is assigned to (包村领导 / 驻村干部 / 党建指导员 /
-- 科级干部包抓). The people issue links these to persons; scope only needs the account.
CREATE TABLE contact_assignment (
  id INTEGER PRIMARY KEY,
  account_id INTEGER NOT NULL REFERENCES account(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES org(id),
  kind TEXT NOT NULL CHECK (kind IN ('village_leader', 'resident_cadre', 'instructor', 'section_chief')),
  start_date TEXT NOT NULL,
  end_date TEXT
);
CREATE INDEX contact_assignment_account ON contact_assignment(account_id);
CREATE INDEX contact_assignment_org ON contact_assignment(org_id);
