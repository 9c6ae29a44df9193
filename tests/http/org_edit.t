# org_edit.t — editing names, code, dates, term and tags: the form is filled with the stored
# values; invalid input gives per-field messages (400); the save replaces the tags.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B02
header Accept: application/json
expect status 200
capture branch2 body "items":\[\{"id":([0-9]+)

GET /orgs/${branch2}/edit
expect status 200
expect body contains <h1>编辑组织</h1>
expect body contains value="中共城关镇西关社区支部委员会"
expect body contains value="西关社区党支部"
expect body contains value="D001T01B02"
expect body lacks <select id="kind"
expect body contains 组织类型：社区党支部
expect body contains <input type="checkbox" name="tag_town_seat" value="1" checked>
expect body contains <option value="" selected>按组织类型（5 年）</option>
capture csrf body name="csrf" value="([^"]+)"

# Another org's code; founding after today; a term before founding.
POST /orgs/${branch2}/edit
field csrf=${csrf}
field name=中共城关镇西关社区支部委员会
field short_name=西关社区党支部
field code=D001T01B01
field founded=2100-01-01
expect status 400
expect body contains 该组织编码已被其他组织使用
expect body contains 成立日期不能晚于今天

POST /orgs/${branch2}/edit
field csrf=${csrf}
field name=中共城关镇西关社区支部委员会
field short_name=西关社区党支部
field founded=2000-01-01
field term_start=1999-01-01
expect status 400
expect body contains 本届任期开始日期不能早于成立日期

POST /orgs/${branch2}/edit
field csrf=${csrf}
field name=
field short_name=
expect status 400
expect body contains 「全称」不能为空
expect body contains 「简称」不能为空

# A valid edit: its own code is fine; tags replaced; a 3-year term set explicitly.
POST /orgs/${branch2}/edit
field csrf=${csrf}
field name=中共城关镇西关社区委员会
field short_name=西关社区党委
field code=D001T01B02
field founded=1980-07-01
field term_start=2024-09-01
field term_years=3
field tag_roadside=1
expect status 303
expect header Location = /orgs/${branch2}

GET /orgs/${branch2}
expect status 200
expect body contains 已保存
expect body contains <h1>中共城关镇西关社区委员会</h1>
expect body contains <tr><th>成立日期</th><td>1980-07-01</td></tr>
expect body contains <tr><th>任期年限</th><td>3 年</td></tr>
expect body contains 2027-09-01
expect body contains <span class="badge">公路沿线</span>
expect body lacks <span class="badge">乡镇驻地</span>

GET /orgs/${branch2}/edit
expect status 200
expect body contains <option value="3" selected>3 年</option>
expect body contains <input type="checkbox" name="tag_roadside" value="1" checked>
expect body contains <input type="checkbox" name="tag_town_seat" value="1">

# Clearing the optional fields.
POST /orgs/${branch2}/edit
header Accept: application/json
field csrf=${csrf}
field name=中共城关镇西关社区委员会
field short_name=西关社区党委
expect status 303

GET /orgs/${branch2}
header Accept: application/json
expect status 200
expect body contains "code":null,"founded":null
expect body contains "term":{"start":null,"years":5,"is_default":true,"due":null
expect body contains "tags":[]
