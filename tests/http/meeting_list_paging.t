# meeting_list_paging.t — the record list pages by keyset: 50 records a page, newest first, a
# 下一页 link carrying the cursor (the last record's time and id), 第一页 back; a page never
# repeats the record a previous page ended on; the last page has no 下一页; a malformed or
# impossible cursor is a 400 with a Chinese message, one past the oldest record an empty page.
# (That pages neither repeat nor skip a row, for every page size and both ways of reading, is
# tests/unit/test_meeting_list_paging.c.)
setup: demo --demo-password Demo#2024dj

login branch1 Demo#2024dj

# page 1: branch1's 140-odd records (its own and its 党小组's), counted exactly
GET /meetings
expect status 200
expect body ~ 共 1[0-9][0-9] 条记录
expect body contains rel="next">下一页</a>
expect body lacks 第一页
capture last1 body .*href="/meetings/([0-9]+)">
capture first1 body href="/meetings/([0-9]+)">
capture after1 body href="/meetings\?after=([0-9T:_-]+)" rel="next"

# the cursor is the page's last record; the JSON model carries it too
GET /meetings
header Accept: application/json
expect status 200
expect body contains _${last1}"
expect body contains "total_exact":true
expect body contains "next_after":"${after1}"
expect body contains "n_shown":50

# page 2: after the cursor; neither the last nor the first record of page 1
GET /meetings?after=${after1}
expect status 200
expect body contains <a href="/meetings">第一页</a>
expect body contains rel="next">下一页</a>
expect body lacks href="/meetings/${last1}"
expect body lacks href="/meetings/${first1}"
expect body contains （本页 50 条）
capture last2 body .*href="/meetings/([0-9]+)">
capture after2 body href="/meetings\?after=([0-9T:_-]+)" rel="next"

# page 3: the rest, and no 下一页
GET /meetings?after=${after2}
expect status 200
expect body contains 第一页
expect body lacks rel="next"
expect body lacks href="/meetings/${last2}"
expect body lacks href="/meetings/${last1}"
expect body ~ （本页 [1-4][0-9] 条）

# the cursor keeps the org and the period it was made for
GET /meetings?period=2025
expect status 200
capture afterp body href="/meetings\?period=2025&amp;after=([0-9T:_-]+)" rel="next"

GET /meetings?period=2025&after=${afterp}
expect status 200
expect body contains 2025年
expect body contains <a href="/meetings?period=2025">第一页</a>

# past the oldest record: an empty page, not an error
GET /meetings?after=2000-01-01T00:00_1
expect status 200
expect body contains 没有更多记录了
expect body contains 第一页

# bad cursors: 400 with the field named, nothing listed
GET /meetings?after=abc
expect status 400
expect body contains 「翻页位置」无效
expect body lacks meeting-table

GET /meetings?after=2025-02-30T09:00_5
expect status 400
expect body contains 「翻页位置」无效

GET /meetings?after=2025-03-01T24:00_5
expect status 400
expect body contains 「翻页位置」无效

GET /meetings?after=2025-03-01T09:00_0
expect status 400
expect body contains 「翻页位置」无效

GET /meetings?after=2025-03-01+09:00_5
expect status 400
expect body contains 「翻页位置」无效

GET /meetings?after=2025-03-01T09:00_12345678901234567890
expect status 400
expect body contains 「翻页位置」无效

# the district (a wide subtree) pages too, counted approximately
POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /meetings
expect status 200
expect body ~ 共约 [0-9]+ 条记录
capture dafter body href="/meetings\?after=([0-9T:_-]+)" rel="next"
capture dlast body .*href="/meetings/([0-9]+)">

GET /meetings?after=${dafter}
expect status 200
expect body lacks href="/meetings/${dlast}"
expect body contains rel="next">下一页</a>
