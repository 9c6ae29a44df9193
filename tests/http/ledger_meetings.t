# ledger_meetings.t — the 会议记录台账 of a branch is a view of its records: a record entered
# on the form shows up with its attendance, decision and vote, review state and entry time (a
# 2025 meeting entered today is marked as entered late); the print layout, the .xlsx download
# (type, RFC 5987 file name, a zip) and the JSON model come from the same data; a period that
# does not parse is 400 with a Chinese message.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /meetings/new
expect status 200
capture p_an body name="a[0-9]+" value="([0-9]+)"> 安琴花</label>
capture p_li body name="a[0-9]+" value="([0-9]+)"> 李春梅</label>
capture org body action="/meetings/new\?org=([0-9]+)"

POST /meetings/new?org=${org}
field csrf=${csrf}
field kind=party_congress
field date=2025-03-03
field time=09:30
field place=村委会会议室
field host=${p_li}
field recorder=${p_li}
field topics=讨论村集体经济项目
field minutes=李春梅：介绍冷库建设方案。
field a1=${p_an}
field r1=外出务工
field d1=同意建设冷库
field y1=30
field n1=3
field b1=2
field do=submit
expect status 303

GET /ledger/meetings?org=${org}&period=2025
expect status 200
expect body contains <h1>会议记录台账</h1>
expect body contains 组织名称：
expect body contains 期间：2025年
expect body contains 制表时间：
expect body contains 党员大会
expect body contains 李春梅
expect body contains 安琴花（外出务工）
expect body contains 讨论村集体经济项目
expect body contains 同意建设冷库
expect body contains 赞成30、反对3、弃权2，通过
expect body contains 已提交
expect body contains 录入时间
expect body ~ 会后[0-9]+天录入
expect body contains 补录
expect body contains 逾期
expect body contains <link rel="stylesheet" href="/static/print.css" media="print">
expect body contains href="/ledger/meetings.xlsx?org=${org}&amp;period=2025">导出 Excel</a>
expect body contains href="/ledger/meetings?org=${org}&amp;period=2025&amp;print=1">打印</a>

GET /ledger/meetings?org=${org}&period=2025&print=1
expect status 200
expect body contains <link rel="stylesheet" href="/static/print.css">
expect body contains 打印版式（A4 纵向）
expect body lacks 导出 Excel
expect body contains 安琴花（外出务工）

GET /ledger/meetings?org=${org}&period=2025
header Accept: application/json
expect status 200
expect body contains "total":1
expect body contains "late_entry":true
expect body ~ "due":[0-9]+
expect body contains "absent_text":"安琴花（外出务工）"

# Other periods: the quarter holds it, the next quarter is empty; default is this year.
GET /ledger/meetings?org=${org}&period=2025Q1
header Accept: application/json
expect status 200
expect body contains "total":1
expect body contains "label":"2025年第一季度"

GET /ledger/meetings?org=${org}&period=2025-Q2
expect status 200
expect body contains 本期间没有会议记录

GET /ledger/meetings.xlsx?org=${org}&period=2025
expect status 200
expect header Content-Type = application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
expect header Content-Disposition ~ ^attachment; filename=".*"; filename\*=UTF-8''%E4%BC%9A%E8%AE%AE%E8%AE%B0%E5%BD%95%E5%8F%B0%E8%B4%A6_.+_2025\.xlsx$
expect body ~ ^PK

GET /ledger/meetings?org=${org}&period=2025Q5
expect status 400
expect body contains 「期间」应为 2025（全年）、2025Q3（季度）

GET /ledger/meetings.xlsx?org=${org}&period=abc
expect status 400
expect body contains 「期间」应为

GET /ledger/meetings?org=abc
expect status 400

GET /static/print.css
expect status 200
expect body contains size: A4
expect body contains display: table-header-group
expect body contains break-inside: avoid

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /audit?entity=org&action=export
expect status 200
expect body contains 导出
