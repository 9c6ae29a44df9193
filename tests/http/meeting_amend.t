# meeting_amend.t — an accepted record is read-only except by an amendment: editing it is still
# 409; the branch amends it through /amend with a reason (required), keeping its kind and date;
# a half-filled or absent speaker is refused; the record stays accepted and its page shows
# the history (who, when, why, each field before and after) to the branch and the reviewer;
# entry and first-submission times do not change; out of scope is 404, member 403.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /meetings/new
expect status 200
expect body contains 分人记录发言
capture p_an body name="a[0-9]+" value="([0-9]+)"> 安琴花</label>
capture p_li body name="a[0-9]+" value="([0-9]+)"> 李春梅</label>
capture org body action="/meetings/new\?org=([0-9]+)"

# A speaker marked absent, a speaker and a guest name in one row, a text without a speaker.
POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=lecture
field date=2025-05-06
field time=09:00
field topics=党课
field lecture_title=学习党章
field a1=${p_an}
field r1=外出务工
field sp1=${p_an}
field st1=谈体会
field sp2=${p_li}
field sg2=王五
field st2=提建议
field st3=没有发言人
field do=submit
expect status 400
expect body contains 「发言人」第1条：安琴花已登记为缺席
expect body contains 「发言人」第2条：从名单中选择发言人，或填写列席人员姓名，只填一项
expect body contains 「发言人」第3条：请选择发言人
expect body contains 没有发言人

POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=lecture
field date=2025-05-06
field time=09:00
field topics=党课
field lecture_title=学习党章
field place=党员活动室
field a1=${p_an}
field r1=外出务工
field sp1=${p_li}
field st1=结合村情谈学习体会
field sg2=镇驻村干部王五
field st2=提出三点建议
field do=submit
expect status 303
capture mid header Location ^/meetings/([0-9]+)$

GET /meetings/${mid}
expect status 200
expect body contains 分人发言
expect body contains 结合村情谈学习体会
expect body contains 镇驻村干部王五（列席）
expect body lacks 学而不议

GET /meetings/${mid}
header Accept: application/json
expect status 200
capture entered body "entered_at":([0-9]+)
capture submitted body "submitted_at":([0-9]+)

# Not accepted yet: no amendment.
GET /meetings/${mid}/amend
expect status 409
expect body contains 只有已审核的记录才能修正

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

POST /meetings/${mid}/review
field csrf=${csrf}
field action=accept
expect status 303

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /meetings/${mid}
expect status 200
expect body contains 已审核
expect body contains href="/meetings/${mid}/amend"
expect body lacks href="/meetings/${mid}/edit"

# An edit without an amendment is still refused.
GET /meetings/${mid}/edit
expect status 409

POST /meetings/${mid}/edit
field csrf=${csrf}
field kind=lecture
field date=2025-05-06
field time=09:00
field topics=改动
field lecture_title=学习党章
expect status 409
expect body contains 如需更改请提交修正并写明原因

GET /meetings/${mid}/amend
expect status 200
expect body contains <h1>修正会议记录</h1>
expect body contains 修正原因（必填）
expect body contains <input type="hidden" name="kind" value="lecture">
expect body contains value="党员活动室"
expect body contains 结合村情谈学习体会
expect body contains 提交修正

# No reason; another date; nothing changed: 400, nothing stored.
POST /meetings/${mid}/amend
field csrf=${csrf}
field kind=lecture
field date=2025-05-06
field time=09:00
field topics=党课
field lecture_title=学习党章
field place=村委会议室
expect status 400
expect body contains 「修正原因」
expect body contains 村委会议室

POST /meetings/${mid}/amend
field csrf=${csrf}
field kind=lecture
field date=2025-05-07
field time=09:00
field topics=党课
field lecture_title=学习党章
field reason=日期写错
expect status 400
expect body contains 「会议日期」不能修正

POST /meetings/${mid}/amend
field csrf=${csrf}
field kind=party_congress
field date=2025-05-06
field time=09:00
field topics=党课
field lecture_title=学习党章
field reason=类型写错
expect status 400
expect body contains 「会议类型」不能修正

POST /meetings/${mid}/amend
field csrf=${csrf}
field kind=lecture
field date=2025-05-06
field time=09:00
field topics=党课
field lecture_title=学习党章
field place=党员活动室
field a1=${p_an}
field r1=外出务工
field sp1=${p_li}
field st1=结合村情谈学习体会
field sg2=镇驻村干部王五
field st2=提出三点建议
field reason=无改动
expect status 400
expect body contains 没有改动任何内容，无须修正

GET /meetings/${mid}
expect status 200
expect body lacks 修正记录

# The amendment: 安琴花 was in fact present, the place was another room.
POST /meetings/${mid}/amend
field csrf=${csrf}
field kind=lecture
field date=2025-05-06
field time=09:00
field topics=党课
field lecture_title=学习党章
field place=村委会议室
field sp1=${p_li}
field st1=结合村情谈学习体会
field sg2=镇驻村干部王五
field st2=提出三点建议
field reason=记录人笔误：安琴花实际到会
expect status 303
expect header Location = /meetings/${mid}

GET /meetings/${mid}
expect status 200
expect body contains 已审核
expect body contains 修正记录
expect body contains 原因：记录人笔误：安琴花实际到会
expect body contains <td>会议地点</td><td>党员活动室<br></td><td>村委会议室<br></td>
expect body contains <td>出席情况</td><td>缺席：安琴花（外出务工）<br></td><td>全部到会<br></td>

GET /meetings/${mid}
header Accept: application/json
expect status 200
expect body contains "state":"accepted"
expect body contains "entered_at":${entered}
expect body contains "submitted_at":${submitted}
expect body contains "field":"place"
expect body contains "can_amend":true

POST /logout
field csrf=${csrf}
expect status 303

# The reviewer sees the amendment; the sibling branch does not see the record at all.
login town1 Demo#2024dj

GET /meetings/${mid}
expect status 200
expect body contains 审核通过后修正过 1 次
expect body contains 原因：记录人笔误：安琴花实际到会

POST /logout
field csrf=${csrf}
expect status 303

login branch2 Demo#2024dj

GET /meetings/${mid}/amend
expect status 404

POST /meetings/${mid}/amend
field csrf=${csrf}
field kind=lecture
field date=2025-05-06
field time=09:00
field topics=党课
field reason=越权
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login member1 Demo#2024dj

GET /meetings/${mid}/amend
expect status 403
