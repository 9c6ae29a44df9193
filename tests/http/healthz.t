# healthz.t — the health check: 200 "ok" as plain text, HEAD too, never cached.
GET /healthz
expect status 200
expect header Content-Type ~ ^text/plain
expect header Cache-Control = no-store
expect body ~ ^ok[[:space:]]*$

HEAD /healthz
expect status 200
expect body size 0
