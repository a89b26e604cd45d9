# t_schedule.sh - the plan's calendar through the real binary and the
# Maildir transport: one email a day for 30 days across a daylight-saving
# change (east and west of UTC) with `tick` run every hour of simulated
# time; pauses shifting the dates; weekday pacing; the stale skip; and
# nothing more for someone unenrolled.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3
printf '{"curriculum": "%s/curriculum", "base_url": "https://plan.example.org"}\n' "$TOP" > c.json
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null

# sent EMAIL: how many of the person's lessons have been sent
sent() {
	sqlite3 var/refready.db "SELECT count(*) FROM delivery d JOIN enrollment e
	    ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id
	    WHERE p.email = '$1' AND d.state = 'sent'"
}

# hours HOURS FROM: one RFC 3339 time per hour
hours() {
	$PY -c 'import sys, datetime as d
t = d.datetime.fromisoformat(sys.argv[2])
for i in range(int(sys.argv[1])):
    print((t + d.timedelta(hours=i)).strftime("%Y-%m-%dT%H:%M:%SZ"))' "$@"
}

begin "30 days across DST, tick every hour: one email a day at 07:00 local"
# New York falls back on 1 November, Berlin on 25 October
"$R" --now 2026-10-19T12:00:00Z enroll --no-welcome ny@example.org --name "New York" \
    --tz America/New_York --start 2026-10-20 --pacing daily >/dev/null
"$R" --now 2026-10-19T12:00:00Z enroll --no-welcome be@example.org --name "Berlin" \
    --tz Europe/Berlin --start 2026-10-20 --pacing daily >/dev/null
hours 760 2026-10-19T18:00:00 > hours.txt
while read -r t; do
	"$R" --now "$t" tick >> ticks.log 2>&1 || echo "tick $t failed" >> ticks.err
done < hours.txt
[ ! -s ticks.err ] || fail "$(head -3 ticks.err)"
# the lessons; the completion summaries come the day after Day 30
equal "$(grep -l '^Subject: Day ' var/mail/new/* | wc -l)" 60 "lessons in the Maildir"
# each day once, sent in the tick of 07:00 local, on consecutive days
sqlite3 var/refready.db "SELECT p.email, d.day, d.sent_at, d.state FROM delivery d
    JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id
    WHERE d.kind = 'lesson' ORDER BY p.email, d.day" > sent.txt
$PY - sent.txt <<'PY' || fail "$($PY - sent.txt <<'PY2'
PY2
)"
import sys, datetime as d
from zoneinfo import ZoneInfo
zones = {"ny@example.org": "America/New_York", "be@example.org": "Europe/Berlin"}
rows = [l.strip().split("|") for l in open(sys.argv[1])]
for who, zone in zones.items():
    mine = [r for r in rows if r[0] == who]
    assert [int(r[1]) for r in mine] == list(range(1, 31)), (who, len(mine))
    for r in mine:
        assert r[3] == "sent", r
        local = d.datetime.fromtimestamp(int(r[2]), ZoneInfo(zone))
        assert (local.hour, local.minute) == (7, 0), (who, r[1], local)
        # Veterans Day, Wednesday 11 November, is no plan day
        plan = [d.date(2026, 10, 20) + d.timedelta(days=i) for i in range(31)]
        plan.remove(d.date(2026, 11, 11))
        want = plan[int(r[1]) - 1]
        assert local.date() == want, (who, r[1], local.date(), want)
