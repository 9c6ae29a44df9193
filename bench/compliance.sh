#!/usr/bin/env bash
# bench/compliance.sh [BINARY] — the 三会一课 pages on a city with two years of meetings on
# every branch (see bench/README.md, "三会一课 pages at city scale").
#
#   1. `dangjian demo --scale $DISTRICTS --no-meetings` (20 districts by default: 160 towns,
#      ~3,150 branches, ~12,900 党小组 — a city of the size the targets are set for) into a
#      temporary database, then bench/compliance_gen.sql (sqlite3 shell, bulk INSERT … SELECT)
#      adds two years of records on EVERY branch and 党小组 with their attendance and decisions
#      (~440,000 records, ~5.6 M attendance rows at 20 districts; a few minutes) and puts a city
#      org (示例市委, code C000) above the districts; `dangjian user add city`
#      gives it an account;
#   2. starts BINARY on a free loopback port, signs in district (青山区), town1 (城关镇),
#      branch1 and city with curl;
#   3. times N sequential requests per row (one keep-alive connection, after WARMUP):
#        district  GET /compliance?org=<青山区>&year=Y    the district roll-up   (< 100 ms)
#        town      GET /compliance?org=<城关镇>&year=Y    a town's roll-up       (<  20 ms)
#        branch    GET /compliance?org=<branch1>&year=Y   a branch's calendar
#        city      GET /compliance?org=<示例市委>&year=Y  the whole city's roll-up
#        list      GET /meetings                          district: first page
#        deep      GET /meetings?after=…                  district: the DEPTH-th page, reached
#                                                         by following the 下一页 links
#        period    GET /meetings?period=Y-Q1              district, one quarter, first page
#        citylist  GET /meetings                          city: first page
#   4. prints median, p90 and max per row and PASS/FAIL: the district roll-up median
#      < MAX_DISTRICT_MS, the town roll-up median < MAX_TOWN_MS, every list row median
#      < MAX_LIST_MS (the branch calendar and the city roll-up are reported). Every timed
#      answer must be HTTP 200, and each page is checked once.
# Exit status: 0 when all targets pass, 1 when one fails, 2 on a setup error.
#
# Environment: DISTRICTS (20), N (50), WARMUP (5), DEPTH (20), MAX_DISTRICT_MS (100), MAX_TOWN_MS (20),
# MAX_LIST_MS (50), SERVE_ARGS, DB (reuse a database this script built, kept by KEEP=1: skips
# step 1), KEEP=1 keeps the temporary directory.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

HERE=$(cd "$(dirname "$0")" && pwd)
BIN=${1:-./dangjian}
N=${N:-50}
DISTRICTS=${DISTRICTS:-20}
WARMUP=${WARMUP:-5}
DEPTH=${DEPTH:-20}
MAX_DISTRICT_MS=${MAX_DISTRICT_MS:-100}
MAX_TOWN_MS=${MAX_TOWN_MS:-20}
MAX_LIST_MS=${MAX_LIST_MS:-50}
SERVE_ARGS=${SERVE_ARGS:-}
PW='Bench#Demo2025'
YEAR=2026 # the generated months are 2024-12 .. 2026-11

die() { echo "compliance.sh: $*" >&2; exit 2; }

for tool in curl sqlite3 awk sort sed; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[[ -x $BIN ]] || die "no executable $BIN (run \`make release\` or pass the binary path)"
[[ $N =~ ^[0-9]+$ && $N -ge 1 && $N -le 10000 ]] || die "N must be 1..10000"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 1000 ]] || die "WARMUP must be 0..1000"
[[ $DEPTH =~ ^[0-9]+$ && $DEPTH -ge 2 && $DEPTH -le 1000 ]] || die "DEPTH must be 2..1000"

bench_tmp bench-compliance

q() { sqlite3 -batch -noheader "$DB" "$1"; }
if [[ -n ${DB:-} ]]; then
  [[ -f $DB ]] || die "DB=$DB does not exist"
  echo "database: $DB (reused)"
