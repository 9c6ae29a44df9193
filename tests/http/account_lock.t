# account_lock.t — locking ends the account's sessions and stops its login; unlocking lets it
# back in; nobody locks their own account; both audited.
setup: demo --no-meetings --demo-password Demo#2024dj

# branch1 signs in on another connection (its own CSRF cookie) and keeps that session.
raw
send POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dj_csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCD\r\n
send Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 82\r\nConnection: close\r\n\r\n
send login=branch1&password=Demo%232024dj&csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCD
expect status 303
capture bsession header Set-Cookie dj_session=([A-Za-z0-9_-]+)

raw
send GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dj_session=${bsession}\r\nConnection: close\r\n\r\n
expect status 200
expect body contains 李春梅

login admin Demo#2024dj

GET /accounts?q=branch1
expect status 200
capture id body <a href="/accounts/([0-9]+)">branch1</a>
capture csrf body name="csrf" value="([^"]+)"

GET /accounts?q=admin
expect status 200
capture self body <a href="/accounts/([0-9]+)">admin</a>

# Not one's own account.
GET /accounts/${self}
expect status 200
expect body lacks /lock"
expect body contains 不能锁定自己的账户

POST /accounts/${self}/lock
field csrf=${csrf}
expect status 409
expect body contains 不能锁定自己的账户

# Without the CSRF token nothing happens.
POST /accounts/${id}/lock
expect status 403

POST /accounts/${id}/lock
field csrf=${csrf}
expect status 303
expect header Location = /accounts/${id}

GET /accounts/${id}
expect status 200
expect body contains 账户已锁定
expect body contains class="status-bad">锁定（由管理员锁定）
expect body contains /unlock"
expect body contains <td>锁定</td>

# Its open session is gone, and it cannot sign in.
raw
send GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dj_session=${bsession}\r\nConnection: close\r\n\r\n
expect status 303
expect header Location = /login?next=%2F

raw
send POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dj_csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCD\r\n
send Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 82\r\nConnection: close\r\n\r\n
send login=branch1&password=Demo%232024dj&csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCD
expect status 403
expect body contains 账户已锁定

GET /accounts?q=branch1
expect status 200
expect body contains class="status-bad">锁定

POST /accounts/${id}/unlock
field csrf=${csrf}
expect status 303
expect header Location = /accounts/${id}

GET /accounts/${id}
expect status 200
expect body contains 账户已解锁
expect body contains class="status-ok">正常
expect body contains <td>解锁</td>

# Unlocking an unlocked account changes nothing.
POST /accounts/${id}/unlock
field csrf=${csrf}
expect status 303

GET /accounts/${id}
expect status 200
expect body contains 该账户未被锁定

GET /audit?action=unlock
expect status 200
expect body contains <td>解锁</td>
expect body ~ nowrap">[0-9-]+ [0-9:]+</td>[^<]*<td>admin</td>

raw
send POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: dj_csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCD\r\n
send Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 82\r\nConnection: close\r\n\r\n
send login=branch1&password=Demo%232024dj&csrf=abcdefghijklmnopqrstuvwxyz0123456789ABCD
expect status 303
expect header Location = /
