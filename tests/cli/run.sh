#!/usr/bin/env bash
# tests/cli/run.sh BINARY — the command line as a user meets it: usage errors exit 2 with a
# message, bad input exits 1 and says why, backup works while serving, a newer or foreign
# database is refused. Prints "ok - name" / "not ok - name", then "N passed, M failed".
set -u
bin=$(realpath "$1")
tmp=$(mktemp -d)
trap 'kill $server 2>/dev/null; rm -rf "$tmp"' EXIT
server=
# shellcheck source=tests/cli/lib.sh
source "$(dirname "$0")/lib.sh"
cd "$tmp" || exit 1

check "no command prints usage" 2 '用法' -- "$bin"
check "unknown command" 2 '未知命令：frob' -- "$bin" frob
check "unknown option" 2 '未知选项：--nope' -- "$bin" serve --nope
check "option without value" 2 '需要一个值' -- "$bin" serve --listen
check "too many arguments" 2 '参数个数不对' -- "$bin" backup a b
check "help of a command group" 0 'user add LOGIN --role ROLE' -- "$bin" help user
check "help of a command" 0 '在线备份' -- "$bin" help backup
check "version" 0 'dangjian [0-9.]+（数据库结构版本 [0-9]+）' -- "$bin" version
check "init creates the database" 0 '数据库已就绪' -- "$bin" init --db a.db
check "init is idempotent" 0 '数据库已就绪' -- "$bin" init --db a.db
check "migrate --status" 0 '结构版本 [0-9]+；本程序支持到 [0-9]+' -- "$bin" migrate --status --db a.db
check "weak password refused" 1 '密码不符合要求' -- bash -c "printf 'short\n' | '$bin' user add alice --role admin --db a.db --password-stdin"
check "bad login refused" 2 '登录名无效' -- bash -c "printf 'Good#Pass2024\n' | '$bin' user add 'A B' --role admin --db a.db --password-stdin"
check "bad role refused" 2 '角色无效' -- bash -c "printf 'Good#Pass2024\n' | '$bin' user add alice --role king --db a.db --password-stdin"
check "town account needs an org" 2 '组织' -- bash -c "printf 'Good#Pass2024\n' | '$bin' user add alice --role town --db a.db --password-stdin"
check "unknown org refused" 1 '没有代码为 NOPE 的组织' -- bash -c "printf 'Good#Pass2024\n' | '$bin' user add alice --role town --org NOPE --db a.db --password-stdin"
check "user add" 0 '已创建账户 alice' -- bash -c "printf 'Good#Pass2024\n' | '$bin' user add alice --role admin --db a.db --password-stdin"
check "duplicate login refused" 1 '登录名已存在：alice' -- bash -c "printf 'Good#Pass2024\n' | '$bin' user add alice --role admin --db a.db --password-stdin"
check "user list --format json" 0 '"login": "alice"' -- "$bin" user list --format json --db a.db
check "user list bad format" 2 'text 或 json' -- "$bin" user list --format xml --db a.db
check "user lock" 0 '已锁定账户 alice' -- "$bin" user lock alice --db a.db
check "locked shows in the list" 0 'alice .*锁定' -- "$bin" user list --db a.db
check "user unlock" 0 '已解除' -- "$bin" user unlock alice --db a.db
check "lock of an unknown account" 1 '没有这个账户：bob' -- "$bin" user lock bob --db a.db
check "password reset" 0 '已重置 alice 的密码' -- bash -c "printf 'Other#Pass2025\n' | '$bin' user passwd alice --db a.db --password-stdin"
check "audit rows written (create, lock, unlock, reset)" 0 '^4$' -- sqlite3 a.db "SELECT count(*) FROM audit WHERE login = 'cli'"
printf '# 本区规定\nlecture.per=month\n\nsubmit.workdays=5\n' >rules.txt
check "rules show: the defaults" 0 'lecture.per=quarter' -- "$bin" rules show --db a.db
check "rules add needs a version and a reason" 2 '--reason' -- "$bin" rules add rules.txt --version v1 --db a.db
check "rules add" 0 '规则版本 本区-2025.1 已生效' -- "$bin" rules add rules.txt --version 本区-2025.1 --reason 区委文件 --db a.db
check "rules show: the local version" 0 'lecture.per=month.*本区-2025.1' -- "$bin" rules show --db a.db
check "rules show --format json" 0 '"version": "本区-2025.1"' -- "$bin" rules show --format json --db a.db
check "rules add: a bad line is named" 1 '第2行：.*未知的规则项' -- bash -c "printf 'lecture.count=2\nlecture.cnt=1\n' | '$bin' rules add - --version v2 --reason x --db a.db"
check "rules add: nothing stored after a refusal" 0 '^1$' -- sqlite3 a.db "SELECT count(*) FROM rule_version"
check "rules add: a taken version is refused" 1 '已经存在' -- "$bin" rules add rules.txt --version 本区-2025.1 --reason again --db a.db
check "rules add: unreadable file" 1 '无法打开' -- "$bin" rules add nope.txt --version v3 --reason x --db a.db
check "rules add is audited" 0 '^1$' -- sqlite3 a.db "SELECT count(*) FROM audit WHERE entity = 'rule_version'"
check "demo: a scale out of range" 2 '1 至 100 的区县个数' -- "$bin" demo --db scale.db --scale 101
check "demo: a scale that is no number" 2 '1 至 100 的区县个数' -- "$bin" demo --db scale.db --scale 2x
check "bad listen address" 1 '监听地址无效' -- "$bin" serve --db a.db --listen nonsense
check "bad threads value" 2 '--threads 的值无效' -- "$bin" serve --db a.db --threads 0

# backup while serving
"$bin" serve --db a.db --listen 127.0.0.1:0 --quiet >serve.out 2>serve.err &
server=$!
for _ in $(seq 50); do grep -q http:// serve.out 2>/dev/null && break; sleep 0.1; done
check "serve prints its URL" 0 'http://127.0.0.1:[0-9]+/' -- cat serve.out
check "backup while serving" 0 '已备份到 copy.db' -- "$bin" backup copy.db --db a.db
check "backup opens" 0 'alice' -- "$bin" user list --db copy.db
check "backup refuses an existing file" 1 '目标文件已存在' -- "$bin" backup copy.db --db a.db
kill -TERM $server
wait $server
status=$?
if [ $status -eq 0 ]; then echo "ok - serve stops on SIGTERM with status 0"; pass=$((pass + 1));
else echo "not ok - serve exit status $status after SIGTERM"; fail=$((fail + 1)); fi
server=

check "demo" 0 '演示账户' -- "$bin" demo --db d.db --demo-password Demo#2024dj
check "demo refuses a database with data" 1 '已有数据' -- "$bin" demo --db d.db
check "demo bad scale" 2 'district、city、province 或 1 至 100' -- "$bin" demo --db e.db --scale planet
check "demo weak password" 2 '不符合密码要求' -- "$bin" demo --db e.db --demo-password abc

# databases that are not ours, or newer than this binary
sqlite3 newer.db "CREATE TABLE schema_migration(version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL); INSERT INTO schema_migration VALUES (999, '999_future.sql', 0);"
check "newer database refused" 1 '比本程序支持的版本 [0-9]+ 新' -- "$bin" user list --db newer.db
printf 'this is not a database, just text that is long enough to look like a file header\n%.0s' $(seq 100) >text.db
check "foreign file refused" 1 '不是' -- "$bin" user list --db text.db

summary
