# t_api.sh - the JSON API (/api/v1/) through `refready serve` on a free
# loopback port and curl: keys made with `apikey create`, good, revoked,
# wrong and none; every error code; and each endpoint against the
# command it mirrors (enroll, status --json, pause, resume, unenroll,
# cohort list --json, cohort report --format json, cohort import --json).
. "$TOP/tests/lib.sh"

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "maildir:var/mail", "from": "Plan <plan@example.org>"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
NOW=2026-12-09T15:00:00Z
"$R" --now 2026-11-01T00:00:00Z cohort create nov-20 \
    --webinar "2026-11-20 12:00 America/New_York" >/dev/null
"$R" --now 2026-11-01T00:00:00Z cohort create dec-04 \
    --webinar "2026-12-04 12:00 America/New_York" >/dev/null
"$R" --now 2026-11-01T00:00:00Z cohort create dec-11 \
    --webinar "2026-12-11 12:00 America/New_York" >/dev/null

# the value of a top-level key of the JSON in FILE
jget() {
	/usr/bin/python3 -c 'import json, sys
v = json.load(open(sys.argv[1])).get(sys.argv[2])
print(v if v is not None else "null")' "$1" "$2"
}
# api METHOD PATH [curl args]: a request with the good key
api() {
	m=$1 p=$2
	shift 2
	http "$m" "$B$p" -H "Authorization: Bearer $KEY" "$@"
}
# post PATH JSON: a JSON POST with the good key
post() {
	printf '%s' "$2" > req.json
	api POST "$1" -H 'Content-Type: application/json' --data-binary @req.json
}
# error_is STATUS MESSAGE-ERE [FIELD]: the last answer was that error
error_is() {
	code_is "$1"
	equal "$(header Content-Type)" "application/json" "Content-Type"
	jget .body error | grep -Eq -- "$2" ||
	    fail "error '$(jget .body error)' lacks /$2/"
	[ -z "${3:-}" ] || equal "$(jget .body field)" "$3" "field"
}

begin "apikey create prints a key once; names are checked; the list never shows a key"
run "$R" --now 2026-12-01T10:00:00Z apikey create crm
status_is 0
KEY=$(head -1 .out)
echo "$KEY" | grep -Eq '^rr_[A-Za-z0-9_-]{43}$' || fail "key '$KEY'"
out_has "^API key 'crm' created; this is the only time it is shown"
run "$R" apikey create crm
status_is 2
err_has "^refready: apikey create: there is already an API key called 'crm'"
err_lines 1
run "$R" apikey create 'bad name'
status_is 2
err_has "^refready: apikey create: bad name 'bad name' \(1 to 64 letters"
err_lines 1
run "$R" apikey revoke nobody
status_is 2
err_has "^refready: apikey revoke: no API key called 'nobody'"
OLD=$("$R" --now 2026-12-01T10:00:00Z apikey create old-crm | head -1)
run "$R" --now 2026-12-02T10:00:00Z apikey revoke old-crm
status_is 0
out_has "^API key 'old-crm' revoked"
run "$R" apikey revoke old-crm
status_is 0
out_has "already revoked at 2026-12-02T10:00:00Z"
[ "$KEY" != "$OLD" ] || fail "two keys alike"
run "$R" apikey list
status_is 0
out_has '^crm +2026-12-01T10:00:00Z +never +no$'
out_has '^old-crm +2026-12-01T10:00:00Z +never +2026-12-02T10:00:00Z$'
out_has '^2 API keys, 1 in force$'
grep -qF -- "$KEY" .out && fail "the list shows a key"
end

begin "the database keeps only each key's SHA-256"
equal "$(sqlite3 var/refready.db "SELECT lower(hex(hash)) FROM api_key WHERE name = 'crm'")" \
    "$(printf '%s' "$KEY" | sha256sum | cut -d' ' -f1)" "stored hash"
for f in var/refready.db*; do
	grep -qaF -- "$KEY" "$f" && fail "the key is in $f"
	grep -qaF -- "$OLD" "$f" && fail "the revoked key is in $f"
done
end

start_serve --now $NOW || exit 1

