#!/usr/bin/env bash
# bench/http.sh [BINARY] — HTTP throughput of dangjian: /healthz versus the signed-in home page.
#
# Starts BINARY (default ./dangjian, built by `make release`) on a fresh temporary database
# on a free loopback port, signs in one account with curl (including the forced first-login
# password change), then runs wrk against /healthz and against / with the session cookie.
# Prints requests/s and p99 of both, the ratio signed-in/healthz, and PASS/FAIL against:
#   - signed-in throughput >= 50 % of /healthz throughput (same run)
#   - signed-in p99 latency < 20 ms at 64 connections
# Exit status: 0 when both targets pass, 1 when a target fails, 2 on a setup error.
#
# Environment: DURATION (10s), THREADS (2), CONNECTIONS (64), SERVE_ARGS (extra `serve`
# options, e.g. "--threads 4"), MIN_RATIO (50), MAX_P99_MS (20), KEEP=1 keeps the temp dir.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

BIN=${1:-./dangjian}
DURATION=${DURATION:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-64}
SERVE_ARGS=${SERVE_ARGS:-}
MIN_RATIO=${MIN_RATIO:-50}
MAX_P99_MS=${MAX_P99_MS:-20}
LOGIN=bench
INITIAL_PW='Init#Pass2024'
NEW_PW='Bench#Pass2025'

die() { echo "http.sh: $*" >&2; exit 2; }

for tool in curl wrk awk; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
[[ -x $BIN ]] || die "no executable $BIN (run \`make release\` or pass the binary path)"

bench_tmp bench

DB=$TMP/bench.db
JAR=$TMP/cookies.txt

"$BIN" init --db "$DB" >/dev/null || die "init failed"
printf '%s\n' "$INITIAL_PW" |
  "$BIN" user add "$LOGIN" --role admin --db "$DB" --password-stdin >/dev/null || die "user add failed"

bench_serve "$BIN" "$DB"

# --- sign in with curl, then the forced first-login password change ---
bench_sign_in "$LOGIN" "$INITIAL_PW" "$JAR" '/password*'

csrf=$(c "$JAR" "$URL/password" | csrf_of) || die "GET /password failed$(server_note)"
[[ -n $csrf ]] || die "no csrf field on /password"
read -r st loc < <(c "$JAR" -o /dev/null -D - "$URL/password" --data-urlencode "csrf=$csrf" \
  --data-urlencode "old=$INITIAL_PW" --data-urlencode "new=$NEW_PW" \
  --data-urlencode "new2=$NEW_PW" | status_location)
[[ ($st == 303 || $st == 302) && $loc == / ]] ||
  die "POST /password: expected a redirect to /, got '$st $loc'$(server_note)"
c "$JAR" -o /dev/null "$URL/" || die "GET / failed$(server_note)" # consumes the one-shot flash

SESSION=$(awk '$6 == "dj_session" { print $7 }' "$JAR" | tail -n1)
[[ -n $SESSION ]] || die "no dj_session cookie in the jar"
COOKIE="dj_session=$SESSION"

# The page wrk will hammer: must be the real home page, not a redirect to /login.
home_status=$(curl -sS --noproxy '*' -o "$TMP/home.html" -D "$TMP/home.hdr" -w '%{http_code}' \
  -H "Cookie: $COOKIE" "$URL/") || die "GET / with the session cookie failed$(server_note)"
if [[ $home_status != 200 ]] || ! grep -q '登录名' "$TMP/home.html"; then
  die "GET / with the session cookie: HTTP $home_status, not the signed-in home page"
fi
home_bytes=$(($(wc -c <"$TMP/home.hdr") + $(wc -c <"$TMP/home.html")))

