# study_similar.t — the side-by-side page of a record (雷同比对): a record copied from a
# registered material shows the material with the common passages marked; a record copied
# from another branch's record shows that record; a branch sees only what is in its scope
# (the other branch's record is left out, the material is shown); a record out of scope is 404.
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture b1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01B03
header Accept: application/json
expect status 200
capture b3 body "items":\[\{"id":([0-9]+)

POST /study/materials/new
field csrf=${csrf}
field title=党员教育管理工作要点
field body=主题党日要每月相对固定一天开展，内容包括集中学习、重温入党誓词、交纳党费、开展志愿服务等，防止形式化、娱乐化。要把主题党日与为民办实事结合起来，组织党员认领服务岗位，在人居环境整治、矛盾纠纷调解、防汛抗旱等工作中发挥先锋模范作用。党员管理要做到底数清、情况明。
expect status 303
capture mat header Location ^/study/materials/([0-9]+)$

POST /meetings/new?org=${b1}
field csrf=${csrf}
field kind=party_congress
field date=2025-06-03
field time=09:00
field topics=学习党员教育管理工作要点
field minutes=王明：主题党日要每月相对固定一天开展，内容包括集中学习、重温入党誓词、交纳党费、开展志愿服务等，防止形式化、娱乐化。要把主题党日与为民办实事结合起来，组织党员认领服务岗位，在人居环境整治、矛盾纠纷调解、防汛抗旱等工作中发挥先锋模范作用。
field do=draft
expect status 303
capture m1 header Location ^/meetings/([0-9]+)$

POST /meetings/new?org=${b1}
field csrf=${csrf}
field kind=party_congress
field date=2025-06-10
field time=09:00
field topics=研究防汛工作
field minutes=张强：今年雨水多，河坝一带的排水沟要在汛前逐段清淤，我负责东组的三百米。刘芳：合作社上半年卖了两万斤核桃，账目下周在公开栏贴出来，请大家监督。赵军：村里有四户老人冬天取暖困难，建议支部组织党员上门帮忙备柴。陈丽：学校门口的路灯坏了两盏，已经报给镇上，争取月底前修好。
field do=draft
expect status 303
capture m2 header Location ^/meetings/([0-9]+)$

POST /meetings/new?org=${b3}
field csrf=${csrf}
field kind=party_congress
field date=2025-07-10
field time=09:00
field topics=研究防汛工作
field minutes=周涛：今年雨水多，河坝一带的排水沟要在汛前逐段清淤，我负责东组的三百米。吴敏：合作社上半年卖了两万斤核桃，账目下周在公开栏贴出来，请大家监督。郑斌：村里有四户老人冬天取暖困难，建议支部组织党员上门帮忙备柴。孙悦：学校门口的路灯坏了两盏，已经报给镇上，争取月底前修好。
field do=draft
expect status 303
capture m3 header Location ^/meetings/([0-9]+)$

GET /meetings/${m1}/similar
expect status 200
expect body contains 与学习材料 <a href="/study/materials/${mat}">《党员教育管理工作要点》</a>
expect body contains 本记录出自该材料的比例
expect body contains <mark>

GET /meetings/${m3}/similar
expect status 200
expect body contains href="/meetings/${m2}"
expect body contains 相似度
expect body lacks 学习材料 <a

GET /meetings/${m2}/similar
header Accept: application/json
expect status 200
expect body contains "id":${m3}
expect body contains "mark":true

GET /meetings/${m1}
expect status 200
expect body contains href="/meetings/${m1}/similar"

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /meetings/${m2}/similar
expect status 200
expect body lacks href="/meetings/${m3}"
expect body contains 没有发现与本记录雷同

GET /meetings/${m1}/similar
expect status 200
expect body contains 《党员教育管理工作要点》

GET /meetings/${m3}/similar
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login member1 Demo#2024dj

GET /meetings/${m1}/similar
expect status 403
