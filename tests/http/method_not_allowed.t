# method_not_allowed.t — a known path with a method it does not take: 405 and Allow.
POST /healthz
expect status 405
expect header Allow = GET, HEAD
expect body contains 不支持该请求方法

PUT /login
expect status 405
expect header Allow ~ ^GET, HEAD, POST$|^POST, GET, HEAD$

DELETE /
header Accept: application/json
expect status 405
expect header Allow = GET, HEAD
expect body ~ "status":405

# GET also answers HEAD.
HEAD /login
expect status 200
expect body size 0
