# leader_positions.t — appointing and ending positions: per-field Chinese errors with 400 and
# nothing stored; filling a 书记 vacancy (> 3 months, a finding) clears it and, with the
# 村委会主任, shows 一肩挑; a second 书记 is refused; ending checks its date, starts the
# vacancy clock, and cannot end twice (409); the district sees the audit rows.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

# D001T01B04 (a village) has had no 书记 for five months in the demo data
GET /orgs?q=D001T01B04
header Accept: application/json
expect status 200
capture village body "items":\[\{"id":([0-9]+)

GET /orgs/${village}/leaders
expect status 200
expect body contains <li class="leader-bad">书记空缺已超过3个月
capture director body <td>村民委员会</td><td>村委会主任</td><td><a href="/people/([0-9]+)"
capture today body name="start_date" type="date" value="([0-9-]+)"

POST /orgs/${village}/positions
field csrf=${csrf}
expect status 400
expect body contains 「所在机构」不能为空
expect body contains 「职务」不能为空
expect body contains 「任职日期」不能为空
expect body contains 请选择人员，或填写人员编号

POST /orgs/${village}/positions
field csrf=${csrf}
field person=${director}
field body=村民委员会
field title=书记
field start_date=2100-01-01
expect status 400
expect body contains 「任职日期」不能晚于今天
expect body ~ field-error">书记应属于

POST /orgs/${village}/positions
field csrf=${csrf}
field person_id=999999999
field body=支部委员会
field title=书记
field start_date=${today}
expect status 400
expect body contains 人员不存在，或不在您的管辖范围内

GET /orgs/${village}/leaders
expect status 200
expect body contains <li class="leader-bad">书记空缺已超过3个月

POST /orgs/${village}/positions
field csrf=${csrf}
field person=${director}
field body=支部委员会
field title=书记
field start_date=${today}
expect status 303
expect header Location = /orgs/${village}/leaders

GET /orgs/${village}/leaders
expect status 200
expect body contains 已任命
expect body lacks 书记空缺
expect body contains 书记兼任村委会主任（“一肩挑”）
capture pos body action="/orgs/[0-9]+/positions/([0-9]+)/end"

POST /orgs/${village}/positions
field csrf=${csrf}
field person_id=${director}
field body=支部委员会
field title=书记
field start_date=${today}
expect status 400
expect body contains 该同志已担任此职务

POST /orgs/${village}/positions/${pos}/end
field csrf=${csrf}
field end_date=2000-01-01
expect status 400
expect body contains 「离任日期」不能早于任职日期

POST /orgs/${village}/positions/999999999/end
field csrf=${csrf}
field end_date=${today}
expect status 404

POST /orgs/${village}/positions/${pos}/end
field csrf=${csrf}
field end_date=${today}
expect status 303

GET /orgs/${village}/leaders
expect status 200
expect body contains 书记空缺自次日起计算

POST /orgs/${village}/positions/${pos}/end
field csrf=${csrf}
field end_date=${today}
expect status 409

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /audit?entity=position
expect status 200
expect body contains 任职
expect body contains 支部委员会
