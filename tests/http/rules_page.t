# rules_page.t — the 三会一课 rules in force and a local version: everybody signed in reads
# them; the district (scope over every org) adds a version with a reason, which is applied,
# listed with its reason, audited, and reaches the records entered after it (a submission
# deadline of 10 working days); a bad line is refused naming the line, and nothing changes;
# a town may read but not change them.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /rules
expect status 200
expect body contains 三会一课规则
expect body contains 现行版本 <strong>cn-2019.1</strong>
expect body contains 党员大会
expect body contains 每季度至少 1 次
expect body contains submit.workdays
expect body contains 尚未设定本地规则
expect body lacks 新增本地规则版本

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

POST /rules
field csrf=${csrf}
field version=镇-1
field reason=试图修改
field pairs=lecture.count=2
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /rules
expect status 200
expect body contains 新增本地规则版本

POST /rules
field csrf=${csrf}
field version=本区-2025.1
field reason=区委组织部2025年1号文
field pairs=lecture.per=month
expect status 303
expect header Location = /rules

GET /rules
expect status 200
expect body contains 规则版本 本区-2025.1 已生效

POST /rules
body csrf=${csrf}&version=v2&reason=%E8%B0%83%E6%95%B4&pairs=submit.workdays%3D5%0D%0Alecture.cnt%3D2
expect status 400
expect body contains 第2行：未知的规则项
expect body contains 规则未生效
expect body contains value="v2"
expect body contains submit.workdays=5

POST /rules
field csrf=${csrf}
field version=本区-2025.1
field reason=重复
field pairs=submit.workdays=5
expect status 400
expect body contains 已经存在

GET /rules
expect status 200
expect body contains 现行版本 <strong>本区-2025.1</strong>
expect body contains 每月至少 1 次
expect body contains 区委组织部2025年1号文
expect body contains <code>lecture.per=month</code>
expect body contains <span class="badge">本地规定</span>
expect body lacks 尚未设定本地规则

# a local submission deadline reaches the records entered after it
POST /rules
field csrf=${csrf}
field version=本区-2025.3
field reason=区委组织部规定会后10个工作日内提交
field pairs=submit.workdays=10
expect status 303

POST /meetings/new?org=3
field csrf=${csrf}
field kind=committee
field date=2025-03-03
field time=09:00
field topics=研究春耕生产
field do=draft
expect status 303
capture rec header Location /meetings/([0-9]+)

GET /meetings/${rec}
expect status 200
expect body contains 提交时限 2025-03-17

POST /logout
field csrf=${csrf}
expect status 303

login admin Demo#2024dj

GET /audit?entity=rule_version
expect status 200
expect body contains 规则版本
expect body contains 区委组织部2025年1号文
