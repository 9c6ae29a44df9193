# account_create.t — creating an account: per-field messages (nothing stored), a random
# initial password shown once, must change it at first login; audited.
setup: demo --no-meetings --demo-password Demo#2024dj

login admin Demo#2024dj

GET /accounts/new
expect status 200
expect body contains 新建账户
expect body contains name="login"
capture csrf body name="csrf" value="([^"]+)"

# A login taken, an unknown org.
POST /accounts/new
field login=branch1
field name=张三
field role=branch
field org=NOSUCH
field csrf=${csrf}
expect status 400
expect body ~ class="field-error">「登录名」已存在
expect body contains 没有代码或编号为 NOSUCH 的组织
expect body contains value="张三"

# An invalid login; a town account without an org.
POST /accounts/new
field login=Zhang San
field role=town
field csrf=${csrf}
expect status 400
expect body contains 「登录名」只能使用小写字母
expect body contains 该角色须指定所属组织

# An administrator has no org; a role outside the list.
POST /accounts/new
field login=admin2
field role=admin
field org=D001
field csrf=${csrf}
expect status 400
expect body contains 系统管理员不属于任何组织

POST /accounts/new
field login=admin2
field role=root
field csrf=${csrf}
expect status 400
expect body contains 「角色」不是允许的选项

# Nothing was stored.
GET /accounts
expect status 200
expect body contains 共 10 个账户

# Success, by org code: the password appears once, on this page.
POST /accounts/new
field login=zhangsan
field name=张三
field role=branch
field org=D001T01B03
field csrf=${csrf}
expect status 200
expect header Cache-Control = no-store
expect body contains 账户已创建，初始密码：
expect body contains 首次登录须修改
capture pw body class="password-once">([^<]{12})</code>
capture id body href="/accounts/([0-9]+)"

# By org id, and a contact cadre needs no org.
POST /accounts/new
field login=lisi
field role=contact
field csrf=${csrf}
expect status 200
expect body contains 联系干部

GET /accounts/${id}
expect status 200
expect body contains zhangsan
expect body contains class="status-warn">须改密
expect body lacks ${pw}
expect body contains 新建

GET /audit?entity=account&entity_id=${id}
expect status 200
expect body contains <td>新建</td>
expect body contains &quot;role&quot;: &quot;branch&quot;
expect body lacks ${pw}

GET /accounts
expect status 200
expect body contains 共 12 个账户
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

# The new account signs in with the shown password and must change it first.
GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=zhangsan
field password=${pw}
field csrf=${csrf}
expect status 303
expect header Location = /password

GET /
expect status 303
expect header Location = /password
