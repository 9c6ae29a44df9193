-- bench/compliance_gen.sql — two years of 三会一课 records on EVERY branch and 党小组 of a
-- database made by `dangjian demo --scale city --no-meetings` (run by bench/compliance.sh with
-- the sqlite3 shell). The same plan as the demo's own generator (src/demo/demo_meetings.c),
-- in bulk INSERT … SELECT statements so that ~260,000 records with their attendance and
-- decisions take a minute, not the hour that record-by-record writes would:
--   - months 2024-12 .. 2026-11, nothing after three days before today;
--   - a branch: 主题党日 every month, 支部委员会 every month (when it has a committee of ≥ 3),
--     党员大会 in the last month of each quarter, 党课 in the middle one, 组织生活会 and
--     民主评议党员 in December (and November 2026); a 党小组: 党小组会 every month;
--   - branches tagged 偏远 (and their groups) skip about a third of them, the others 1 in 12;
--   - attendance: every member of the branch (a group: every n-th, as the demo shares them),
--     the committee's members for a 支部委员会; about one in nine absent with a reason;
--   - 1–2 decisions on the kinds that decide (党员大会, 支部委员会, 民主评议党员);
--   - states: mostly 已审核, some 退回重填 / 已提交 / 暂存, like the demo's mix.
-- Deterministic: every "random" choice is a hash of ids and the month.
PRAGMA synchronous = OFF;
PRAGMA cache_size = -262144;
PRAGMA temp_store = MEMORY;

BEGIN;

-- h(x): a 31-bit mix of an integer (multiplicative hash, then a xorshift step).
CREATE TEMP TABLE body AS
SELECT o.id, o.kind, o.parent_id,
       o.kind = 'group' AS grp,
       EXISTS (SELECT 1 FROM org_tag ot JOIN tag t ON t.id = ot.tag_id
               WHERE ot.org_id = CASE WHEN o.kind = 'group' THEN o.parent_id ELSE o.id END
                 AND t.code = 'remote') AS remote,
       (SELECT count(DISTINCT p.person_id) FROM position p WHERE p.org_id = o.id
          AND p.body IN ('支部委员会', '党委') AND p.end_date IS NULL) >= 3 AS committee
FROM org o
WHERE o.dissolved IS NULL
  AND o.kind IN ('village', 'community', 'agency', 'enterprise', 'joint', 'general', 'group');

CREATE TEMP TABLE month AS
WITH RECURSIVE m(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM m WHERE i < 23)
SELECT i, date('2024-12-01', '+' || i || ' months') AS first,
       CAST(strftime('%m', date('2024-12-01', '+' || i || ' months')) AS INTEGER) AS mon
FROM m;

-- the kinds a body plans in a month (slot: a small number that varies the hash per kind)
CREATE TEMP TABLE plan AS
SELECT b.id AS org_id, b.remote, mo.i, mo.first, k.kind, k.slot, k.day0, k.days
FROM body b JOIN month mo
JOIN (SELECT 'group' AS kind, 0 AS slot, 1 AS day0, 27 AS days, 1 AS grp
      UNION ALL SELECT 'theme_day', 1, 3, 12, 0
      UNION ALL SELECT 'committee', 2, 1, 25, 0
      UNION ALL SELECT 'party_congress', 3, 5, 20, 0
      UNION ALL SELECT 'lecture', 4, 5, 20, 0
      UNION ALL SELECT 'life_meeting', 5, 10, 15, 0
      UNION ALL SELECT 'appraisal', 6, 10, 15, 0) k ON k.grp = b.grp
WHERE (k.kind <> 'committee' OR b.committee)
  AND (k.kind <> 'party_congress' OR mo.mon % 3 = 0)
  AND (k.kind <> 'lecture' OR mo.mon % 3 = 2)
  AND (k.kind NOT IN ('life_meeting', 'appraisal') OR mo.mon = 12 OR mo.i = 23);

CREATE TEMP TABLE planned AS
SELECT org_id, kind,
       date(first, '+' || (day0 - 1 + ((org_id * 2654435761 + i * 40503 + slot * 97) >> 7) % days)
            || ' days') || ' ' ||
       CASE ((org_id * 2246822519 + i * 3266489917 + slot) >> 9) % 3
         WHEN 0 THEN '09:00' WHEN 1 THEN '14:30' ELSE '19:30' END AS held_at,
       ((org_id * 374761393 + i * 668265263 + slot * 2654435761) >> 11) % 1000 AS r
FROM plan;
DELETE FROM planned
WHERE (r % 100) < CASE WHEN (SELECT remote FROM body WHERE body.id = planned.org_id)
                       THEN 33 ELSE 8 END
   OR substr(held_at, 1, 10) > date('now', '-3 days');

-- ordered by time so record ids follow held_at roughly as entry order does
INSERT INTO meeting(org_id, kind, held_at, place, host_person_id, recorder_person_id,
                    study_title, topics, minutes, state, due_date, submitted_at, reviewed_at,
                    entered_at, updated_at)
