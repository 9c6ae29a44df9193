# ledger_scope.t — another town's or a sibling branch's ledger and summary (page and
# download) are 404 like an org that does not exist; members cannot see ledgers (403).
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

GET /ledger/summary?org=${t2}
expect status 200

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /ledger/summary?org=${t2}
expect status 404
expect body contains 组织不存在，或不在您的管辖范围内

GET /ledger/summary.xlsx?org=${t2}
expect status 404
expect no-header Content-Disposition

GET /ledger/meetings?org=${t2}
expect status 404

GET /ledger/meetings.xlsx?org=${t2}
expect status 404

GET /ledger/meetings?org=${b3}
expect status 200

GET /ledger/meetings?org=999999999
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /ledger/meetings?org=${b3}
expect status 404

GET /ledger/summary.xlsx?org=${b3}
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login member1 Demo#2024dj

GET /ledger/meetings
expect status 403

GET /ledger/summary.xlsx
expect status 403
