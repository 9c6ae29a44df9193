# leader_contacts.t — contact cadres are assigned from above: a town assigns and ends them
# (400 with Chinese errors and nothing stored on bad input, no duplicate of an open one, 409
# on ending twice), a branch may not (403 even for its own org); the cadre's person page lists
# the orgs; the district's audit log shows the assignments.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B03
header Accept: application/json
expect status 200
capture branch3 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs/${branch3}/leaders
expect status 200
capture cadre body <option value="([0-9]+)">王志强
capture today body name="contact_start" type="date" value="([0-9-]+)"

POST /orgs/${branch3}/contacts
field csrf=${csrf}
field kind=nonsense
expect status 400
expect body contains 「联系类型」不是允许的选项
expect body contains 「开始日期」不能为空

POST /orgs/${branch3}/contacts
field csrf=${csrf}
field contact_person=${cadre}
field kind=section_chief
field contact_start=2100-01-01
expect status 400
expect body contains 「开始日期」不能晚于今天

POST /orgs/${branch3}/contacts
field csrf=${csrf}
field contact_person=${cadre}
field kind=section_chief
field contact_start=${today}
expect status 303
expect header Location = /orgs/${branch3}/leaders

GET /orgs/${branch3}/leaders
expect status 200
expect body contains 已确定王志强为科级干部包抓
expect body ~ <td>科级干部包抓</td><td><a href="/people/${cadre}">王志强</a>
capture cid body action="/orgs/[0-9]+/contacts/([0-9]+)/end"

POST /orgs/${branch3}/contacts
field csrf=${csrf}
field contact_person_id=${cadre}
field kind=section_chief
field contact_start=${today}
expect status 400
expect body contains 该同志已是本组织的科级干部包抓

GET /people/${cadre}
expect status 200
expect body contains 联系的组织
expect body ~ 南关社区党支部</a></td><td>科级干部包抓</td>
expect body ~ 东关社区党支部</a></td><td>包村领导</td>
expect body lacks 走访

POST /orgs/${branch3}/contacts/${cid}/end
field csrf=${csrf}
field contact_end=2000-01-01
expect status 400
expect body contains 「结束日期」不能早于开始日期

POST /orgs/${branch3}/contacts/${cid}/end
field csrf=${csrf}
field contact_end=${today}
expect status 303

POST /orgs/${branch3}/contacts/${cid}/end
field csrf=${csrf}
field contact_end=${today}
expect status 409

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

POST /orgs/${branch1}/contacts
field csrf=${csrf}
field contact_person=${cadre}
field kind=instructor
field contact_start=${today}
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /audit?entity=contact_assignment
expect status 200
expect body contains 联系点
expect body contains section_chief
