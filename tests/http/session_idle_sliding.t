# session_idle_sliding.t — --session-idle counts from the last request, not from the login:
# a session used every 2 s must survive an idle limit of 3 s.
setup: user add alice --role admin --password-stdin <<< Secret#2024x
serve-args: --session-idle 3

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}
expect status 303
expect header Location = /password

sleep 2

GET /password
expect status 200

sleep 2

# 4 s after the login, 2 s after the last request: still signed in.
GET /password
expect status 200

sleep 2

GET /password
expect status 200

sleep 4

GET /password
expect status 303
expect header Location = /login?next=%2Fpassword
