# compliance_town.t — the roll-up of a town and of the district: branches worst first with
# their tags, per-town rates with the spread, the split by tag, a chart of the towns.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture b1 body "items":\[\{"id":([0-9]+)

POST /meetings/new?org=${b1}
field csrf=${csrf}
field kind=party_congress
field date=2025-02-11
field time=09:00
field topics=年度工作计划
field do=submit
expect status 303

GET /compliance?year=2025
expect status 200
expect body contains 各乡镇
expect body contains 各支部（落实率由低到高）
expect body contains 按支部类型（标签）
expect body contains 公路沿线
expect body contains 偏远
expect body contains 示范点
expect body contains 乡镇驻地
expect body contains 差距
expect body contains href="/compliance?org=${b1}&amp;year=2025"
expect body lacks <svg

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /compliance?year=2025
expect status 200
expect body contains 各乡镇
expect body contains <svg
expect body contains 各乡镇三会一课落实率
