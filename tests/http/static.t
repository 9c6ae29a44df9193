# static.t — embedded static files: type, ETag revalidation, HEAD, no escape from static/.
GET /static/app.css
expect status 200
expect header Content-Type ~ ^text/css
expect header ETag ~ ^"[0-9a-f]+"$
expect header Cache-Control = no-cache
expect body contains :root
capture etag header ETag (.+)

GET /static/app.css
header If-None-Match: ${etag}
expect status 304
expect body size 0
expect header ETag = ${etag}

GET /static/app.css
header If-None-Match: "0000000000000000"
expect status 200

HEAD /static/app.css
expect status 200
expect header Content-Type ~ ^text/css
expect header Content-Length ~ ^[1-9][0-9]*$
expect body size 0

GET /static/app.js
expect status 200
expect header Content-Type ~ ^text/javascript

GET /static/nope.css
expect status 404

GET /static/../templates/layout.mustache
expect status 404
expect body lacks {{

GET /static/..%2ftemplates%2flayout.mustache
expect status 404
expect body lacks {{

POST /static/app.css
expect status 405
