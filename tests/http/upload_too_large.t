# upload_too_large.t — bodies past --max-upload-mb get 413, whatever their encoding, and the
# server stays up.
serve-args: --max-upload-mb 1

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# 2 MB urlencoded body (curl sends Expect: 100-continue; the server answers first).
POST /login
body-bytes 2097152
expect status 413
expect body contains 提交的内容超过上限（1 MB）

# The same without Expect: the body arrives and is refused.
POST /login
header Expect:
body-bytes 2097152
expect status 413
expect body contains 超过上限

# Multipart with a 2 MB file, Content-Length known up front.
POST /login
part csrf=${csrf}
part login=alice
file attachment big.bin 2097152
expect status 413
expect body contains 超过上限

# Multipart streamed in chunks (no Content-Length): the decoder's cap must catch it.
POST /login
header Transfer-Encoding: chunked
part csrf=${csrf}
part login=alice
file attachment big.bin 2097152
expect status 413
expect body contains 超过上限

# JSON clients get the error as JSON.
POST /login
header Accept: application/json
body-bytes 2097152
expect status 413
expect body ~ "status":413

# Just under the cap is not refused for its size.
POST /login
header Expect:
part csrf=${csrf}
file attachment small.bin 900000
expect status 400

GET /healthz
expect status 200
expect body ~ ^ok
