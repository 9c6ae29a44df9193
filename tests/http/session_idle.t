# session_idle.t — a session unused for longer than --session-idle ends.
setup: user add alice --role admin --password-stdin <<< Secret#2024x
serve-args: --session-idle 2

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}
expect status 303
expect header Location = /password

GET /
expect status 303
expect header Location = /password

sleep 3

GET /
expect status 303
expect header Location = /login?next=%2F
expect header Set-Cookie ~ ^dj_session=;
