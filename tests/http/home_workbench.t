# home_workbench.t — the 三会一课 panel of the home page: a branch sees this quarter's
# requirements and the records it still has to submit (a draft past its deadline marked); the
# town sees the records waiting for its review and those past their deadline, each linking to
# the record; a member (no roster access) gets no panel.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /
expect status 200
expect body contains 三会一课 · 20
expect body contains 记录会议
expect body contains 已开 / 应开
expect body contains 党员大会
expect body contains 没有待提交的记录
expect body contains 三会一课落实情况

# a draft of a meeting long ago: past its deadline
POST /meetings/new?org=3
field csrf=${csrf}
field kind=committee
field date=2025-03-04
field time=09:00
field topics=研究春耕生产
field do=draft
expect status 303
capture draft header Location /meetings/([0-9]+)

POST /meetings/new?org=3
field csrf=${csrf}
field kind=party_congress
field date=2025-03-11
field time=09:00
field topics=年度工作计划
field do=submit
expect status 303
capture sent header Location /meetings/([0-9]+)

GET /
expect status 200
expect body contains 待提交的记录（1）
expect body contains href="/meetings/${draft}"
expect body contains 已逾期
expect body lacks href="/meetings/${sent}"

GET /
header Accept: application/json
expect status 200
expect body ~ "meetings":\{[^$]*"kinds":\[

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /
expect status 200
expect body contains 审核与督促
expect body contains 待审核的记录（1）
expect body contains href="/meetings/${sent}"
expect body contains 逾期未提交（1）
expect body contains href="/meetings/${draft}"
expect body lacks 记录会议</a>

POST /logout
field csrf=${csrf}
expect status 303

login member1 Demo#2024dj

GET /
expect status 200
expect body contains 我的账户
expect body lacks 三会一课
