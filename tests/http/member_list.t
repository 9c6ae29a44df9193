# member_list.t — the roster of the district's demo members: 50 a page with the total, each
# filter narrows the list (category, status, age band, 党龄 band, 流动, 失联, org subtree),
# search by name or ID tail, sort; invalid filter values are a 400.
setup: demo --no-meetings --demo-password Demo#2024dj

login district Demo#2024dj

GET /members
expect status 200
expect body contains <h1>党员花名册</h1>
expect body ~ 共 <strong>[0-9]+</strong> 名党员，第 1 / [0-9]+ 页。
expect body contains <a href="/members?page=2">下一页</a>
expect body lacks 上一页
expect body contains data-label="序号">50</td>
expect body lacks data-label="序号">51</td>
expect body contains <a class="button primary" href="/members/new">登记党员</a>
expect body contains <th>手机号</th>
expect body contains <li><a href="/members" class="active" aria-current="page">党员</a></li>

GET /members?page=2
header Accept: application/json
expect status 200
expect body contains "page":2
expect body contains "seq":51,
expect body contains "prev_href":"/members"
# the district sees full ID numbers and phones
expect body ~ "id_number":"[0-9]{17}[0-9X]"
expect body ~ "phone":"1[0-9]{10}"
expect body contains "masked":false
capture name body "rows":\[\{"id":[0-9]+,"person_id":[0-9]+,"name":"([^"]+)"
capture tail body "id_number":"[0-9]{12}([0-9]{5}[0-9X])"

# Search by name and by the tail of the ID number.
GET /members?q=${name}
header Accept: application/json
expect status 200
expect body contains "name":"${name}"
expect body !~ "total":0,

GET /members?q=${tail}
header Accept: application/json
expect status 200
expect body ~ "total":[1-9]
expect body ~ "id_number":"[0-9]{12}${tail}"

# Filters.
GET /members?status=%E9%A2%84%E5%A4%87%E5%85%9A%E5%91%98
header Accept: application/json
expect status 200
expect body contains "status":"预备党员"
expect body lacks "status":"正式党员"
expect body contains "is_probationary":true

GET /members?category=%E7%A6%BB%E9%80%80%E4%BC%91
header Accept: application/json
expect status 200
expect body contains "category":"离退休"
expect body !~ "category":"(在职|农民|学生|下岗失业|其他)"

GET /members?flowing=1
header Accept: application/json
expect status 200
expect body ~ "total":[1-9]
expect body lacks "flowing":false,"flow_destination"

GET /members?lost=1
header Accept: application/json
expect status 200
expect body ~ "total":[1-9]
expect body lacks "lost_contact":false

GET /members?age=61-
header Accept: application/json
expect status 200
expect body ~ "total":[1-9]
expect body !~ "age":([0-9]|[1-5][0-9]|60),

GET /members?age=31-35
header Accept: application/json
expect status 200
expect body !~ "age":([0-9]|[12][0-9]|30|3[6-9]|[4-9][0-9]),

# A 党龄 band lists full members only.
GET /members?years=50-
header Accept: application/json
expect status 200
expect body ~ "total":[1-9]
expect body !~ "party_years":([0-9]|[1-4][0-9]),
expect body lacks "is_probationary":true
expect body contains "honour_50":true

# The page keeps the filters in its links and shows what is chosen.
GET /members?lost=1&sort=birth
expect status 200
expect body contains <option value="birth" selected>按出生日期</option>
expect body contains name="lost" value="1" checked
expect body contains <a href="/members?sort=birth">清除条件</a>
expect body contains <span class="badge member-badge-bad">失联</span>

# An org subtree: the town, then one branch; the navigation links up and down.
GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01
header Accept: application/json
expect status 200
capture town1 body "items":\[\{"id":([0-9]+)

GET /members?org=${town1}
expect status 200
expect body ~ <a href="/members">全部</a> › <a href="/members\?org=[0-9]+">青山区委</a> › <strong>城关镇党委</strong>
expect body contains <a href="/members?org=${branch1}">东关社区党支部</a>
expect body contains <input type="hidden" name="org" value="${town1}">
expect body contains <a class="button primary" href="/members/new?org=${town1}">登记党员</a>

GET /members?org=${branch1}
header Accept: application/json
expect status 200
expect body contains "org_name":"东关社区党支部"
expect body !~ "org_name":"[^"]*(村|机关)党支部"
capture total body "total":([0-9]+)

GET /members/stats?org=${branch1}
header Accept: application/json
expect status 200
expect body contains "total":${total},

# Invalid filter values.
GET /members?age=99
expect status 400
expect body contains 「年龄段」不是允许的选项

GET /members?page=0
expect status 400

GET /members?sort=id
expect status 400

GET /members?org=999999999
expect status 404
