# ledger_summary.t — the 三会一课 summary of a town has one row per branch (per required
# meeting kind held/required, the rate, late and returned records) and a total row, each
# branch linking to its ledger; the district's has one row per town linking to the town's
# summary; both download as .xlsx and print; a bad period is 400.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture b1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01
header Accept: application/json
expect status 200
capture t1 body "items":\[\{"id":([0-9]+)

POST /meetings/new?org=${b1}
field csrf=${csrf}
field kind=party_congress
field date=2025-02-11
field time=09:00
field topics=年度工作计划
field do=submit
expect status 303

GET /ledger/summary?period=2025Q1
expect status 200
expect body contains <h1>三会一课落实情况汇总表</h1>
expect body contains 期间：2025年第一季度
expect body contains 制表时间：
expect body contains <th>支部</th>
expect body contains 党员大会
expect body contains 组织生活会
expect body contains （全年）
expect body contains 已开/应开
expect body contains >1/1</td>
expect body contains 合计
expect body contains <tfoot>
expect body contains href="/ledger/meetings?org=${b1}&amp;period=2025Q1"
expect body contains href="/ledger/summary.xlsx?org=${t1}&amp;period=2025Q1">导出 Excel</a>
expect body contains <link rel="stylesheet" href="/static/print.css" media="print">

GET /ledger/summary?org=${t1}&period=2025Q1
header Accept: application/json
expect status 200
expect body contains "by_town":false
expect body contains "name":"合计"
expect body ~ "code":"party_congress"

GET /ledger/summary?org=${t1}&period=2025Q1&print=1
expect status 200
expect body contains <link rel="stylesheet" href="/static/print.css">
expect body lacks 导出 Excel

GET /ledger/summary.xlsx?org=${t1}&period=2025Q1
expect status 200
expect header Content-Type = application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
expect header Content-Disposition ~ filename\*=UTF-8''%E4%B8%89%E4%BC%9A%E4%B8%80%E8%AF%BE%E6%B1%87%E6%80%BB_.+_2025Q1\.xlsx$
expect body ~ ^PK

GET /ledger/summary?org=${t1}&period=2025-13
expect status 400
expect body contains 「期间」应为

GET /ledger/summary?org=${t1}&period=2025Q1Q1Q1Q1
expect status 400

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /ledger/summary?period=2025Q1
expect status 200
expect body contains 三会一课落实情况汇总表
expect body contains <th>乡镇</th>
expect body contains 支部数
expect body contains href="/ledger/summary?org=${t1}&amp;period=2025Q1"
expect body contains 合计

GET /ledger/summary?period=2025Q1
header Accept: application/json
expect status 200
expect body contains "by_town":true

GET /ledger/summary.xlsx?period=2025
expect status 200
expect header Content-Disposition ~ _2025\.xlsx$
