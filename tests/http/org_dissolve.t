# org_dissolve.t — dissolving an org and its subtree: the date is required, not in the
# future, not before the founding; the form asks for confirmation; dissolved orgs leave the
# tree and counts but keep their pages, shown again with the toggle; no second dissolution.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01
header Accept: application/json
expect status 200
capture town1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs/${town1}
header Accept: application/json
expect status 200
capture before body "org":\{[^}]*"n_subtree":([0-9]+)

GET /orgs/${branch1}/dissolve
expect status 200
expect body contains <h1>撤销组织：东关社区党支部</h1>
expect body contains 及其下全部 3 个组织
expect body contains data-confirm="确定撤销「东关社区党支部」及其下 3 个组织吗？"
expect body ~ <input id="date" name="date" type="date" value="[0-9]{4}-[0-9]{2}-[0-9]{2}"
capture csrf body name="csrf" value="([^"]+)"

POST /orgs/${branch1}/dissolve
field csrf=${csrf}
expect status 400
expect body contains <p class="field-error">「撤销日期」不能为空</p>

POST /orgs/${branch1}/dissolve
field csrf=${csrf}
field date=2100-01-01
expect status 400
expect body contains 撤销日期不能晚于今天

POST /orgs/${branch1}/dissolve
field csrf=${csrf}
field date=1901-01-01
expect status 400
expect body contains 撤销日期不能早于成立日期

POST /orgs/${branch1}/dissolve
field csrf=${csrf}
field date=2024-02-30
expect status 400
expect body contains 日期不存在

# Still there.
GET /orgs/${branch1}
expect status 200
expect body lacks badge-dissolved

POST /orgs/${branch1}/dissolve
field csrf=${csrf}
field date=2025-12-31
expect status 303
expect header Location = /orgs/${branch1}

GET /orgs/${branch1}
expect status 200
expect body contains 已撤销「东关社区党支部」及其下 3 个组织
expect body contains <span class="badge badge-dissolved">已撤销</span>
expect body contains <tr><th>撤销日期</th><td class="status-bad">2025-12-31</td></tr>
expect body contains 组织已撤销
expect body contains <a class="button" href="/orgs/${branch1}/edit">编辑</a>
expect body lacks /orgs/${branch1}/dissolve
expect body lacks /orgs/${branch1}/move
expect body lacks /orgs/${branch1}/new
# its groups are dissolved too: hidden until asked for
expect body contains 没有下级组织。

GET /orgs/${branch1}?dissolved=1
expect status 200
expect body contains 第一党小组
expect body contains 已撤销 2025-12-31

# Hidden from the tree, the town's page and search; shown with the toggle.
GET /orgs
expect status 200
expect body lacks 东关社区党支部
expect body contains <a href="/orgs?dissolved=1">显示已撤销的组织</a>

GET /orgs?dissolved=1
expect status 200
expect body contains 东关社区党支部
expect body contains 已撤销 2025-12-31
expect body contains <a href="/orgs">隐藏已撤销的组织</a>

GET /orgs/${town1}
expect status 200
expect body lacks 东关社区党支部

GET /orgs/${town1}?dissolved=1
expect status 200
expect body contains 东关社区党支部

GET /orgs?q=%E4%B8%9C%E5%85%B3
expect status 200
expect body contains 没有找到

GET /orgs?q=%E4%B8%9C%E5%85%B3&dissolved=1
expect status 200
expect body contains 中共城关镇东关社区支部委员会
expect body contains <span class="badge badge-dissolved">已撤销</span>

# Counts leave out the four dissolved orgs.
GET /orgs/${town1}
header Accept: application/json
expect status 200
expect body ~ "org":\{[^}]*"n_subtree":[0-9]+
expect body lacks "n_subtree":${before},"tags"

# Twice is refused; no children under a dissolved org; no move.
POST /orgs/${branch1}/dissolve
field csrf=${csrf}
field date=2025-12-31
expect status 409
expect body contains 该组织已撤销

GET /orgs/${branch1}/new
expect status 409

GET /orgs/${branch1}/move
expect status 409

# A dissolved org cannot take a moved org.
GET /orgs?q=D001T01B02
header Accept: application/json
expect status 200
capture branch2 body "items":\[\{"id":([0-9]+)

POST /orgs/${branch2}/move
field csrf=${csrf}
field parent=${branch1}
expect status 400
expect body contains 该组织已撤销，不能作为上级组织

# The town secretary's own town cannot be dissolved from here.
POST /orgs/${town1}/dissolve
field csrf=${csrf}
field date=2025-12-31
expect status 409
expect body contains 不能撤销本账户所属的组织