SELECT p.org_id, p.kind, p.held_at,
       CASE WHEN p.kind = 'group' THEN NULL ELSE '党员活动室' END, NULL, NULL,
       CASE WHEN p.kind IN ('theme_day', 'lecture', 'group')
            THEN '学习《中国共产党支部工作条例（试行）》' END,
       CASE WHEN p.kind = 'group' THEN NULL ELSE
         CASE p.r % 4 WHEN 0 THEN '传达学习上级党委会议精神' WHEN 1 THEN '研究本季度党建工作安排'
                      WHEN 2 THEN '讨论发展党员工作' ELSE '研究村集体经济发展项目' END END,
       '会议由书记主持，传达了上级有关文件精神。与会党员集体学习了相关内容。' || char(10) ||
       '张明：结合本村实际，要把学习成果落实到为群众办实事上。' ||
       CASE WHEN p.kind = 'group' THEN '' ELSE char(10) ||
         '李华：建议把党员责任区和网格管理结合起来，分片包户。' || char(10) ||
         '王强：老党员要发挥带头作用，年轻党员要多承担具体工作。' END,
       CASE WHEN p.r < 20 THEN 'returned_refill' WHEN p.r < 25 THEN 'submitted'
            WHEN p.r < 27 THEN 'draft' ELSE 'accepted' END,
       date(substr(p.held_at, 1, 10), '+5 days'),
       CASE WHEN p.r < 25 OR p.r >= 27
            THEN unixepoch(substr(p.held_at, 1, 10)) + 86400 * (1 + p.r % 3) + 3600 END,
       CASE WHEN p.r < 20 OR p.r >= 27
            THEN unixepoch(substr(p.held_at, 1, 10)) + 86400 * (4 + p.r % 3) END,
       unixepoch(substr(p.held_at, 1, 10)) + 86400 * (1 + p.r % 3),
       unixepoch(substr(p.held_at, 1, 10)) + 86400 * (4 + p.r % 3)
FROM planned p ORDER BY p.held_at, p.org_id, p.kind;

-- rosters: a branch's members; a group's share (member rank ≡ group rank mod groups)
CREATE TEMP TABLE ranked AS
SELECT m.person_id, m.org_id, m.status = '正式党员' AS full,
       (m.status = '正式党员' AND m.standing = '正常') AS can_vote,
       row_number() OVER (PARTITION BY m.org_id ORDER BY m.person_id) - 1 AS rk
FROM member m;
CREATE TEMP TABLE grank AS
SELECT g.id, g.parent_id,
       row_number() OVER (PARTITION BY g.parent_id ORDER BY g.id) - 1 AS rk,
       count(*) OVER (PARTITION BY g.parent_id) AS n
FROM org g WHERE g.kind = 'group' AND g.dissolved IS NULL;
CREATE TEMP TABLE roster AS
SELECT r.org_id AS body_id, r.person_id, r.full, r.can_vote FROM ranked r
UNION ALL
SELECT gr.id, r.person_id, r.full, r.can_vote
FROM grank gr JOIN ranked r ON r.org_id = gr.parent_id AND r.rk % gr.n = gr.rk;
CREATE INDEX roster_body ON roster(body_id);
CREATE TEMP TABLE crew AS
SELECT DISTINCT p.org_id AS body_id, p.person_id, 1 AS full, 1 AS can_vote
FROM position p WHERE p.body IN ('支部委员会', '党委') AND p.end_date IS NULL;
CREATE INDEX crew_body ON crew(body_id);

INSERT INTO meeting_attendee(meeting_id, person_id, presence, reason, full_member, can_vote)
SELECT m.id, r.person_id,
       CASE WHEN (m.id * 2654435761 + r.person_id * 40503) % 9 = 0 THEN 'absent' ELSE 'present' END,
       CASE WHEN (m.id * 2654435761 + r.person_id * 40503) % 9 = 0 THEN '外出务工' END,
       r.full, r.can_vote
FROM meeting m JOIN roster r ON r.body_id = m.org_id
WHERE m.kind <> 'committee';
INSERT OR IGNORE INTO meeting_attendee(meeting_id, person_id, presence, reason, full_member,
                                       can_vote)
SELECT m.id, c.person_id,
       CASE WHEN (m.id * 2654435761 + c.person_id * 40503) % 13 = 0 THEN 'absent' ELSE 'present' END,
       CASE WHEN (m.id * 2654435761 + c.person_id * 40503) % 13 = 0 THEN '生病住院' END,
       c.full, c.can_vote
FROM meeting m JOIN crew c ON c.body_id = m.org_id
WHERE m.kind = 'committee';

INSERT INTO meeting_decision(meeting_id, seq, text, yes, no, abstain, passed, quorum_ok)
SELECT m.id, s.seq,
       CASE s.seq WHEN 1 THEN '同意将本季度党建工作安排报乡镇党委' ELSE '同意确定两名入党积极分子' END,
       (SELECT count(*) FROM meeting_attendee a WHERE a.meeting_id = m.id
          AND a.presence = 'present' AND a.can_vote = 1), 0, 0, 1, 1
FROM meeting m JOIN (SELECT 1 AS seq UNION ALL SELECT 2) s
  ON s.seq = 1 OR m.id % 2 = 0
WHERE m.kind IN ('party_congress', 'committee', 'appraisal');

-- The city's top: the demo's districts are roots (no org kind sits above a 区委), so for a
-- roll-up of the whole city a root of kind district, 示例市委, is put above the ten districts
-- (every path gets its prefix). Its account (`city`) is added by bench/compliance.sh.
INSERT INTO org(id, parent_id, path, kind, name, short_name, code, created_at, founded)
VALUES (1000000, NULL, '/1000000/', 'district', '中共示例市委员会', '示例市委', 'C000',
        unixepoch('2024-01-01'), '1949-10-01');
UPDATE org SET path = '/1000000' || path WHERE id <> 1000000;
UPDATE org SET parent_id = 1000000 WHERE kind = 'district' AND id <> 1000000;
UPDATE audit SET org_path = '/1000000' || org_path WHERE org_path LIKE '/%';

COMMIT;
-- no ANALYZE: the server's query plans must not depend on statistics a real database lacks
