# password_change.t — the first-login password change: policy, mismatch, success; afterwards
# the old password no longer works and the new one does.
setup: user add alice --role admin --password-stdin <<< Secret#2024x

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}
expect status 303
expect header Location = /password

GET /password
expect status 200
expect body contains 首次登录
capture csrf body name="csrf" value="([^"]+)"

# Too short: the policy message next to the field.
POST /password
field old=Secret#2024x
field new=short
field new2=short
field csrf=${csrf}
expect status 400
expect body ~ class="field-error">[^<]*8 个字符

# Too simple (one character class).
POST /password
field old=Secret#2024x
field new=abcdefghijkl
field new2=abcdefghijkl
field csrf=${csrf}
expect status 400
expect body contains 至少三类

# The two new passwords differ.
POST /password
field old=Secret#2024x
field new=Better#2025y
field new2=Better#2025z
field csrf=${csrf}
expect status 400
expect body contains 不一致

# The current password is wrong.
POST /password
field old=Secret#2024y
field new=Better#2025y
field new2=Better#2025y
field csrf=${csrf}
expect status 400
expect body contains 「当前密码」不正确

# Same as the current one.
POST /password
field old=Secret#2024x
field new=Secret#2024x
field new2=Secret#2024x
field csrf=${csrf}
expect status 400
expect body contains 不能与当前密码相同

# A required field missing.
POST /password
field old=Secret#2024x
field new=Better#2025y
field csrf=${csrf}
expect status 400
expect body contains 「确认新密码」不能为空

# Still must change.
GET /
expect status 303
expect header Location = /password

# Success: back to / with a fresh session.
POST /password
field old=Secret#2024x
field new=Better#2025y
field new2=Better#2025y
field csrf=${csrf}
expect status 303
expect header Location = /
expect header Set-Cookie ~ ^dj_session=[A-Za-z0-9_-]{43};

GET /
expect status 200
expect body contains 密码已修改
expect body contains 我的账户
capture csrf body name="csrf" value="([^"]+)"

POST /logout
field csrf=${csrf}
expect status 303
expect header Location = /login

GET /login
expect status 200
capture csrf body name="csrf" value="([^"]+)"

# The old password is gone.
POST /login
field login=alice
field password=Secret#2024x
field csrf=${csrf}
expect status 400
expect body contains 登录名或密码错误

# The new one signs in, straight to / this time.
POST /login
field login=alice
field password=Better#2025y
field csrf=${csrf}
expect status 303
expect header Location = /

GET /
expect status 200
expect body contains 我的账户
