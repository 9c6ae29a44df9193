# account_role.t — changing role and org: the role/org rule, unknown orgs, no self-demotion
# (bad input changes nothing); a real change is audited with before and after.
setup: demo --no-meetings --demo-password Demo#2024dj

login admin Demo#2024dj

GET /accounts?q=branch2
expect status 200
capture id body <a href="/accounts/([0-9]+)">branch2</a>
capture csrf body name="csrf" value="([^"]+)"

GET /accounts?q=admin
expect status 200
capture self body <a href="/accounts/([0-9]+)">admin</a>

GET /accounts/${id}
expect status 200
expect body contains value="D001T01B02"
expect body ~ <option value="branch" selected>

# An administrator cannot take the role from themselves.
POST /accounts/${self}/role
field role=district
field org=D001
field csrf=${csrf}
expect status 400
expect body contains 不能取消自己的系统管理员角色

POST /accounts/${id}/role
field role=town
field org=ZZZ
field csrf=${csrf}
expect status 400
expect body contains 「所属组织」没有代码或编号为 ZZZ 的组织
expect body contains value="ZZZ"

POST /accounts/${id}/role
field role=member
field csrf=${csrf}
expect status 400
expect body contains 该角色须指定所属组织

POST /accounts/${id}/role
field role=admin
field org=D001
field csrf=${csrf}
expect status 400
expect body contains 系统管理员不属于任何组织

POST /accounts/${id}/role
field role=emperor
field org=D001
field csrf=${csrf}
expect status 400
expect body contains 「角色」不是允许的选项

# Nothing changed so far.
GET /accounts/${id}
expect status 200
expect body ~ <option value="branch" selected>
expect body lacks 变更角色/组织</td>

# Same values: a note, no audit row.
POST /accounts/${id}/role
field role=branch
field org=D001T01B02
field csrf=${csrf}
expect status 303

GET /accounts/${id}
expect status 200
expect body contains 均未改变
expect body lacks 变更角色/组织</td>

POST /accounts/${id}/role
field role=town
field org=D001T02
field csrf=${csrf}
expect status 303
expect header Location = /accounts/${id}

GET /accounts/${id}
expect status 200
expect body contains 角色和所属组织已更新
expect body ~ <option value="town" selected>
expect body contains value="D001T02"
expect body contains <td>变更角色/组织</td>
expect body contains &quot;role&quot;: &quot;branch&quot;
expect body contains &quot;role&quot;: &quot;town&quot;

GET /accounts?role=town
expect status 200
expect body contains 共 3 个账户

# Its new role and scope apply to branch2 at once.
GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

login branch2 Demo#2024dj

GET /
expect status 200
expect body contains 乡镇党委
