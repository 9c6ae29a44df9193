# findings_page.t — the findings of the meeting checks as a page: a branch with no meetings in
# a closed quarter is short of every required kind; a record without a decision of a kind that
# must decide is 议而不决, with the record as evidence; a town sees its branches; a bad period
# is 400 in Chinese; an org outside the scope is 404.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /compliance/findings?period=2025Q3
expect status 200
expect body contains 问题线索 · 中共城关镇东关社区支部委员会 · 2025年第三季度
expect body contains 召开次数不足
expect body contains 党员大会
expect body contains D001T01B01
expect body lacks 西关社区党支部
expect body contains href="/compliance/findings?org=3&amp;period=2025Q2"
expect body contains href="/compliance/findings?org=3&amp;period=2025Q4"

POST /meetings/new?org=3
field csrf=${csrf}
field kind=committee
field date=2025-08-12
field time=09:00
field topics=研究发展党员工作
field minutes=大家讨论了发展对象的情况
field do=submit
expect status 303
capture rec header Location /meetings/([0-9]+)

GET /compliance/findings?period=2025Q3
expect status 200
expect body contains 议而不决
expect body contains href="/meetings/${rec}"

GET /compliance/findings?period=2025-13
expect status 400
expect body contains 「期间」应为

GET /compliance/findings?org=7&period=2025Q3
expect status 404
expect body contains 不在您的管辖范围内

GET /compliance/findings?org=999999999
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /compliance/findings?period=2025Q3
expect status 200
expect body contains 问题线索 · 中共城关镇委员会
expect body contains 东关社区党支部
expect body contains 西关社区党支部
expect body contains 议而不决
