# study_materials.t — a town registers a study material (学习材料): validation messages name
# the field and store nothing; edit, retire and restore; the audit log records it; a branch
# of the town reads it but cannot change it; another town does not see it (404).
setup: demo --no-meetings --demo-password Demo#2024dj

login town1 Demo#2024dj

GET /study/materials
expect status 200
expect body contains 还没有登记学习材料

POST /study/materials/new
field csrf=${csrf}
field title=
field body=太短的正文
expect status 400
expect body contains 「标题」不能为空
expect body contains 「全文」太短

GET /study/materials
header Accept: application/json
expect status 200
expect body contains "materials":[]

POST /study/materials/new
field csrf=${csrf}
field title=支部工作条例学习辅导
field source=镇党委编印
field body=党支部要严格落实三会一课制度。党员大会一般每季度召开一次，支部委员会会议一般每月召开一次，党小组会一般每月召开一次，党课要按期举办。
expect status 303
capture m header Location ^/study/materials/([0-9]+)$

GET /study/materials/${m}
expect status 200
expect body contains 支部工作条例学习辅导
expect body contains 党员大会一般每季度召开一次
expect body contains 镇党委编印
expect body contains href="/study/materials/${m}/edit"

GET /study/materials/${m}/edit
expect status 200
expect body contains 支部工作条例学习辅导

POST /study/materials/${m}/edit
field csrf=${csrf}
field title=支部工作条例学习辅导（修订）
field body=党支部要严格落实三会一课制度。党员大会一般每季度召开一次，支部委员会会议一般每月召开一次。
expect status 303
expect header Location = /study/materials/${m}

POST /study/materials/${m}/retire
field csrf=${csrf}
field action=retire
expect status 303

GET /study/materials
expect status 200
expect body lacks 支部工作条例学习辅导（修订）

GET /study/materials?all=1
expect status 200
expect body contains 支部工作条例学习辅导（修订）
expect body contains 已停用

POST /study/materials/${m}/retire
field csrf=${csrf}
field action=restore
expect status 303

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /audit?entity=study_material
expect status 200
expect body contains 学习材料
expect body contains town1

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

GET /study/materials
header Accept: application/json
expect status 200
expect body contains 支部工作条例学习辅导（修订）
expect body contains "can_edit":false

GET /study/materials/${m}
expect status 200
expect body lacks href="/study/materials/${m}/edit"

GET /study/materials/${m}/edit
expect status 403

POST /study/materials/new
field csrf=${csrf}
field title=支部自己的材料
field body=党支部要严格落实三会一课制度。党员大会一般每季度召开一次。
expect status 403

POST /logout
field csrf=${csrf}
expect status 303

login town2 Demo#2024dj

GET /study/materials/${m}
expect status 404
expect body contains 学习材料不存在，或不在您的管辖范围内

POST /study/materials/${m}/edit
field csrf=${csrf}
field title=改别人的
field body=党支部要严格落实三会一课制度。党员大会一般每季度召开一次。
expect status 404

POST /study/materials/${m}/retire
field csrf=${csrf}
field action=retire
expect status 404

GET /study/materials
expect status 200
expect body lacks 支部工作条例学习辅导
