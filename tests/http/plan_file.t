# plan_file.t — a branch files its quarterly meeting plan: the form comes pre-filled with the
# meetings the rules require; bad rows are 400 with messages naming the row and field and
# store nothing; a plan filed before the deadline is on time, re-filing is an amendment (the
# first filing time is kept), a filed plan cannot go back to draft; a plan for a past quarter
# is filed late; the writes are in the audit log.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /plans
expect status 200
expect body contains 本季度尚未填报计划
expect body contains 填报计划

GET /plans/edit?quarter=2030Q1
expect status 200
expect body contains 已按规定要求预填本季度应开的会议
expect body contains 2030年第一季度（2030-01-01 至 2030-03-31）
expect body ~ <option value="theme_day" selected>主题党日</option>
expect body ~ <option value="lecture" selected>党课</option>
expect body ~ <option value="party_congress" selected>党员大会</option>
expect body contains value="2030-01-10"
capture org body action="/plans\?org=([0-9]+)&amp;quarter=2030Q1"

POST /plans?org=${org}&quarter=2030Q1
field csrf=${csrf}
field k1=theme_day
field d1=2030-04-02
field k2=nope
field d2=2030-01-15
field k3=committee
field k4=theme_day
field d4=2030-01-10
field l4=张三
field k5=lecture
field d5=2030-02-30
field t6=只填了议题
field do=file
expect status 400
expect body contains 「第1行计划日期」2030-04-02 不在2030年第一季度（2030-01-01 至 2030-03-31）内
expect body contains 「第2行会议类型」不是允许的选项
expect body contains 「第3行计划日期」请填写计划日期
expect body contains 「第4行讲课人」只有党课需要填写讲课人
expect body contains 「第5行计划日期」
expect body contains 「第6行会议类型」请选择会议类型
expect body contains 只填了议题
expect body contains 尚未保存

POST /plans?org=${org}&quarter=2030Q1
field csrf=${csrf}
field k1=theme_day
field d1=2030-01-10
field k2=theme_day
field d2=2030-01-10
field do=file
expect status 400
expect body contains 「第2行」与第1行重复

GET /plans?quarter=2030Q1
expect status 200
expect body contains 本季度尚未填报计划

POST /plans?org=${org}&quarter=2030Q1
field csrf=${csrf}
field k1=theme_day
field d1=2030-01-10
field t1=重温入党誓词
field k2=lecture
field d2=2030-02-14
field t2=传承红色基因
field l2=李春梅
field k4=party_congress
field d4=2030-03-20
field do=file
expect status 303
expect header Location = /plans?org=${org}&quarter=2030Q1

GET /plans?org=${org}&quarter=2030Q1
expect status 200
expect body contains 2030年第一季度计划已按时报送
expect body contains 按时报送（截止 2030-01-05）
expect body contains 计划 3 次
expect body contains 传承红色基因
expect body contains 李春梅
expect body contains 待召开
expect body contains 计划少于规定次数
expect body contains 修改计划

GET /plans?org=${org}&quarter=2030Q1
header Accept: application/json
expect status 200
expect body ~ "counts":\{[^}]*"planned":3
expect body ~ "status":\{[^}]*"code":"on_time"

POST /plans?org=${org}&quarter=2030Q1
field csrf=${csrf}
field k1=theme_day
field d1=2030-01-11
field k2=lecture
field d2=2030-02-14
field t2=传承红色基因
field do=file
expect status 303

GET /plans?org=${org}&quarter=2030Q1
expect status 200
expect body contains 2030年第一季度计划已修改并重新报送
expect body contains 计划 2 次
expect body contains 2030-01-11
expect body lacks 2030-01-10
expect body contains 共修改 1 次

POST /plans?org=${org}&quarter=2030Q1
field csrf=${csrf}
field k1=theme_day
field d1=2030-01-11
field do=draft
expect status 409
expect body contains 计划已报送，不能改回暂存

# a past quarter: filed now, after its deadline
POST /plans?org=${org}&quarter=2025Q3
field csrf=${csrf}
field k1=theme_day
field d1=2025-07-10
field do=file
expect status 303

GET /plans?org=${org}&quarter=2025Q3
expect status 200
expect body ~ 逾期 [0-9]+ 天报送（截止 2025-07-05）
expect body contains 未召开

GET /plans?org=${org}&quarter=2025Q9
expect status 400
expect body contains 「季度」应写作如 2025Q3

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /audit?entity=meeting_plan
expect status 200
expect body contains 三会一课季度计划
expect body contains 2030-01-11