PY
summaries=$(sqlite3 var/refready.db "SELECT count(*) FROM delivery WHERE
    kind = 'completion' AND state = 'sent'")
grep -c '^sent 1,' ticks.log | grep -qx $((60 + summaries)) ||
    fail "ticks that sent: $(grep -c '^sent 1,' ticks.log), $summaries summaries"
end

begin "every one of the 60 messages parses and has the right day"
run $PY "$TOP/tests/check_mail.py" $(grep -l '^Subject: Day ' var/mail/new/*)
status_is 0
out_has 'checked 60 messages, 0 problems'
end

begin "the plan is completed after day 30"
run "$R" --now 2026-11-25T00:00:00Z status ny@example.org --json
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["state"] == "completed", d["state"]; assert d["plan_day"] == 30' .out ||
    fail "state: $(grep '"state"' .out)"
end

begin "weekday pacing: Monday to Friday only, none on a holiday"
"$R" --now 2026-12-04T15:00:00Z enroll --no-welcome wk@example.org --name W --tz UTC --pacing weekdays >/dev/null
run "$R" --now 2026-12-04T15:00:00Z status wk@example.org --json
$PY - .out <<'PY' || fail "weekday dates wrong"
import json, sys, datetime as d
days = json.load(open(sys.argv[1]))["days"]
dates = [d.date.fromisoformat(x["date"]) for x in days]
assert dates[0] == d.date(2026, 12, 7), dates[0]
assert all(x.weekday() < 5 for x in dates), dates
holidays = {d.date(2026, 12, 24), d.date(2026, 12, 25), d.date(2026, 12, 31),
    d.date(2027, 1, 1), d.date(2027, 1, 18)}
assert not holidays & set(dates), holidays & set(dates)
assert dates[29] == d.date(2027, 1, 22), dates[29]
PY
end

begin "pause and resume shift the remaining days by the paused days"
"$R" --now 2026-12-04T15:00:00Z enroll --no-welcome pz@example.org --name P --tz Asia/Tokyo --pacing daily --start 2026-12-07 >/dev/null
# 07:00 in Tokyo is 22:00Z the day before
"$R" --now 2026-12-06T22:00:00Z tick >/dev/null
"$R" --now 2026-12-07T22:00:00Z tick >/dev/null
equal "$(sent pz@example.org)" 2 "sent before the pause"
run "$R" --now 2026-12-08T03:00:00Z pause pz@example.org
status_is 0
out_has "^paused pz@example.org from Wednesday, December 9, 2026; the paused days resume with day 3 when you run 'refready resume pz@example.org'$"
"$R" --now 2026-12-08T22:00:00Z tick >/dev/null
equal "$(sent pz@example.org)" 2 "sent while paused"
run "$R" --now 2026-12-11T20:00:00Z resume pz@example.org
status_is 0
out_has '^resumed pz@example.org; day 3: Saturday, December 12, 2026$'
"$R" --now 2026-12-11T22:00:00Z tick >/dev/null
equal "$(sent pz@example.org)" 3 "sent after resuming"
run "$R" --now 2026-12-12T00:00:00Z status pz@example.org --json
$PY - .out <<'PY' || fail "dates after the pause are wrong"
import json, sys
days = json.load(open(sys.argv[1]))["days"]
assert [x["date"] for x in days[:4]] == ["2026-12-07", "2026-12-08", "2026-12-12", "2026-12-13"], [x["date"] for x in days[:4]]
assert [x["email"] for x in days[:4]] == ["sent", "sent", "sent", "pending"]
PY
end

begin "pause --until: the span is skipped and the plan stays active"
run "$R" --now 2026-12-12T00:00:00Z pause pz@example.org --until 2026-12-20
status_is 0
out_has '^paused pz@example.org from Sunday, December 13, 2026; the paused days resume on Sunday, December 20, 2026 with day 4$'
"$R" --now 2026-12-12T22:00:00Z tick >/dev/null
equal "$(sent pz@example.org)" 3 "sent inside the span"
"$R" --now 2026-12-19T22:00:00Z tick >/dev/null
equal "$(sent pz@example.org)" 4 "sent after the span"
run "$R" --now 2026-12-20T00:00:00Z pause pz@example.org --until 2026-12-01
status_is 2
err_has '^refready: pause: --until must be after'
end

begin "a lesson not sent within stale_after_hours is skipped, not lost"
"$R" --now 2026-12-04T15:00:00Z enroll --no-welcome st@example.org --name S --tz Pacific/Auckland --pacing daily --start 2026-12-07 >/dev/null
# 07:00 NZDT is 18:00Z the day before; the daemon was down until 13 h later
"$R" --now 2026-12-07T07:00:01Z tick >/dev/null
"$R" --now 2026-12-07T18:00:00Z tick >/dev/null
equal "$(sqlite3 var/refready.db "SELECT group_concat(d.state || ':' || COALESCE(d.last_reply, ''), ',') FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id WHERE p.email = 'st@example.org'")" \
    "skipped:not sent within stale_after_hours of its due time,sent:maildir: new/$(ls -t var/mail/new | head -1)" "ledger"
end

begin "someone unenrolled gets nothing more"
"$R" --now 2026-12-04T15:00:00Z enroll --no-welcome un@example.org --name U --tz America/Denver --pacing daily --start 2026-12-07 >/dev/null
"$R" --now 2026-12-07T14:00:00Z tick >/dev/null
equal "$(sent un@example.org)" 1 "sent before"
run "$R" --now 2026-12-07T16:00:00Z unenroll un@example.org
status_is 0
for t in 2026-12-08T14:00:00Z 2026-12-09T14:00:00Z 2026-12-20T14:00:00Z; do
	"$R" --now $t tick >/dev/null
done
equal "$(sent un@example.org)" 1 "sent after"
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id WHERE p.email = 'un@example.org'")" 1 "ledger rows"
run "$R" unenroll un@example.org
status_is 2
err_has "cannot unenroll 'un@example.org': the enrollment is unenrolled"
end

begin "done marks: set, undone, and shown in status"
run "$R" done pz@example.org 2
status_is 0
run "$R" done pz@example.org 31
status_is 2
err_has "^refready: done: bad day '31' \(expected 1 to 30\)$"
run "$R" done nobody@example.org 2
status_is 2
err_has "^refready: done: no one enrolled as 'nobody@example.org'$"
run "$R" --now 2026-12-12T08:00:00Z status pz@example.org --json
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["days"][1]["done"] is True; assert d["tasks_done"] == 1' .out || fail "done mark not shown"
"$R" done pz@example.org 2 --undo >/dev/null
run "$R" --now 2026-12-12T08:00:00Z status pz@example.org --json
$PY -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["days"][1]["done"] is False' .out || fail "undo not shown"
end

begin "status without EMAIL lists everyone, as a table and as JSON"
run "$R" status
status_is 0
out_has '^email +name +state'
out_has '^ny@example.org +New York +completed'
run "$R" status --json
$PY -c 'import json,sys; l=json.load(open(sys.argv[1])); assert len(l) == 6, len(l); assert all("days" not in x for x in l); assert {"email","name","state","tz","send_at","start","pacing","cohort","plan_day","scorecard"} <= set(l[0])' .out || fail "list JSON"
end

begin "links --rotate: new tokens, the old ones stop matching"
old=$("$R" links pz@example.org | sed -n 's/^page: *//p')
run "$R" links pz@example.org --rotate
status_is 0
new=$(sed -n 's/^page: *//p' .out)
[ -n "$new" ] && [ "$new" != "$old" ] || fail "page URL did not change"
equal "$("$R" links pz@example.org | sed -n 's/^page: *//p')" "$new" "links after rotation"
tok=${old##*/}
hash=$(printf '%s' "$tok" | sha256sum | cut -c1-64)
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM token WHERE hex(hash) = upper('$hash')")" 0 "old token rows"
tok=${new##*/}
hash=$(printf '%s' "$tok" | sha256sum | cut -c1-64)
equal "$(sqlite3 var/refready.db "SELECT kind FROM token WHERE hex(hash) = upper('$hash')")" page "new token row"
! grep -rq "$tok" var/refready.db || fail "a token is stored in plain text"
end

begin "the status table lines up by display width and says when a plan starts"
"$R" --now 2026-12-12T00:00:00Z enroll --no-welcome jose@example.org --name 'José Muñoz' --start 2026-12-14 >/dev/null
"$R" --now 2026-12-12T00:00:00Z enroll --no-welcome comb@example.org \
    --name "$(printf 'Jose\314\201 Mun\314\203oz')" >/dev/null
"$R" --now 2026-12-12T00:00:00Z enroll --no-welcome li@example.org --name '李小龍' >/dev/null
"$R" --now 2026-12-12T00:00:00Z enroll --no-welcome max@example.org \
    --name 'Maximiliana Alexandrovna Konstantinopolskaya-Smythe' >/dev/null
run "$R" --now 2026-12-12T00:00:00Z status
status_is 0
out_has '^jose@example\.org +José Muñoz +starts on 2026-12-14 +0 '
out_has '^max@example\.org +Maximiliana Alexandrovna Ko… +[a-z]'
out_lacks 'Konstantinopolskaya'
# every column starts at the same terminal column on every line, as
# Python's own Unicode tables measure it
$PY - .out <<'PY' || fail "columns do not line up: $(cat .out)"
import sys, unicodedata
def width(s):
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()[:-1]
head = lines[0]
for word in ("state", "day", "failed"):
    col = width(head[:head.index(word) + len(word)]) if word != "state" \
        else width(head[:head.index(word)])
    for l in lines[1:]:
        if word == "state":
            # the state starts where the header's does
            i = next(i for i in range(len(l)) if width(l[:i]) == col)
            assert l[i - 1] == " " and l[i] != " ", (word, l)
        else:
            # right-aligned numbers end where the header word ends
            assert width(l.rstrip()) >= col, (word, l)
ends = {width(l) for l in lines}
assert len(ends) == 1, ("lines of different widths", ends)
PY
run "$R" --now 2026-12-12T00:00:00Z status jose@example.org
out_has '^plan: +not started, starts on 2026-12-14, '
end

finish
