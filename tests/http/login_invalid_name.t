# login_invalid_name.t — a login name the validator rejects: 400 with a message about the
# login field (not the generic "enter login and password"), and no lookup is made.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=A B
field password=Secret#2024x
field csrf=${csrf}
expect status 400
expect body contains 「登录名」只能使用小写字母、数字和 _ . -
expect body lacks 请输入登录名和密码

POST /login
field login=a
field password=Secret#2024x
field csrf=${csrf}
expect status 400
expect body contains 2–32 个字符

# Empty fields: the generic prompt is the right message here.
POST /login
field login=
field password=
field csrf=${csrf}
expect status 400
expect body contains 请输入登录名和密码
