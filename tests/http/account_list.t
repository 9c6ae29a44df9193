# account_list.t — the administrator's account list: filters by role and text, pages, nav;
# other roles are refused.
setup: demo --no-meetings --demo-password Demo#2024dj

login admin Demo#2024dj
expect header Location = /

GET /accounts
expect status 200
expect body contains 共 10 个账户
expect body ~ <a href="/accounts/[0-9]+">branch1</a>
expect body contains 东关社区党支部
expect body contains class="status-ok">正常
expect body contains <div class="table-wrap">
expect body ~ <nav class="main"[^>]*>.*href="/accounts".*href="/audit"
expect body !~ style=
expect body !~ <script>

GET /accounts?role=branch
expect status 200
expect body contains 共 4 个账户
expect body contains branch4
expect body lacks >town1<
expect body ~ <option value="branch" selected>

# Text matches the login or the name (李春梅 is branch1).
GET /accounts?q=%E6%98%A5%E6%A2%85
expect status 200
expect body contains 共 1 个账户
expect body contains branch1
expect body lacks branch2

GET /accounts?q=town&role=town
expect status 200
expect body contains 共 2 个账户

GET /accounts?page=2
expect status 200
expect body contains 没有符合条件的账户
expect body contains href="/accounts?page=1"

GET /accounts?role=king
expect status 400
expect body contains 「角色」不是允许的选项

GET /accounts
header Accept: application/json
expect status 200
expect header Content-Type ~ ^application/json
expect body ~ "accounts":\[
expect body contains "total":10
expect body lacks password_hash

GET /
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303

# 区委组织部 sees the audit log in the nav, but not the accounts.
login district Demo#2024dj

GET /
expect status 200
expect body contains href="/audit"
expect body lacks href="/accounts"

GET /accounts
expect status 403

GET /accounts/1
expect status 403
