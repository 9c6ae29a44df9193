# member_scope.t — who sees which members: a town secretary only their town (a member or org
# of another town is 404 on every member route), a contact cadre the branches assigned to
# them, read-only, with ID numbers and phones masked (HTML and JSON); the administrator and a
# member see no roster (403); signed out goes to the login form.
setup: demo --no-meetings --demo-password Demo#2024dj

# The district account looks up the ids.
login district Demo#2024dj

GET /orgs?q=D001T02
header Accept: application/json
expect status 200
capture town2 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B03
header Accept: application/json
expect status 200
capture branch3 body "items":\[\{"id":([0-9]+)

GET /members?org=${town2}
header Accept: application/json
expect status 200
capture other body "rows":\[\{"id":([0-9]+)

GET /members?org=${branch3}
header Accept: application/json
expect status 200
capture m3 body "rows":\[\{"id":([0-9]+)

GET /members?org=${branch1}
header Accept: application/json
expect status 200
capture m1 body "rows":\[\{"id":([0-9]+)
capture id1 body "rows":\[\{[^}]*"id_number":"([0-9X]{18})"
capture csrf body "csrf":"([^"]+)"

GET /members/${m1}
expect status 200
expect body contains ${id1}

POST /logout
field csrf=${csrf}
expect status 303

# ---- town1 ----
login town1 Demo#2024dj

GET /members/${m1}
expect status 200
expect body contains ${id1}
capture csrf body name="csrf" value="([^"]+)"

GET /members/${other}
expect status 404
expect body contains 党员不存在，或不在您的管辖范围内

GET /members/${other}
header Accept: application/json
expect status 404

GET /members/${other}/edit
expect status 404

POST /members/${other}/edit
field csrf=${csrf}
field name=越权
field category=农民
field status=正式党员
expect status 404

GET /members?org=${town2}
expect status 404

GET /members/stats?org=${town2}
expect status 404

GET /members/new?org=${town2}
expect status 404

GET /members/999999999
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

# ---- contact1: 包村 of branch1, 驻村 of branch2; masked, read-only ----
login contact1 Demo#2024dj

GET /members
expect status 200
expect body contains 身份证号、手机号已隐去部分数字
expect body lacks 登记党员
expect body ~ data-label="手机号">1[0-9]{2}\*\*\*\*[0-9]{4}<
expect body !~ data-label="手机号">1[0-9]{10}<
expect body lacks 南关社区党支部
capture csrf body name="csrf" value="([^"]+)"

GET /members?org=${branch1}
header Accept: application/json
expect status 200
expect body contains "masked":true
expect body ~ "id_number":"[0-9]{3}\*{11}[0-9]{3}[0-9X]"
expect body !~ "id_number":"[0-9]{17}
expect body !~ "phone":"1[0-9]{10}"
expect body lacks ${id1}

GET /members/${m1}
expect status 200
expect body lacks ${id1}
expect body ~ <tr><th>公民身份证号</th><td class="nowrap">[0-9]{3}\*{11}[0-9]{3}[0-9X]</td></tr>
expect body lacks /edit

GET /members/${m1}
header Accept: application/json
expect status 200
expect body lacks ${id1}
expect body contains "masked":true

GET /members/${m3}
expect status 404

GET /members/${m1}/edit
expect status 403

GET /members/new?org=${branch1}
expect status 403

POST /members/new?org=${branch1}
field csrf=${csrf}
field name=越权
field category=农民
field status=正式党员
expect status 403

GET /members/stats?org=${branch1}
expect status 200

POST /logout
field csrf=${csrf}
expect status 303

# ---- admin: no business data ----
login admin Demo#2024dj

GET /
expect status 200
expect body lacks href="/members"
capture csrf body name="csrf" value="([^"]+)"

GET /members
expect status 403

GET /members/${m1}
expect status 403

GET /members/stats
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

# ---- member1: no roster ----
login member1 Demo#2024dj

GET /members
expect status 403
capture csrf body name="csrf" value="([^"]+)"

GET /members/${m1}
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

# Signed out: sent to the login page.
GET /members
expect status 303
expect header Location = /login?next=%2Fmembers
