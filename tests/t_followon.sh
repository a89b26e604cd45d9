# t_followon.sh - the twelve weeks after the plan through the real
# binary: refused on the page before Day 30, offered after it, one POST
# opts in (a second changes nothing), twelve weekly ticks send twelve
# emails that take the three weakest categories in turn, a retake in
# week 6 changes weeks 7 to 12, weeks 6 and 12 ask for a retake,
# unsubscribing stops the rest, the calendar carries each week's task,
# status and preview show it, and curriculum check holds the content.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3

start_sink sink
PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "postal_address": "1 Main St, Springfield", "rate": 1000},
 "schedule": {"holidays": "none"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z
for who in ann bob; do
	"$R" --now $ENROLLED enroll $who@example.org --name "${who} Lee" \
	    --tz America/Chicago --pacing daily --start 2026-12-07 > $who.txt
done
page_of() {
	awk '/^page:/ { print $2 }' "$1.txt"
}
# answers FILE CATEGORY=SCORE...: every statement 4 but those named
answers() {
	f=$1
	shift
	$PY - "$TOP/curriculum/scorecard.json" "$@" > "$f" <<'PY'
import json, sys
sc = json.load(open(sys.argv[1]))
low = dict(a.split("=") for a in sys.argv[2:])
print(json.dumps({i["id"]: int(low.get(c["id"], 4))
                  for c in sc["categories"] for i in c["items"]}))
PY
}
# subjects WHO: the subjects of the follow-on weeks WHO got, in order
subjects() {
	for f in sink/msg-*.eml; do
		grep -q "^To: .*<$1@example.org>" "$f" || continue
		grep -h '^Subject: Week' "$f"
	done | tr -d '\r' | sed 's/^Subject: //' | sort -t' ' -k2,2n
}
# week_file WHO N: the message of week N to WHO
week_file() {
	grep -l "^Subject: Week $2 of 12:" sink/msg-*.eml 2>/dev/null |
	    xargs -r grep -l "^To: .*<$1@example.org>" | head -1
}
answers base.json intake=0 documentation=1 cadence=2
answers retake.json ethics=0 relationships=1 outreach-tools=2
for who in ann bob; do
	"$R" --now 2026-12-09T20:00:00Z score $who@example.org \
	    --answers base.json >/dev/null
done
PAGE=$(page_of ann)
DAY29=2027-01-04T20:00:00Z	# Day 29 sent, Day 30 tomorrow morning
start_serve --now $DAY29

begin "before Day 30 the page offers nothing and the POST is refused (409)"
http GET "$PAGE"
code_is 200
body_lacks 'id="followon"'
body_has 'id="catch-up"'
http POST "$PAGE/followon"
code_is 409
body_has 'open once Day 30'
body_has 'Nothing was changed'
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM delivery WHERE
    kind = 'followon'")" 0 "follow-on rows"
http GET "$PAGE/followon"
code_is 405
end

kill $SERVE_PID; wait $SERVE_PID 2>/dev/null
"$R" --now 2027-01-05T14:00:00Z tick >/dev/null
OPTIN=2027-01-05T16:00:00Z	# 10:00 in Chicago, after the send time
start_serve --now $OPTIN

begin "after Day 30 the page offers the twelve weeks from the weakest categories"
json=$("$R" --now $OPTIN status ann@example.org --json)
equal "$(echo "$json" | $PY -c 'import json,sys; print(json.load(sys.stdin)["state"])')" \
    completed "state"
equal "$(echo "$json" | $PY -c 'import json,sys; print(json.load(sys.stdin)["followon"])')" \
    None "followon before the opt-in"
http GET "$PAGE"
code_is 200
body_has '<section id="followon">'
body_has 'Start the twelve weeks'
# the plan is over: the note says to finish the open tasks, no second box
body_has 'Finish any open tasks below'
body_lacks 'id="catch-up"'
body_has 'Referral Intake and Screening</strong>, <strong>Clinical Documentation</strong> and <strong>Communication Cadence'
grep -o '<form[^>]*followon[^>]*>' .body > form.txt
grep -q 'action="[A-Za-z0-9_-]*/followon"' form.txt ||
    fail "the form's action is not relative: $(cat form.txt)"
end

begin "one POST opts in: 303 to the section, twelve weeks queued; a second changes nothing"
http POST "$PAGE/followon" -d go=1
code_is 303
equal "$(location)" "$PAGE#followon" "the redirect"
equal "$(sqlite3 var/refready.db "SELECT count(*), min(due_at), max(due_at)
    FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id
    JOIN person p ON p.id = e.person_id WHERE d.kind = 'followon' AND
    p.email = 'ann@example.org'")" \
    "12|$(date -ud 2027-01-06T13:00:00Z +%s)|$(date -ud 2027-03-24T12:00:00Z +%s)" \
    "twelve rows, 07:00 Chicago from tomorrow (CST, then CDT)"
before=$(sqlite3 var/refready.db "SELECT opted_in_at FROM followon")
http POST "$PAGE/followon"
code_is 303
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM delivery WHERE
    kind = 'followon'")" 12 "rows after a second POST"
equal "$(sqlite3 var/refready.db "SELECT opted_in_at FROM followon")" \
    "$before" "the opt-in time"
http POST "$(page_of bob)/followon"
code_is 303
http GET "$PAGE"
body_has '0 of 12</strong> weekly emails sent; week 1 comes on <strong>Wednesday, January 6, 2027'
body_has 'id="week-12"'
end

begin "status shows the follow-on: opted in when, weeks sent, the next week"
run "$R" --now $OPTIN status ann@example.org
status_is 0
out_has '^follow-on: opted in 2027-01-05, 0 of 12 weeks sent, week 1 due 2027-01-06T13:00:00Z$'
run "$R" --now $OPTIN status ann@example.org --json
$PY - .out <<'PY' || fail "status --json followon"
import json, sys
f = json.load(open(sys.argv[1]))["followon"]
# the daemon's clock started at OPTIN and ran on to the POST
assert f["opted_in_at"].startswith("2027-01-05T16:0"), f
assert f["weeks_sent"] == 0 and f["next_week"] == 1, f
assert f["next_due_at"] == "2027-01-06T13:00:00Z", f
assert [w["date"] for w in f["weeks"]][:2] == ["2027-01-06", "2027-01-13"], f
assert all(w["email"] == "pending" for w in f["weeks"]), f
PY
end

begin "the calendar has each week's task as an all-day event on its first day"
http GET "$B/feed/$(awk '/^feed:/ { print $2 }' ann.txt | sed 's|.*/feed/||')"
code_is 200
$PY "$TOP/tests/check_ics.py" .body > ics.txt || fail "$(grep error ics.txt)"
equal "$(grep -c 'VEVENT refready-[0-9]*-week[0-9]*@127.0.0.1' ics.txt)" 12 "week events"
grep -q 'week1@127.0.0.1 2027-01-06 seq=0 .* Week 1: ' ics.txt ||
    fail "week 1: $(grep week1@ ics.txt)"
grep -q 'week12@127.0.0.1 2027-03-24 ' ics.txt ||
    fail "week 12: $(grep week12@ ics.txt)"
grep -c 'VEVENT refready-[0-9]*-day' ics.txt | grep -qx 30 || fail "the 30 days"
end
kill $SERVE_PID; wait $SERVE_PID 2>/dev/null

# week N's tick: its first day at 14:00Z (08:00 CST, 09:00 CDT)
week_date() {
	date -ud "2027-01-06 +$((7 * ($1 - 1))) days" +%Y-%m-%d
}
for w in 1 2 3 4 5 6; do
	"$R" --now "$(week_date $w)T14:00:00Z" tick >/dev/null
	if [ $w = 1 ]; then
		# bob leaves after his first week
		U=$(grep -ho "$B/unsubscribe/[A-Za-z0-9_-]*" "$(week_file bob 1)" | head -1)
		start_serve --now "$(week_date 1)T15:00:00Z"
		curl -s -o /dev/null -X POST "$U"
		kill $SERVE_PID; wait $SERVE_PID 2>/dev/null
	fi
done

begin "weeks 1 to 6 take the three weakest categories in turn, each once"
subjects ann > subj.txt
cat > want.txt <<TXT
Week 1 of 12: Referral Intake and Screening
Week 2 of 12: Clinical Documentation
Week 3 of 12: Communication Cadence
Week 4 of 12: Referral Intake and Screening
Week 5 of 12: Clinical Documentation
Week 6 of 12: Communication Cadence
TXT
diff want.txt subj.txt > d.txt || fail "subjects: $(cat d.txt)"
run "$R" --now "$(week_date 6)T14:00:00Z" tick
out_has '^sent 0,'
equal "$(subjects ann | wc -l)" 6 "weeks after a second tick at the same time"
end

begin "a week says what a 4 looks like for the lowest statements, sets a task, links the days"
f=$(week_file ann 1)
$PY - "$f" "$B" <<'PY' || fail "week 1's message"
import email, email.policy, re, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(),
                             policy=email.policy.default)
