# tests/cli/lib.sh — sourced by the CLI test scripts: one way to run a command and judge it,
# and the summary line the suite runner reads ("N passed, M failed").
pass=0 fail=0

# check NAME WANT_STATUS PATTERN -- COMMAND...   (PATTERN: ERE over stdout+stderr, '' for none)
check() {
  local name=$1 want=$2 pattern=$3
  shift 4
  local out status
  out=$("$@" 2>&1)
  status=$?
  if [ "$status" -ne "$want" ]; then
    echo "not ok - $name: exit $status, expected $want; output: ${out:0:400}"
    fail=$((fail + 1))
  elif [ -n "$pattern" ] && ! grep -qE -- "$pattern" <<<"$out"; then
    echo "not ok - $name: output lacks /$pattern/: ${out:0:400}"
    fail=$((fail + 1))
  else
    echo "ok - $name"
    pass=$((pass + 1))
  fi
}
ok() { echo "ok - $1"; pass=$((pass + 1)); }
notok() { echo "not ok - $1"; fail=$((fail + 1)); }

# Prints the summary; the script's exit status follows from it.
summary() {
  echo "$pass passed, $fail failed"
  [ "$fail" -eq 0 ]
}
