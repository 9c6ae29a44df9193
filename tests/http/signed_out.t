# signed_out.t — a signed-out visitor of / is sent to the login page, JSON clients get 401.
GET /
expect status 303
expect header Location = /login?next=%2F
expect body size 0

GET /
header Accept: application/json
expect status 401
expect header Content-Type ~ ^application/json
expect body ~ ^\{"error":\{"status":401,
expect body contains "message":"请先登录"

GET /password
expect status 303
expect header Location = /login?next=%2Fpassword

# A signed-out POST goes to the login page without a next= (it could not be replayed by GET).
POST /logout
expect status 303
expect header Location = /login
