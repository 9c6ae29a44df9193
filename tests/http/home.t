# home.t — the signed-in home page, as HTML and as JSON.
setup: user add alice --role admin --name 张三 --password-stdin <<< Secret#2024x

login alice Secret#2024x
expect header Location = /password

GET /password
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /password
field old=Secret#2024x
field new=Better#2025y
field new2=Better#2025y
field csrf=${csrf}
expect status 303
expect header Location = /

GET /
expect status 200
expect header Content-Type ~ ^text/html
expect header Cache-Control = no-store
expect body contains 我的账户
expect body contains <td>alice</td>
expect body contains 张三
expect body contains 系统管理员
expect body ~ <form method="post" action="/logout"

GET /
header Accept: application/json
expect status 200
expect header Content-Type ~ ^application/json
expect body ~ "user":\{[^}]*"login":"alice"
expect body ~ "account":\{[^}]*"login":"alice"
expect body contains "role":"admin"
expect body lacks password_hash
expect body lacks $argon2
