# account_not_found.t — unknown or malformed account ids answer 404 (pages and POSTs);
# other roles get 403.
setup: demo --no-meetings --demo-password Demo#2024dj

login admin Demo#2024dj

GET /accounts
expect status 200
capture csrf body name="csrf" value="([^"]+)"

GET /accounts/99999
expect status 404
expect body contains 账户不存在

GET /accounts/0
expect status 404

GET /accounts/abc
expect status 404

GET /accounts/99999999999999999999
expect status 404

GET /accounts/-1
expect status 404

GET /accounts/99999
header Accept: application/json
expect status 404
expect body contains "status":404

POST /accounts/99999/lock
field csrf=${csrf}
expect status 404

POST /accounts/99999/unlock
field csrf=${csrf}
expect status 404

POST /accounts/99999/password
field csrf=${csrf}
expect status 404

POST /accounts/99999/role
field role=town
field org=D001T01
field csrf=${csrf}
expect status 404

POST /accounts/99999/assign
field assign_org=D001T01
field kind=instructor
field csrf=${csrf}
expect status 404

DELETE /accounts/1
expect status 405

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

GET /accounts/1
expect status 303
expect header Location ~ ^/login

login town1 Demo#2024dj

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

GET /accounts/new
expect status 403

POST /accounts/new
field login=sneaky
field role=admin
field csrf=${csrf}
expect status 403

POST /accounts/1/lock
field csrf=${csrf}
expect status 403

GET /audit
expect status 403
