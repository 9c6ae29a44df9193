# login_lockout.t — 5 wrong passwords lock the account; then even the right one gets 403.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=alice
field password=wrong-1
field csrf=${csrf}
expect status 400
expect body contains 登录名或密码错误

POST /login
field login=alice
field password=wrong-2
field csrf=${csrf}
expect status 400
expect body contains 登录名或密码错误

POST /login
field login=alice
field password=wrong-3
field csrf=${csrf}
expect status 400
expect body contains 登录名或密码错误

POST /login
field login=alice
field password=wrong-4
field csrf=${csrf}
expect status 400
expect body contains 登录名或密码错误

# The fifth failure locks the account and says so.
POST /login
field login=alice
field password=wrong-5
field csrf=${csrf}
expect status 400
expect body contains 账户已锁定

# Locked: the right password is refused with 403, and no session is started.
POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}
expect status 403
expect body contains 账户已锁定
expect no-header Location
expect no-header Set-Cookie

GET /
expect status 303
expect header Location = /login?next=%2F
