# meeting_record.t — a branch records a 党员大会 on the phone form: the roster comes from the
# member list (everyone present by default, absentees ticked with a reason), a decision that
# fails the vote rule is stored and flagged, not refused; bad input is 400 and stores nothing;
# the record answers JSON with the computed tally; the audit log has the write.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /meetings
expect status 200
expect body contains 还没有会议记录
expect body contains href="/meetings/new?org=

GET /meetings/new
expect status 200
expect body contains <h1>记录会议</h1>
expect body contains <option value="party_congress" selected>党员大会</option>
expect body contains 村&quot;两委&quot;联席会议
expect body ~ name="a[0-9]+" value="[0-9]+"> 李春梅</label>
expect body contains 默认全部到会
capture p_an body name="a[0-9]+" value="([0-9]+)"> 安琴花</label>
capture p_deng body name="a[0-9]+" value="([0-9]+)"> 邓学建</label> <span class="badge">预备党员
capture p_li body name="a[0-9]+" value="([0-9]+)"> 李春梅</label>
capture org body action="/meetings/new\?org=([0-9]+)"

# Absent without a reason, a vote count without a decision, a time that is not one: 400, the
# form comes back with the values and per-field messages; nothing is stored.
POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=party_congress
field date=2025-03-03
field time=9点
field topics=讨论村集体经济项目
field a1=${p_an}
field y2=3
field do=draft
expect status 400
expect body contains 「开始时间」应为 时:分
expect body contains 「缺席原因」请填写缺席原因
expect body contains 「决议」填写了表决票数，请同时填写决议内容
expect body contains 讨论村集体经济项目

# More votes than members present: refused with the rule's reason.
POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=party_congress
field date=2025-03-03
field time=09:30
field topics=讨论村集体经济项目
field d1=同意建设冷库
field y1=60
field n1=0
field b1=0
expect status 400
expect body contains 「表决票数」

GET /meetings
expect status 200
expect body contains 还没有会议记录

POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=party_congress
field date=2025-03-03
field time=09:30
field place=村委会会议室
field host=${p_li}
field recorder=${p_li}
field topics=讨论村集体经济项目
field minutes=李春梅：介绍冷库建设方案。
field a1=${p_an}
field r1=外出务工
field a4=${p_deng}
field r4=生病
field d1=同意建设冷库
field y1=30
field n1=3
field b1=2
field d2=同意修路
field y2=10
field n2=20
field b2=5
field do=draft
expect status 303
capture mid header Location ^/meetings/([0-9]+)$

GET /meetings/${mid}
expect status 200
expect body contains 会议记录已暂存
expect body contains <h1>党员大会 · 2025-03-03 09:30</h1>
expect body contains 暂存
expect body contains 应到 37 人，实到 36 人，缺席 1 人
expect body contains 安琴花（外出务工）
expect body contains 邓学建（生病）
expect body contains 表决通过
expect body ~ class="status-bad meeting-failed">同意修路
expect body contains 未通过（不符合表决规则）
expect body contains 至少需 19 票
expect body contains 已逾期
expect body contains 会议记录逾期提交
expect body contains 录入：李春梅

GET /meetings/${mid}
header Accept: application/json
expect status 200
expect body contains "kind_label":"党员大会"
expect body contains "n_failed":1
expect body ~ "tally":\{[^}]*"due":37
expect body ~ "text":"同意修路"[^}]*"failed":true
expect body ~ "status":"overdue"

GET /meetings
expect status 200
expect body contains 2025-03-03 09:30
expect body contains 1 项未通过
expect body contains 1 条逾期提交或已逾期

GET /meetings?period=2025-Q1
header Accept: application/json
expect status 200
expect body contains "total":1

GET /meetings?period=2024
header Accept: application/json
expect status 200
expect body contains "total":0

GET /meetings?period=2025Q1
expect status 400
expect body contains 「期间」

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /audit?entity=meeting
expect status 200
expect body contains 会议记录
