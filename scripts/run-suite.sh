#!/usr/bin/env bash
# run-suite.sh MODE BUILD E2E RESULTS — runs every test of one build and appends a line
# "KIND (MODE): N passed, N failed" per kind to RESULTS. Exits 1 when anything failed.
set -uo pipefail
mode=$1 build=$2 e2e=$3 results=$4
status=0
export ASAN_OPTIONS=abort_on_error=1:detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
log=build/$mode-suite.log
: >"$log"

record() { # kind passed failed
  echo "$1 ($mode): $2 passed, $3 failed" | tee -a "$results"
  [ "$3" -eq 0 ] || status=1
}

# unit + store tests (Criterion)
out=$("$build/unit-tests" --jobs 1 2>&1); rc=$?
echo "$out" >>"$log"
synth=$(echo "$out" | grep -E 'Synthesis:' | tail -1)
tested=$(echo "$synth" | sed -nE 's/.*Tested: *([0-9]+).*/\1/p')
passing=$(echo "$synth" | sed -nE 's/.*Passing: *([0-9]+).*/\1/p')
failing=$(( ${tested:-0} - ${passing:-0} ))
if [ $rc -ne 0 ] || echo "$out" | grep -q 'LeakSanitizer\|runtime error:'; then
  echo "$out" | grep -E '\[FAIL\]|LeakSanitizer|runtime error|CRASH|Assertion|ERROR' | head -40
  [ $failing -gt 0 ] || failing=1
fi
record unit "${passing:-0}" "$failing"

# fuzz corpora replayed as ordinary tests
p=0 f=0
for bin in "$build"/fuzz-replay-*; do
  [ -x "$bin" ] || continue
  name=${bin##*/fuzz-replay-}
  if "$bin" "tests/fuzz/corpus/$name" >>"$log" 2>&1; then p=$((p + 1)); else f=$((f + 1)); echo "fuzz replay failed: $name (see $log)"; fi
done
record fuzz-replay $p $f

# counted KIND COMMAND... — runs a suite that ends with "N passed, M failed" and records it
# (a non-zero exit without a failure count counts as one failure).
counted() {
  local kind=$1 out rc line p f
  shift
  out=$("$@" 2>&1); rc=$?
  echo "$out" >>"$log"
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
  p=$(echo "$line" | sed -nE 's/^([0-9]+) passed.*/\1/p')
  f=$(echo "$line" | sed -nE 's/.*, ([0-9]+) failed.*/\1/p')
  if [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ]; then f=1; fi
  [ "${f:-0}" -eq 0 ] || echo "$out" | grep -E 'FAIL|not ok' | head -40
  record "$kind" "${p:-0}" "${f:-0}"
}

# HTTP tests against the real server on a free port
counted http "$build/http-tests" "$build/dangjian" tests/http
# authorisation matrix (tests/authz/matrix.tsv) against the real server
counted authz "$build/authz-tests" "$build/dangjian" tests/authz/matrix.tsv
# the command line
counted cli tests/cli/run.sh "$build/dangjian"
counted cli-import tests/cli/import.sh "$build/dangjian"
counted cli-check tests/cli/check.sh "$build/dangjian"
# browser tests (release build only)
if [ "$e2e" = 1 ]; then
  counted e2e node tests/e2e/run.mjs "$build/dangjian"
fi
exit $status
