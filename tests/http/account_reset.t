# account_reset.t — resetting a password: a new random one shown once, the old one stops
# working, the account's sessions end, it must change the password at next login; not for
# one's own account; audited without the password.
setup: demo --no-meetings --demo-password Demo#2024dj

raw
send POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dj_csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCD\r\n
send Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 82\r\nConnection: close\r\n\r\n
send login=member1&password=Demo%232024dj&csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCD
expect status 303
capture msession header Set-Cookie dj_session=([A-Za-z0-9_-]+)

login admin Demo#2024dj

GET /accounts?q=member1
expect status 200
capture id body <a href="/accounts/([0-9]+)">member1</a>
capture csrf body name="csrf" value="([^"]+)"

GET /accounts?q=admin
expect status 200
capture self body <a href="/accounts/([0-9]+)">admin</a>

POST /accounts/${self}/password
field csrf=${csrf}
expect status 409
expect body contains 不能在此重置自己的密码

POST /accounts/${id}/password
field csrf=${csrf}
expect status 200
expect header Cache-Control = no-store
expect body contains 密码已重置
expect body contains 登录会话已全部结束
capture pw body class="password-once">([^<]{12})</code>

# The session member1 had open is over.
raw
send GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dj_session=${msession}\r\nConnection: close\r\n\r\n
expect status 303
expect header Location = /login?next=%2F

GET /accounts/${id}
expect status 200
expect body contains class="status-warn">须改密
expect body contains <td>重置密码</td>
expect body lacks ${pw}

GET /audit?action=password_reset
expect status 200
expect body contains <td>重置密码</td>
expect body contains &quot;sessions_ended&quot;: true
expect body lacks ${pw}

GET /accounts
header Accept: application/json
expect status 200
expect body lacks ${pw}

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
field login=member1
field password=Demo#2024dj
field csrf=${csrf}
expect status 400
expect body contains 登录名或密码错误

POST /login
field login=member1
field password=${pw}
field csrf=${csrf}
expect status 303
expect header Location = /password
