# t_pause.sh - pauses that show, through the real binary: `pause --until`
# gives state "paused" with paused_until in status (text, table, --json),
# on the personal page and in the cohort report (text, JSON, CSV, HTML);
# the plan picks up again by itself on that date in the person's own zone
# (Auckland, whose midnight is the day before in UTC), with no command and
# no pass needed to notice; a second --until moves the date; resume ends
# it for good, even when the plan's next send is tomorrow; and an open
# pause takes a date.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"}, "mail": {"url": "maildir:var/mail"},
 "schedule": {"holidays": "none"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
db() { sqlite3 var/refready.db "$1"; }
# js EMAIL NOW EXPR: a Python expression over status --json (d)
js() {
	"$R" --now "$2" status "$1" --json | $PY -c 'import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$3"
}
mails() { ls var/mail/new 2>/dev/null | wc -l; }

"$R" --now 2026-11-01T00:00:00Z cohort create dec-07 \
    --webinar "2026-12-03 12:00 Pacific/Auckland" >/dev/null
# 07:00 in Auckland (NZDT, +13) is 18:00Z the day before
"$R" --now 2026-12-04T15:00:00Z enroll kiri@example.org --name "Kiri Tane" \
    --tz Pacific/Auckland --pacing daily --start 2026-12-07 \
    --cohort dec-07 > kiri.txt
"$R" --now 2026-12-06T18:00:30Z tick >/dev/null
PAUSED=2026-12-07T03:00:00Z	# Monday 16:00 in Auckland: day 1 sent

begin "pause --until: status says paused until the date, in text, the table and --json"
equal "$(mails)" 1 "day 1 sent"
run "$R" --now $PAUSED pause kiri@example.org --until 2026-12-10
status_is 0
out_has '^paused kiri@example\.org from Tuesday, December 8, 2026; the paused days resume on Thursday, December 10, 2026 with day 2$'
run "$R" --now $PAUSED status kiri@example.org
status_is 0
out_has '^Kiri Tane <kiri@example\.org>  paused$'
out_has '^paused: +until 2026-12-10, when the plan resumes by itself$'
run "$R" --now $PAUSED status
out_has '^kiri@example\.org +Kiri Tane +paused until 2026-12-10 +1 +0 +1 +0$'
equal "$(js kiri@example.org $PAUSED 'd["state"], d["paused_until"]')" \
    "('paused', '2026-12-10')" "state, paused_until"
run "$R" --now $PAUSED status --json
$PY -c 'import json, sys
d = json.load(open(sys.argv[1]))[0]
assert (d["state"], d["paused_until"]) == ("paused", "2026-12-10"), d' "$T/.out" ||
    fail "the list's paused_until"
# the plan itself stays active: its days are dated past the span
equal "$(db "SELECT state FROM enrollment")" active "the stored state"
end

begin "a second --until moves the date, either way; a plain pause is refused"
run "$R" --now $PAUSED pause kiri@example.org --until 2026-12-12
status_is 0
out_has 'from Tuesday, December 8, 2026; the paused days resume on Saturday, December 12, 2026 with day 2$'
equal "$(js kiri@example.org $PAUSED 'd["paused_until"], d["days"][1]["date"]')" \
    "('2026-12-12', '2026-12-12')" "later"
run "$R" --now $PAUSED pause kiri@example.org --until 2026-12-10
status_is 0
equal "$(js kiri@example.org $PAUSED 'd["paused_until"], d["days"][1]["date"], d["days"][29]["date"]')" \
    "('2026-12-10', '2026-12-10', '2027-01-07')" "sooner again"
equal "$(db "SELECT count(*) FROM pause")" 1 "one pause, moved"
run "$R" --now $PAUSED pause kiri@example.org
status_is 2
err_has "^refready: pause: 'kiri@example\.org' is already paused until 2026-12-10 \(--until DATE changes the date; resume ends it\)$"
run "$R" --now $PAUSED pause kiri@example.org --until 2026-12-08
status_is 2
err_has '^refready: pause: --until must be after 2026-12-08, the first paused day$'
equal "$(js kiri@example.org $PAUSED 'd["paused_until"]')" 2026-12-10 "unchanged"
end

begin "the cohort report counts the pause and lists until when, in every format"
run "$R" --now $PAUSED cohort report dec-07
status_is 0
out_has '^  paused +1$'
out_has '^Paused \(the plan picks up again on the date\): 1$'
out_has '^  kiri@example\.org +Kiri Tane +2026-12-10$'
run "$R" --now $PAUSED cohort report dec-07 --format json
$PY - "$T/.out" <<'PY' || fail "report JSON"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["states"]["paused"] == 1 and r["states"]["active"] == 0, r["states"]
assert r["paused"] == [{"email": "kiri@example.org", "name": "Kiri Tane",
    "until": "2026-12-10"}], r["paused"]
PY
run "$R" --now $PAUSED cohort report dec-07 --format csv -o r.csv
$PY -c 'import csv, sys
r = list(csv.DictReader(open("r.csv", newline="")))[0]
assert (r["state"], r["paused_until"]) == ("paused", "2026-12-10"), r' ||
    fail "report CSV"
run "$R" --now $PAUSED cohort report dec-07 --format html -o r.html
grep -q '<h2>Paused</h2>' r.html || fail "no Paused section"
grep -q '<td><time datetime="2026-12-10">Thursday, December 10, 2026</time></td>' r.html ||
    fail "no until date in the HTML"
end

begin "the page says paused until the date, and offers to resume sooner"
start_serve --now $PAUSED
PAGE=$(awk '/^page:/ { print $2 }' kiri.txt)
http GET "$PAGE"
code_is 200
body_has 'Your plan is <strong>paused until Thursday, December 10, 2026</strong>'
body_has 'Your lessons are <strong>paused</strong> until Thursday, December 10'
body_has 'resume"><button type="submit">Resume lessons now'
kill $SERVE_PID; wait $SERVE_PID 2>/dev/null
end

begin "on the date, in Auckland, the plan is active again and day 2 goes out by itself"
"$R" --now 2026-12-07T18:00:30Z tick >/dev/null	# Dec 8, 07:00 NZDT
"$R" --now 2026-12-08T18:00:30Z tick >/dev/null	# Dec 9
equal "$(mails)" 1 "nothing sent while paused"
# Dec 9, 23:59 in Auckland; one minute later it is Dec 10 there, while
# UTC still says Dec 9
equal "$(js kiri@example.org 2026-12-09T10:59:00Z 'd["state"], d["paused_until"]')" \
    "('paused', '2026-12-10')" "the last minute"
equal "$(js kiri@example.org 2026-12-09T11:00:00Z 'd["state"], d["paused_until"]')" \
    "('active', None)" "midnight in Auckland"
run "$R" --now 2026-12-09T11:00:00Z status kiri@example.org
out_has '^Kiri Tane <kiri@example\.org>  active$'
out_lacks '^paused:'
run "$R" --now 2026-12-09T11:00:00Z cohort report dec-07 --format json
$PY -c 'import json, sys
r = json.load(open(sys.argv[1]))
assert (r["states"]["paused"], r["states"]["active"], r["paused"]) == (0, 1, []), r["states"]' "$T/.out" ||
    fail "the report after the date"
run "$R" --now 2026-12-09T17:59:00Z tick
out_has '^sent 0,'
run "$R" --now 2026-12-09T18:00:30Z tick
out_has '^sent 1,'
equal "$(mails)" 2 "day 2 after the pause"
grep -l '^Subject: Day 2 of 30' var/mail/new/* >/dev/null || fail "not day 2"
start_serve --now 2026-12-09T19:00:00Z
http GET "$PAGE"
code_is 200
body_lacks 'paused until'
body_lacks '<strong>paused'
body_has 'action="[^"]*/pause"'
kill $SERVE_PID; wait $SERVE_PID 2>/dev/null
end

begin "resume ends a dated pause for good, even when the next send is tomorrow"
# Chicago: 07:00 CST is 13:00Z; resumed at 15:00Z, after today's send time
"$R" --now 2026-12-04T15:00:00Z enroll ria@example.org --name Ria \
    --tz America/Chicago --pacing daily --start 2026-12-07 >/dev/null
"$R" --now 2026-12-07T13:00:30Z tick >/dev/null
"$R" --now 2026-12-07T15:00:00Z pause ria@example.org --until 2026-12-20 >/dev/null
run "$R" --now 2026-12-09T15:00:00Z resume ria@example.org
status_is 0
out_has '^resumed ria@example\.org; day 2: Thursday, December 10, 2026$'
equal "$(js ria@example.org 2026-12-09T15:00:00Z 'd["state"], d["paused_until"]')" \
    "('active', None)" "after resume"
run "$R" --now 2026-12-09T15:00:00Z resume ria@example.org
status_is 2
err_has "'ria@example\.org' is not paused"
# and it may pause again the same day
run "$R" --now 2026-12-09T15:30:00Z pause ria@example.org --until 2026-12-14
status_is 0
equal "$(js ria@example.org 2026-12-09T15:30:00Z 'd["state"], d["paused_until"]')" \
    "('paused', '2026-12-14')" "paused again"
end

begin "an open pause takes a date: --until on it, and it resumes by itself"
"$R" --now 2026-12-04T15:00:00Z enroll ola@example.org --name Ola \
    --tz America/Chicago --pacing daily --start 2026-12-07 >/dev/null
"$R" --now 2026-12-07T13:00:30Z tick >/dev/null
"$R" --now 2026-12-07T15:00:00Z pause ola@example.org >/dev/null
run "$R" --now 2026-12-07T15:00:00Z status ola@example.org
out_has '^paused: +until .refready resume.$'
equal "$(js ola@example.org 2026-12-07T15:00:00Z 'd["state"], d["paused_until"], d["days"][1]["date"]')" \
    "('paused', None, None)" "open"
run "$R" --now 2026-12-07T15:00:00Z pause ola@example.org --until 2026-12-11
status_is 0
out_has 'resume on Friday, December 11, 2026 with day 2$'
equal "$(js ola@example.org 2026-12-07T15:00:00Z 'd["state"], d["paused_until"], d["days"][1]["date"]')" \
    "('paused', '2026-12-11', '2026-12-11')" "dated"
equal "$(db "SELECT e.state FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email = 'ola@example.org'")" \
    active "stored"
end

finish
