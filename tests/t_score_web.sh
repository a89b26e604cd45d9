# t_score_web.sh - the scorecard over HTTP: the form, a partial and a
# malformed submission (nothing stored), a complete one (stored, 303 to
# the result with its chart), two attempts and the change, the reminder
# on the personal page, and GET storing nothing.
. "$TOP/tests/lib.sh"

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"}, "mail": {"url": "maildir:var/mail"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
NOW=2026-12-11T15:00:00Z	# Friday: day 5 of a plan starting Monday the 7th
"$R" --now 2026-12-04T15:00:00Z enroll sam@example.org --name 'Sam Reyes' \
    --tz America/Chicago --pacing daily --start 2026-12-07 > sam.txt
PAGE=$(awk '/^page:/ { print $2 }' sam.txt)
attempts() {
	sqlite3 var/refready.db "SELECT count(*) FROM score_attempt"
}
# form VALUE [SKIP]: every item answered VALUE (N/A-able ones too), but SKIP
form() {
	/usr/bin/python3 - "$TOP/curriculum/scorecard.json" "$1" "${2:-}" <<'PY'
import json, sys, urllib.parse
sc = json.load(open(sys.argv[1]))
f = [(i["id"], sys.argv[2]) for c in sc["categories"] for i in c["items"]
     if i["id"] != sys.argv[3]]
print(urllib.parse.urlencode(f))
PY
}
start_serve --now $NOW

begin "past day 3 with no scorecard, the personal page reminds and links the form"
http GET "$PAGE"
code_is 200
body_has 'Take your baseline scorecard'
body_has "href=\"$PAGE/scorecard\""
# the plan's list: four weeks, then the wrap-up days under their label
body_has '<strong>Week 4: '
body_has '<strong>Wrap-up: '
body_lacks 'Week 5'
end

begin "GET the scorecard form: every item, the 0-4 scale, nothing stored"
http GET "$PAGE/scorecard"
code_is 200
n=$(grep -o 'name="[0-9]*\.[0-9]*" value="4"' .body | sort -u | wc -l)
equal "$n" 36 "items with a 4"
body_lacks '<script'
equal "$(attempts)" 0 "attempts"
end

begin "a partial submission comes back with the problem marked; nothing stored"
http POST "$PAGE/scorecard" -d "$(form 3 2.1)"
code_is 422
body_has '2\.1'
grep -q 'value="3" checked' .body || grep -q 'checked[^>]*value="3"' .body ||
    fail "the answers given are not kept"
equal "$(attempts)" 0 "attempts"
end

begin "out-of-range and malformed submissions store nothing"
http POST "$PAGE/scorecard" -d "$(form 7)"
code_is 422
http POST "$PAGE/scorecard" -d "1.1=%G0"
code_is 400
equal "$(attempts)" 0 "attempts"
end

begin "a complete submission is stored and answered 303 to the result"
http POST "$PAGE/scorecard" -d "$(form 2)"
code_is 303
equal "$(location)" "$PAGE/scorecard?result=1" "Location"
equal "$(attempts)" 1 "attempts"
equal "$(sqlite3 var/refready.db 'SELECT readiness, source FROM score_attempt')" "50|web" "stored"
end

begin "the result page: the index, its band, a chart with text labels"
http GET "$PAGE/scorecard?result=1"
code_is 200
body_has '<svg'
body_has '>50<'
body_has 'Emerging'
# drawn for a phone: at most 400 units, never forced wider, on a 0-100 axis
body_has 'viewBox="0 0 400 [0-9]+"[^>]* style="max-width:400px"'
body_lacks 'svg\{min-width'
body_has '<g class="axis"'
end

begin "a second attempt: both kept, the change shown on the page and in status"
http POST "$PAGE/scorecard" -d "$(form 3)"
code_is 303
equal "$(attempts)" 2 "attempts"
"$R" status sam@example.org --json > st.json
/usr/bin/python3 -c 'import json,sys; a=json.load(open("st.json"))["scorecard"]["attempts"]
sys.exit(0 if [x["index"] for x in a] == [50, 75] else 1)' || fail "status: $(cat st.json | tr -d '\n' | head -c 300)"
http GET "$PAGE"
body_has 'baseline <strong>50</strong>'
body_has 'latest <strong>75</strong>'
body_has 'change <strong>\+25</strong>'
body_lacks 'Take your baseline scorecard'
end

begin "an attempt saved on the earlier scorecard still displays, as it was given"
# Lee's baseline was saved before the scorecard split 3.2, 7.2, 9.1 and
# 11.1: its rows name those ids and lack 7.4, 9.5, 11.3 and 11.4 (of
# which 7.4 and 11.3 are gates); it was given 88, Referral-Ready
"$R" --now 2026-12-04T15:00:00Z enroll lee@example.org --name 'Lee Park' \
    --tz America/Chicago --pacing daily --start 2026-12-07 > lee.txt
LEE=$(awk '/^page:/ { print $2 }' lee.txt)
sqlite3 var/refready.db "INSERT INTO score_attempt (enrollment_id, taken_at,
    readiness, band, source) SELECT e.id, 1797174000, 88, 'Referral-Ready',
    'web' FROM enrollment e JOIN person p ON p.id = e.person_id
    WHERE p.email = 'lee@example.org'"
for item in 1.1 1.2 1.3 2.1 2.2 3.1 3.2 3.3 4.1 4.2 5.1 5.2 5.3 6.1 6.2 6.3 \
    6.4 7.1 7.2 7.3 8.1 8.2 8.3 9.1 9.2 9.3 9.4 10.1 10.2 10.3 11.1 11.2 \
    12.1 12.2 12.3 12.4; do
	sqlite3 var/refready.db "INSERT INTO score_answer VALUES
	    ((SELECT max(id) FROM score_attempt), '$item', 4)"
done
http GET "$LEE/scorecard?result=1"
code_is 200
body_has '<span class="sc-big">88</span>'
body_has 'Band: <strong>Referral-Ready</strong>'
body_has 'did not have 4 of today&rsquo;s statements'
body_has 'Take the scorecard again to answer them'
body_lacks 'Gate items'
body_has 'How the index is computed:</strong> Your readiness index is'
http GET "$LEE"
body_has 'baseline <strong>88</strong> \(Referral-Ready\)'
# the form keeps the answers it still has and asks the new ones
http GET "$LEE/scorecard"
code_is 200
grep -q 'name="1.1" value="4" checked' .body || fail "1.1 not kept"
! grep -q 'name="11.3" value="[0-9]" checked' .body || fail "11.3 filled"
body_has 'No referral received yet'
end

begin "GET on the scorecard pages stores nothing"
before=$(sqlite3 var/refready.db .dump | md5sum)
curl -s -o /dev/null "$PAGE/scorecard"
curl -s -o /dev/null "$PAGE/scorecard?result=1"
equal "$(sqlite3 var/refready.db .dump | md5sum)" "$before" "the database"
end

begin "an unknown token is 404; a wrong method 405"
http GET "$B/p/AAAAAAAAAAAAAAAAAAAAAA/scorecard"
code_is 404
http DELETE "$PAGE/scorecard"
code_is 405
end

kill $SERVE_PID
finish
