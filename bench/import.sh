#!/usr/bin/env bash
# bench/import.sh [DANGJIAN] — import of a 100,000-row roster .xlsx against LibreOffice merely
# converting the same file to CSV (see bench/README.md, "Roster import").
#
#   1. `dangjian demo` into a fresh temporary database; the branches of its first district
#      (full names) become the 所在党支部 of the generated rows;
#   2. bench/import_gen.c writes ROWS (100000) valid members to roster.xlsx (template layout:
#      title, header on row 4, data from row 5, dates as date cells, ID numbers as text);
#   3. times `dangjian import roster roster.xlsx --org D001` (read, check, one transaction
#      with an audit row per member) and checks that every row was imported;
#   4. times `soffice --headless --convert-to csv` of the same file when soffice is installed;
#   5. prints both times and the ratio. Exit 0 when the import is faster (or soffice is
#      missing), 1 when it is not, 2 on a setup error.
# Environment: ROWS (100000), KEEP=1 keeps the temporary directory.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin=$(realpath "${1:-$here/build/release/dangjian}")
rows=${ROWS:-100000}
tmp=$(mktemp -d)
cleanup() { if [ "${KEEP:-0}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi; }
trap cleanup EXIT
die() { echo "setup failed: $*" >&2; exit 2; }

[ -x "$bin" ] || die "no binary at $bin (make release)"
command -v sqlite3 >/dev/null || die "sqlite3 (the command-line shell) is needed"
cc -std=c17 -D_GNU_SOURCE -O2 -Wall -o "$tmp/import_gen" "$here/bench/import_gen.c" \
   $(pkg-config --cflags --libs xlsxwriter) || die "cannot build bench/import_gen.c"

"$bin" demo --db "$tmp/demo.db" --demo-password 'Demo#2024dj' >/dev/null || die "demo failed"
sqlite3 "$tmp/demo.db" "SELECT name FROM org WHERE kind IN ('village','community','agency')
  AND dissolved IS NULL AND path LIKE (SELECT path FROM org WHERE code = 'D001') || '%'
  ORDER BY path" >"$tmp/branches.txt" || die "cannot list the demo's branches"
before=$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM member")
echo "demo database: $(wc -l <"$tmp/branches.txt") branches, $before members"

t0=$(date +%s.%N)
"$tmp/import_gen" "$tmp/branches.txt" "$tmp/roster.xlsx" "$rows" || die "generator failed"
t1=$(date +%s.%N)
printf 'generated %s rows: %s bytes in %.2f s\n' "$rows" "$(stat -c %s "$tmp/roster.xlsx")" \
  "$(echo "$t1 - $t0" | bc)"

# the import (stderr is not a terminal here: no progress bar)
t0=$(date +%s.%N)
/usr/bin/time -f '%e s wall, %U s user, %M KiB peak RSS' -o "$tmp/import.time" \
  "$bin" import roster "$tmp/roster.xlsx" --org D001 --db "$tmp/demo.db" >"$tmp/import.out" 2>&1 \
  || { cat "$tmp/import.out" | head -20; die "import exited with status $?"; }
t1=$(date +%s.%N)
import_s=$(echo "$t1 - $t0" | bc)
after=$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM member")
audits=$(sqlite3 "$tmp/demo.db" "SELECT count(*) FROM audit WHERE login = 'cli' AND action = 'create'")
head -3 "$tmp/import.out"
[ $((after - before)) -eq "$rows" ] || die "expected $rows new members, got $((after - before))"
[ "$audits" -eq "$rows" ] || die "expected $rows audit rows, got $audits"
printf 'import:  %6.2f s  (%s; %s members added, %s audit rows)\n' "$import_s" \
  "$(cat "$tmp/import.time")" $((after - before)) "$audits"

if ! command -v soffice >/dev/null; then
  echo "soffice not installed (apt-get install libreoffice-calc-nogui): no comparison"
  exit 0
fi
mkdir -p "$tmp/lo" "$tmp/profile"
t0=$(date +%s.%N)
soffice -env:UserInstallation=file://"$tmp/profile" --headless --convert-to csv \
  --outdir "$tmp/lo" "$tmp/roster.xlsx" >"$tmp/lo.out" 2>&1 || die "soffice failed"
t1=$(date +%s.%N)
lo_s=$(echo "$t1 - $t0" | bc)
[ -s "$tmp/lo/roster.csv" ] || die "soffice wrote no CSV"
printf 'soffice --convert-to csv: %6.2f s  (%s lines)\n' "$lo_s" "$(wc -l <"$tmp/lo/roster.csv")"
ratio=$(echo "scale=2; $lo_s / $import_s" | bc)
echo "ratio soffice / import: ${ratio}x"
if [ "$(echo "$import_s < $lo_s" | bc)" = 1 ]; then
  echo "PASS  import of $rows rows is faster than LibreOffice's conversion alone"
else
  echo "FAIL  import of $rows rows is slower than LibreOffice's conversion"
  exit 1
fi
