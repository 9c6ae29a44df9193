# leader_page.t — an org's 班子与责任 page: linked from the org detail; current 班子, the
# chain and contact cadres with the derived findings; the change forms only for roles that
# may change (a branch may not assign contact cadres; a contact cadre only reads); orgs out
# of scope are 404.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B03
header Accept: application/json
expect status 200
capture branch3 body "items":\[\{"id":([0-9]+)

GET /orgs/${branch1}
expect status 200
expect body contains href="/orgs/${branch1}/leaders"

GET /orgs/${branch1}/leaders
expect status 200
expect body contains <h1>东关社区党支部 · 班子与责任</h1>
expect body ~ <td>支部委员会</td><td>书记</td><td><a href="/people/[0-9]+">李春梅</a>
expect body ~ <th>第一责任人</th><td><a href="/people/[0-9]+">李春梅</a>
expect body ~ <td>包村领导</td><td><a href="/people/[0-9]+">王志强</a>
expect body contains 本届任期至
expect body contains action="/orgs/${branch1}/positions"
expect body contains action="/orgs/${branch1}/chain"
expect body contains action="/orgs/${branch1}/contacts"
expect body ~ <option value="[0-9]+">冯秀兰（东关社区党支部）</option>

GET /orgs/${branch1}/leaders
header Accept: application/json
expect status 200
expect body contains "leadership":
expect body contains "secretary_vacant":false
expect body contains "findings":

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /orgs/${branch1}/leaders
expect status 200
expect body contains action="/orgs/${branch1}/positions"
expect body contains action="/orgs/${branch1}/chain"
expect body lacks action="/orgs/${branch1}/contacts"
expect body lacks /contacts/

GET /orgs/${branch3}/leaders
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login contact1 Demo#2024dj

GET /orgs/${branch1}/leaders
expect status 200
expect body contains 李春梅
expect body lacks action="/orgs/${branch1}/positions"
expect body lacks action="/orgs/${branch1}/chain"
expect body lacks /end"

GET /orgs/${branch3}/leaders
expect status 404
