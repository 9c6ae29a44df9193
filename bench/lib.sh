# bench/lib.sh — sourced by bench/http.sh and bench/orgs.sh: a temporary directory, the
# server on a free loopback port, and signing in with curl.
#
# The sourcing script defines die MESSAGE (prints and exits 2) before calling these, and sets
# `set -euo pipefail`. Globals set here: TMP, SERVER_PID, URL.

# bench_tmp NAME: makes the temporary directory TMP (dangjian-NAME.XXXXXX) and arranges that
# on exit the server (when started) is stopped and TMP removed (kept when KEEP=1).
bench_tmp() {
  TMP=$(mktemp -d "${TMPDIR:-/tmp}/dangjian-$1.XXXXXX")
  SERVER_PID=
  trap bench_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
}

bench_cleanup() {
  local rc=$?
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$SERVER_PID" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  if [[ ${KEEP:-0} == 1 ]]; then
    echo "kept $TMP" >&2
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}

# bench_serve BINARY DB: starts `BINARY serve` on DB (with SERVE_ARGS) on a free loopback port,
# its output in TMP/serve.out and TMP/serve.err; sets SERVER_PID and URL once it listens.
bench_serve() {
  # shellcheck disable=SC2086 # SERVE_ARGS is a list of options
  "$1" serve --db "$2" --listen 127.0.0.1:0 --quiet $SERVE_ARGS >"$TMP/serve.out" 2>"$TMP/serve.err" &
  SERVER_PID=$!
  URL=
  for _ in $(seq 100); do
    URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$TMP/serve.out" 2>/dev/null | head -n1 || true)
    [[ -n $URL ]] && break
    kill -0 "$SERVER_PID" 2>/dev/null || die "server exited: $(cat "$TMP/serve.err")"
    sleep 0.1
  done
  [[ -n $URL ]] || die "server printed no loopback address: $(cat "$TMP/serve.out" "$TMP/serve.err")"
}

# Appended to error messages: whether the server is still running, and its last words.
server_note() {
  kill -0 "$SERVER_PID" 2>/dev/null && return 0
  wait "$SERVER_PID" 2>/dev/null
  printf ' (server died, status %s: %s)' "$?" "$(tail -n3 "$TMP/serve.err" | tr '\n' ' ')"
}

# c JAR CURL_ARGS...: curl with the cookie jar JAR (loopback only: --noproxy so no proxy
# setting can reroute).
c() { local jar=$1; shift; curl -sS --noproxy '*' --max-time 10 -b "$jar" -c "$jar" "$@"; }
csrf_of() { grep -o 'name="csrf" value="[^"]*"' | head -n1 | sed 's/.*value="\([^"]*\)"/\1/'; }
status_location() { awk '{ sub(/\r$/, "") } NR == 1 { s = $2 } tolower($1) == "location:" { l = $2 } END { print s, l }'; }

# bench_sign_in LOGIN PASSWORD JAR WHERE: posts the login form with the session in JAR; dies
# unless it redirects to WHERE (a glob: "/", "/password*").
bench_sign_in() {
  local login=$1 pw=$2 jar=$3 where=$4 csrf st loc
  csrf=$(c "$jar" "$URL/login" | csrf_of) || die "GET /login failed$(server_note)"
  [[ -n $csrf ]] || die "no csrf field on /login"
  read -r st loc < <(c "$jar" -o /dev/null -D - "$URL/login" --data-urlencode "csrf=$csrf" \
    --data-urlencode "login=$login" --data-urlencode "password=$pw" \
    --data-urlencode "next=/" | status_location)
  # shellcheck disable=SC2053 # WHERE is a glob
  [[ ($st == 303 || $st == 302) && $loc == $where ]] ||
    die "POST /login as $login: expected a redirect to ${where%\*}, got '$st $loc'$(server_note)"
}
