# plan_scope.t — who sees and who files quarterly plans: a town files for its branches and sees
# the roll-up of its branches; another town's branch is 404 (like an org that does not exist);
# a branch cannot see or file a sibling's plan (404); a contact cadre reads its assigned
# branch's plan but cannot file (403); members see no plans (403).
setup: demo --no-meetings --demo-password Demo#2024dj

login district Demo#2024dj

GET /orgs?q=D001T02B01
header Accept: application/json
expect status 200
capture other body "items":\[\{"id":([0-9]+)

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture b1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B03
header Accept: application/json
expect status 200
capture b3 body "items":\[\{"id":([0-9]+)

POST /plans?org=${b3}&quarter=2030Q2
field csrf=${csrf}
field k1=theme_day
field d1=2030-04-10
field t1=乡镇代为填报
field do=file
expect status 303

POST /plans?org=${b1}&quarter=2030Q2
field csrf=${csrf}
field k1=committee
field d1=2030-04-08
field do=draft
expect status 303

GET /plans?quarter=2030Q2
expect status 200
expect body contains 各支部（未报送、逾期在前）
expect body ~ 按时报送 1 
expect body contains 暂存未报送 1
expect body contains 东关社区党支部

GET /plans?quarter=2030Q2
header Accept: application/json
expect status 200
expect body ~ "total":\{[^}]*"on_time":1
expect body ~ "mode":"rollup"

GET /plans?org=${other}
expect status 404
expect body contains 组织不存在，或不在您的管辖范围内

GET /plans/edit?org=${other}
expect status 404

POST /plans?org=${other}&quarter=2030Q2
field csrf=${csrf}
field k1=theme_day
field d1=2030-04-10
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /plans?org=${b3}&quarter=2030Q2
expect status 404

GET /plans/edit?org=${b3}&quarter=2030Q2
expect status 404

POST /plans?org=${b3}&quarter=2030Q2
field csrf=${csrf}
field k1=theme_day
field d1=2030-04-12
field do=file
expect status 404

GET /plans?org=${b1}&quarter=2030Q2
expect status 200
expect body contains 暂存，尚未报送
expect body contains 继续填报

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /plans?org=${b3}&quarter=2030Q2
expect status 200
expect body contains 乡镇代为填报

POST /logout
field csrf=${csrf}
expect status 303

login contact1 Demo#2024dj

GET /plans?org=${b1}&quarter=2030Q2
expect status 200
expect body lacks 继续填报

GET /plans?org=${b3}&quarter=2030Q2
expect status 404

GET /plans/edit?org=${b1}&quarter=2030Q2
expect status 403

POST /plans?org=${b1}&quarter=2030Q2
field csrf=${csrf}
field k1=theme_day
field d1=2030-04-12
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

login member1 Demo#2024dj

GET /plans
expect status 403
