#!/usr/bin/env bash
# tests/cli/import.sh BINARY — `dangjian import roster` and `dangjian export roster` as a user
# meets them: usage errors exit 2, an unknown org or file exits 1, a file with invalid rows
# imports its valid rows, reports every bad row and exits 1, --dry-run writes nothing, an
# export imports back unchanged, a progress bar only on a terminal, audit rows as "cli".
# Prints "ok - name" / "not ok - name", then "N passed, M failed".
set -u
bin=$(realpath "$1")
data=$(realpath "$(dirname "$0")/../data/roster")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1

members() { sqlite3 "$1" "SELECT count(*) FROM member"; }

"$bin" demo --no-meetings --db d.db --demo-password 'Demo#2024dj' >/dev/null 2>&1 || { echo "not ok - demo"; echo "0 passed, 1 failed"; exit 1; }
cp d.db fresh.db

check "import needs a file" 2 '参数个数不对' -- "$bin" import roster --org D001 --db d.db
check "import needs --org" 2 '请用 --org' -- "$bin" import roster x.csv --db d.db
check "import bad --format" 2 'text 或 json' -- "$bin" import roster x.csv --org D001 --format xml --db d.db
check "export bad --format" 2 'xlsx 或 csv' -- "$bin" export roster x.pdf --org D001 --format pdf --db d.db
check "import unknown org" 1 '没有代码为 NOPE 的组织' -- "$bin" import roster x.csv --org NOPE --db d.db
check "import missing file" 1 '无法打开文件 nothere.csv' -- "$bin" import roster nothere.csv --org D001 --db d.db
printf '会议,日期\r\n支委会,2024-01-02\r\n' >notes.csv
check "a file without a header row" 1 '没有找到表头' -- "$bin" import roster notes.csv --org D001 --db d.db
check "help lists the commands" 0 'import roster FILE --org CODE' -- "$bin" help import

# the shared error file: 15 valid rows, 18 invalid ones (tests/data/roster/README.md)
n0=$(members d.db)
check "dry run reports and exits 1" 1 '共 33 行：有效 15 行，无效 18 行' -- "$bin" import roster "$data/roster_errors.csv" --org D001T01 --dry-run --db d.db
check "dry run writes nothing" 0 "^$n0\$" -- members d.db
check "errors name row, column and value" 1 '第 17 行 公民身份证号「620702196606062010」：「公民身份证号」校验码错误' -- "$bin" import roster "$data/roster_errors.csv" --org D001T01 --dry-run --db d.db
check "duplicate within the file" 1 '第 26 行 公民身份证号「620702194912310023」：「公民身份证号」与第 2 行重复' -- "$bin" import roster "$data/roster_errors.csv" --org D001T01 --dry-run --db d.db
check "json report" 1 '"row": 34,' -- "$bin" import roster "$data/roster_errors.csv" --org D001T01 --dry-run --format json --db d.db
check "import of the valid rows exits 1 (invalid rows)" 1 '已导入 15 名党员：新增 15 名' -- "$bin" import roster "$data/roster_errors.csv" --org D001T01 --db d.db
check "15 members added" 0 "^$((n0 + 15))\$" -- members d.db
check "audited as cli: 15 creates and the import" 0 '^16$' -- sqlite3 d.db "SELECT count(*) FROM audit WHERE login = 'cli' AND action IN ('create', 'import')"
check "again: the same rows are unchanged" 1 '新增 0 名，更新 0 名；15 名无变化' -- "$bin" import roster "$data/roster_errors.csv" --org D001T01 --db d.db
check "branch outside --org is not found" 1 '在「西关社区党支部」下没有找到「东关社区党支部」' -- "$bin" import roster "$data/roster_errors.csv" --org D001T01B02 --dry-run --db d.db

# export → import unchanged, xlsx and CSV
check "export xlsx" 0 '已导出 [0-9]+ 名党员到 town.xlsx' -- "$bin" export roster town.xlsx --org D001T01 --db d.db
check "xlsx is a zip" 0 'Zip archive|Microsoft Excel' -- file town.xlsx
check "export csv (by extension)" 0 '已导出 [0-9]+ 名党员到 town.csv' -- "$bin" export roster town.csv --org D001T01 --db d.db
check "csv has a BOM and the header" 0 '^efbbbfe5ba8fe58fb72c' -- bash -c "head -c 10 town.csv | od -An -tx1 | tr -d ' \n'"
check "xlsx imports back unchanged" 0 '更新 0 名；[0-9]+ 名无变化' -- "$bin" import roster town.xlsx --org D001T01 --db d.db
check "csv imports back unchanged" 0 '更新 0 名；[0-9]+ 名无变化' -- "$bin" import roster town.csv --org D001T01 --db d.db
check "into the database as it was before: the 15 are created" 0 "新增 15 名，更新 0 名" -- "$bin" import roster town.csv --org D001T01 --db fresh.db
"$bin" export roster again.csv --org D001T01 --db fresh.db >/dev/null 2>&1
check "export of the copy equals the original" 0 '' -- cmp town.csv again.csv

# progress bar only when stderr is a terminal
check "no progress bar without a terminal" 1 '' -- bash -c "'$bin' import roster '$data/roster_errors.csv' --org D001T01 --dry-run --db d.db 2>err.txt >/dev/null; exit \$(( \$(grep -c '\\[#*\\.*\\]' err.txt) == 0 ? 1 : 0 ))"
check "progress bar on a terminal" 0 '检查 \[#+\] 100%' -- script -qec "'$bin' import roster town.xlsx --org D001T01 --dry-run --db d.db" /dev/null

summary
