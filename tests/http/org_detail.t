# org_detail.t — an org's page: names, kind, code, dates, 换届 due date with its status,
# tags, children with counts, breadcrumbs, action buttons for an editor; 404 for unknown ids.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01
header Accept: application/json
expect status 200
capture town1 body "items":\[\{"id":([0-9]+)

GET /orgs/${branch1}
expect status 200
expect body contains <h1>中共城关镇东关社区支部委员会</h1>
expect body contains <tr><th>简称</th><td>东关社区党支部</td></tr>
expect body contains <tr><th>组织类型</th><td>社区党支部</td></tr>
expect body contains <tr><th>组织编码</th><td>D001T01B01</td></tr>
expect body ~ <tr><th>成立日期</th><td>[0-9]{4}-[0-9]{2}-[0-9]{2}</td></tr>
expect body ~ <tr><th>本届任期开始</th><td>2026-0[1-5]-[0-9]{2}</td></tr>
expect body contains 5 年（按组织类型）
# the demo committees took office in the spring 2026 换届: a 5-year term is due in 2031
expect body ~ <span class="org-due status-ok">2031-0[1-5]-[0-9]{2}</span>
expect body contains <span class="badge">乡镇驻地</span>
expect body contains 第一党小组
expect body contains <h2 class="org-sub">党员</h2>
expect body lacks 组织设置提示
# breadcrumbs from the account's scope root (the town), not above it
expect body contains <li><a href="/orgs">组织架构</a></li><li><a href="/orgs/${town1}">城关镇党委</a></li><li>东关社区党支部</li>
expect body lacks 青山区委
expect body contains <a class="button" href="/orgs/${branch1}/new">新建下级组织</a>
expect body contains <a class="button" href="/orgs/${branch1}/edit">编辑</a>
expect body contains <a class="button" href="/orgs/${branch1}/move">移动</a>
expect body contains href="/orgs/${branch1}/dissolve">撤销</a>

# The town itself is the account's own org: no move or dissolve.
GET /orgs/${town1}
expect status 200
expect body contains /orgs/${town1}/edit
expect body lacks /orgs/${town1}/move
expect body lacks /orgs/${town1}/dissolve

GET /orgs/${town1}/dissolve
expect status 409
expect body contains 不能撤销本账户所属的组织

# JSON detail.
GET /orgs/${branch1}
header Accept: application/json
expect status 200
expect body contains "breadcrumbs":[{"href":"/orgs","label":"组织架构"}
expect body ~ "term":\{"start":"2026-[0-9-]+","years":5,"is_default":true,"due":"2031-[0-9-]+","due_status":"ok"
expect body contains "flags":[]
# the demo branch has members recorded: counts come from the roster
expect body ~ "counts":\{"members":[1-9][0-9]*,"full_members":[1-9][0-9]*,"has_committee":true\}
expect body contains "org":{"id":${branch1},
expect body contains "kind_label":"社区党支部"

# A party group has no committee and cannot have children.
GET /orgs?q=D001T01B01G1
header Accept: application/json
expect status 200
capture group body "items":\[\{"id":([0-9]+)

GET /orgs/${group}
expect status 200
expect body contains 党小组不设委员会，无任期。
expect body lacks 新建下级组织
expect body lacks <h2 class="org-sub">党员</h2>
expect body contains 没有下级组织。

GET /orgs/${group}/new
expect status 409
expect body contains 党小组下不能再设下级组织

GET /orgs/999999
expect status 404
expect body contains 组织不存在

GET /orgs/999999
header Accept: application/json
expect status 404
expect body contains "status":404

GET /orgs/0
expect status 400

GET /orgs/abc
expect status 400
