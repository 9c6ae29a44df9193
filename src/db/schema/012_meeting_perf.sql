-- 012_meeting_perf: indexes for the 三会一课 pages at city scale (bench/compliance.sh).
--
-- meeting_org becomes covering for the compliance roll-ups: they read (org_id, held_at, kind,
-- state) of every record of a subtree's year, and with only (org_id, held_at) in the index
-- each of those ~100,000 records (city) meant a lookup of its table row, whose minutes make
-- it large. Same name, same leading columns: every query that used it still can.
DROP INDEX meeting_org;
CREATE INDEX meeting_org ON meeting(org_id, held_at, kind, state);

-- The record list (/meetings) pages by keyset, newest first: (held_at, id) < the cursor,
-- ORDER BY held_at DESC, id DESC. For a large subtree (a district, the city) walking this
-- index backwards and keeping the rows in the subtree finds a page after reading about
-- page size × (all records / the subtree's records) entries, instead of sorting them all;
-- org_id is in it so that the entries of other subtrees are skipped without reading the row.
CREATE INDEX meeting_held ON meeting(held_at, id, org_id);
