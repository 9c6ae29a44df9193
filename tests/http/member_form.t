# member_form.t — a town secretary registers and edits members: invalid input re-renders the
# form with a message per field and status 400, storing nothing; gender and birth date are
# derived from the ID number; a duplicate ID number links to the member already registered;
# success is audited and redirects to the member with a flash.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

# The form: ID number first, the common fields grouped before the others.
GET /members/new?org=${branch1}
expect status 200
expect body contains <h1>登记党员</h1>
expect body contains <form method="post" action="/members/new?org=${branch1}" class="form">
expect body ~ <legend>常用信息</legend>[[:space:]]*<label for="id_number">公民身份证号</label>
expect body contains <option value="正式党员" selected>正式党员</option>
capture csrf body name="csrf" value="([^"]+)"

# Everything wrong at once.
POST /members/new?org=${branch1}
field csrf=${csrf}
field id_number=620102198503151232
field name=
field phone=12345
field category=工人
field status=正式党员
field joined_date=2020-01-01
field full_date=2019-01-01
field lost_date=2020-01-01
expect status 400
expect body contains 有填写不正确的项目
expect body ~ <p class="field-error">[^<]*校验码错误[^<]*</p>
expect body contains <p class="field-error">「姓名」不能为空</p>
expect body ~ <p class="field-error">[^<]*手机号码应为11位</p>
expect body contains <p class="field-error">「人员类别」不是允许的选项</p>
expect body ~ <p class="field-error">[^<]*早于「加入党组织日期」</p>
expect body ~ <p class="field-error">[^<]*只能在失联党员填写</p>
# what was valid is kept
expect body contains value="620102198503151232"

# JSON clients get the errors in the model.
POST /members/new?org=${branch1}
header Accept: application/json
field csrf=${csrf}
field id_number=620102198503151231
field category=农民
field status=正式党员
field joined_date=2010-07-01
field full_date=2011-07-01
expect status 400
expect body contains "errors":{"name":"「姓名」不能为空"}

# Nothing was stored.
GET /members?q=%E6%AC%A7%E9%98%B3
expect status 200
expect body contains 共 <strong>0</strong> 名党员

# A valid member: gender and birth date come from the ID number.
POST /members/new?org=${branch1}
field csrf=${csrf}
field id_number=620102198503151231
field name=欧阳建国
field phone=138 1234 5678
field category=农民
field status=正式党员
field joined_date=2010年7月1日
field full_date=2011-07-01
field education=高中
expect status 303
expect header Location ~ ^/members/[0-9]+$
capture m1 header Location /members/([0-9]+)

GET /members/${m1}
expect status 200
expect body contains 已登记党员「欧阳建国」
expect body contains <tr><th>公民身份证号</th><td class="nowrap">620102198503151231</td></tr>
expect body contains <tr><th>性别</th><td>男</td></tr>
expect body contains <tr><th>出生日期</th><td>1985-03-15</td></tr>
expect body contains <tr><th>手机号</th><td class="nowrap">13812345678</td></tr>
expect body contains <tr><th>加入党组织日期</th><td>2010-07-01</td></tr>
expect body contains <tr><th>表决权</th><td>有</td></tr>
expect body contains <li><a href="/members?org=${branch1}">东关社区党支部</a></li><li>欧阳建国</li>
expect body contains href="/members/${m1}/edit"

# The same ID number again (typed with a lower-case x elsewhere would fold too): refused
# with a link to the member already registered.
POST /members/new?org=${branch1}
field csrf=${csrf}
field id_number=620102198503151231
field name=欧阳建新
field category=农民
field status=正式党员
field joined_date=2010-07-01
field full_date=2011-07-01
expect status 400
expect body contains <p class="field-error">该身份证号已登记为党员，请勿重复登记</p>
expect body contains 已登记的党员：<a href="/members/${m1}">欧阳建国</a>（东关社区党支部）

# A 预备党员 who is a flowing member.
POST /members/new?org=${branch1}
field csrf=${csrf}
field id_number=620102199211080026
field name=上官秀英
field category=在职
field status=预备党员
field joined_date=2026-01-10
field flowing=1
field flow_destination=浙江省杭州市
expect status 303
capture m2 header Location /members/([0-9]+)

GET /members/${m2}
expect status 200
expect body contains <tr><th>性别</th><td>女</td></tr>
expect body contains （预备党员不计党龄）
expect body contains 无（预备党员有发言权，没有表决权）
expect body contains 是，外出流向：浙江省杭州市

# Edit: the form holds the stored values; an invalid change is refused, a valid one saved.
GET /members/${m1}/edit
expect status 200
expect body contains <h1>编辑党员信息</h1>
expect body contains value="620102198503151231"
expect body contains value="13812345678"
expect body contains <option value="高中" selected>高中</option>

POST /members/${m1}/edit
field csrf=${csrf}
field id_number=620102199211080026
field name=欧阳建国
field category=农民
field status=正式党员
field joined_date=2010-07-01
field full_date=2011-07-01
expect status 400
expect body contains 已登记的党员：<a href="/members/${m2}">上官秀英</a>

POST /members/${m1}/edit
field csrf=${csrf}
field id_number=620102198503151231
field name=欧阳建国
field phone=13900001111
field category=在职
field status=正式党员
field joined_date=2010-07-01
field full_date=2011-07-01
field lost_contact=1
field lost_date=2025-06-01
expect status 303
expect header Location = /members/${m1}

GET /members/${m1}
expect status 200
expect body contains 已保存
expect body contains <tr><th>人员类别</th><td>在职</td></tr>
expect body contains <span class="status-bad">是</span>，失去联系日期：2025-06-01
expect body contains 13900001111
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

# The audit log has the create and the update, with the ID number and phones masked.
login admin Demo#2024dj

GET /audit?entity=member&entity_id=${m1}
header Accept: application/json
expect status 200
expect body ~ "action":"update","entity":"member","entity_id":"${m1}"
expect body ~ "action":"create","entity":"member","entity_id":"${m1}"
expect body contains 620***********1231
expect body contains 139****1111
expect body lacks 620102198503151231
expect body lacks 13900001111
