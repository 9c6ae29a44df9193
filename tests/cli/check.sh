#!/usr/bin/env bash
# tests/cli/check.sh BINARY — `dangjian check` over the demo: usage errors exit 2, an unknown
# org exits 1, a clean period exits 0, findings exit 1, the JSON parses and every finding has
# rule / org / period / message / evidence, and a year over the district runs quickly.
# Prints "ok - name" / "not ok - name", then "N passed, M failed".
set -u
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1

"$bin" demo --db d.db --demo-password 'Demo#2024dj' >/dev/null 2>&1 || { echo "not ok - demo"; echo "0 passed, 1 failed"; exit 1; }

check "bad --period" 2 '--period' -- "$bin" check --period 2025Q9 --db d.db
check "bad --period form" 2 '--period' -- "$bin" check --period 25-3 --db d.db
check "bad --format" 2 'text 或 json' -- "$bin" check --format xml --db d.db
check "unknown option" 2 '' -- "$bin" check --nope --db d.db
check "extra argument" 2 '' -- "$bin" check extra --db d.db
check "unknown org" 1 'NOPE' -- "$bin" check --org NOPE --period 2025Q3 --db d.db
check "findings exit 1" 1 'frequency|late_submission|backfill' -- "$bin" check --period 2025 --db d.db
check "default period" 1 '' -- "$bin" check --db d.db
check "future period is clean" 0 '0 项问题' -- "$bin" check --period 2027Q1 --db d.db
check "help" 0 'check' -- "$bin" help check

# a clean quarter of some branch
clean=""
for t in 01 02 03 04; do
  for b in 01 02 03 04 05 06 07 08 09 10 11 12; do
    if "$bin" check --org "D001T${t}B$b" --period 2025Q2 --db d.db >/dev/null 2>&1; then
      clean="D001T${t}B$b"
      break 2
    fi
  done
done
if [ -n "$clean" ]; then ok "clean period exits 0 ($clean 2025Q2)"; else notok "no clean branch quarter found"; fi

# JSON
"$bin" check --period 2025 --format json --db d.db >out.json 2>err.txt
status=$?
if [ "$status" -eq 1 ] && python3 -c '
import json, sys
a = json.load(open("out.json"))
rules = {"frequency", "late_submission", "backfill", "no_decision", "no_discussion",
         "recorder_pattern", "quorum", "copied_minutes", "key_topic_missing"}
assert isinstance(a, list) and a, "empty"
seen = set()
for f in a:
    assert set(f) == {"rule", "org", "period", "message", "evidence"}, f
    assert f["rule"] in rules, f["rule"]
    assert isinstance(f["org"], str) and f["org"], f
    assert isinstance(f["period"], str) and f["period"].startswith("2025"), f
    assert isinstance(f["message"], str) and f["message"], f
    assert all(isinstance(i, int) for i in f["evidence"]), f
    seen.add(f["rule"])
for r in ("frequency", "backfill", "no_decision", "no_discussion", "recorder_pattern",
          "copied_minutes", "key_topic_missing"):
    assert r in seen, r
# a copy names what it resembles and how alike; the copying record comes first
for f in a:
    if f["rule"] == "copied_minutes":
        assert "%" in f["message"] and f["evidence"], f
    if f["rule"] == "key_topic_missing":
        assert "重点工作" in f["message"], f
'; then ok "json parses with the fields"; else notok "json: exit $status $(head -c 300 err.txt)"; fi

"$bin" check --period 2025Q3 --format json --db d.db >q.json 2>/dev/null
if python3 -c 'import json; a = json.load(open("q.json")); assert all(f["period"] in ("2025Q3", "2025-07", "2025-08", "2025-09", "2025") for f in a), a[:2]'; then
  ok "quarter findings name the period"
else
  notok "quarter periods"
fi

# the text rules of one town: its planted copy of a material, nothing of other towns
"$bin" check --org D001T01 --period 2025 --format json --db d.db >t.json 2>/dev/null
if python3 -c '
import json
a = [f for f in json.load(open("t.json")) if f["rule"] in ("copied_minutes", "key_topic_missing")]
assert a and all(f["org"].startswith("D001T01") for f in a), a
assert any("学习材料" in f["message"] for f in a), a
'; then ok "text rules of one town"; else notok "text rules of one town: $(head -c 300 t.json)"; fi

# speed: a district quarter (the text rules compare every record of two quarters)
start=$(date +%s%N)
"$bin" check --period 2025Q3 --db d.db >/dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$ms" -lt 1000 ]; then ok "district quarter in ${ms} ms"; else notok "district quarter took ${ms} ms"; fi

# speed: a year over the district
start=$(date +%s%N)
"$bin" check --period 2025 --db d.db >/dev/null 2>&1
ms=$(( ($(date +%s%N) - start) / 1000000 ))
if [ "$ms" -lt 3000 ]; then ok "district year in ${ms} ms"; else notok "district year took ${ms} ms"; fi

summary
