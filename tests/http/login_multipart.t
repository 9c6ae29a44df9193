# login_multipart.t — a multipart/form-data login works like an urlencoded one.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
part login=alice
part password=Secret#2024y
part csrf=${csrf}
expect status 400
expect body contains 登录名或密码错误

POST /login
part login=alice
part password=Secret#2024x
part csrf=${csrf}
expect status 303
expect header Location = /password

GET /password
expect status 200
