-- 004_people: persons, party membership, positions and terms, the responsibility chain, and
-- contact cadres as persons. Dates are 'YYYY-MM-DD'.

CREATE TABLE person (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  name_key TEXT NOT NULL DEFAULT '',  -- pinyin-order sort key of the name (utf8_sort_key)
  gender TEXT CHECK (gender IN ('男', '女')),
  ethnicity TEXT,
  birth_date TEXT,
  id_number TEXT UNIQUE,              -- normalised 18 characters (GB 11643-1999)
  id_override INTEGER NOT NULL DEFAULT 0, -- accepted although it fails the checks (legacy)
  id_override_reason TEXT,
  education TEXT,
  phone TEXT,                         -- normalised mobile, e.g. 13812345678
  landline TEXT,                      -- normalised fixed line, e.g. 0931-8123456
  address TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX person_name ON person(name);
CREATE INDEX person_name_key ON person(name_key);

-- Party membership of a person (党员): one row per person.
CREATE TABLE member (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL UNIQUE REFERENCES person(id),
  org_id INTEGER NOT NULL REFERENCES org(id),
  category TEXT NOT NULL CHECK (category IN ('在职', '离退休', '农民', '学生', '下岗失业', '其他')),
  status TEXT NOT NULL CHECK (status IN ('预备党员', '正式党员')),
  joined_date TEXT,                   -- 加入党组织日期: the 支部大会 that admitted the 预备党员
  full_date TEXT,                     -- 转为正式党员日期
  probation_end TEXT,                 -- 预备期满之日 when extended (NULL: joined + 1 year)
  party_age_from TEXT,                -- derived, never typed: the day 党龄 counts from (the end
                                      -- of the probation; NULL for a 预备党员 or unknown). Set
                                      -- by member_store.c from member_party_age_from(), so that
                                      -- 党龄 bands are index-free SQL comparisons.
  standing TEXT NOT NULL DEFAULT '正常' CHECK (standing IN ('正常', '停止党籍')),
  lost_contact INTEGER NOT NULL DEFAULT 0,
  lost_date TEXT,
  flowing INTEGER NOT NULL DEFAULT 0,
  flow_destination TEXT,
  work_post TEXT,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
CREATE INDEX member_org ON member(org_id);
CREATE INDEX member_status ON member(org_id, status);

-- Positions with terms: 书记, 副书记, 组织委员 … in a body (支部委员会, 村民委员会, …).
CREATE TABLE position (
  id INTEGER PRIMARY KEY,
  person_id INTEGER NOT NULL REFERENCES person(id),
  org_id INTEGER NOT NULL REFERENCES org(id),
  body TEXT NOT NULL CHECK (body IN ('支部委员会', '党委', '村民委员会', '村务监督委员会', '党小组', '驻村工作队')),
  title TEXT NOT NULL,
  start_date TEXT NOT NULL,
  end_date TEXT
);
CREATE INDEX position_org ON position(org_id, body);
CREATE INDEX position_person ON position(person_id);

-- The responsibility chain of an org: 第一责任人, 直接责任人, 具体责任人.
CREATE TABLE responsibility (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES org(id),
  level TEXT NOT NULL CHECK (level IN ('first', 'direct', 'specific')),
  person_id INTEGER NOT NULL REFERENCES person(id),
  start_date TEXT NOT NULL,
  end_date TEXT
);
CREATE INDEX responsibility_org ON responsibility(org_id);
CREATE INDEX responsibility_person ON responsibility(person_id);

-- Contact cadres are persons too; an account (if any) gives them sign-in and scope. Most
-- 驻村干部 and 包村领导 have no account, so account_id becomes optional: the table is rebuilt
-- (SQLite cannot drop a NOT NULL), same columns plus person_id; an assignment names a person,
-- an account, or both.
CREATE TABLE contact_assignment_new (
  id INTEGER PRIMARY KEY,
  account_id INTEGER REFERENCES account(id) ON DELETE CASCADE,
  org_id INTEGER NOT NULL REFERENCES org(id),
  kind TEXT NOT NULL CHECK (kind IN ('village_leader', 'resident_cadre', 'instructor', 'section_chief')),
  start_date TEXT NOT NULL,
  end_date TEXT,
  person_id INTEGER REFERENCES person(id),
  CHECK (account_id IS NOT NULL OR person_id IS NOT NULL)
);
INSERT INTO contact_assignment_new(id, account_id, org_id, kind, start_date, end_date)
  SELECT id, account_id, org_id, kind, start_date, end_date FROM contact_assignment;
DROP TABLE contact_assignment;
ALTER TABLE contact_assignment_new RENAME TO contact_assignment;
CREATE INDEX contact_assignment_account ON contact_assignment(account_id);
CREATE INDEX contact_assignment_org ON contact_assignment(org_id);
CREATE INDEX contact_assignment_person ON contact_assignment(person_id);
