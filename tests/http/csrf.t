# csrf.t — every POST needs the CSRF token: missing or wrong → 403, nothing happens.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# No token at all.
POST /login
field login=alice
field password=Secret#2024x
expect status 403
expect body contains 安全校验失败
expect no-header Location

# A wrong token of the right length.
POST /login
field login=alice
field password=Secret#2024x
field csrf=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA
expect status 403
expect body contains 安全校验失败

# A token that is a prefix of the right one.
POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}x
expect status 403

# JSON clients get a JSON error.
POST /login
header Accept: application/json
field login=alice
field password=Secret#2024x
expect status 403
expect header Content-Type ~ ^application/json
expect body ~ "error":\{"status":403

# None of the above signed us in.
GET /
expect status 303
expect header Location = /login?next=%2F

# The right token works, also sent as the X-CSRF-Token header.
POST /login
header X-CSRF-Token: ${csrf}
field login=alice
field password=Secret#2024x
expect status 303
expect header Location = /password

# Signed in, the session has its own token: the pre-session one no longer passes.
POST /logout
field csrf=${csrf}
expect status 403
