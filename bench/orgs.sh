#!/usr/bin/env bash
# bench/orgs.sh [BINARY] — response times of the org tree pages on a province-sized database.
#
# Builds a demo database (`dangjian demo --scale province`: ~82k orgs) in a temporary
# directory, starts BINARY (default ./dangjian) on a free loopback port, signs in town1,
# district and admin with curl, and times N sequential requests (one keep-alive connection,
# after a few warm-up requests) per account for:
#   tree    GET /orgs             the account's tree
#   search  GET /orgs?q=FRAG      FRAG: a village name fragment of town1's first village
#   nohit   GET /orgs?q=…         a search that matches nothing (the whole scope is scanned)
#   detail  GET /orgs/ID          ID: town1's first village (inside every account's scope)
# Prints median, p90 and max per kind and PASS/FAIL against the target: median < 20 ms for
# town1's tree and town1's search. The other rows (admin: 100 districts, searches across
# all ~82k orgs) are reported with their own figures; a slow one is called out.
# Exit status: 0 when the targets pass, 1 when one fails, 2 on a setup error.
#
# Environment: N (100), WARMUP (5), MAX_MEDIAN_MS (20), SCALE (province), SERVE_ARGS (extra
# `serve` options), KEEP=1 keeps the temp dir (database, server log, timings).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

BIN=${1:-./dangjian}
N=${N:-100}
WARMUP=${WARMUP:-5}
MAX_MEDIAN_MS=${MAX_MEDIAN_MS:-20}
SCALE=${SCALE:-province}
SERVE_ARGS=${SERVE_ARGS:-}
PW='Bench#Demo2025'
NOHIT='不存在的组织名称'

die() { echo "orgs.sh: $*" >&2; exit 2; }

for tool in curl jq awk sort; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[[ -x $BIN ]] || die "no executable $BIN (run \`make release\` or pass the binary path)"
[[ $N =~ ^[0-9]+$ && $N -ge 1 && $N -le 10000 ]] || die "N must be 1..10000"
[[ $WARMUP =~ ^[0-9]+$ && $WARMUP -le 1000 ]] || die "WARMUP must be 0..1000"

bench_tmp bench-orgs

DB=$TMP/orgs.db
t0=$(date +%s.%N)
"$BIN" demo --db "$DB" --scale "$SCALE" --demo-password "$PW" >"$TMP/demo.out" 2>&1 ||
  die "demo failed: $(cat "$TMP/demo.out")"
t1=$(date +%s.%N)
demo_line=$(head -n1 "$TMP/demo.out")

bench_serve "$BIN" "$DB"

# --- sign in: cookie jar $TMP/LOGIN.jar per account ---
ACCOUNTS=(town1 district admin)
for a in "${ACCOUNTS[@]}"; do bench_sign_in "$a" "$PW" "$TMP/$a.jar" /; done

# --- what to ask for: from town1's own tree (JSON) ---
c "$TMP/town1.jar" -H 'Accept: application/json' "$URL/orgs" >"$TMP/town1-tree.json" ||
  die "GET /orgs as town1 failed$(server_note)"
read -r VILLAGE_ID VILLAGE < <(jq -r '[.roots[0].children[] | select(.kind == "village")][0]
  | "\(.id) \(.short_name)"' "$TMP/town1-tree.json") || die "no village in town1's tree"
[[ $VILLAGE_ID =~ ^[0-9]+$ ]] || die "no village in town1's tree: $(head -c 300 "$TMP/town1-tree.json")"
FRAG=${VILLAGE%村党支部} # 徐家坪村党支部 -> 徐家坪
[[ -n $FRAG && $FRAG != "$VILLAGE" ]] || die "unexpected village name '$VILLAGE'"
enc() { jq -rn --arg s "$1" '$s | @uri'; }
Q=$(enc "$FRAG")
QN=$(enc "$NOHIT")

declare -A PATHS=([tree]="/orgs" [search]="/orgs?q=$Q" [nohit]="/orgs?q=$QN" [detail]="/orgs/$VILLAGE_ID")
KINDS=(tree search nohit detail)
declare -A WHAT=([tree]="GET /orgs" [search]="GET /orgs?q=$FRAG" [nohit]="GET /orgs?q=$NOHIT"
  [detail]="GET /orgs/$VILLAGE_ID")

# The response must be the real page (not a redirect to /login or an error page).
check_page() { # account kind file
  local a=$1 k=$2 f=$3
  case $k in
    tree) grep -q 'class="org-tree org-roots"' "$f" ;;
    search) grep -q 'class="org-results"' "$f" && grep -q "$FRAG" "$f" ;;
    nohit) grep -q '没有找到名称或编码匹配的组织' "$f" ;;
    detail) grep -q "$VILLAGE" "$f" && grep -q '基本信息' "$f" ;;
  esac || die "$a ${WHAT[$k]}: not the expected page (see $f; KEEP=1 keeps it)"
}

