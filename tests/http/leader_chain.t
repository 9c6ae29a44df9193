# leader_chain.t — setting the responsibility chain: nothing chosen or a person out of scope
# is 400 with nothing stored; replacing the 第一责任人 ends the previous one today (shown under
# 以往责任人); choosing the same person again changes nothing.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs/${branch1}/leaders
expect status 200
expect body ~ <th>第一责任人</th><td><a href="/people/[0-9]+">李春梅</a>
expect body lacks 以往责任人
capture member1 body <option value="([0-9]+)">冯秀兰（东关社区党支部）</option>

POST /orgs/${branch1}/chain
field csrf=${csrf}
expect status 400
expect body contains 请至少选择一名责任人

POST /orgs/${branch1}/chain
field csrf=${csrf}
field first=999999999
expect status 400
expect body contains 人员不存在，或不在您的管辖范围内

POST /orgs/${branch1}/chain
field csrf=${csrf}
field first=${member1}
expect status 303
expect header Location = /orgs/${branch1}/leaders

GET /orgs/${branch1}/leaders
expect status 200
expect body contains 已更新党建工作责任人
expect body ~ <th>第一责任人</th><td><a href="/people/${member1}">冯秀兰</a>
expect body contains 以往责任人
expect body ~ <td>第一责任人</td><td><a href="/people/[0-9]+">李春梅</a>

POST /orgs/${branch1}/chain
field csrf=${csrf}
field first=${member1}
expect status 303

GET /orgs/${branch1}/leaders
expect status 200
expect body contains 责任人没有变化

GET /people/${member1}
expect status 200
expect body contains <h1>冯秀兰</h1>
expect body ~ 东关社区党支部</a></td><td>第一责任人</td>
