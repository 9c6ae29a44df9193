# meeting_attachment.t — optional photos and scans of a meeting record: branch1 uploads a PNG
# to its draft (listed with its size, downloadable byte for byte as a download), a file whose
# content is not what its name says is refused and nothing is stored, another branch cannot
# download it, the file can be removed while the record may change, and once the record is
# submitted the branch can no longer add files (409). Every upload and removal is audited.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

POST /meetings/new?org=3
field csrf=${csrf}
field kind=committee
field date=2025-03-04
field time=09:00
field topics=研究春耕生产
field do=draft
expect status 303
capture rec header Location /meetings/([0-9]+)

GET /meetings/${rec}
expect status 200
expect body contains 上传附件
expect body contains enctype="multipart/form-data"

POST /meetings/${rec}/attachments
header Content-Type: multipart/form-data; boundary=XyZ
body --XyZ\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n${csrf}\r\n
body --XyZ\r\nContent-Disposition: form-data; name="file"; filename="签到表.png"\r\nContent-Type: application/octet-stream\r\n\r\n
body \x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR-test-bytes\r\n--XyZ--\r\n
expect status 303
expect header Location = /meetings/${rec}

GET /meetings/${rec}
expect status 200
expect body contains 已上传附件：签到表.png
expect body contains 签到表.png</a>
expect body contains 27 字节
capture att body href="/meetings/[0-9]+/attachments/([0-9]+)"

GET /meetings/${rec}/attachments/${att}
expect status 200
expect header Content-Type ~ ^image/png$
expect header Content-Disposition ~ ^attachment; filename
expect header X-Content-Type-Options = nosniff
expect body contains IHDR-test-bytes

# a "photo" that is really something else
POST /meetings/${rec}/attachments
part csrf=${csrf}
file file 照片.jpg 200
expect status 303

GET /meetings/${rec}
expect status 200
expect body contains 「附件」只能上传照片（JPG、PNG）、PDF、Word 或 Excel 文件
expect body lacks 照片.jpg</a>

POST /meetings/${rec}/attachments
header Accept: application/json
part csrf=${csrf}
file file 照片.jpg 200
expect status 400
expect body contains 只能上传照片

POST /logout
field csrf=${csrf}
expect status 303

login branch2 Demo#2024dj

GET /meetings/${rec}/attachments/${att}
expect status 404

POST /meetings/${rec}/attachments/${att}/delete
field csrf=${csrf}
expect status 404

POST /logout
field csrf=${csrf}
expect status 303

login branch1 Demo#2024dj

POST /meetings/${rec}/attachments/${att}/delete
field csrf=${csrf}
expect status 303

GET /meetings/${rec}
expect status 200
expect body contains 已删除附件
expect body lacks 签到表.png</a>

GET /meetings/${rec}/attachments/${att}
expect status 404

POST /meetings/${rec}/submit
field csrf=${csrf}
expect status 303

GET /meetings/${rec}
expect status 200
expect body lacks 上传附件

POST /meetings/${rec}/attachments
part csrf=${csrf}
file file 纪要.pdf 100
expect status 409
expect body contains 不能修改

POST /logout
field csrf=${csrf}
expect status 303

login district Demo#2024dj

GET /audit?entity=meeting_attachment
expect status 200
expect body contains 会议附件
expect body contains 签到表.png
