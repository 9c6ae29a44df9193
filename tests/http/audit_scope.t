# audit_scope.t — the audit log is limited to the viewer's subtree: a district sees what
# happened to its own orgs and accounts, not another district's; the administrator sees all.
setup: demo --no-meetings --scale city --demo-password Demo#2024dj

login admin Demo#2024dj

GET /accounts/new
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# One account in another district (D002), one in this district (D001).
POST /accounts/new
field login=otherdistrict
field role=town
field org=D002T01
field csrf=${csrf}
expect status 200

POST /accounts/new
field login=samedistrict
field role=town
field org=D001T03
field csrf=${csrf}
expect status 200

GET /audit?entity=account
expect status 200
expect body contains otherdistrict
expect body contains samedistrict

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /audit?entity=account
expect status 200
expect body contains samedistrict
expect body lacks otherdistrict

GET /audit
header Accept: application/json
expect status 200
expect body lacks otherdistrict