begin "no key, a bad header, a wrong key and a revoked key: the same 401 with WWW-Authenticate"
http GET $B/api/v1/cohorts
code_is 401
equal "$(header WWW-Authenticate)" 'Bearer realm="refready"' "WWW-Authenticate"
equal "$(header Content-Type)" "application/json" "Content-Type"
cp .body none.json
grep -v '^Date:' .hdr > none.hdr
jget .body error | grep -q 'valid API key is required' || fail "body: $(cat .body)"
for h in "Authorization: Bearer $OLD" "Authorization: Bearer rr_${KEY#rr_x}x" \
    "Authorization: Bearer ${KEY}x" "Authorization: Basic $KEY" \
    "Authorization: Bearer" "Authorization: $KEY"; do
	http GET $B/api/v1/cohorts -H "$h"
	code_is 401
	cmp -s .body none.json || fail "'$h': another body: $(cat .body)"
	grep -v '^Date:' .hdr | cmp -s - none.hdr || fail "'$h': other headers"
done
# a wrong key is refused before the route is looked at: no probing
http GET $B/api/v1/no/such/route -H "Authorization: Bearer $OLD"
code_is 401
http DELETE $B/api/v1/enrollments
code_is 401
end

begin "a good key: POST /api/v1/enrollments answers 201 with the object status --json prints"
post /api/v1/enrollments '{"email": "ann@example.org", "name": "Ann Lee",
    "tz": "America/Chicago", "send_at": "06:30", "start": "2026-12-14",
    "pacing": "weekdays"}'
code_is 201
equal "$(header Location)" "/api/v1/enrollments/ann@example.org" "Location"
equal "$(header Content-Type)" "application/json" "Content-Type"
cp .body ann-post.json
run "$R" --now $NOW status ann@example.org --json
status_is 0
cmp -s .out ann-post.json || fail "POST's answer differs from status --json: $(diff .out ann-post.json | head -5)"
equal "$(jget ann-post.json send_at) $(jget ann-post.json start) $(jget ann-post.json pacing)" \
    "06:30 2026-12-14 weekdays" "plan"
run "$R" --now $NOW status ann@example.org
out_has '^Ann Lee <ann@example.org>  active$'
end

begin "GET /api/v1/enrollments/EMAIL (percent-encoded) equals status EMAIL --json"
api GET /api/v1/enrollments/ann%40example.org
code_is 200
"$R" --now $NOW status ann@example.org --json > ann-cli.json
cmp -s .body ann-cli.json || fail "GET differs from status --json"
post /api/v1/enrollments '{"email": "bo+plan@example.org", "name": "Bo Li", "cohort": "dec-11"}'
code_is 201
equal "$(header Location)" "/api/v1/enrollments/bo%2Bplan@example.org" "Location"
api GET /api/v1/enrollments/bo%2Bplan%40example.org
code_is 200
"$R" --now $NOW status bo+plan@example.org --json > bo-cli.json
cmp -s .body bo-cli.json || fail "GET differs from status --json"
# the cohort's start date, by the late-join policy, as enroll --cohort
equal "$(jget .body cohort) $(jget .body start)" "dec-11 2026-12-14" "cohort and start"
end

begin "the same checks as enroll, in the same words: 422 naming the field"
run "$R" --now $NOW enroll tz@example.org --name A --tz America/New_Yrok
status_is 2
cli=$(sed 's/^refready: enroll: //' .err)
post /api/v1/enrollments '{"email": "tz@example.org", "name": "A", "tz": "America/New_Yrok"}'
error_is 422 "^unknown time zone 'America/New_Yrok'; did you mean 'America/New_York'\?$" tz
equal "$(jget .body error)" "$cli" "the message enroll gives"
post /api/v1/enrollments '{"email": "not-an-address", "name": "A"}'
error_is 422 "^bad email address 'not-an-address'$" email
post /api/v1/enrollments '{"name": "A"}'
error_is 422 "^email is required$" email
post /api/v1/enrollments '{"email": "x@example.org"}'
error_is 422 "^name is required$" name
post /api/v1/enrollments '{"email": "x@example.org", "name": "A\nB"}'
error_is 422 "^bad name" name
post /api/v1/enrollments '{"email": "x@example.org", "name": "A", "send_at": "7am"}'
error_is 422 "^bad send_at '7am' \(expected HH:MM\)$" send_at
post /api/v1/enrollments '{"email": "x@example.org", "name": "A", "start": "2026-13-01"}'
error_is 422 "^bad start date '2026-13-01' \(expected YYYY-MM-DD\)$" start
post /api/v1/enrollments '{"email": "x@example.org", "name": "A", "pacing": "hourly"}'
error_is 422 "^bad pacing 'hourly' \(daily or weekdays\)$" pacing
post /api/v1/enrollments '{"email": "x@example.org", "name": "A", "cohort": "jan-01"}'
error_is 422 "^no cohort called 'jan-01'" cohort
post /api/v1/enrollments '{"email": "x@example.org", "name": 5}'
error_is 422 "^'name' must be a string$" name
post /api/v1/enrollments '{"email": "x@example.org", "name": "A", "resubscribe": "yes"}'
error_is 422 "^'resubscribe' must be true or false$" resubscribe
post /api/v1/enrollments '{"email": "x@example.org", "name": "A", "sendat": "06:00"}'
error_is 422 "^unknown field 'sendat'$"
run "$R" --now $NOW status x@example.org
status_is 2
end

