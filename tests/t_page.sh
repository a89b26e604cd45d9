# t_page.sh - the personal page as a browser uses it: forms that post
# to the host the page was opened on, what a stopped plan's page says,
# the one page every dead link gets, and the participant's own settings
# (send time, time zone, pause and resume) posted through the page.
. "$TOP/tests/lib.sh"

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"}, "mail": {"url": "maildir:var/mail"},
 "schedule": {"holidays": "none"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z	# a Friday
NOW=2026-12-09T15:00:00Z		# Wednesday: Ann's day 3, 09:00 in Chicago
# enroll NAME [ARGS]: NAME@example.org; their links in NAME.txt
enroll() {
	who=$1
	shift
	"$R" --now $ENROLLED enroll "$who@example.org" --name "$who Lee" \
	    --tz America/Chicago "$@" > "$who.txt"
}
page_of() {
	awk '/^page:/ { print $2 }' "$1.txt"
}
unsub_of() {
	"$R" --now $NOW preview 1 --email "$1@example.org" |
	    grep -o "$B/unsubscribe/[A-Za-z0-9_-]*" | head -1
}
json_of() {
	"$R" --now $NOW status "$1@example.org" --json
}
# actions BASE: every form action in .body, resolved against BASE
actions() {
	/usr/bin/python3 - "$1" "$T/.body" <<'PY'
import html, re, sys, urllib.parse
for a in re.findall(r'<form[^>]*action="([^"]*)"', open(sys.argv[2]).read()):
    print(urllib.parse.urljoin(sys.argv[1], html.unescape(a)))
PY
}
enroll ann --pacing daily --start 2026-12-07
enroll fay --start 2027-01-04
enroll gus --start 2027-01-04
enroll hal --pacing daily --start 2026-12-07
enroll ivy --pacing daily --start 2026-12-07 --send-at 20:00
PAGE=$(page_of ann)
TOKPATH=${PAGE#$B}
# the page as a browser sees it when opened by another name
H=localhost:$PORT
HPAGE=http://$H$TOKPATH
start_serve --now $NOW

begin "opened as localhost, every form on the page posts to localhost"
http GET "$HPAGE" --resolve "$H:127.0.0.1"
code_is 200
actions "$HPAGE" > acts.txt
[ -s acts.txt ] || fail "no forms"
grep -v "^http://$H/" acts.txt > other.txt && fail "forms post elsewhere: $(head -2 other.txt)"
grep -qx "$HPAGE/days/2" acts.txt || fail "no form for day 2: $(head -2 acts.txt)"
end

begin "a done button pressed on localhost works and comes back to localhost"
http POST "$HPAGE/days/2" --resolve "$H:127.0.0.1" -d done=1
code_is 303
equal "$(location)" "$HPAGE#day-2" "the redirect"
json_of ann | /usr/bin/python3 -c 'import json, sys
sys.exit(0 if json.load(sys.stdin)["days"][1]["done"] else 1)' ||
    fail "day 2 is not done"
end

begin "the scorecard and unsubscribe forms post to the host in use too"
http GET "$HPAGE/scorecard" --resolve "$H:127.0.0.1"
code_is 200
equal "$(actions "$HPAGE/scorecard")" "$HPAGE/scorecard" "scorecard action"
U=$(unsub_of gus)
HU=http://$H${U#$B}
http GET "$HU" --resolve "$H:127.0.0.1"
code_is 200
equal "$(actions "$HU")" "$HU" "unsubscribe action"
http POST "$HPAGE/scorecard" --resolve "$H:127.0.0.1" -d x=1
code_is 422
end

begin "before day 1 an active plan promises the first lesson; a stopped one does not"
http GET "$(page_of fay)"
code_is 200
body_has 'Your plan starts on'
body_has 'the first lesson arrives that morning'
http POST "$(unsub_of fay)"
code_is 200
http GET "$(page_of fay)"
code_is 200
body_has '<strong>unsubscribed</strong>'
body_lacks 'first lesson arrives'
for s in bounced complained; do
	sqlite3 var/refready.db "UPDATE enrollment SET state = '$s' WHERE
	    person_id = (SELECT id FROM person WHERE email = 'gus@example.org')"
	http GET "$(page_of gus)"
	code_is 200
	body_has 'Lesson emails have <strong>stopped</strong>'
	body_lacks 'first lesson arrives'
done
end

begin "an unknown, a cut-short and a rotated page link get one page: 404, no longer valid"
http GET "$B/p/AAAAAAAAAAAAAAAAAAAAAA"
code_is 404
equal "$(header Content-Type)" "text/html; charset=utf-8" "Content-Type"
body_has 'This link is no longer valid'
body_has 'Ask the program for a new link'
cp .body gone.html
http GET "${PAGE%???????}"
code_is 404
cmp -s .body gone.html || fail "a cut-short link's page differs"
"$R" --now $NOW links ann@example.org --rotate > new.txt
for u in "$PAGE" "$PAGE/scorecard"; do
	http GET "$u"
	code_is 404
	cmp -s .body gone.html || fail "$u: the page differs from an unknown token's"
done
http POST "$PAGE/days/1" -d done=1
code_is 404
cmp -s .body gone.html || fail "a POST's page differs"
body_lacks 'ann|Ann'
PAGE=$(awk '/^page:/ { print $2 }' new.txt)
http GET "$PAGE"
code_is 200
end

# jq_of NAME EXPR: a Python expression over NAME's status --json (d)
jq_of() {
	json_of "$1" | /usr/bin/python3 -c 'import json, sys
d = json.load(sys.stdin); print(eval(sys.argv[1]))' "$2"
}
dbsum() {
	sqlite3 var/refready.db .dump | md5sum
}
HAL=$(page_of hal)
# the scheduler's first pass sent Hal's day 3 (07:00 in Chicago)
i=0; until [ "$(jq_of hal 'd["days"][2]["email"]')" = sent ] ||
    [ $i -ge 200 ]; do
	sleep 0.1; i=$((i + 1)); done

begin "the page offers the send time, the zones by region, and a pause; GET changes nothing"
before=$(dbsum)
http GET "$HAL"
code_is 200
body_has "<form method=\"post\" action=\"${HAL##*/}/settings\">"
body_has 'name="send_at" required value="07:00"'
body_has '<optgroup label="America">'
body_has '<optgroup label="Europe">'
body_has '<option value="America/Chicago" selected>Chicago</option>'
body_has '<option value="America/Argentina/Buenos_Aires">Argentina / Buenos Aires</option>'
body_has "action=\"${HAL##*/}/pause\""
body_has '<option value="14">14 days</option>'
body_lacks '<option value="15"'
body_lacks '<script'
equal "$(grep -o '<option value="[A-Z][A-Za-z_/+-]*"' .body | wc -l | awk '{ print ($1 > 250) }')" 1 "over 250 zones"
for u in "$HAL/settings" "$HAL/pause" "$HAL/resume"; do
	http GET "$u"
	code_is 405
	equal "$(header Allow)" POST "Allow"
done
equal "$(dbsum)" "$before" "the database"
end

begin "a new time and zone posted through the page: 303, in status, for the next unsent day"
http POST "$HAL/settings" -d 'send_at=06:15&tz=Europe/Berlin'
code_is 303
equal "$(location)" "$HAL#settings" "the redirect"
equal "$(jq_of hal 'd["tz"], d["send_at"]')" "('Europe/Berlin', '06:15')" "zone and time"
# day 3 went out at Chicago's 07:00; day 4 (December 10) is due 06:15 in Berlin
equal "$(jq_of hal 'd["days"][2]["email"], d["days"][3]["date"]')" "('sent', '2026-12-10')" "days 3 and 4"
equal "$(sqlite3 var/refready.db "SELECT datetime(next_due_at, 'unixepoch')
    FROM enrollment e JOIN person p ON p.id = e.person_id
    WHERE p.email = 'hal@example.org'")" \
    "2026-12-10 05:15:00" "day 4 due"
http GET "$HAL"
body_has '<option value="Europe/Berlin" selected>Berlin</option>'
body_has 'name="send_at" required value="06:15"'
end

begin "bad input is 422 with the page again, the problem marked, nothing changed"
before=$(dbsum)
http POST "$HAL/settings" -d 'send_at=07:30&tz=Mars/Base'
code_is 422
body_has '<select id="tz" name="tz" aria-invalid="true"'
body_has 'id="tz-problem">Choose a time zone'
body_has 'Nothing was changed'
# the page shown at /p/TOKEN/settings: its forms still reach the page's URLs
actions "$HAL/settings" > acts.txt
grep -qx "$HAL/days/4" acts.txt || fail "day 4's form resolves to $(grep days/4 acts.txt)"
grep -qx "$HAL/pause" acts.txt || fail "no pause form at $HAL/pause"
for t in 25:00 7:30 07:30:00 '' 'seven'; do
	http POST "$HAL/settings" --data-urlencode "send_at=$t" -d tz=Europe/Berlin
	code_is 422
	body_has 'id="send_at" name="send_at" required value="[^"]*" aria-invalid="true"'
	body_has 'Enter the time as HH:MM'
done
for d in 0 15 -1 abc ''; do
	http POST "$HAL/pause" --data-urlencode "days=$d"
	code_is 422
	body_has '<select id="days" name="days" aria-invalid="true"'
	body_has 'Choose from 1 to 14 days'
done
http POST "$HAL/resume"
code_is 422
body_has 'is not paused'
http POST "$HAL/settings" -d 'send_at=%zz'
code_is 400
equal "$(dbsum)" "$before" "the database"
end

begin "a pause of 3 days posted through the page moves the days ahead; resume brings them back"
http POST "$HAL/pause" -d days=3
code_is 303
equal "$(location)" "$HAL#settings" "the redirect"
equal "$(jq_of hal 'd["days"][2]["date"], d["days"][3]["date"], d["days"][29]["date"]')" \
    "('2026-12-09', '2026-12-13', '2027-01-08')" "days 3, 4 and 30"
http GET "$HAL"
body_has 'Your lessons are <strong>paused</strong> until Sunday, December 13'
body_has "action=\"${HAL##*/}/resume\""
body_lacks "action=\"${HAL##*/}/pause\""
http POST "$HAL/resume"
code_is 303
equal "$(jq_of hal 'd["state"], d["days"][3]["date"], d["days"][29]["date"]')" \
    "('active', '2026-12-10', '2027-01-05')" "state, days 4 and 30"
http GET "$HAL"
body_has "action=\"${HAL##*/}/pause\""
end

begin "a paused plan (the CLI's open pause) is resumed from the page"
"$R" --now $NOW pause hal@example.org >/dev/null
equal "$(jq_of hal 'd["state"]')" paused "state"
http GET "$HAL"
body_has 'You can resume it'
body_has 'Your lessons are <strong>paused</strong>\.'
http POST "$HAL/resume"
code_is 303
equal "$(jq_of hal 'd["state"], d["days"][3]["date"]')" "('active', '2026-12-10')" "state, day 4"
end

begin "a stopped plan has no settings to change; its posts are refused"
http GET "$(page_of fay)"
body_lacks 'id="settings"'
http POST "$(page_of fay)/pause" -d days=2
code_is 422
cp .body fay.html; body_has "cannot pause"
equal "$(jq_of fay 'd["state"]')" unsubscribed "fay's state"
end

begin "a new time already past today sends that day's lesson now, not 23 hours late (skipped)"
ivy_sql() {
	sqlite3 var/refready.db "SELECT $1 FROM enrollment e JOIN person p ON
	    p.id = e.person_id WHERE p.email = 'ivy@example.org'"
}
equal "$(ivy_sql next_day)" 3 "ivy's first day not queued"
# 06:00 on December 9 at UTC+14 was 16:00 UTC on the 8th, past stale_after_hours
http POST "$(page_of ivy)/settings" -d 'send_at=06:00&tz=Pacific/Kiritimati'
code_is 303
due=$(ivy_sql "next_due_at - strftime('%s', '$NOW')")
[ "$due" -ge 0 ] && [ "$due" -lt 300 ] || fail "day 3 due $due s from now"
end

finish
