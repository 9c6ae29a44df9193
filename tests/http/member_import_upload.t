# member_import_upload.t — a town secretary uploads a CSV roster with errors: the report names
# each bad row, column, value and reason, nothing is written until 导入有效行; then the valid
# row is in the roster and an export (CSV, full numbers for this role) contains it.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch body "items":\[\{"id":([0-9]+)

GET /members/import
expect status 200
expect body contains <h1>导入党员花名册</h1>
expect body contains enctype="multipart/form-data"
expect body contains 东关社区党支部</option>

# No file: the form again with the field's message.
POST /members/import
field csrf=${csrf}
field org=${branch}
expect status 400
expect body contains 请选择要上传的文件

# A file that is not a roster.
POST /members/import
header Content-Type: multipart/form-data; boundary=XB
body --XB\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n
body --XB\r\nContent-Disposition: form-data; name="org"\r\n\r\n${branch}\r\n
body --XB\r\nContent-Disposition: form-data; name="file"; filename="notes.csv"\r\nContent-Type: text/csv\r\n\r\n
body 会议,日期\r\n支委会,2024-01-02\r\n
body \r\n--XB--\r\n
expect status 400
expect body contains 没有找到表头

# Rows 2 valid, 3 bad check digit, 5 the ID number of row 4 again, 6 an unknown branch, 7 a future
# date and an answer that is not 是/否; 8 a footer that is not a record.
POST /members/import
header Content-Type: multipart/form-data; boundary=XB
body --XB\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n
body --XB\r\nContent-Disposition: form-data; name="org"\r\n\r\n${branch}\r\n
body --XB\r\nContent-Disposition: form-data; name="file"; filename="roster.csv"\r\nContent-Type: text/csv\r\n\r\n
body 姓名,公民身份证号,所在党支部,性别,人员类别,加入党组织日期,转为正式党员日期,手机号,是否为流动党员\r\n
body 张新党,110105198001010016,D001T01B01,男,农民,2010年7月1日,2011.07.01,13812345678,否\r\n
body 李错号,110105194912310021,东关社区党支部,男,农民,2010-07-01,2011-07-01,,\r\n
body 王重复,110105198503150027,,女,在职,2015/7/1,2016/7/1,,\r\n
body 赵重复,110105198503150027,,女,在职,2015/7/1,2016/7/1,,\r\n
body 钱外镇,11010519750620003X,不存在的党支部,男,农民,2012-01-01,2013-01-02,,\r\n
body 孙未来,110105199001010045,,女,农民,2099-01-01,,,也许\r\n
body 填表人：刘,,,,,,,,\r\n
body \r\n--XB--\r\n
expect status 200
expect body contains <h1>导入检查结果</h1>
expect body ~ <th>有效</th><td class="num status-ok">2</td>
expect body ~ <th>有错误（不导入）</th><td class="num status-bad">4</td>
expect body contains <td class="num" data-label="行">3</td><td data-label="列">公民身份证号</td><td data-label="内容">110105194912310021</td><td data-label="原因">「公民身份证号」校验码错误：最后一位应为 X</td>
expect body contains <td class="num" data-label="行">5</td><td data-label="列">公民身份证号</td><td data-label="内容">110105198503150027</td><td data-label="原因">「公民身份证号」与第 4 行重复（同一身份证号只导入第一次出现的行）</td>
expect body contains <td class="num" data-label="行">6</td><td data-label="列">所在党支部</td><td data-label="内容">不存在的党支部</td>
expect body contains <td class="num" data-label="行">7</td><td data-label="列">加入党组织日期</td><td data-label="内容">2099-01-01</td><td data-label="原因">「加入党组织日期」晚于今天</td>
expect body contains <td class="num" data-label="行">7</td><td data-label="列">是否为流动党员</td><td data-label="内容">也许</td><td data-label="原因">「是否为流动党员」应为“是”或“否”</td>
expect body contains 第 8 行：填表人：刘
expect body contains 导入有效行
capture token body action="/members/import/([0-9a-f]+)/apply"

# Nothing written yet.
GET /members?q=%E5%BC%A0%E6%96%B0%E5%85%9A
expect status 200
expect body lacks >张新党</a>

# The apply action takes POST only.
GET /members/import/${token}/apply
expect status 405

POST /members/import/${token}/apply
field csrf=${csrf}
expect status 303
expect header Location = /members?org=${branch}

GET /members?org=${branch}&q=%E5%BC%A0%E6%96%B0%E5%85%9A
expect status 200
expect body contains 已导入 2 名党员：新增 2 名，更新 0 名；0 名无变化。另有 4 行有错误，未导入
expect body contains >张新党</a>

# Applying twice is not possible: the pending import is gone.
POST /members/import/${token}/apply
field csrf=${csrf}
expect status 404

# The export has it, with the full ID number for this role.
GET /members/export?org=${branch}&format=csv
expect status 200
expect header Content-Type ~ ^text/csv
expect header Content-Disposition ~ filename\*=UTF-8''.*\.csv
expect body contains 序号,姓名,所在党支部,公民身份证号,性别,民族,出生日期
expect body contains 张新党,中共城关镇东关社区支部委员会,	110105198001010016,男,

GET /members/export?org=${branch}
expect status 200
expect header Content-Type = application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
expect body ~ ^PK
