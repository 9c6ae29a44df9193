-- 013_meeting_attachment: photos and scans attached to a meeting record. Optional, never
-- required (DOMAIN.md §0.1: no 留痕 for its own sake); stored in the database like every other
-- state, so a backup stays one file (DESIGN.md §2). The type is what the content is (checked
-- by its leading bytes), not what the browser claimed.

CREATE TABLE meeting_attachment (
  id INTEGER PRIMARY KEY,
  meeting_id INTEGER NOT NULL REFERENCES meeting(id) ON DELETE CASCADE,
  name TEXT NOT NULL,                     -- file name as uploaded (directory part removed)
  content_type TEXT NOT NULL,             -- image/jpeg, image/png, application/pdf, …
  size INTEGER NOT NULL,
  data BLOB NOT NULL,
  uploaded_by INTEGER REFERENCES account(id),
  uploaded_at INTEGER NOT NULL
);
CREATE INDEX meeting_attachment_meeting ON meeting_attachment(meeting_id, id);
