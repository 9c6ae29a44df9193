# org_scope.t — who sees which orgs: a town secretary only their town (another town is 404 on
# every org route, never 403), a contact cadre the branches assigned to them, a branch
# secretary their branch read-only, the administrator everything read-only, a member nothing.
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

GET /orgs?q=D001T01B02
header Accept: application/json
expect status 200
capture branch2 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B03
header Accept: application/json
expect status 200
capture branch3 body "items":\[\{"id":([0-9]+)
capture csrf body "csrf":"([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

# ---- town1 ----
login town1 Demo#2024dj

GET /orgs
expect status 200
expect body contains 城关镇党委
expect body lacks 青山区委
expect body lacks 新华镇党委
capture csrf body name="csrf" value="([^"]+)"

GET /orgs/${town2}
expect status 404
expect body lacks 新华镇

GET /orgs/${town2}
header Accept: application/json
expect status 404

GET /orgs/${town2}/edit
expect status 404

GET /orgs/${town2}/new
expect status 404

GET /orgs/${town2}/move
expect status 404

GET /orgs/${town2}/dissolve
expect status 404

POST /orgs/${town2}/edit
field csrf=${csrf}
field name=改名
field short_name=改名
expect status 404

POST /orgs/${town2}/dissolve
field csrf=${csrf}
field date=2024-01-01
expect status 404

POST /orgs/${town2}/new
field csrf=${csrf}
field kind=village
field name=中共新华镇越权村支部委员会
field short_name=越权村党支部
expect status 404

GET /orgs?open=${town2}
expect status 404

# Search is limited to the scope too (the code matches exactly, out of scope).
GET /orgs?q=D001T02
expect status 200
expect body contains 没有找到

# Moving an org of one's own town into another town: the target is not found.
POST /orgs/${branch3}/move
field csrf=${csrf}
field parent=D001T02
expect status 400
expect body contains 找不到该组织

GET /orgs/${town2}
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

# ---- contact1: 包村 of branch1, 驻村 of branch2 ----
login contact1 Demo#2024dj

GET /orgs
expect status 200
expect body contains 东关社区党支部
expect body contains 西关社区党支部
expect body lacks 城关镇党委
expect body lacks 南关社区党支部
capture csrf body name="csrf" value="([^"]+)"

GET /orgs/${branch1}
expect status 200
expect body lacks org-actions

GET /orgs/${branch3}
expect status 404

GET /orgs/${branch1}/edit
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

# ---- branch1: own branch, read-only ----
login branch1 Demo#2024dj

GET /orgs/${branch1}
expect status 200
expect body lacks /edit
capture csrf body name="csrf" value="([^"]+)"

GET /orgs/${branch2}
expect status 404

POST /orgs/${branch1}/edit
field csrf=${csrf}
field name=改名
field short_name=改名
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

# ---- admin: everything, read-only ----
login admin Demo#2024dj

GET /orgs/${town2}
expect status 200
expect body contains 新华镇党委
expect body lacks org-actions
capture csrf body name="csrf" value="([^"]+)"

GET /orgs/${town2}/edit
expect status 403

POST /orgs/${branch1}/dissolve
field csrf=${csrf}
field date=2024-01-01
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

# ---- member1: no org pages ----
login member1 Demo#2024dj

GET /
expect status 200
expect body lacks 组织架构
capture csrf body name="csrf" value="([^"]+)"

GET /orgs
expect status 403

GET /orgs/${branch1}
expect status 403

# Signed out: sent to the login page.
POST /logout
field csrf=${csrf}
expect status 303

GET /orgs
expect status 303
expect header Location = /login?next=%2Forgs
