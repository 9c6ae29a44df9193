# login_form.t — GET /login: the form, its hidden csrf and next, and the pre-session cookie.
GET /login
expect status 200
expect header Content-Type ~ ^text/html
expect header Set-Cookie ~ ^dj_csrf=[A-Za-z0-9_-]{43}; Path=/; SameSite=Lax; HttpOnly
expect body ~ <form method="post" action="/login"
expect body ~ <input type="hidden" name="csrf" value="[A-Za-z0-9_-]{43}">
expect body contains <input type="hidden" name="next" value="/">
expect body contains name="login"
expect body contains name="password" type="password"
capture csrf body name="csrf" value="([^"]+)"

# The token is stable for this browser (double submit: cookie and field agree).
GET /login
expect status 200
expect no-header Set-Cookie
expect body contains name="csrf" value="${csrf}"

# ?next= is carried into the form.
GET /login?next=%2Fpassword
expect status 200
expect body contains name="next" value="/password"
