# compliance_branch.t — a branch's 三会一课 calendar (落实情况): a submitted 党员大会 turns its
# quarter green and links to its records; a draft does not count; a past year's missing
# periods are red; a kind no rule requires is grey.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture b1 body "items":\[\{"id":([0-9]+)

POST /meetings/new?org=${b1}
field csrf=${csrf}
field kind=party_congress
field date=2025-05-06
field time=09:00
field topics=研究村集体经济发展
field do=submit
expect status 303

POST /meetings/new?org=${b1}
field csrf=${csrf}
field kind=lecture
field date=2025-08-05
field time=09:00
field topics=党课
field lecture_title=传承红色基因
field do=draft
expect status 303

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /compliance?year=2025
expect status 200
expect body contains 三会一课落实情况
expect body contains 2025年
expect body contains 党员大会
expect body contains <a href="/meetings?org=${b1}&amp;period=2025-Q2">1/1</a>
expect body lacks period=2025-Q3
expect body contains cal cal-ok
expect body contains cal cal-bad
expect body contains 不要求
expect body contains href="/compliance?org=${b1}&amp;year=2024"

GET /meetings?org=${b1}&period=2025-Q2
expect status 200
expect body contains 2025-05-06 09:00

GET /meetings?org=${b1}
expect status 200
expect body contains href="/compliance?org=${b1}"