begin "409: already enrolled, and an address on the suppression list as enroll refuses it"
post /api/v1/enrollments '{"email": "ann@example.org", "name": "Ann Lee"}'
error_is 409 "^'ann@example.org' is already enrolled"
"$R" --now 2026-12-02T10:00:00Z suppress add cy@example.org --reason 'asked by phone' >/dev/null
post /api/v1/enrollments '{"email": "cy@example.org", "name": "Cy"}'
error_is 409 "^cy@example.org is blocked since 2026-12-02 \(asked by phone\) \(\"resubscribe\": true lifts"
run "$R" --now $NOW status cy@example.org
status_is 2
post /api/v1/enrollments '{"email": "cy@example.org", "name": "Cy", "resubscribe": true}'
code_is 201
end

begin "400: malformed JSON, a duplicate key, not an object, the wrong Content-Type"
post /api/v1/enrollments '{"email": "dee@example.org", "name": '
error_is 400 "^malformed JSON at line 1"
post /api/v1/enrollments '{"email": "dee@example.org", "email": "eve@example.org", "name": "D"}'
error_is 400 "duplicate object key"
post /api/v1/enrollments '["dee@example.org"]'
error_is 400 "^expected a JSON object$"
post /api/v1/enrollments ''
error_is 400 "^malformed JSON"
printf '{"email": "dee@example.org", "name": "D\\u0000x"}' > nul.json
api POST /api/v1/enrollments -H 'Content-Type: application/json' --data-binary @nul.json
error_is 400 "^malformed JSON"
printf '{"email": "dee@example.org", "name": "\377"}' > latin1.json
api POST /api/v1/enrollments -H 'Content-Type: application/json' --data-binary @latin1.json
error_is 400 "^malformed JSON"
api POST /api/v1/enrollments -d '{"email": "dee@example.org", "name": "D"}'
error_is 400 "^expected Content-Type: application/json$"
api POST /api/v1/enrollments -H 'Content-Type: application/json; charset=utf-8' \
    -d '{"email": "dee@example.org", "name": "D"}'
code_is 201
end

begin "404 and 405: unknown routes, people and cohorts; a wrong method names the right ones"
api GET /api/v1/people
error_is 404 "^no such API route"
api GET /api/v2/enrollments/ann%40example.org
error_is 404 "^no such API route"
api GET /api/v1/enrollments/nobody%40example.org
error_is 404 "^no one enrolled as 'nobody@example.org'$"
api POST /api/v1/enrollments/nobody%40example.org/pause
error_is 404 "^no one enrolled as 'nobody@example.org'$"
api GET /api/v1/cohorts/jan-01/report
error_is 404 "^no cohort called 'jan-01'$"
api GET /api/v1/enrollments
error_is 405 "^method GET not allowed here \(POST\)$"
equal "$(header Allow)" "POST" "Allow"
api DELETE /api/v1/enrollments/ann%40example.org
error_is 405 "not allowed"
equal "$(header Allow)" "GET, HEAD" "Allow"
api GET /api/v1/enrollments/ann%40example.org/pause
error_is 405 "not allowed"
equal "$(header Allow)" "POST" "Allow"
api POST /api/v1/cohorts
error_is 405 "not allowed"
api GET /api/v1/cohorts/nov-20/import
error_is 405 "not allowed"
equal "$(header Allow)" "POST" "Allow"
end

begin "pause, resume and unenroll do what the commands do; refusals are 409, a bad date 422"
"$R" --now $NOW enroll pat@example.org --name 'Pat Cole' --tz UTC \
    --start 2026-12-07 --pacing daily >/dev/null
"$R" --now $NOW enroll cli@example.org --name 'Pat Cole' --tz UTC \
    --start 2026-12-07 --pacing daily >/dev/null
