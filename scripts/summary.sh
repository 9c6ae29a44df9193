#!/usr/bin/env bash
# summary.sh RESULTS — prints each suite's line and the total as "N passed, N failed".
set -u
p=0 f=0
while IFS= read -r line; do
  echo "  $line"
  a=$(echo "$line" | sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\1/p')
  b=$(echo "$line" | sed -nE 's/.*: ([0-9]+) passed, ([0-9]+) failed.*/\2/p')
  p=$((p + ${a:-0})); f=$((f + ${b:-0}))
done <"$1"
echo "$p passed, $f failed"
[ "$f" -eq 0 ]