assert m.get_content_type() == "multipart/alternative"
assert str(m["List-Unsubscribe"]).startswith("<" + sys.argv[2] + "/unsubscribe/")
assert re.fullmatch(r"<rr\.\d+\.f1\.[^@]+@localhost>", str(m["Message-ID"])), m["Message-ID"]
text = m.get_body(("plain",)).get_content()
html = m.get_body(("html",)).get_content()
assert "What a 4 looks like" in text, text
# intake: every statement at 0, so all three, each with its 4
assert text.count("A 4:") == 3, text
assert "Check every medical client file for a signed written referral" in text
assert re.search(r"Day 8: Build Your Referral Intake Packet\s+<%s/p/[A-Za-z0-9_-]+#day-8>"
                 % re.escape(sys.argv[2]), text), text
assert "Retake the scorecard" not in text
assert 'href="%s/p/' % sys.argv[2] in html and "#day-8" in html
PY
f2=$(week_file ann 4)
grep -q 'Add a line for the date formal therapy ended' "$f2" ||
    fail "week 4 repeats week 1's task"
end

begin "week 6 asks for a scorecard retake"
f=$(week_file ann 6)
grep -q 'Retake the scorecard' "$f" || fail "no retake in week 6"
grep -q "/scorecard" "$f" || fail "no scorecard link in week 6"
end

