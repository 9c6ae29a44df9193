-- 010_meeting_amendment: amendments (修正) of accepted meeting records. An accepted record is
-- read-only; the branch changes it only through an amendment that says who, when and why, and
-- keeps what changed (one row per field: the old and the new value as shown on the record).
-- The record stays accepted (the reviewer accepted that the meeting was held; an amendment
-- corrects the record of it, and its kind and date, which the counting rests on, cannot be
-- amended). The entry time, first submission and review of the record never change.
-- Rows are never updated or deleted while the record exists.

CREATE TABLE meeting_amendment (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  amended_by INTEGER REFERENCES account(id),      -- NULL: the command line or a test
  amended_at INTEGER NOT NULL,                    -- Unix seconds
  reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)  -- 修正原因
);
CREATE INDEX meeting_amendment_meeting ON meeting_amendment(meeting_id, id);

CREATE TABLE meeting_amendment_change (
  amendment_id INTEGER NOT NULL REFERENCES meeting_amendment(id) ON DELETE CASCADE,
  seq INTEGER NOT NULL,                           -- 1, 2 … in the order of the record's fields
  field TEXT NOT NULL,                            -- 'place', 'topics', 'attendance', 'decision.2',
                                                  -- 'speeches' … (meeting_amend.h)
  label TEXT NOT NULL,                            -- 会议地点, 议题, 出席情况, 决议2 …
  old_value TEXT,                                 -- NULL: empty before
  new_value TEXT,                                 -- NULL: empty after
  PRIMARY KEY (amendment_id, seq)
);

-- The record that holds a meeting again (its detail page links back both ways).
CREATE INDEX meeting_rehold_of ON meeting(rehold_of) WHERE rehold_of IS NOT NULL;