else
  DB=$TMP/city.db
  t0=$(date +%s.%N)
  "$BIN" demo --db "$DB" --scale "$DISTRICTS" --no-meetings --demo-password "$PW" >"$TMP/demo.out" 2>&1 ||
    die "demo failed: $(cat "$TMP/demo.out")"
  t1=$(date +%s.%N)
  sqlite3 -batch "$DB" <"$HERE/compliance_gen.sql" >"$TMP/gen.out" 2>&1 ||
    die "compliance_gen.sql failed: $(cat "$TMP/gen.out")"
  t2=$(date +%s.%N)
  # the account of the city's top (compliance_gen.sql put 示例市委, code C000, above the districts)
  printf '%s\n' "$PW" | "$BIN" user add city --role district --org C000 --name 示例市委 \
    --db "$DB" --password-stdin >"$TMP/user.out" 2>&1 || die "user add city: $(cat "$TMP/user.out")"
  q "UPDATE account SET must_change = 0 WHERE login = 'city'"
  printf 'database: %s\n  demo %.1f s, meetings %.1f s\n' "$(head -n1 "$TMP/demo.out")" \
    "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')" \
    "$(awk -v a="$t1" -v b="$t2" 'BEGIN { print b - a }')"
fi
read -r n_meet n_att n_dec n_branch n_group < <(q "SELECT (SELECT count(*) FROM meeting),
  (SELECT count(*) FROM meeting_attendee), (SELECT count(*) FROM meeting_decision),
  (SELECT count(*) FROM org WHERE kind IN ('village','community','agency','enterprise','joint',
   'general') AND dissolved IS NULL), (SELECT count(*) FROM org WHERE kind = 'group')" | tr '|' ' ')
echo "  $n_meet records, $n_att attendance rows, $n_dec decisions; $n_branch branches, $n_group 党小组"
[[ $n_meet -ge $((DISTRICTS * 10000)) ]] || die "expected a city's records, found $n_meet"

# the orgs: from the accounts themselves
DISTRICT=$(q "SELECT org_id FROM account WHERE login = 'district'")
TOWN=$(q "SELECT org_id FROM account WHERE login = 'town1'")
BRANCH=$(q "SELECT org_id FROM account WHERE login = 'branch1'")
CITY=$(q "SELECT org_id FROM account WHERE login = 'city'")
n_district=$(q "SELECT count(*) FROM org b, org d WHERE d.id = $DISTRICT AND b.path > d.path
  AND b.path < d.path || '~' AND b.kind IN ('village','community','agency','enterprise','joint',
  'general') AND b.dissolved IS NULL")
n_dmeet=$(q "SELECT count(*) FROM meeting m JOIN org o ON o.id = m.org_id, org d
  WHERE d.id = $DISTRICT AND o.path >= d.path AND o.path < d.path || '~'")
n_town=$(q "SELECT count(*) FROM org b, org d WHERE d.id = $TOWN AND b.path > d.path
  AND b.path < d.path || '~' AND b.kind IN ('village','community','agency','enterprise','joint',
  'general') AND b.dissolved IS NULL")
[[ $DISTRICT =~ ^[0-9]+$ && $TOWN =~ ^[0-9]+$ && $BRANCH =~ ^[0-9]+$ && $CITY =~ ^[0-9]+$ ]] ||
  die "demo accounts not found (a database not built by this script?)"
echo "  district $DISTRICT (青山区): $n_district branches, $n_dmeet records;" \
  "town $TOWN (城关镇): $n_town branches; city $CITY (示例市委): all $n_branch branches"

bench_serve "$BIN" "$DB"
ACCOUNTS=(district town1 branch1 city)
for a in "${ACCOUNTS[@]}"; do bench_sign_in "$a" "$PW" "$TMP/$a.jar" /; done

# The DEPTH-th page of the district's list, by following the 下一页 links (none: no paging).
DEEP=
next=/meetings
for ((i = 1; i < DEPTH; i++)); do
  c "$TMP/district.jar" -o "$TMP/page.html" "$URL$next" || die "GET $next failed$(server_note)"
  next=$(grep -o 'href="/meetings?[^"]*"[^>]*rel="next"' "$TMP/page.html" | head -n1 |
    sed 's/^href="\([^"]*\)".*/\1/; s/&amp;/\&/g' || true)
  [[ -n $next ]] || break
  DEEP=$next
done
[[ -n $next ]] || DEEP=

declare -A ACCT=([district]=district [town]=town1 [branch]=branch1 [city]=city [list]=district
  [deep]=district [period]=district [citylist]=city)
declare -A PATHS=([district]="/compliance?org=$DISTRICT&year=$YEAR"
  [town]="/compliance?org=$TOWN&year=$YEAR" [branch]="/compliance?org=$BRANCH&year=$YEAR"
  [city]="/compliance?org=$CITY&year=$YEAR" [list]="/meetings" [deep]="$DEEP"
  [period]="/meetings?period=$YEAR-Q1" [citylist]="/meetings")
KINDS=(district town branch city list deep period citylist)

check_page() { # kind file
  case $1 in
    district | city) grep -q '各乡镇' "$2" && grep -q '各支部（落实率由低到高）' "$2" ;;
    town) grep -q '各支部（落实率由低到高）' "$2" ;;
    branch) grep -q '支部委员会' "$2" && grep -q '主题党日' "$2" && ! grep -q '各支部' "$2" ;;
    list | deep | period | citylist) grep -q 'class="ledger meeting-table"' "$2" ;;
  esac || die "$1 GET ${PATHS[$1]}: not the expected page (see $2; KEEP=1 keeps it)"
}

