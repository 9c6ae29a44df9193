# meeting_review.t — the review chain: a draft is submitted, the town returns it to be
# refilled with a remark (required), the branch edits and resubmits, the town accepts; an
# accepted record can no longer be edited or submitted (409), and a reviewer cannot review a
# record they entered themselves.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /meetings/new
expect status 200
capture org body action="/meetings/new\?org=([0-9]+)"

POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=theme_day
field date=2025-04-08
field time=15:00
field topics=学习党章
field study_title=中国共产党章程
field study_source=党员教育读本
field do=draft
expect status 303
capture mid header Location ^/meetings/([0-9]+)$

GET /meetings/${mid}
expect status 200
expect body contains 暂存
expect body contains action="/meetings/${mid}/submit"
expect body contains href="/meetings/${mid}/edit"
expect body lacks action="/meetings/${mid}/review"

POST /meetings/${mid}/submit
field csrf=${csrf}
expect status 303
expect header Location = /meetings/${mid}

GET /meetings/${mid}
expect status 200
expect body contains 已提交
expect body contains 首次提交
expect body lacks href="/meetings/${mid}/edit"

GET /meetings/${mid}/edit
expect status 409
expect body contains 不能修改

POST /meetings/${mid}/review
field csrf=${csrf}
field action=accept
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /meetings/${mid}
expect status 200
expect body contains action="/meetings/${mid}/review"

POST /meetings/${mid}/review
field csrf=${csrf}
field action=return_refill
expect status 400
expect body contains 「审核意见」退回时请写明退回原因

GET /meetings/${mid}
expect status 200
expect body contains 已提交

POST /meetings/${mid}/review
field csrf=${csrf}
field action=return_refill
field remark=请补充讨论发言
expect status 303

GET /meetings/${mid}
expect status 200
expect body contains 退回重填
expect body contains 审核意见：请补充讨论发言

POST /meetings/${mid}/review
field csrf=${csrf}
field action=accept
expect status 409

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /meetings/${mid}/edit
expect status 200
expect body contains 乡镇党委退回意见：请补充讨论发言
expect body contains <option value="theme_day" selected>主题党日</option>
expect body contains value="中国共产党章程"

POST /meetings/${mid}/edit
field csrf=${csrf}
field kind=theme_day
field date=2025-04-08
field time=15:00
field topics=学习党章
field minutes=李春梅：结合村情谈学习体会。
field study_title=中国共产党章程
field do=submit
expect status 303

GET /meetings/${mid}
expect status 200
expect body contains 已提交
expect body contains 结合村情谈学习体会

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

POST /meetings/${mid}/review
field csrf=${csrf}
field action=accept
field remark=记录完整
expect status 303

GET /meetings/${mid}
header Accept: application/json
expect status 200
expect body contains "state":"accepted"
expect body contains "state_label":"已审核"
expect body contains "can_edit":false
expect body contains "can_review":false

GET /meetings/${mid}/edit
expect status 409

POST /meetings/${mid}/edit
field csrf=${csrf}
field kind=theme_day
field date=2025-04-08
field time=15:00
field topics=改动
header Accept: application/json
expect status 409
expect body contains "error"
expect body contains 已审核

# A record the town enters itself (for the branch) cannot be reviewed by the same account.
POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=lecture
field date=2025-05-06
field time=09:00
field topics=党课
field lecture_title=学习新修订的纪律处分条例
field lecturer=王志强
field do=submit
expect status 303
capture tid header Location ^/meetings/([0-9]+)$

POST /meetings/${tid}/review
field csrf=${csrf}
field action=accept
expect status 409
expect body contains 不能审核自己录入的会议记录

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

POST /meetings/${mid}/submit
field csrf=${csrf}
expect status 409
expect body contains 已审核

GET /meetings/${mid}
expect status 200
expect body contains 已审核
expect body contains 审核意见：记录完整
