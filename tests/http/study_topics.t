# study_topics.t — key work topics (重点工作): the keywords and the period are checked with a
# message per field; a town may register only for itself, the district for itself or its
# towns; a branch sees its town's and its district's topics, another town only the district's.
setup: demo --no-meetings --demo-password Demo#2024dj

login district Demo#2024dj

GET /orgs?q=D001T01
header Accept: application/json
expect status 200
capture t1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001
header Accept: application/json
expect status 200
capture d body "items":\[\{"id":([0-9]+)

POST /study/topics/new
field csrf=${csrf}
field org=${d}
field title=五推进工程
field keywords=五推进工程
field from=2025-07-01
field to=2026-06-30
expect status 303
expect header Location = /study/topics

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

POST /study/topics/new
field csrf=${csrf}
field title=发展党员排查
field keywords=，，
field from=2025-10-01
field to=2025-07-01
expect status 400
expect body contains 只有标点或空格
expect body contains 「结束日期」不能早于开始日期

POST /study/topics/new
field csrf=${csrf}
field title=发展党员排查
field from=2025-07-01
field to=2025-09-30
expect status 400
expect body contains 「关键词」不能为空

POST /study/topics/new
field csrf=${csrf}
field org=${d}
field title=冒名登记
field keywords=冒名
field from=2025-07-01
field to=2025-09-30
expect status 400
expect body contains 「登记单位」请选择本级或下级的区（县）委、乡镇党委

POST /study/topics/new
header Content-Type: application/x-www-form-urlencoded
body csrf=${csrf}&org=${t1}&title=%E5%8F%91%E5%B1%95%E5%85%9A%E5%91%98%E6%8E%92%E6%9F%A5
body &keywords=%20%E5%8F%91%E5%B1%95%E5%85%9A%E5%91%98%E6%8E%92%E6%9F%A5%20%0D%0A%0D%0A
body %E5%8F%91%E5%B1%95%E5%85%9A%E5%91%98%E5%B7%A5%E4%BD%9C%E6%8E%92%E6%9F%A5
body &from=2025%E5%B9%B47%E6%9C%881%E6%97%A5&to=2025-09-30
expect status 303

GET /study/topics
header Accept: application/json
expect status 200
expect body contains "title":"发展党员排查"
expect body contains "keywords":"发展党员排查\n发展党员工作排查"
expect body contains "period_from":"2025-07-01"
expect body contains "title":"五推进工程"
capture k body "topics":\[\{"id":([0-9]+)

GET /study/topics
expect status 200
expect body contains href="/study/topics/${k}/edit"

GET /study/topics/${k}/edit
expect status 200
expect body contains 发展党员工作排查

POST /study/topics/${k}/edit
field csrf=${csrf}
field title=发展党员排查
field keywords=发展党员排查
field from=2025-07-01
field to=2025-12-31
expect status 303

GET /study/topics
expect status 200
expect body contains 2025-07-01 至 2025-12-31

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /study/topics
expect status 200
expect body contains 发展党员排查
expect body contains 五推进工程
expect body lacks /study/topics/${k}/edit

GET /study/topics/${k}/edit
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

login town2 Demo#2024dj

GET /study/topics
expect status 200
expect body contains 五推进工程
expect body lacks 发展党员排查

GET /study/topics/${k}/edit
expect status 404

POST /study/topics/${k}/retire
field csrf=${csrf}
field action=retire
expect status 404
