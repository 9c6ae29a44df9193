# meeting_scope.t — who sees and who records: a contact cadre reads the records of the orgs
# assigned to it but cannot record, edit or submit (403); a record of another branch is 404
# for a branch (like one that does not exist); members see no meetings; a 党课 needs a title.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture b1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B03
header Accept: application/json
expect status 200
capture b3 body "items":\[\{"id":([0-9]+)

POST /meetings/new?org=${b1}
field csrf=${csrf}
field kind=lecture
field date=2025-06-03
field time=09:00
field topics=党课
expect status 400
expect body contains 「党课题目」党课请填写题目

POST /meetings/new?org=${b1}
field csrf=${csrf}
field kind=lecture
field date=2025-06-03
field time=09:00
field topics=党课
field lecture_title=传承红色基因
field do=draft
expect status 303
capture m1 header Location ^/meetings/([0-9]+)$

POST /meetings/new?org=${b3}
field csrf=${csrf}
field kind=party_congress
field date=2025-06-04
field time=09:00
field topics=其他支部的会议
field do=draft
expect status 303
capture m3 header Location ^/meetings/([0-9]+)$

GET /meetings?org=${b1}
header Accept: application/json
expect status 200
expect body contains "total":1

POST /logout
field csrf=${csrf}
expect status 303

login contact1 Demo#2024dj

GET /meetings
expect status 200
expect body contains 2025-06-03 09:00
expect body lacks 2025-06-04 09:00
expect body lacks 记录会议

GET /meetings/${m1}
expect status 200
expect body contains 传承红色基因
expect body lacks href="/meetings/${m1}/edit"
expect body lacks action="/meetings/${m1}/submit"

GET /meetings/${m3}
expect status 404

GET /meetings/${m1}/edit
expect status 403

POST /meetings/${m1}/submit
field csrf=${csrf}
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /meetings/${m3}
expect status 404
expect body contains 会议记录不存在，或不在您的管辖范围内

GET /meetings/${m3}/edit
expect status 404

POST /meetings/${m3}/submit
field csrf=${csrf}
expect status 404

GET /meetings?org=${b3}
expect status 404

GET /meetings/new?org=${b3}
expect status 404

GET /meetings/${m1}
header Accept: application/json
expect status 200
expect body contains "can_edit":true

POST /logout
field csrf=${csrf}
expect status 303

login member1 Demo#2024dj

GET /meetings/${m1}
expect status 403
