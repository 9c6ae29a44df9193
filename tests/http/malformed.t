# malformed.t — broken HTTP gets 400 and does not hurt the server.
# The first two are rejected by libmicrohttpd's parser before our code runs; 0.9.75 has no
# hook to decorate those replies, so they carry no security headers (its fixed text only).
raw
send GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nBadHeaderNoColon\r\n\r\n
expect status 400
expect library-reply

GET /healthz
expect status 200

raw
send GET /healthz garbage garbage\r\nHost: 127.0.0.1\r\n\r\n
expect status 400
expect library-reply

GET /healthz
expect status 200

# A control byte in the path reaches the router: an ordinary 404.
raw
send GET /\x01 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n
expect status 404

# A body that is not valid urlencoded.
raw
send POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n
send Content-Length: 7\r\nConnection: close\r\n\r\n%zz=%%%
expect status 400

# A multipart body without its boundary.
raw
send POST /login HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data\r\n
send Content-Length: 5\r\nConnection: close\r\n\r\nhello
expect status 400

GET /healthz
expect status 200
expect body ~ ^ok
