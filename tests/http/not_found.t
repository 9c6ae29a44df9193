# not_found.t — unknown paths: a 404 page in Chinese, or a JSON error.
GET /nope
expect status 404
expect header Content-Type ~ ^text/html
expect body contains 页面不存在
expect body contains <html lang="zh-CN">

GET /nope
header Accept: application/json
expect status 404
expect header Content-Type ~ ^application/json
expect body ~ ^\{"error":\{"status":404,
expect body contains 页面不存在

# Near misses of real routes.
GET /healthz/
expect status 404

GET /login/x
expect status 404

# The user's path is not echoed back unescaped.
GET /%3Cscript%3Ealert(1)%3C/script%3E
expect status 404
expect body lacks <script>alert
