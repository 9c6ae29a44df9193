# password_json.t — a JSON client changing its password is told which field is wrong.
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

GET /password
header Accept: application/json
expect status 200
expect header Content-Type ~ ^application/json
expect body contains "must_change":true
capture csrf body "csrf":"([^"]+)"

POST /password
header Accept: application/json
field old=Secret#2024x
field new=Better#2025y
field new2=Better#2025z
field csrf=${csrf}
expect status 400
expect header Content-Type ~ ^application/json
expect body ~ "errors":\{[^}]*"new2":"「确认新密码」与新密码不一致"

POST /password
header Accept: application/json
field old=Secret#2024x
field new=short
field new2=short
field csrf=${csrf}
expect status 400
expect body ~ "errors":\{[^}]*"new":"[^"]*8 个字符

POST /password
header Accept: application/json
field old=Secret#2024x
field new=Better#2025y
field new2=Better#2025y
field csrf=${csrf}
expect status 303
expect header Location = /
expect body contains "redirect":"/"
