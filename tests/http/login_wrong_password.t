# login_wrong_password.t — a wrong password or an unknown login: 400, one message for both.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=alice
field password=Secret#2024y
field csrf=${csrf}
expect status 400
expect no-header Location
expect body contains 登录名或密码错误
expect body contains value="alice"
expect body lacks Secret#2024y

# An unknown account gets the very same answer (no account enumeration).
POST /login
field login=nobody
field password=Secret#2024x
field csrf=${csrf}
expect status 400
expect body contains 登录名或密码错误

# Still signed out.
GET /
expect status 303
expect header Location = /login?next=%2F
