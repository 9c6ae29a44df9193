# login_ok.t — the right password signs in; a new account must first change its password.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}
expect status 303
expect header Location = /password
expect header Set-Cookie ~ ^dj_session=[A-Za-z0-9_-]{43}; Path=/; SameSite=Lax; HttpOnly

# Signed in, but every page except /password (and /logout) sends us back to /password.
GET /
expect status 303
expect header Location = /password

GET /password
expect status 200
expect body contains 修改密码
expect body contains name="old"
expect body contains name="new"
expect body contains name="new2"
