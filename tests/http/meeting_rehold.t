# meeting_rehold.t — a record the town returns to be held again (退回重开) offers 重新召开: the
# form of the new record keeps the kind, brings the topics and place and today's roster; the
# post creates a draft linked to the old record, which is closed at once (it can be held again
# only once); both pages link to each other; the old record can no longer be edited.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /meetings/new
expect status 200
capture org body action="/meetings/new\?org=([0-9]+)"
capture p_an body name="a[0-9]+" value="([0-9]+)"> 安琴花</label>

POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=party_congress
field date=2025-03-03
field time=09:30
field place=党员活动室
field topics=讨论村集体经济项目
field a1=${p_an}
field r1=外出务工
field do=submit
expect status 303
capture old header Location ^/meetings/([0-9]+)$

GET /meetings/${old}/rehold
expect status 409
expect body contains 只有被退回重开的记录才能重新召开

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

POST /meetings/${old}/review
field csrf=${csrf}
field action=return_rehold
field remark=到会人数不足，请重新召开
expect status 303

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /meetings/${old}
expect status 200
expect body contains 退回重开
expect body contains href="/meetings/${old}/rehold"
expect body lacks href="/meetings/${old}/edit"
expect body lacks href="/meetings/${old}/amend"

GET /meetings/${old}/edit
expect status 409

GET /meetings/${old}/rehold
expect status 200
expect body contains <h1>重新召开：记录会议</h1>
expect body contains 乡镇党委退回意见：到会人数不足，请重新召开
expect body contains <input type="hidden" name="kind" value="party_congress">
expect body contains 讨论村集体经济项目
expect body contains value="党员活动室"
expect body contains href="/meetings/${old}"
expect body lacks name="a1" value="${p_an}" checked

# The kind stays the old record's.
POST /meetings/${old}/rehold
field csrf=${csrf}
field kind=lecture
field date=2025-04-08
field time=09:30
field topics=讨论村集体经济项目
field lecture_title=党课
field do=draft
expect status 400
expect body contains 「会议类型」重新召开的会议应与原会议相同（党员大会）

GET /meetings/${old}
expect status 200
expect body contains 退回重开

POST /meetings/${old}/rehold
field csrf=${csrf}
field kind=party_congress
field date=2025-04-08
field time=09:30
field topics=讨论村集体经济项目
field do=draft
expect status 303
capture fresh header Location ^/meetings/([0-9]+)$

GET /meetings/${fresh}
expect status 200
expect body contains 暂存
expect body contains href="/meetings/${old}">原会议（2025-03-03 09:30）</a>
expect body contains href="/meetings/${fresh}/edit"

GET /meetings/${old}
expect status 200
expect body contains 已关闭
expect body contains href="/meetings/${fresh}">查看重新召开的记录</a>
expect body lacks href="/meetings/${old}/rehold"

# Held again only once.
GET /meetings/${old}/rehold
expect status 409
expect body contains 记录已关闭

POST /meetings/${old}/rehold
field csrf=${csrf}
field kind=party_congress
field date=2025-04-09
field time=09:30
field topics=再来一次
field do=draft
expect status 409

POST /meetings/${fresh}/submit
field csrf=${csrf}
expect status 303

GET /meetings/${fresh}
header Accept: application/json
expect status 200
expect body contains "state":"submitted"
expect body contains "rehold_of":${old}

GET /meetings?org=${org}&period=2025-Q2
expect status 200
expect body contains href="/meetings/${fresh}"

POST /logout
field csrf=${csrf}
expect status 303

login branch2 Demo#2024dj

GET /meetings/${old}/rehold
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login member1 Demo#2024dj

GET /meetings/${old}/rehold
expect status 403
