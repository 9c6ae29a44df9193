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
out=$("$build/unit-tests" --jobs 2 2>&1); rc=$?
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

# HTTP tests against the real server on a free port
out=$("$build/http-tests" "$build/dangjian" tests/http 2>&1); rc=$?
echo "$out" >>"$log"
line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
hp=$(echo "$line" | sed -nE 's/^([0-9]+) passed.*/\1/p')
hf=$(echo "$line" | sed -nE 's/.*, ([0-9]+) failed.*/\1/p')
if [ $rc -ne 0 ] && [ "${hf:-0}" -eq 0 ]; then hf=1; fi
[ "${hf:-0}" -eq 0 ] || echo "$out" | grep -E 'FAIL' | head -40
record http "${hp:-0}" "${hf:-0}"

# authorisation matrix (tests/authz/matrix.tsv) against the real server
out=$("$build/authz-tests" "$build/dangjian" tests/authz/matrix.tsv 2>&1); rc=$?
echo "$out" >>"$log"
line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
ap=$(echo "$line" | sed -nE 's/^([0-9]+) passed.*/\1/p')
af=$(echo "$line" | sed -nE 's/.*, ([0-9]+) failed.*/\1/p')
if [ $rc -ne 0 ] && [ "${af:-0}" -eq 0 ]; then af=1; fi
[ "${af:-0}" -eq 0 ] || echo "$out" | grep -E '^FAIL' | head -40
record authz "${ap:-0}" "${af:-0}"

# browser tests (release build only)
if [ "$e2e" = 1 ]; then
  out=$(node tests/e2e/run.mjs "$build/dangjian" 2>&1); rc=$?
  echo "$out" >>"$log"
  line=$(echo "$out" | grep -E '^[0-9]+ passed, [0-9]+ failed' | tail -1)
  ep=$(echo "$line" | sed -nE 's/^([0-9]+) passed.*/\1/p')
  ef=$(echo "$line" | sed -nE 's/.*, ([0-9]+) failed.*/\1/p')
  if [ $rc -ne 0 ] && [ "${ef:-0}" -eq 0 ]; then ef=1; fi
  [ "${ef:-0}" -eq 0 ] || echo "$out" | tail -40
  record e2e "${ep:-0}" "${ef:-0}"
fi
exit $status
