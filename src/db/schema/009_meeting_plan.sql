-- 009_meeting_plan: the quarterly plan of 三会一课 meetings a branch files (季度计划, DOMAIN.md
-- §0.2: by day plan.day of the quarter's first month, see meeting_plan_deadline). One plan per
-- org and quarter; its items are the meetings planned. A plan is saved as a draft or filed;
-- filed_at / filed_by are the first filing (system, kept when the plan is amended, so a late
-- filing stays late); amendments replace the items and are recorded in amended_at /
-- amended_by, n_amendments and the audit log (old and new items). quarter is 'YYYY-Qn'.

CREATE TABLE meeting_plan (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES org(id),     -- the branch
  quarter TEXT NOT NULL,                          -- '2025-Q3' (date_period_key)
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'filed')),
  filed_at INTEGER,                               -- first filing, Unix seconds (system)
  filed_by INTEGER REFERENCES account(id),        -- (system; NULL for generated data)
  amended_at INTEGER,                             -- latest re-filing of a filed plan
  amended_by INTEGER REFERENCES account(id),
  n_amendments INTEGER NOT NULL DEFAULT 0,
  created_by INTEGER REFERENCES account(id),
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  UNIQUE (org_id, quarter),
  CHECK ((state = 'filed') = (filed_at IS NOT NULL))
);
CREATE INDEX meeting_plan_quarter ON meeting_plan(quarter, org_id);

CREATE TABLE meeting_plan_item (
  id INTEGER PRIMARY KEY,
  plan_id INTEGER NOT NULL REFERENCES meeting_plan(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,                           -- row order as entered (1 …)
  kind TEXT NOT NULL CHECK (kind IN ('party_congress', 'committee', 'group', 'lecture',
                                     'theme_day', 'life_meeting', 'appraisal',
                                     'joint_meeting')),
  planned_on TEXT NOT NULL,                       -- 'YYYY-MM-DD', inside the quarter
  topic TEXT,                                     -- 议题 / 党课题目
  lecturer TEXT,                                  -- 党课: 讲课人
  UNIQUE (plan_id, seq)
);
