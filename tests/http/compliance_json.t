# compliance_json.t — the same routes answer JSON (the view model): a branch's calendar and
# a town's roll-up.
setup: demo --no-meetings --demo-password Demo#2024dj

login branch1 Demo#2024dj

GET /compliance?year=2025
header Accept: application/json
expect status 200
expect header Content-Type ~ ^application/json
expect body contains "mode":"branch"
expect body contains "calendar":
expect body contains "cells":
expect body contains "score":

POST /logout
field csrf=${csrf}
expect status 303

login town1 Demo#2024dj

GET /compliance?year=2025
header Accept: application/json
expect status 200
expect body contains "mode":"rollup"
expect body contains "towns":[
expect body contains "branches":[
expect body contains "by_tag":[
expect body lacks "calendar":
