# healthz.t — the health check answers without a database session or cookies.
GET /healthz
expect status 200
expect header Content-Type ~ ^text/plain
expect body ~ ^ok
expect no-header Set-Cookie
