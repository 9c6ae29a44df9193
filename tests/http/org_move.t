# org_move.t — moving an org: by code or id, or from the search on the move page; refused
# under itself or its own subtree, under a kind that may not hold it, under a dissolved org,
# out of scope; a successful move takes the whole subtree along.
setup: demo --no-meetings --demo-password Demo#2024dj

login district Demo#2024dj

GET /orgs?q=D001T01
header Accept: application/json
expect status 200
capture town1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T02
header Accept: application/json
expect status 200
capture town2 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B01G1
header Accept: application/json
expect status 200
capture group1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B02
header Accept: application/json
expect status 200
capture branch2 body "items":\[\{"id":([0-9]+)

GET /orgs/${branch1}/move
expect status 200
expect body contains <h1>移动组织：东关社区党支部</h1>
expect body contains 当前上级组织：<a href="/orgs/${town1}">城关镇党委</a>
expect body contains 其下 3 个下级组织将一并移动
expect body ~ data-confirm="确定移动“东关社区党支部”及其全部下级组织吗？"
capture csrf body name="csrf" value="([^"]+)"

# The search on the move page marks which orgs can take it.
GET /orgs/${branch1}/move?q=D001T02
expect status 200
expect body contains <input type="hidden" name="parent" value="${town2}">
expect body contains 移到此处

GET /orgs/${branch1}/move?q=D001T01B02
expect status 200
expect body contains 党支部应设在乡镇(街道)党委、党总支或区(县)委下
expect body lacks 移到此处

# Under itself, under its own group (a cycle).
POST /orgs/${branch1}/move
field csrf=${csrf}
field parent=${branch1}
expect status 400
expect body contains <p class="field-error">不能移到自己或自己的下级组织下</p>

POST /orgs/${branch1}/move
field csrf=${csrf}
field parent=D001T01B01G1
expect status 400
expect body contains 不能移到自己或自己的下级组织下

# Wrong kinds: a branch under a branch; a group under a town.
POST /orgs/${branch1}/move
field csrf=${csrf}
field parent=D001T01B02
expect status 400
expect body contains 党支部应设在乡镇(街道)党委、党总支或区(县)委下

POST /orgs/${group1}/move
field csrf=${csrf}
field parent=D001T01
expect status 400
expect body contains 党小组只能设在党支部下

# Where it already is; unknown; empty.
POST /orgs/${branch1}/move
field csrf=${csrf}
field parent=D001T01
expect status 400
expect body contains 无需移动

POST /orgs/${branch1}/move
field csrf=${csrf}
field parent=NOPE
expect status 400
expect body contains 找不到该组织

POST /orgs/${branch1}/move
field csrf=${csrf}
field parent=
expect status 400
expect body contains 「新的上级组织」不能为空

# The district itself cannot be moved.
GET /orgs?q=D001
header Accept: application/json
expect status 200
capture district body "items":\[\{"id":([0-9]+)

GET /orgs/${district}/move
expect status 409

# A group to another branch, by id.
POST /orgs/${group1}/move
field csrf=${csrf}
field parent=${branch2}
expect status 303
expect header Location = /orgs/${group1}

GET /orgs/${group1}
expect status 200
expect body contains 已将「第一党小组」移到「西关社区党支部」下
expect body contains <li><a href="/orgs/${branch2}">西关社区党支部</a></li><li>第一党小组</li>

# The branch (with its two remaining groups) to town2, by code.
POST /orgs/${branch1}/move
field csrf=${csrf}
field parent=D001T02
expect status 303
expect header Location = /orgs/${branch1}

GET /orgs/${branch1}
expect status 200
expect body contains <li><a href="/orgs/${town2}">新华镇党委</a></li><li>东关社区党支部</li>
expect body contains 第二党小组
capture group2 body <a href="/orgs/([0-9]+)">第二党小组</a>

# The subtree moved with it: the group's path now runs through town2.
GET /orgs/${group2}
header Accept: application/json
expect status 200
expect body contains {"href":"/orgs/${town2}","label":"新华镇党委"},{"href":"/orgs/${branch1}","label":"东关社区党支部"}

GET /orgs/${town1}
expect status 200
expect body lacks 东关社区党支部

# As town1 now: branch1 is gone from the town's scope.
GET /orgs/${town2}
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /orgs/${branch1}
expect status 404

GET /orgs/${branch2}/move
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /orgs/${branch2}/move
field csrf=${csrf}
field parent=${town2}
expect status 400
expect body contains 找不到该组织
