# leader_person.t — a person's page: visible when a membership, position, responsibility or
# contact assignment of theirs lies in the viewer's scope, else 404; shows the positions and,
# for a cadre, the orgs they are assigned to.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs/${branch1}/leaders
expect status 200
capture secretary body <td>支部委员会</td><td>书记</td><td><a href="/people/([0-9]+)">
capture cadre body <td>包村领导</td><td><a href="/people/([0-9]+)">

GET /people/${secretary}
expect status 200
expect body contains <h1>李春梅</h1>
expect body ~ 东关社区党支部</a></td><td>支部委员会</td><td>书记</td>
expect body lacks 联系的组织

# the cadre is a town1 leader: branch1 sees them through the assignment, but only its rows
GET /people/${cadre}
expect status 200
expect body contains <h1>王志强</h1>
expect body contains 联系的组织
expect body lacks 西关社区党支部
expect body lacks 城关镇党委

GET /people/${cadre}
header Accept: application/json
expect status 200
expect body contains "contacts":

GET /people/999999999
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /people/${cadre}
expect status 200
expect body contains 西关社区党支部
expect body ~ 城关镇党委</a></td><td>党委</td>

POST /logout
field csrf=${csrf}
expect status 303

login town2 Demo#2024dj

GET /people/${secretary}
expect status 404

GET /people/${cadre}
expect status 404