strip() {	# the email, which differs between the two
	/usr/bin/python3 -c 'import json, sys
o = json.load(open(sys.argv[1])); o.pop("email")
print(json.dumps(o, sort_keys=True))' "$1"
}
api POST /api/v1/enrollments/pat%40example.org/pause
code_is 200
equal "$(jget .body state)" paused "state"
cp .body pat.json
"$R" --now $NOW pause cli@example.org >/dev/null
"$R" --now $NOW status cli@example.org --json > cli.json
equal "$(strip pat.json)" "$(strip cli.json)" "paused by the API and by the command"
api POST /api/v1/enrollments/pat%40example.org/pause
error_is 409 "^'pat@example.org' is already paused"
api POST /api/v1/enrollments/pat%40example.org/resume
code_is 200
equal "$(jget .body state)" active "state"
cp .body pat.json
"$R" --now $NOW resume cli@example.org >/dev/null
"$R" --now $NOW status cli@example.org --json > cli.json
equal "$(strip pat.json)" "$(strip cli.json)" "resumed by the API and by the command"
post /api/v1/enrollments/pat%40example.org/pause '{"until": "2026-12-31"}'
code_is 200
cp .body pat.json
"$R" --now $NOW pause cli@example.org --until 2026-12-31 >/dev/null
"$R" --now $NOW status cli@example.org --json > cli.json
equal "$(strip pat.json)" "$(strip cli.json)" "paused until a date by the API and by the command"
post /api/v1/enrollments/pat%40example.org/resume '{}'
code_is 200
"$R" --now $NOW resume cli@example.org >/dev/null
post /api/v1/enrollments/pat%40example.org/pause '{"until": "31/12/2026"}'
error_is 422 "^bad until date '31/12/2026'" until
post /api/v1/enrollments/pat%40example.org/pause '{"until": "2026-12-01"}'
error_is 422 "^until must be after 2026-12-" until
post /api/v1/enrollments/pat%40example.org/pause '{"until": 20261231}'
error_is 422 "must be a string" until
post /api/v1/enrollments/pat%40example.org/resume '{"now": true}'
error_is 422 "^unknown field 'now'$"
api POST /api/v1/enrollments/pat%40example.org/unenroll
code_is 200
equal "$(jget .body state)" unenrolled "state"
"$R" --now $NOW unenroll cli@example.org >/dev/null
"$R" --now $NOW status cli@example.org --json > cli.json
equal "$(strip .body)" "$(strip cli.json)" "unenrolled by the API and by the command"
api POST /api/v1/enrollments/pat%40example.org/unenroll
error_is 409 "^cannot unenroll 'pat@example.org': the enrollment is unenrolled$"
api POST /api/v1/enrollments/pat%40example.org/resume
error_is 409 "^'pat@example.org' is not paused \(it is unenrolled\)$"
run "$R" --now $NOW resume cli@example.org
status_is 2
err_has "^refready: resume: 'cli@example.org' is not paused \(it is unenrolled\)$"
end

begin "GET /api/v1/cohorts equals cohort list --json; a report equals cohort report --format json"
api GET /api/v1/cohorts
code_is 200
"$R" --now $NOW cohort list --json > list.json
cmp -s .body list.json || fail "cohorts differ from cohort list --json"
equal "$(/usr/bin/python3 -c 'import json; print(" ".join(c["name"] for c in json.load(open(".body"))))')" \
    "nov-20 dec-04 dec-11" "cohorts"
api GET /api/v1/cohorts/dec-11/report
code_is 200
cp .body report.json
asof=$(/usr/bin/python3 -c 'import json; print(json.load(open("report.json"))["as_of"])')
"$R" --now "$asof" cohort report dec-11 --format json > report-cli.json
cmp -s report.json report-cli.json || fail "the report differs from the command's at $asof"
equal "$(/usr/bin/python3 -c 'import json; print(json.load(open("report.json"))["funnel"]["enrolled"])')" 1 "enrolled"
end

cat > reg.csv <<'CSV'
Registration Report
Topic,Cracking the Code
First Name,Last Name,Email,Registration Time,Attended
Ann,Lee,ann@example.org,"Nov 18, 2026 09:12 AM",Yes
Dan,Roe,dan@example.org,11/19/2026 08:00:01 PM,No
Eve,"Stone, PT",eve@example.org,2026-11-19T10:00:00Z,Yes
Bad,Row,not-an-address,2026-11-19T10:00:00Z,Yes
Dan,Roe,dan@example.org,11/19/2026 08:00:01 PM,No
CSV

