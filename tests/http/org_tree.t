# org_tree.t — the tree from the district's root: two levels unfolded with counts and tags,
# deeper levels behind ?open= links, <details> without JavaScript, search, the dissolved
# toggle, and the same tree as JSON.
setup: demo --no-meetings --demo-password Demo#2024dj

login district Demo#2024dj
expect header Location = /

# The nav links to the tree.
GET /
expect status 200
expect body contains <a href="/orgs">组织架构</a>

# Ids by code (search matches codes exactly).
GET /orgs?q=D001T01B01
header Accept: application/json
expect status 200
capture branch1 body "items":\[\{"id":([0-9]+)

GET /orgs?q=D001T01
header Accept: application/json
expect status 200
capture town1 body "items":\[\{"id":([0-9]+)

GET /orgs
expect status 200
expect header Content-Type ~ ^text/html
expect body contains <h1>组织架构</h1>
# the root, open; a town below it, folded but rendered; a branch two levels down
expect body ~ <details open><summary><a class="org-name" href="/orgs/[0-9]+">青山区委</a>
expect body contains <details><summary><a class="org-name" href="/orgs/${town1}">城关镇党委</a> <span class="org-kind">乡镇(街道)党委</span> <span class="org-counts">下级 
expect body contains 东关社区党支部
expect body ~ <span class="badge">乡镇驻地</span>
# the branch's party groups (three levels down) are behind a link
expect body contains <a class="org-more" href="/orgs?open=${branch1}#org-${branch1}">
expect body lacks 第一党小组
expect body contains <a href="/orgs?dissolved=1">显示已撤销的组织</a>
expect body lacks style=
expect body lacks <script>

# Unfolding a branch renders the path down to it and its groups.
GET /orgs?open=${branch1}
expect status 200
expect body ~ class="org-node">[[:space:]]*<details open><summary><a class="org-name" href="/orgs/[0-9]+">东关社区党支部
expect body contains 第一党小组

GET /orgs?open=999999
expect status 404

GET /orgs?open=abc
expect status 400

# Search by name: full names, a link each.
GET /orgs?q=%E4%B8%9C%E5%85%B3
expect status 200
expect body ~ 查找“东关”：[0-9]+ 个组织
expect body contains <a href="/orgs/${branch1}">中共城关镇东关社区支部委员会</a>
expect body lacks org-roots

GET /orgs?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA
expect status 200
expect body contains 没有找到

# A LIKE wildcard is taken literally.
GET /orgs?q=%25
expect status 200
expect body contains 没有找到

GET /orgs?q=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx
expect status 400

# JSON: the tree itself.
GET /orgs
header Accept: application/json
expect status 200
expect header Content-Type ~ ^application/json
expect body ~ "roots":\[\{"id":[0-9]+
expect body contains "short_name":"城关镇党委"
expect body ~ "n_children":[0-9]+
expect body ~ "n_subtree":[0-9]+
expect body contains "tags":[{"code":"town_seat","label":"乡镇驻地"}]
expect body contains "more_href":"/orgs?open=${branch1}#org-${branch1}"

# HEAD works like GET without a body.
HEAD /orgs
expect status 200
expect body size 0
