# logout.t — POST /logout ends the session on the server, not only in this browser.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}
expect status 303
capture session header Set-Cookie dj_session=([A-Za-z0-9_-]+)

GET /password
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# Logout is allowed while the password change is pending.
POST /logout
field csrf=${csrf}
expect status 303
expect header Location = /login
expect header Set-Cookie ~ ^dj_session=; .*Max-Age=0

GET /
expect status 303
expect header Location = /login?next=%2F

# The old session token, replayed by hand, is dead too.
raw
send GET /password HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dj_session=${session}\r\n
send Connection: close\r\n\r\n
expect status 303
expect header Location = /login?next=%2Fpassword

# The login page shows the flash message once.
GET /login
expect status 200
expect body contains 已退出登录
