# open_redirect.t — ?next= only ever leads to a path on this site.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

# The form refuses an off-site next outright.
GET /login?next=//evil.example
expect status 400
expect body lacks evil.example"

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# First login and password change, so that next is honoured afterwards.
POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}
expect status 303

GET /password
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /password
field old=Secret#2024x
field new=Better#2025y
field new2=Better#2025y
field csrf=${csrf}
expect status 303

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# Off-site next values: the login works but the redirect stays on this site.
POST /login
field login=alice
field password=Better#2025y
field csrf=${csrf}
field next=//evil.example
expect status 303
expect header Location = /

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=alice
field password=Better#2025y
field csrf=${csrf}
field next=https://evil.example/
expect status 303
expect header Location = /

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# Browsers delete tabs inside URLs, so "/<TAB>/evil.example" is "//evil.example" to them.
POST /login
body login=alice&password=Better%232025y&csrf=${csrf}&next=%2F%09%2Fevil.example
expect status 303
expect header Location = /

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# A local next is honoured.
POST /login
field login=alice
field password=Better#2025y
field csrf=${csrf}
field next=/password
expect status 303
expect header Location = /password
