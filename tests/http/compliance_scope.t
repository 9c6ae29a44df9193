# compliance_scope.t — another town's or a sibling branch's compliance is 404 like an org
# that does not exist; members cannot see it (403); the year is checked (400).
setup: demo --no-meetings --demo-password Demo#2024dj

login district Demo#2024dj

GET /orgs?q=D001T02
header Accept: application/json
expect status 200
capture t2 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B03
header Accept: application/json
expect status 200
capture b3 body "items":\[\{"id":([0-9]+)

GET /compliance?org=${t2}
expect status 200
expect body contains 各支部（落实率由低到高）

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /compliance?org=${t2}
expect status 404
expect body contains 组织不存在，或不在您的管辖范围内

GET /compliance?org=${b3}
expect status 200

GET /compliance?org=999999999
expect status 404

GET /compliance?year=1999
expect status 400

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /compliance?org=${b3}
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login member1 Demo#2024dj

GET /compliance
expect status 403