begin "unsubscribing stops the rest: bob got week 1 only"
equal "$(subjects bob)" "Week 1 of 12: Referral Intake and Screening" "bob's weeks"
run "$R" --now "$(week_date 6)T15:00:00Z" status bob@example.org --json
$PY - .out <<'PY' || fail "bob's followon"
import json, sys
f = json.load(open(sys.argv[1]))["followon"]
assert f["weeks_sent"] == 1 and f["next_week"] is None, f
assert [w["email"] for w in f["weeks"][:6]] == ["sent"] + ["skipped"] * 5, f
PY
end

# the retake in week 6, before week 7 is due
"$R" --now "$(week_date 6)T20:00:00Z" score ann@example.org \
    --answers retake.json >/dev/null
for w in 7 8 9 10 11 12; do
	"$R" --now "$(week_date $w)T14:00:00Z" tick >/dev/null
done

begin "after the retake weeks 7 to 12 follow its weakest categories; 12 asks again"
subjects ann | tail -n 6 > subj.txt
cat > want.txt <<TXT
Week 7 of 12: Ethics and Compliance
Week 8 of 12: Relationships and Education
Week 9 of 12: Outreach Tools
Week 10 of 12: Ethics and Compliance
Week 11 of 12: Relationships and Education
Week 12 of 12: Outreach Tools
TXT
diff want.txt subj.txt > d.txt || fail "subjects: $(cat d.txt)"
grep -q 'Retake the scorecard' "$(week_file ann 12)" || fail "no retake in week 12"
grep -q 'Retake the scorecard' "$(week_file ann 9)" && fail "a retake in week 9"
equal "$(subjects ann | wc -l)" 12 "ann's weeks"
equal "$(subjects bob | wc -l)" 1 "bob's weeks"
run "$R" --now 2027-04-01T12:00:00Z status ann@example.org
out_has '^follow-on: opted in 2027-01-05, 12 of 12 weeks sent$'
end

