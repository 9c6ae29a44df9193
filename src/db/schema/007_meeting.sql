-- 007_meeting: 三会一课 meeting records (DOMAIN.md §0.2, §1). The rules are in
-- src/meeting/meeting_rules.c; this holds what was entered and what the system recorded.
-- held_at is local time 'YYYY-MM-DD HH:MM'; dates 'YYYY-MM-DD'; *_at integers are Unix seconds.
-- Attachments (photos, scans) are not stored yet: they are never required (DOMAIN.md §0.1).

CREATE TABLE meeting (
  id INTEGER PRIMARY KEY,
  org_id INTEGER NOT NULL REFERENCES org(id),     -- the body that met (branch or 党小组)
  kind TEXT NOT NULL CHECK (kind IN ('party_congress', 'committee', 'group', 'lecture',
                                     'theme_day', 'life_meeting', 'appraisal',
                                     'joint_meeting')),
  held_at TEXT NOT NULL,                          -- 'YYYY-MM-DD HH:MM'
  place TEXT,
  host_person_id INTEGER REFERENCES person(id),   -- 主持人
  recorder_person_id INTEGER REFERENCES person(id), -- 记录人
  lecturer TEXT,                                  -- 党课: 讲课人
  lecture_title TEXT,                             -- 党课: 题目
  study_title TEXT,                               -- 学习内容: title
  study_source TEXT,                              -- 学习内容: source
  topics TEXT,                                    -- 议题, one per line
  minutes TEXT,                                   -- 发言要点
  guests TEXT,                                    -- 列席人员 (free text)
  state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'submitted', 'accepted',
                                     'returned_refill', 'returned_rehold', 'closed')),
  due_date TEXT NOT NULL,                         -- record due (submit.workdays after held_at)
  submitted_at INTEGER,                           -- the first submission (lateness is kept)
  reviewed_by INTEGER REFERENCES account(id),
  reviewed_at INTEGER,
  review_remark TEXT,
  entered_by INTEGER REFERENCES account(id),      -- the account that entered it (system)
  entered_at INTEGER NOT NULL,                    -- entry time (system)
  updated_at INTEGER NOT NULL,
  rehold_of INTEGER REFERENCES meeting(id)        -- the record this meeting was held again for
);
CREATE INDEX meeting_org ON meeting(org_id, held_at);
CREATE INDEX meeting_kind ON meeting(org_id, kind, held_at);
CREATE INDEX meeting_state ON meeting(state, due_date);

-- Attendance: every roster member of the body at the time of the meeting (present, or absent
-- with a reason), with their voting status then, so quorum stays provable after the roster
-- changes; 'attending' (列席) for known persons who attended without being members.
CREATE TABLE meeting_attendee (
  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  person_id INTEGER NOT NULL REFERENCES person(id),
  presence TEXT NOT NULL CHECK (presence IN ('present', 'absent', 'attending')),
  reason TEXT,                                    -- 缺席原因
  exclusion TEXT CHECK (exclusion IN ('incapable', 'abroad', 'sentence', 'bedridden',
                                      'untransferred')),  -- not counted as 应到
  full_member INTEGER NOT NULL DEFAULT 1,         -- 正式党员 at the meeting (snapshot)
  can_vote INTEGER NOT NULL DEFAULT 1,            -- 表决权 at the meeting (snapshot)
  PRIMARY KEY (meeting_id, person_id)
);
CREATE INDEX meeting_attendee_person ON meeting_attendee(person_id);

-- Decisions with their vote; passed and quorum_ok are computed by meeting_tally_counts when
-- saved (stored so ledgers need no recomputation).
CREATE TABLE meeting_decision (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,
  text TEXT NOT NULL,
  yes INTEGER,                                    -- NULL: not put to a vote
  no INTEGER,
  abstain INTEGER,
  passed INTEGER NOT NULL DEFAULT 0,
  quorum_ok INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_decision_meeting ON meeting_decision(meeting_id, seq);

-- Speeches (发言要点 per speaker): optional; the form keeps them in meeting.minutes for now.
CREATE TABLE meeting_speech (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  person_id INTEGER REFERENCES person(id),
  name TEXT,
  text TEXT NOT NULL,
  CHECK (person_id IS NOT NULL OR name IS NOT NULL)
);
CREATE INDEX meeting_speech_meeting ON meeting_speech(meeting_id);