# N sequential requests over one keep-alive connection; one "status seconds" line each.
time_kind() { # account kind
  local a=$1 k=$2 url=$URL${PATHS[$2]} out=$TMP/$1-$2.times args=() i
  for ((i = 0; i < WARMUP + N; i++)); do args+=(-o /dev/null "$url"); done
  curl -sS --noproxy '*' --max-time 300 -b "$TMP/$a.jar" \
    -w '%{http_code} %{time_total}\n' "${args[@]}" >"$out" ||
    die "curl $url as $a failed$(server_note)"
  local bad
  bad=$(awk '$1 != 200 && n++ < 3 { printf "%s ", $0 }' "$out")
  [[ -z $bad ]] || die "$a ${WHAT[$k]}: non-200 answers: $bad$(server_note)"
  tail -n "$N" "$out" | awk '{ printf "%.3f\n", $2 * 1000 }' | sort -n >"$out.ms"
}

stats() { # sorted ms file -> "median p90 max"
  awk '{ v[NR] = $1 } END {
    n = NR; med = (n % 2) ? v[(n + 1) / 2] : (v[n / 2] + v[n / 2 + 1]) / 2
    p = int(0.9 * n); if (p < 0.9 * n) p++; if (p < 1) p = 1
    printf "%.2f %.2f %.2f\n", med, v[p], v[n] }' "$1"
}

echo "dangjian org pages: $URL  $N sequential requests per row (+$WARMUP warm-up), one connection ($(nproc) CPUs)"
printf 'database: %s (%s, built in %.1f s)\n' "$demo_line" "$SCALE" "$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')"
echo "town1's village: $VILLAGE (id $VILLAGE_ID); search fragment: $FRAG"
echo
printf '%-9s %-7s %9s %9s %9s %7s  %s\n' account kind "median ms" "p90 ms" "max ms" bytes request
declare -A MED
for a in "${ACCOUNTS[@]}"; do
  for k in "${KINDS[@]}"; do
    page=$TMP/$a-$k.html
    c "$TMP/$a.jar" -o "$page" "$URL${PATHS[$k]}" || die "GET ${PATHS[$k]} as $a failed$(server_note)"
    check_page "$a" "$k" "$page"
    time_kind "$a" "$k"
    read -r med p90 max < <(stats "$TMP/$a-$k.times.ms")
    MED[$a:$k]=$med
    printf '%-9s %-7s %9s %9s %9s %7s  %s\n' "$a" "$k" "$med" "$p90" "$max" "$(wc -c <"$page")" \
      "${WHAT[$k]}"
  done
done

echo
lt() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; }
verdict() { lt "$1" "$MAX_MEDIAN_MS" && echo PASS || echo FAIL; }
ok=1
for k in tree search; do
  v=$(verdict "${MED[town1:$k]}")
  [[ $v == PASS ]] || ok=0
  echo "$v  town1 ${WHAT[$k]}: median ${MED[town1:$k]} ms < $MAX_MEDIAN_MS ms"
done
# Reported, not targets: every other row over the limit is named, with the likely cause.
for a in "${ACCOUNTS[@]}"; do
  for k in "${KINDS[@]}"; do
    [[ $a == town1 && ($k == tree || $k == search) ]] && continue
    lt "${MED[$a:$k]}" "$MAX_MEDIAN_MS" && continue
    case $k in
      search | nohit) why="org_search tests every org in scope with LIKE '%…%' on name and short_name: no index serves a leading wildcard, so a search over the province (and every search that finds fewer than 50) reads all ~82k rows. Fix: an FTS5 trigram index on (name, short_name) for queries of 3+ characters, plus a bigram side table (or instr() instead of LIKE, ~2x cheaper) for 1–2 character fragments" ;;
      tree) why="tree_build asks n_subtree (count of all live orgs below each root, path range + a table lookup per row for dissolved IS NULL): for 100 districts that counts the whole province on every page view. Fix: CREATE INDEX org_live_path ON org(path) WHERE dissolved IS NULL (covering; ~3x cheaper in sqlite3), or keep subtree counts up to date on write" ;;
      detail) why="org_get's n_subtree subquery counts the whole subtree" ;;
    esac
    echo "SLOW  $a ${WHAT[$k]}: median ${MED[$a:$k]} ms (not a target) — $why"
  done
done
after=$(c "$TMP/town1.jar" -o /dev/null -w '%{http_code}' "$URL/orgs" || true)
[[ $after == 200 ]] || { echo "FAIL  town1's session no longer works after the run (GET /orgs: $after)$(server_note)"; ok=0; }
[[ $ok == 1 ]]