begin "the calendar moves only the weeks a retake changed, SEQUENCE up"
"$R" --now 2027-04-01T12:00:00Z feed ann@example.org > ann.ics
$PY "$TOP/tests/check_ics.py" ann.ics > ics.txt || fail "$(grep error ics.txt)"
grep -q 'week6@127.0.0.1 2027-02-10 seq=0 .* Week 6: ' ics.txt ||
    fail "week 6: $(grep week6@ ics.txt)"
grep -q 'week7@127.0.0.1 2027-02-17 seq=1 .* Week 7: ' ics.txt ||
    fail "week 7: $(grep week7@ ics.txt)"
grep -q 'Week 7: Lock or move any client records' ics.txt ||
    fail "week 7's task: $(grep week7@ ics.txt)"
"$R" --now 2027-04-01T12:00:00Z feed ann@example.org > again.ics
cmp -s ann.ics again.ics || fail "the feed changed between two reads"
"$R" --now 2027-04-01T12:00:00Z feed bob@example.org > bob.ics
equal "$(grep -c 'UID:refready-[0-9]*-week' bob.ics)" 1 "bob's week events (sent only)"
end

begin "preview followon N renders a person's week, or a sample's"
run "$R" --now "$(week_date 8)T12:00:00Z" preview followon 8 --email ann@example.org
status_is 0
out_has '^Subject: Week 8 of 12: Relationships and Education$'
out_has "$B/p/[A-Za-z0-9_-]+#day-2[023]"
run "$R" preview followon 12 --html
status_is 0
out_has '<title>Week 12 of 12: '
out_has 'SAMPLE-PAGE-TOKEN/scorecard'
run "$R" preview followon 13
status_is 2
err_has "bad follow-on week '13'"
run "$R" preview followon
status_is 2
end

begin "curriculum check rejects bad follow-on content with file:line"
fixture cur
$PY - cur/followon.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["categories"][0]["tasks"] = d["categories"][0]["tasks"][:3]
d["categories"][0]["tasks"][0]["task"] = "x" * 81
d["categories"][0]["tasks"][1]["days"] = [31]
del d["categories"][1]
json.dump(d, open(sys.argv[1], "w"), indent=2)
PY
run "$R" curriculum check cur
status_is 2
err_has 'cur/followon\.json:[0-9]+:[0-9]+: task is 81 characters; a calendar entry takes at most 80'
err_has 'cur/followon\.json:[0-9]+:[0-9]+: a plan day is a number from 1 to 30'
err_has "cur/followon\.json:[0-9]+:[0-9]+: category 'alpha' has 3 weekly tasks; it needs at least 4"
err_has "cur/followon\.json:[0-9]+:[0-9]+: scorecard category 'beta' is missing"
fixture cur2
sed -i 's/{{lesson}}//' cur2/templates/followon.html
sed -i '/"2.2"/d; s/"2.1": "Beta one is checked for every client.",/"2.1": "Beta one is checked for every client."/' cur2/followon.json
run "$R" curriculum check cur2
status_is 2
err_has "cur2/templates/followon\.html:1: the template never places '\{\{lesson\}\}'"
err_has "cur2/followon\.json:[0-9]+:[0-9]+: statement '2.2' has no \"what a 4 looks like\""
end

finish