begin "POST .../import gives what cohort import --json gives for the same CSV"
api POST "/api/v1/cohorts/nov-20/import?dry_run=1" -H 'Content-Type: text/csv' --data-binary @reg.csv
code_is 200
equal "$(jget .body dry_run) $(jget .body added)" "True 3" "dry run"
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM registration")" 0 "rows after a dry run"
api POST /api/v1/cohorts/nov-20/import -H 'Content-Type: text/csv' --data-binary @reg.csv
code_is 200
cp .body imp-api.json
run "$R" --now $NOW cohort import dec-04 reg.csv --json
status_is 0
cp .out imp-cli.json
equal "$(sed 's/"dec-04"/"nov-20"/' imp-cli.json | md5sum)" "$(md5sum < imp-api.json)" "API's import vs the command's"
equal "$(jget imp-api.json added) $(jget imp-api.json rejected)" "3 1" "added, rejected"
grep -q '"line": 7' imp-api.json || fail "the rejected row's line: $(cat imp-api.json)"
api POST /api/v1/cohorts/nov-20/import -H 'Content-Type: text/csv' --data-binary @reg.csv
equal "$(jget .body added) $(jget .body unchanged)" "0 3" "again"
api POST /api/v1/cohorts/nov-20/import -H 'Content-Type: application/json' --data-binary @reg.csv
error_is 400 "^expected Content-Type: text/csv"
printf 'nothing,like,an,export\n1,2,3,4\n' > junk.csv
api POST /api/v1/cohorts/nov-20/import -H 'Content-Type: text/csv' --data-binary @junk.csv
error_is 422 "^the CSV body: .*nothing imported$"
api POST "/api/v1/cohorts/nov-20/import?dry_run=maybe" -H 'Content-Type: text/csv' --data-binary @reg.csv
error_is 422 "^bad dry_run 'maybe'" dry_run
api POST /api/v1/cohorts/jan-01/import -H 'Content-Type: text/csv' --data-binary @reg.csv
error_is 404 "^no cohort called 'jan-01'$"
end

begin "413: over 64 KiB of JSON, over 1 MiB of CSV, answered as JSON; the daemon goes on"
/usr/bin/python3 -c 'print("{\"email\": \"big@example.org\", \"name\": \"%s\"}" % ("x" * 70000))' > big.json
api POST /api/v1/enrollments -H 'Content-Type: application/json' --data-binary @big.json
error_is 413 "^request body too large \(64 KiB at most\)$"
/usr/bin/python3 -c '
import sys
out = open("big.csv", "w")
out.write("Email,First Name\n")
i = 0
while out.tell() < 1100000:
    out.write("p%d@example.org,Person %d\n" % (i, i)); i += 1'
api POST /api/v1/cohorts/nov-20/import -H 'Content-Type: text/csv' --data-binary @big.csv
error_is 413 "^request body too large \(1 MiB at most\)$"
head -c 900000 big.csv > most.csv
api POST "/api/v1/cohorts/nov-20/import?dry_run=1" -H 'Content-Type: text/csv' --data-binary @most.csv
code_is 200
# chunked, with no Content-Length to refuse it by: read, then refused
api POST /api/v1/enrollments -H 'Content-Type: application/json' \
    -H 'Transfer-Encoding: chunked' --data-binary @big.json
error_is 413 "^request body too large"
http GET $B/healthz
code_is 200
end

begin "a key revoked while the daemon runs is refused at its next request; last use is noted"
REV=$("$R" apikey create zap | head -1)
http GET $B/api/v1/cohorts -H "Authorization: Bearer $REV"
code_is 200
"$R" apikey revoke zap >/dev/null
http GET $B/api/v1/cohorts -H "Authorization: Bearer $REV"
code_is 401
cmp -s .body none.json || fail "another 401 body"
run "$R" apikey list
out_lacks '^crm .* never '
out_has '^zap +[0-9TZ:-]+ +[0-9]{4}-[0-9-]+T[0-9:]+Z +[0-9]{4}-'
end

begin "no key in the database or the daemon's log; its lines name the key by name"
for f in var/refready.db* serve.log; do
	for k in "$KEY" "$OLD" "$REV"; do
		grep -qaF -- "$k" "$f" && fail "a key is in $f"
	done
done
grep -q "api: key 'crm' enrolled enrollment" serve.log || fail "no log line: $(tail -3 serve.log)"
grep -q '@' serve.log && fail "an email address in the log"
kill "$SERVE_PID"
wait "$SERVE_PID"
equal "$?" 0 "serve's exit status"
end

finish
