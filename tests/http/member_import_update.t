# member_import_update.t — re-importing a known member lists the update with its changes
# (old → new) before anything is written; 取消 drops the pending import and writes nothing;
# a contact cadre exports with masked numbers; a member account may not import.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch body "items":\[\{"id":([0-9]+)

# A member of the branch, from the export (full numbers for a town account).
GET /members/export?org=${branch}&format=csv
expect status 200
capture name body 身份证号例外说明..1,([^,]+),
capture idno body 身份证号例外说明..1,[^,]+,[^,]+,.([0-9X]{18}),

# Only 姓名, ID number and a new 工作岗位: nothing else may change.
POST /members/import
header Content-Type: multipart/form-data; boundary=XB
body --XB\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n
body --XB\r\nContent-Disposition: form-data; name="org"\r\n\r\n${branch}\r\n
body --XB\r\nContent-Disposition: form-data; name="file"; filename="update.csv"\r\nContent-Type: text/csv\r\n\r\n
body 姓名,身份证号,工作岗位\r\n${name},${idno},网格员（测试）\r\n
body \r\n--XB--\r\n
expect status 200
expect body ~ <th>将更新</th><td class="num">1</td>
expect body contains <h2>将更新的党员（身份证号已登记）</h2>
expect body ~ <td class="num">2</td><td>${name}</td><td class="nowrap">${idno}</td><td><div>工作岗位：[^<]* → 网格员（测试）</div></td>
capture token body action="/members/import/([0-9a-f]+)/cancel"

# The report can be shown again (JSON: the same model).
GET /members/import/${token}
header Accept: application/json
expect status 200
expect body contains "updated":1
expect body contains "changes":{"工作岗位":[

# 取消: nothing written, the pending import is gone.
POST /members/import/${token}/cancel
field csrf=${csrf}
expect status 303
expect header Location = /members/import

GET /members/import
expect status 200
expect body contains 已取消导入，没有写入任何数据

GET /members/import/${token}
expect status 404
expect body contains 没有这个待确认的导入

GET /members/export?org=${branch}&format=csv
expect status 200
expect body lacks 网格员（测试）

# Another account cannot see someone else's pending import.
POST /members/import
header Content-Type: multipart/form-data; boundary=XB
body --XB\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n
body --XB\r\nContent-Disposition: form-data; name="org"\r\n\r\n${branch}\r\n
body --XB\r\nContent-Disposition: form-data; name="file"; filename="update.csv"\r\nContent-Type: text/csv\r\n\r\n
body 姓名,身份证号,工作岗位\r\n${name},${idno},网格员（测试）\r\n
body \r\n--XB--\r\n
expect status 200
capture token2 body action="/members/import/([0-9a-f]+)/apply"

POST /logout
field csrf=${csrf}
expect status 303

login town2 Demo#2024dj

GET /members/import/${token2}
expect status 404

POST /members/import/${token2}/apply
field csrf=${csrf}
expect status 404

# A contact cadre may export (masked numbers) but not import.
POST /logout
field csrf=${csrf}
expect status 303

login contact1 Demo#2024dj

GET /members/export?org=${branch}&format=csv
expect status 200
expect body lacks ${idno}
expect body ~ [0-9]{3}\*{11}[0-9X]{4}

GET /members/import
expect status 403

GET /members/export?org=1&format=csv
expect status 404

GET /members/export?org=${branch}&format=pdf
expect status 400