# --- wrk ---
# Converts wrk's "1.23ms" / "850.00us" / "1.02s" / "1.00m" to milliseconds.
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "us") n /= 1000; else if (u == "s") n *= 1000; else if (u == "m") n *= 60000
    printf "%.2f", n }'
}
# Converts "12.34MB" to bytes.
to_bytes() {
  awk -v v="$1" 'BEGIN {
    n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
    if (u == "KB") n *= 1024; else if (u == "MB") n *= 1048576; else if (u == "GB") n *= 1073741824
    printf "%.0f", n }'
}

run_wrk() { # name, path, [header]
  local name=$1 path=$2 out=$TMP/wrk-$1.txt
  shift 2
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$@" "$URL$path" >"$out" 2>&1 ||
    die "wrk $path failed: $(cat "$out")"
  RPS[$name]=$(awk '/^Requests\/sec:/ { print $2 }' "$out")
  P99[$name]=$(to_ms "$(awk '$1 == "99%" { print $2 }' "$out")")
  REQS[$name]=$(awk '/requests in/ { print $1 }' "$out")
  BYTES[$name]=$(to_bytes "$(awk '/requests in/ { print $(NF-1) }' "$out")")
  ERRS[$name]=$(awk '/Socket errors|Non-2xx/ { $1 = $1; printf "%s%s", sep, $0; sep = "; " }' "$out")
  [[ -n ${RPS[$name]} && -n ${P99[$name]} ]] || die "could not read wrk output: $(cat "$out")"
}
declare -A RPS P99 REQS BYTES ERRS

echo "dangjian HTTP benchmark: $URL  wrk -t$THREADS -c$CONNECTIONS -d$DURATION  ($(nproc) CPUs)"
run_wrk healthz /healthz
run_wrk home / -H "Cookie: $COOKIE"

# Every signed-in response must have been the full page (a lost session would turn them into
# small 303s to /login, which wrk does not count as errors).
avg_home=$(awk -v b="${BYTES[home]}" -v r="${REQS[home]}" 'BEGIN { printf "%.0f", (r > 0) ? b / r : 0 }')
after_status=$(curl -sS --noproxy '*' -o /dev/null -w '%{http_code}' -H "Cookie: $COOKIE" "$URL/" ||
  true)

ratio=$(awk -v a="${RPS[home]}" -v b="${RPS[healthz]}" 'BEGIN { printf "%.1f", (b > 0) ? 100 * a / b : 0 }')
verdict() { [[ $1 == 1 ]] && echo PASS || echo FAIL; }
ok_ratio=$(awk -v r="$ratio" -v m="$MIN_RATIO" 'BEGIN { print (r >= m) ? 1 : 0 }')
ok_p99=$(awk -v p="${P99[home]}" -v m="$MAX_P99_MS" 'BEGIN { print (p < m) ? 1 : 0 }')
ok_valid=$(awk -v a="$avg_home" -v e="$home_bytes" -v s="$after_status" \
  'BEGIN { print (s == 200 && a >= 0.9 * e) ? 1 : 0 }')

printf '\n%-22s %12s %10s %10s  %s\n' "" "requests/s" "p99 ms" "requests" "errors"
printf '%-22s %12s %10s %10s  %s\n' "GET /healthz" "${RPS[healthz]}" "${P99[healthz]}" \
  "${REQS[healthz]}" "${ERRS[healthz]:-none}"
printf '%-22s %12s %10s %10s  %s\n' "GET / (signed in)" "${RPS[home]}" "${P99[home]}" \
  "${REQS[home]}" "${ERRS[home]:-none}"
echo
echo "signed-in / healthz throughput: $ratio %"
echo "$(verdict "$ok_ratio")  signed-in throughput >= $MIN_RATIO % of /healthz ($ratio %)"
echo "$(verdict "$ok_p99")  signed-in p99 < $MAX_P99_MS ms at $CONNECTIONS connections (${P99[home]} ms)"
echo "$(verdict "$ok_valid")  signed-in responses were the full home page" \
  "(avg $avg_home bytes vs $home_bytes expected; GET / afterwards: HTTP $after_status)"
[[ $ok_ratio == 1 && $ok_p99 == 1 && $ok_valid == 1 ]]
