# member_stats.t — statistics of an org subtree with the national buckets: every table has
# counts and shares and an SVG chart drawn on the server; counts link to the roster; the
# model answers as JSON; an org out of scope is 404.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /members/stats
expect status 200
expect body contains <h1>党员统计</h1>
expect body contains <h2>概况</h2>
expect body contains <h2>正式党员与预备党员</h2>
expect body contains <h2>年龄结构</h2>
expect body contains <h2>学历结构</h2>
expect body contains <h2>入党时间</h2>
expect body contains <h2>人员类别</h2>
expect body ~ (<svg xmlns="http://www.w3.org/2000/svg" class="chart".*){5}
expect body contains <td>30岁及以下</td>
expect body contains <td>61岁及以上</td>
expect body contains <td>十八大以来</td>
expect body contains <td>建国前</td>
expect body ~ <td>女性党员</td><td class="num">[0-9]+</td><td class="num">[0-9]+\.[0-9]%</td>
expect body ~ <a href="/members\?age=61-">[0-9]+</a>
expect body ~ <a href="/members\?flowing=1">[0-9]+</a>
expect body lacks <script>
expect body lacks onload=

GET /members/stats
header Accept: application/json
expect status 200
capture total body "total":([0-9]+),"has_members"
expect body contains "overview":[{"label":"党员总数","n":
expect body contains "key":"age"
expect body contains "key":"education"
expect body contains "key":"joined"
expect body contains "key":"category"

# The roster has the same total.
GET /members
header Accept: application/json
expect status 200
expect body contains "total":${total},

GET /members/stats
header Accept: application/json
expect status 200
expect body contains "overview":[{"label":"党员总数","n":${total},"share":"100.0%"

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /members/stats?org=${branch1}
expect status 200
expect body contains <strong>东关社区党支部</strong>
expect body contains 中共城关镇东关社区支部委员会，截至

GET /members/stats?org=999999999
expect status 404

GET /members/stats?org=abc
expect status 400