time_kind() { # kind
  local k=$1 a=${ACCT[$1]} url=$URL${PATHS[$1]} out=$TMP/$1.times args=() i bad
  for ((i = 0; i < WARMUP + N; i++)); do args+=(-o /dev/null "$url"); done
  curl -sS --noproxy '*' --max-time 600 -b "$TMP/$a.jar" \
    -w '%{http_code} %{time_total}\n' "${args[@]}" >"$out" ||
    die "curl $url as $a failed$(server_note)"
  bad=$(awk '$1 != 200 && n++ < 3 { printf "%s ", $0 }' "$out")
  [[ -z $bad ]] || die "$a GET ${PATHS[$k]}: non-200 answers: $bad$(server_note)"
  tail -n "$N" "$out" | awk '{ printf "%.3f\n", $2 * 1000 }' | sort -n >"$out.ms"
}

stats() { # sorted ms file -> "median p90 max"
  awk '{ v[NR] = $1 } END {
    n = NR; med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    p = int(0.9 * n); if (p < 0.9 * n) p++; if (p < 1) p = 1
    printf "%.2f %.2f %.2f\n", med, v[p], v[n] }' "$1"
}

echo
echo "dangjian 三会一课 pages: $URL  $N sequential requests per row (+$WARMUP warm-up), one connection ($(nproc) CPUs)"
printf '%-8s %-8s %9s %9s %9s %8s  %s\n' row account "median ms" "p90 ms" "max ms" bytes request
declare -A MED
for k in "${KINDS[@]}"; do
  if [[ -z ${PATHS[$k]} ]]; then
    printf '%-8s %-8s %9s %9s %9s %8s  %s\n' "$k" "${ACCT[$k]}" - - - - \
      "(no 下一页 link on the list: no paging)"
    continue
  fi
  page=$TMP/$k.html
  c "$TMP/${ACCT[$k]}.jar" -o "$page" "$URL${PATHS[$k]}" ||
    die "GET ${PATHS[$k]} as ${ACCT[$k]} failed$(server_note)"
  check_page "$k" "$page"
  time_kind "$k"
  read -r med p90 max < <(stats "$TMP/$k.times.ms")
  MED[$k]=$med
  printf '%-8s %-8s %9s %9s %9s %8s  %s\n' "$k" "${ACCT[$k]}" "$med" "$p90" "$max" \
    "$(wc -c <"$page")" "GET ${PATHS[$k]}"
done

echo
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
ok=1
verdict() { # kind limit what
  if [[ -z ${MED[$1]:-} ]]; then
    echo "FAIL  $3: not measured"
    ok=0
  elif lt "${MED[$1]}" "$2"; then
    echo "PASS  $3: median ${MED[$1]} ms < $2 ms"
  else
    echo "FAIL  $3: median ${MED[$1]} ms >= $2 ms"
    ok=0
  fi
}
verdict district "$MAX_DISTRICT_MS" "district roll-up ($n_district branches)"
verdict town "$MAX_TOWN_MS" "town roll-up ($n_town branches)"
verdict list "$MAX_LIST_MS" "district /meetings, first page"
verdict deep "$MAX_LIST_MS" "district /meetings, page $DEPTH"
verdict period "$MAX_LIST_MS" "district /meetings?period=$YEAR-Q1, first page"
verdict citylist "$MAX_LIST_MS" "city /meetings, first page"
echo "      branch calendar: median ${MED[branch]} ms; city roll-up ($n_branch branches): median ${MED[city]} ms (reported, no target)"
after=$(c "$TMP/district.jar" -o /dev/null -w '%{http_code}' "$URL/meetings" || true)
[[ $after == 200 ]] || { echo "FAIL  the district's session no longer works after the run (GET /meetings: $after)$(server_note)"; ok=0; }
[[ $ok == 1 ]]
