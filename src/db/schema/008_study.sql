-- 008_study: study materials (学习材料) and key work topics (重点工作) registered by a district
-- or town committee. Both apply to the registering org's subtree: a town's topic to its
-- branches, the district's to every branch below it. The copied-minutes check compares the
-- meeting records with the materials; the key-topic check looks for each topic's keywords in
-- the records held in its period. Retired rows are kept (findings made under them stay
-- provable) but no longer take part in the checks.

CREATE TABLE study_material (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES org(id),     -- the registering district or town committee
  title TEXT NOT NULL,
  source TEXT,                                    -- 出处 (document number, publication)
  body TEXT NOT NULL,                             -- the full text
  retired_at INTEGER,                             -- NULL: in use
  registered_by INTEGER REFERENCES account(id),
  registered_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX study_material_org ON study_material(org_id);

CREATE TABLE key_topic (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES org(id),     -- the registering district or town committee
  title TEXT NOT NULL,                            -- 党支部建设标准化, 五推进工程 …
  keywords TEXT NOT NULL,                         -- one per line; any one touches the topic
  period_from TEXT NOT NULL,                      -- 'YYYY-MM-DD', inclusive
  period_to TEXT NOT NULL,                        -- 'YYYY-MM-DD', inclusive
  retired_at INTEGER,                             -- NULL: in use
  registered_by INTEGER REFERENCES account(id),
  registered_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  CHECK (period_from <= period_to)
);
CREATE INDEX key_topic_org ON key_topic(org_id);
