# account_assign.t — a contact cadre's assignments: add (org code, kind, start date), refuse
# duplicates and bad input, end one (end date today); only for contact accounts; audited.
setup: demo --no-meetings --demo-password Demo#2024dj

login admin Demo#2024dj

GET /accounts?q=contact1
expect status 200
capture id body <a href="/accounts/([0-9]+)">contact1</a>
capture csrf body name="csrf" value="([^"]+)"

GET /accounts?q=town1
expect status 200
capture town body <a href="/accounts/([0-9]+)">town1</a>

GET /accounts/${id}
expect status 200
expect body contains 联系点
expect body contains 包村领导
expect body contains 驻村干部
expect body contains D001T01B01

POST /accounts/${id}/assign
field assign_org=NOWHERE
field kind=instructor
field start=2024-13-40
field csrf=${csrf}
expect status 400
expect body contains 没有代码或编号为 NOWHERE 的组织
expect body ~ class="field-error">「开始日期」

POST /accounts/${id}/assign
field assign_org=D001T01B03
field kind=boss
field csrf=${csrf}
expect status 400
expect body contains 「联系类型」不是允许的选项

# Already the 包村领导 of D001T01B01.
POST /accounts/${id}/assign
field assign_org=D001T01B01
field kind=village_leader
field csrf=${csrf}
expect status 400
expect body contains 已有此组织的同类联系任务

POST /accounts/${id}/assign
field assign_org=D001T01B03
field kind=instructor
field start=2024年3月5日
field csrf=${csrf}
expect status 303
expect header Location = /accounts/${id}

GET /accounts/${id}
expect status 200
expect body contains 联系点已分配
expect body contains 党建指导员
expect body contains 2024-03-05
expect body contains <td>分配联系点</td>
capture aid body name="assignment" value="([0-9]+)"

POST /accounts/${id}/unassign
field assignment=${aid}
field csrf=${csrf}
expect status 303

GET /accounts/${id}
expect status 200
expect body contains 联系点已结束
expect body contains <td>结束联系点</td>
expect body contains &quot;end_date&quot;: null

# Ending it twice changes nothing; an assignment of another account is not found.
POST /accounts/${id}/unassign
field assignment=${aid}
field csrf=${csrf}
expect status 303

GET /accounts/${id}
expect status 200
expect body contains 该联系点已经结束

POST /accounts/${town}/unassign
field assignment=${aid}
field csrf=${csrf}
expect status 404

POST /accounts/${id}/unassign
field assignment=99999
field csrf=${csrf}
expect status 404

# Only contact cadres get assignments.
POST /accounts/${town}/assign
field assign_org=D001T01B03
field kind=instructor
field csrf=${csrf}
expect status 409
expect body contains 只有「联系干部」角色的账户可以分配联系点

GET /audit?action=assign
expect status 200
expect body contains &quot;kind&quot;: &quot;instructor&quot;
