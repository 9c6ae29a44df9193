# org_create.t — a town secretary creates a branch under the town: only kinds allowed under
# the parent are offered; invalid input re-renders the form with one message per field and
# status 400, storing nothing; a valid form creates the org with its tags and redirects to it.
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

GET /orgs/${town1}/new
expect status 200
expect body contains <h1>新建下级组织</h1>
expect body contains <form method="post" action="/orgs/${town1}/new" class="form">
capture csrf body name="csrf" value="([^"]+)"
expect body contains <option value="village">村党支部</option>
expect body contains <option value="general">党总支</option>
expect body lacks <option value="group">
expect body lacks <option value="town">
expect body contains name="tag_roadside"
expect body contains name="tag_demo_site"
expect body contains name="term_start"

# Under a branch only a 党小组 may be created.
GET /orgs/${branch1}/new
expect status 200
expect body contains <option value="group">党小组</option>
expect body lacks <option value="village">

# Everything wrong at once: a 党小组 under a town, no short name, a future founding date,
# a code already in use, a nonsense term length.
POST /orgs/${town1}/new
field csrf=${csrf}
field kind=group
field name=中共城关镇测试村支部委员会
field short_name=
field code=D001T01B01
field founded=2999-01-01
field term_years=99
expect status 400
expect body ~ <select id="kind"[^>]*>.*</select>[[:space:]]*<p class="field-error">党小组只能设在党支部下</p>
expect body contains <p class="field-error">「简称」不能为空</p>
expect body contains <p class="field-error">该组织编码已被其他组织使用</p>
expect body contains <p class="field-error">「成立日期」年份超出范围（1900–2200）</p>
expect body contains <p class="field-error">「任期年限」数值超出允许范围</p>
# what was valid is kept in the form
expect body contains value="中共城关镇测试村支部委员会"

# An unknown kind, and a term that starts before the founding.
POST /orgs/${town1}/new
field csrf=${csrf}
field kind=province
field name=中共城关镇测试村支部委员会
field short_name=测试村党支部
field founded=2010-05-01
field term_start=2009-01-01
expect status 400
expect body contains 「组织类型」不是允许的选项
expect body contains 本届任期开始日期不能早于成立日期

# A future term start; a 党小组 with a term.
POST /orgs/${branch1}/new
field csrf=${csrf}
field kind=group
field name=东关社区党支部测试党小组
field short_name=测试党小组
field term_start=2021-01-01
expect status 400
expect body contains 党小组不设委员会，不填写任期

# JSON clients get the errors in the model.
POST /orgs/${town1}/new
header Accept: application/json
field csrf=${csrf}
field kind=village
field short_name=测试村党支部
expect status 400
expect body contains "errors":{"name":"「全称」不能为空"}

# Nothing was stored.
GET /orgs?q=%E6%B5%8B%E8%AF%95
expect status 200
expect body contains 没有找到

# A valid branch with two tags.
POST /orgs/${town1}/new
field csrf=${csrf}
field kind=village
field name=中共城关镇测试村支部委员会
field short_name=测试村党支部
field code=T-TEST-1
field founded=1988年3月5日
field term_start=2021-04-10
field tag_remote=1
field tag_demo_site=on
expect status 303
expect header Location ~ ^/orgs/[0-9]+$
capture new header Location /orgs/([0-9]+)

GET /orgs/${new}
expect status 200
expect body contains 已新建「测试村党支部」
expect body contains <h1>中共城关镇测试村支部委员会</h1>
expect body contains <tr><th>成立日期</th><td>1988-03-05</td></tr>
expect body contains <tr><th>组织编码</th><td>T-TEST-1</td></tr>
expect body contains <span class="badge">偏远</span> <span class="badge">示范点</span>
expect body lacks <span class="badge">公路沿线</span>
expect body contains <span class="org-due status-bad">2026-04-10</span>
expect body contains <li><a href="/orgs/${town1}">城关镇党委</a></li><li>测试村党支部</li>

# It shows in the tree and the town's counts.
GET /orgs
expect status 200
expect body contains 测试村党支部

# The same code again is refused.
POST /orgs/${town1}/new
field csrf=${csrf}
field kind=agency
field name=中共城关镇测试机关支部委员会
field short_name=测试机关党支部
field code=T-TEST-1
expect status 400
expect body contains 该组织编码已被其他组织使用

# An agency branch created through JSON: 3-year term by default.
POST /orgs/${town1}/new
header Accept: application/json
field csrf=${csrf}
field kind=agency
field name=中共城关镇测试机关支部委员会
field short_name=测试机关党支部
field term_start=2025-01-02
expect status 303
expect body ~ ^\{"redirect":"/orgs/[0-9]+"\}$
capture agency body "/orgs/([0-9]+)"

GET /orgs/${agency}
header Accept: application/json
expect status 200
expect body contains "years":3,"is_default":true,"due":"2028-01-02","due_status":"ok"
