# audit_list.t — the audit log for admin and district: newest first, Chinese labels, filters
# by login, action, entity, id and dates, before/after in <details>; others are refused.
setup: demo --no-meetings --demo-password Demo#2024dj

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# A failed login first (anonymous, audited).
POST /login
field login=town2
field password=wrong-Password1
field csrf=${csrf}
expect status 400

login admin Demo#2024dj

GET /accounts?q=branch3
expect status 200
capture id body <a href="/accounts/([0-9]+)">branch3</a>
capture csrf body name="csrf" value="([^"]+)"

POST /accounts/${id}/lock
field csrf=${csrf}
expect status 303

GET /audit
expect status 200
expect body contains <h1>审计日志</h1>
expect body ~ <td>锁定</td>.*<td>登录</td>.*<td>登录失败</td>
expect body ~ nowrap">[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}</td>
expect body contains <details><summary>查看</summary>
expect body contains &quot;locked_until&quot;
expect body contains <td class="nowrap">127.0.0.1</td>
expect body contains <a href="/accounts/${id}">${id}</a>
expect body contains <div class="table-wrap">
expect body !~ style=

GET /audit?login=admin
expect status 200
expect body contains <td>锁定</td>
expect body lacks <td>登录失败</td>

GET /audit?action=login_failed
expect status 200
expect body contains <td>登录失败</td>
expect body lacks <td>锁定</td>

GET /audit?entity=account&entity_id=${id}
expect status 200
expect body contains <td>锁定</td>
expect body lacks <td>登录</td>

GET /audit?entity=org
expect status 200
expect body contains 没有符合条件的记录

# Dates: today is in, a past range is empty; full-width and Chinese notations are accepted.
GET /audit?from=2000-01-01&to=2000-12-31
expect status 200
expect body contains 没有符合条件的记录

GET /audit?from=2000%E5%B9%B41%E6%9C%881%E6%97%A5
expect status 200
expect body contains <td>锁定</td>
expect body contains value="2000-01-01"

GET /audit?from=2024-05-01&to=2024-04-01
expect status 400
expect body contains 「截止日期」不能早于起始日期

GET /audit?from=yesterday
expect status 400
expect body contains 「起始日期」

GET /audit?page=0
expect status 400

GET /audit?page=2
expect status 200
expect body contains 没有符合条件的记录
expect body contains href="/audit?page=1"

GET /audit?action=lock
header Accept: application/json
expect status 200
expect body ~ "audit":\[\{
expect body contains "action_label":"锁定"
expect body lacks password_hash

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

# 区委组织部 may read it (without links to the account pages).
login district Demo#2024dj

GET /audit?action=lock
expect status 200
expect body contains <td>锁定</td>
expect body lacks href="/accounts/

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /audit
expect status 403
