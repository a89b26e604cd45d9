# t_welcome.sh - the emails around the month, through the real binary
# and a real SMTP server: the welcome (sent by the next pass, before
# Day 1, exactly once; none with --no-welcome; a cohort's webinar and
# replay; the calendar links), the catch-up box in the lesson email and
# on the page (appearing, then going away as tasks are ticked), the
# completion summary after Day 30 with its numbers, and the suppression
# list and unsubscribing stopping a queued welcome.
. "$TOP/tests/lib.sh"

start_sink "$T/sink"
PORT=$(free_port)
B=https://plan.example.org
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "from": "Referral-Ready Plan <plan@example.org>",
          "return_path": "bounces@plan.example.org",
          "postal_address": "1 Main St, Springfield", "rate": 1000,
          "connections": 1},
 "schedule": {"holidays": "none"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
FRI=2026-12-04T15:00:00Z	# a Friday; weekday Day 1 is Monday the 7th
DAY1=2026-12-07T13:00:00Z	# 07:00 in Chicago
WELCOME='Welcome to the 30-Day Referral-Ready Plan'
DONE_SUBJ='You finished the 30-Day Referral-Ready Plan'
db() { sqlite3 var/refready.db "$1"; }
# the messages to EMAIL, oldest first
to() { grep -l "^$1\$" sink/msg-*.env 2>/dev/null | sort -t- -k2 -n | sed 's/\.env$/.eml/'; }
subj() { /usr/bin/python3 "$TOP/tests/mail_part.py" subject "$1"; }
text() { /usr/bin/python3 "$TOP/tests/mail_part.py" plain "$1"; }
html() { /usr/bin/python3 "$TOP/tests/mail_part.py" html "$1"; }
# the message to EMAIL with subject SUBJECT (the first)
mail_of() {
	for f in $(to "$1"); do
		[ "$(subj "$f")" = "$2" ] && { echo "$f"; return; }
	done
}
count_of() {
	k=0
	for f in $(to "$1"); do [ "$(subj "$f")" = "$2" ] && k=$((k + 1)); done
	echo $k
}
row() {	# EMAIL KIND COLUMN
	db "SELECT d.$3 FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id
	    JOIN person p ON p.id = e.person_id WHERE p.email = '$1' AND d.kind = '$2'"
}

"$R" --now $FRI enroll ann@example.org --name "Ann Lee" \
    --tz America/Chicago > ann.txt

begin "the next pass sends the welcome, before Day 1"
run "$R" --now 2026-12-04T15:05:00Z tick
status_is 0
out_has '^sent 1, retried 0, failed 0, skipped 0$'
f=$(mail_of ann@example.org "$WELCOME")
[ -n "$f" ] || fail "no welcome to ann"
equal "$(row ann@example.org welcome state)" sent "the ledger's welcome row"
run /usr/bin/python3 "$TOP/tests/check_mail.py" --subject "$WELCOME" $f
out_has '^checked 1 messages, 0 problems$'
end

begin "the welcome says when, where and how to subscribe"
f=$(mail_of ann@example.org "$WELCOME")
text "$f" > ann.welcome.txt
html "$f" > ann.welcome.html
PAGE=$(awk '/^page:/ { print $2 }' ann.txt)
FEED=$(awk '/^feed:/ { print $2 }' ann.txt)
WEBCAL=webcal://${FEED#https://}
[ -n "$PAGE" ] && [ -n "$FEED" ] || fail "no links from enroll: $(cat ann.txt)"
grep -q 'Day 1 arrives on Monday, December 7, 2026,' ann.welcome.txt || fail "start date"
grep -q 'at 07:00 your time (America/Chicago)' ann.welcome.txt || fail "send time and zone"
grep -q 'every weekday' ann.welcome.txt || fail "pacing"
grep -qxF "$PAGE" ann.welcome.txt || fail "page link $PAGE"
grep -qxF "$WEBCAL" ann.welcome.txt || fail "webcal link $WEBCAL"
grep -qxF "  https://calendar.google.com/calendar/r?cid=$WEBCAL" ann.welcome.txt ||
    fail "Google's add-by-URL link"
grep -q '^- Apple Calendar: ' ann.welcome.txt || fail "Apple's step"
grep -q '^- Outlook: Add calendar > Subscribe from web' ann.welcome.txt || fail "Outlook's step"
grep -qF "href=\"https://calendar.google.com/calendar/r?cid=$WEBCAL\"" ann.welcome.html ||
    fail "Google link in the HTML"
grep -qF "href=\"$WEBCAL\"" ann.welcome.html || fail "webcal link in the HTML"
grep -qi 'webinar' ann.welcome.txt && fail "a webinar for someone in no cohort"
# its own Message-ID and return path, both keyed
grep -q '^Message-ID: <rr\.[0-9]*\.w1\.[0-9a-f]\{16\}@example\.org>' "$f" ||
    fail "Message-ID $(grep '^Message-ID' "$f")"
grep -q '^bounces+[0-9]*xw1x[0-9a-f]\{12\}@plan\.example\.org' "${f%.eml}.env" ||
    fail "return path $(head -1 "${f%.eml}.env")"
end

begin "exactly once: more passes, and Day 1 itself, send no second welcome"
run "$R" --now 2026-12-04T15:05:00Z tick
out_has '^sent 0, retried 0, failed 0, skipped 0$'
run "$R" --now 2026-12-05T09:00:00Z tick
out_has '^sent 0, '
run "$R" --now $DAY1 tick
out_has '^sent 1, '
run "$R" --now $DAY1 tick
out_has '^sent 0, '
equal "$(count_of ann@example.org "$WELCOME")" 1 "welcomes to ann"
equal "$(to ann@example.org | wc -l)" 2 "messages to ann"
end

begin "a welcome still unsent when Day 1 falls due goes first"
"$R" --now 2026-12-07T12:00:00Z enroll bob@example.org --name "Bob Ng" \
    --tz America/Chicago --start 2026-12-07 >/dev/null
run "$R" --now 2026-12-07T13:00:10Z tick
out_has '^sent 2, '
set -- $(to bob@example.org)
equal "$(subj "$1")" "$WELCOME" "bob's first message"
subj "$2" | grep -q '^Day 1 of 30: ' || fail "bob's second: $(subj "$2")"
end

begin "enroll --no-welcome sends none"
"$R" --now $FRI enroll cy@example.org --name "Cy" --tz America/Chicago \
    --no-welcome >/dev/null
run "$R" --now 2026-12-04T15:10:00Z tick
out_has '^sent 0, '
equal "$(row cy@example.org welcome enrollment_id)" "" "a welcome row"
equal "$(to cy@example.org | wc -l)" 0 "messages to cy"
end

begin "a cohort member's welcome names the webinar and its replay"
"$R" --now 2026-11-01T00:00:00Z cohort create dec-04 \
    --webinar "2026-12-04 12:00 America/New_York" >/dev/null
"$R" --now 2026-11-01T00:00:00Z cohort create dec-11 \
    --webinar "2026-12-11 12:00 America/New_York" >/dev/null
db "UPDATE cohort SET title = 'Cracking the Code: Referrals <Live>',
    replay_url = 'https://webinar.example.org/replay?id=42&k=x'
    WHERE name = 'dec-04'"
printf 'Email,First Name,Last Name\ndee@example.org,Dee,Ray\neli@example.org,Eli,Park\n' > dec04.csv
printf 'Email,First Name,Last Name\nflo@example.org,Flo,Tan\ngil@example.org,Gil,Tan\n' > dec11.csv
"$R" --now $FRI cohort import dec-04 dec04.csv >/dev/null
"$R" --now $FRI cohort import dec-11 dec11.csv >/dev/null
"$R" --now $FRI cohort enroll dec-04 >/dev/null
"$R" --now $FRI cohort enroll dec-11 --no-welcome >/dev/null
run "$R" --now 2026-12-04T15:20:00Z tick
out_has '^sent 2, '
f=$(mail_of dee@example.org "$WELCOME")
[ -n "$f" ] || fail "no welcome to dee"
text "$f" > dee.txt
html "$f" > dee.html
grep -q 'You came to us from the webinar "Cracking the Code: Referrals <Live>"' dee.txt ||
    fail "the title in the text: $(grep -i webinar dee.txt)"
grep -qxF 'https://webinar.example.org/replay?id=42&k=x' dee.txt || fail "the replay link"
grep -qF 'Cracking the Code: Referrals &lt;Live&gt;' dee.html || fail "the title, escaped, in the HTML"
grep -qF 'href="https://webinar.example.org/replay?id=42&amp;k=x"' dee.html || fail "the replay link in the HTML"
equal "$(to flo@example.org | wc -l)" 0 "messages to flo (cohort enroll --no-welcome)"
equal "$(to gil@example.org | wc -l)" 0 "messages to gil (cohort enroll --no-welcome)"
end

begin "a cohort without a title or replay: its name, and no replay line"
"$R" --now $FRI enroll hal@example.org --name "Hal" --cohort dec-11 >/dev/null
run "$R" --now 2026-12-04T15:25:00Z tick
f=$(mail_of hal@example.org "$WELCOME")
text "$f" > hal.txt
grep -q 'You came to us from the webinar "dec-11"' hal.txt || fail "the cohort's name"
grep -qi 'replay' hal.txt && fail "a replay line without a replay"
end

begin "the suppression list stops a queued welcome"
"$R" --now $FRI enroll ida@example.org --name "Ida" >/dev/null
"$R" --now $FRI suppress add ida@example.org --reason "asked by phone" >/dev/null
run "$R" --now 2026-12-04T15:30:00Z tick
out_has '^sent 0, '
equal "$(row ida@example.org welcome state)" skipped "ida's welcome"
row ida@example.org welcome last_reply | grep -q 'blocked' ||
    fail "why: $(row ida@example.org welcome last_reply)"
equal "$(to ida@example.org | wc -l)" 0 "messages to ida"
end

begin "unsubscribing (the one-click POST) stops a queued welcome"
# the daemon's clock stands before jo enrolls: its passes send nothing of hers
start_serve --now 2026-12-04T15:31:00Z
"$R" --now 2026-12-04T15:40:00Z enroll jo@example.org --name "Jo" >/dev/null
UNSUB=$("$R" --now 2026-12-04T15:40:00Z preview welcome --email jo@example.org |
    sed -n 's|^Unsubscribe: https://plan.example.org||p')
http POST "http://127.0.0.1:$PORT$UNSUB" --data 'List-Unsubscribe=One-Click'
code_is 200
kill $SERVE_PID; wait $SERVE_PID 2>/dev/null
run "$R" --now 2026-12-04T15:45:00Z tick
out_has '^sent 0, '
equal "$(row jo@example.org welcome state)" skipped "jo's welcome"
equal "$(row jo@example.org welcome last_reply)" unsubscribed "why"
equal "$(to jo@example.org | wc -l)" 0 "messages to jo"
end

# kim: daily pacing from Monday the 7th, each day's lesson at its time
"$R" --now 2026-12-06T15:00:00Z enroll kim@example.org --name "Kim Yu" \
    --tz America/Chicago --pacing daily --start 2026-12-07 > kim.txt
"$R" --now 2026-12-06T15:00:00Z enroll lou@example.org --name "Lou Yu" \
    --tz America/Chicago --pacing daily --start 2026-12-07 --no-welcome >/dev/null
lesson_of() { mail_of "$1" "$(
	for f in $(to "$1"); do subj "$f"; done | grep "^Day $2 of 30: " | head -1)"; }
for d in 07 08 09 10; do
	"$R" --now 2026-12-${d}T13:00:00Z tick >/dev/null
	# lou keeps up: every day's task done the same day
	"$R" --now 2026-12-${d}T20:00:00Z done lou@example.org $((${d#0} - 6)) >/dev/null
done

begin "up to date, or fewer than 3 open: no catch-up box"
text "$(lesson_of kim@example.org 3)" > kim3.txt
grep -q 'CATCHING UP' kim3.txt && fail "a box with 2 open tasks"
for d in 2 3 4; do
	text "$(lesson_of lou@example.org $d)" | grep -q 'CATCHING UP' &&
	    fail "a box for lou on day $d"
done
end

begin "3 open tasks on earlier days: the lesson email starts with the box"
f=$(lesson_of kim@example.org 4)
text "$f" > kim4.txt
html "$f" > kim4.html
grep -q '^CATCHING UP$' kim4.txt || fail "no box on day 4"
grep -q '^You have 3 open tasks from earlier days' kim4.txt || fail "the count"
for d in 1 2 3; do
	task=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["days"][int(sys.argv[2]) - 1]["task"])' "$TOP/curriculum/program.json" $d)
	grep -qxF -- "- Day $d: $task" kim4.txt || fail "day $d's task in the text"
done
KPAGE=$(awk '/^page:/ { print $2 }' kim.txt)
grep -qxF "$KPAGE#tasks" kim4.txt || fail "the page link"
# the box comes before the lesson: above the greeting
[ "$(grep -n '^CATCHING UP$' kim4.txt | cut -d: -f1)" -lt \
    "$(grep -n '^Hi Kim,' kim4.txt | cut -d: -f1)" ] || fail "the box is not first"
grep -q 'CATCHING UP' kim4.html || fail "no box in the HTML"
grep -qF "href=\"$KPAGE#tasks\"" kim4.html || fail "the page link in the HTML"
[ "$(grep -o 'CATCHING UP' kim4.html | wc -l)" = 1 ] || fail "one box"
run /usr/bin/python3 "$TOP/tests/check_mail.py" "$f"
out_has ', 0 problems$'
end

begin "preview DAY --email shows the box as the person gets it"
"$R" --now 2026-12-10T14:00:00Z preview 4 --email kim@example.org > kim4.preview
sed '1,/^$/d' kim4.preview | diff - kim4.txt > /dev/null || fail "preview and the sent text differ"
end

begin "the page starts with the same box"
start_serve --now 2026-12-10T14:00:00Z
http GET "http://127.0.0.1:$PORT${KPAGE#$B}"
code_is 200
body_has 'id="catch-up"'
body_has 'you have 3 open tasks from earlier days'
body_has 'href="#day-1">Day 1</a>'
end

begin "ticking tasks off (the page's POST and the CLI) takes the box away"
http POST "http://127.0.0.1:$PORT${KPAGE#$B}/days/1" --data 'done=1'
code_is 303
"$R" --now 2026-12-10T14:00:00Z done kim@example.org 2 >/dev/null
http GET "http://127.0.0.1:$PORT${KPAGE#$B}"
body_lacks 'id="catch-up"'
kill $SERVE_PID; wait $SERVE_PID 2>/dev/null
"$R" --now 2026-12-11T13:00:00Z tick >/dev/null
text "$(lesson_of kim@example.org 5)" > kim5.txt
[ -s kim5.txt ] || fail "no day 5"
grep -q 'CATCHING UP' kim5.txt && fail "a box with days 3 and 4 open only"
end

# mia: through Day 30 with marks and two scorecards; nat: no scorecard
for who in mia nat; do
	"$R" --now 2026-12-06T15:00:00Z enroll $who@example.org --name "$who" \
	    --tz America/Chicago --pacing daily --start 2026-12-07 \
	    --no-welcome >/dev/null
done
for d in 1 2 3 4 5 8 9 10 11 12 13 14 15 16 17 20; do
	"$R" --now 2026-12-10T14:00:00Z done mia@example.org $d >/dev/null
done
"$R" --now 2026-12-06T15:00:00Z done nat@example.org 30 >/dev/null
ids=$(/usr/bin/python3 -c 'import json,sys
for c in json.load(open(sys.argv[1]))["categories"]:
    print(c["id"], " ".join(i["id"] for i in c["items"]))' "$TOP/curriculum/scorecard.json")
answers() {	# BASE: every item BASE, but niche 0, message 1, services 2 when BASE is 4
	/usr/bin/python3 - "$1" "$TOP/curriculum/scorecard.json" <<'PY'
import json, sys
base = int(sys.argv[1])
low = {"niche": 0, "message": 1, "services": 2} if base == 4 else {}
out = {}
for c in json.load(open(sys.argv[2]))["categories"]:
    for i in c["items"]:
        out[i["id"]] = low.get(c["id"], base)
print(json.dumps(out))
PY
}
answers 1 > base.json
answers 4 > late.json
"$R" --now 2026-12-09T15:00:00Z score mia@example.org --answers base.json >/dev/null
"$R" --now 2027-01-04T15:00:00Z score mia@example.org --answers late.json >/dev/null
DAY30=2027-01-05T13:00:00Z	# daily from Dec 7, holidays none
DAY31=2027-01-06T13:00:00Z

begin "Day 30's lesson queues the summary for the next day's send time"
run "$R" --now $DAY30 tick
status_is 0
equal "$(row mia@example.org completion state)" pending "mia's summary"
equal "$(row mia@example.org completion due_at)" "$(date -d $DAY31 +%s)" "its due time"
equal "$(db "SELECT e.state FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email = 'mia@example.org'")" completed "state"
run "$R" --now 2027-01-06T12:59:00Z tick
equal "$(row mia@example.org completion state)" pending "mia's summary a minute before"
end

begin "the completion summary goes out once, with the right numbers"
run "$R" --now $DAY31 tick
out_has '^sent [1-9]'
run "$R" --now 2027-01-06T13:30:00Z tick
out_has '^sent 0, '
equal "$(count_of mia@example.org "$DONE_SUBJ")" 1 "summaries to mia"
f=$(mail_of mia@example.org "$DONE_SUBJ")
run /usr/bin/python3 "$TOP/tests/check_mail.py" --subject "$DONE_SUBJ" "$f"
out_has ', 0 problems$'
text "$f" > mia.txt
html "$f" > mia.html
"$R" --now $DAY31 status mia@example.org --json > mia.json
first=$(/usr/bin/python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["scorecard"]["attempts"]; print("%d (%s)" % (a[0]["index"], a[0]["band"]))' mia.json)
last=$(/usr/bin/python3 -c 'import json,sys; a=json.load(open(sys.argv[1]))["scorecard"]["attempts"]; print("%d (%s)" % (a[-1]["index"], a[-1]["band"]))' mia.json)
grep -qx 'Tasks done: 16 of 30' mia.txt || fail "tasks done: $(grep 'Tasks done' mia.txt)"
grep -qx 'Longest streak: 10 days in a row' mia.txt || fail "streak: $(grep 'streak' mia.txt)"
grep -qxF "Readiness index: $first at your baseline," mia.txt || fail "baseline $first"
grep -qF "$last now: +" mia.txt || fail "latest $last"
grep -qx '1\. Niche and Positioning (0 out of 100): Days 1 and 14' mia.txt || fail "weakest 1"
grep -qx '2\. Professional Message (25 out of 100): Days 2 and 6' mia.txt || fail "weakest 2"
grep -qx '3\. Services and Practice Standards (50 out of 100): Days 4 and 7' mia.txt || fail "weakest 3"
MPAGE=$("$R" links mia@example.org | awk '/^page:/ { print $2 }')
grep -qxF "$MPAGE/scorecard?result=1" mia.txt || fail "the result link"
grep -qxF "$MPAGE#followon" mia.txt || fail "the follow-on offer's link"
grep -qF "href=\"$MPAGE#followon\"" mia.html || fail "the follow-on link in the HTML"
grep -q '^Message-ID: <rr\.[0-9]*\.c1\.' "$f" || fail "its Message-ID"
end

begin "no scorecard taken: the summary says so instead of an index"
f=$(mail_of nat@example.org "$DONE_SUBJ")
text "$f" > nat.txt
grep -qx 'Tasks done: 1 of 30' nat.txt || fail "tasks"
grep -qx 'Longest streak: 1 day in a row' nat.txt || fail "streak"
grep -q 'You have not taken the scorecard yet' nat.txt || fail "no attempts"
grep -q 'weakest areas, from' nat.txt && fail "weakest without a scorecard"
end

begin "preview welcome|completion, for a sample and a real person"
run "$R" --now $DAY31 preview welcome
status_is 0
out_has "^Subject: $WELCOME\$"
out_has '^To: Alex Sample <alex.sample@example.org>$'
run "$R" --now $DAY31 preview completion --email mia@example.org
status_is 0
out_has "^Subject: $DONE_SUBJ\$"
out_has '^Tasks done: 16 of 30$'
run "$R" --now $DAY31 preview completion --html
out_has '^<!DOCTYPE html>'
run "$R" preview followup
status_is 2
err_has "^refready: preview: bad day 'followup' \\(expected 1 to 30, welcome, completion or followon N\\)$"
end

finish
