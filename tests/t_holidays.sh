# t_holidays.sh - days with no plan day, through the real binary and the
# Maildir transport: a December weekday run with the US holidays skipped
# (email and calendar agreeing), the operator's skip_dates ranges, a list
# changed in the middle of a plan (only unsent days move, and only the
# moved ones get a new SEQUENCE), holidays "none", and a cohort's --skip.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3

# conf NAME [SCHEDULE]: NAME.json with its own database and Maildir
conf() {
	printf '{"curriculum": "%s/curriculum", "db": "var/%s.db",
 "base_url": "https://plan.example.org",
 "mail": {"url": "maildir:var/%s"}%s}\n' "$TOP" "$1" "$1" \
	    "${2:+, \"schedule\": $2}" > "$1.json"
}
# days FROM N: N dates, one a line
days() {
	$PY -c 'import sys, datetime as d
t = d.date.fromisoformat(sys.argv[1])
for i in range(int(sys.argv[2])):
    print(t + d.timedelta(days=i))' "$@"
}
# ledger CONF EMAIL: "day|sent_at|state" for each of the person's lessons
ledger() {
	sqlite3 "var/$1.db" "SELECT d.day, d.sent_at, d.state FROM delivery d
	    JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON
	    p.id = e.person_id WHERE p.email = '$2' AND d.kind = 'lesson'
	    ORDER BY d.day"
}
# vevents FILE: "day date seq" for each event of a feed
vevents() {
	$PY "$TOP/tests/check_ics.py" "$1" | sed -n \
	    's/^VEVENT refready-[0-9]*-day\([0-9]*\)@[^ ]* \([0-9-]*\) seq=\([0-9]*\) .*/\1 \2 \3/p' |
	    sort -n
}

begin "a December weekday run: no lesson on Dec 24, 25, 31 or Jan 1, each of the 30 days once, the feed's dates the sending dates"
conf dec
"$R" -c dec.json init -q >/dev/null
"$R" -c dec.json --now 2026-12-10T12:00:00Z enroll --no-welcome wk@example.org --name W \
    --tz America/Chicago --pacing weekdays --start 2026-12-14 >/dev/null
"$R" -c dec.json --now 2026-12-10T12:00:00Z feed wk@example.org > before.ics
# 07:00 in Chicago is 13:00Z; a tick then and one in the evening, daily
for d in $(days 2026-12-13 56); do
	for h in 13:00 23:00; do
		"$R" -c dec.json --now "${d}T$h:00Z" tick >/dev/null 2>tick.err ||
		    fail "tick $d $h: $(cat tick.err)"
	done
done
equal "$(grep -l '^Subject: Day ' var/dec/new/* | wc -l)" 30 "lessons in the Maildir"
# and after them the completion summary, at Day 31's send time (Feb 1)
equal "$(grep -l '^Subject: You finished' var/dec/new/* | wc -l)" 1 "summaries"
ledger dec wk@example.org > sent.txt
"$R" -c dec.json --now 2027-02-10T00:00:00Z feed wk@example.org > after.ics
vevents after.ics > after.txt
vevents before.ics > before.txt
$PY - sent.txt after.txt <<'PY' 2>py.err || fail "$(tail -1 py.err)"
import sys, datetime as d
from zoneinfo import ZoneInfo
rows = [l.strip().split("|") for l in open(sys.argv[1])]
assert [int(r[0]) for r in rows] == list(range(1, 31)), rows
assert all(r[2] == "sent" for r in rows), rows
local = [d.datetime.fromtimestamp(int(r[1]), ZoneInfo("America/Chicago"))
         for r in rows]
dates = [t.date() for t in local]
assert all((t.hour, t.minute) == (7, 0) for t in local), local
assert all(x.weekday() < 5 for x in dates), dates
holidays = {d.date(2026, 12, 24), d.date(2026, 12, 25),
            d.date(2026, 12, 31), d.date(2027, 1, 1), d.date(2027, 1, 18)}
assert not holidays & set(dates), sorted(holidays & set(dates))
assert dates == sorted(set(dates)), dates
assert dates[0] == d.date(2026, 12, 14) and dates[29] == d.date(2027, 1, 29), \
    (dates[0], dates[29])
feed = [l.split() for l in open(sys.argv[2])]
assert [int(f[0]) for f in feed] == list(range(1, 31)), feed
assert [f[1] for f in feed] == [x.isoformat() for x in dates], feed
PY
# planned that way from the start: no event ever moved
equal "$(cut -d' ' -f1,2 before.txt | tr '\n' ' ')" \
    "$(cut -d' ' -f1,2 after.txt | tr '\n' ' ')" "the feed's dates before the run"
equal "$(cut -d' ' -f3 after.txt | sort -u)" 1 "SEQUENCE"
end

begin "schedule.skip_dates: no plan day in a range or on a date, both pacings"
conf skip '{"skip_dates": ["2027-02-08..2027-02-12", "2027-02-17"]}'
"$R" -c skip.json init -q >/dev/null
"$R" -c skip.json --now 2027-01-30T00:00:00Z enroll --no-welcome dy@example.org --name D \
    --tz UTC --pacing daily --start 2027-02-01 >/dev/null
"$R" -c skip.json --now 2027-01-30T00:00:00Z enroll --no-welcome wd@example.org --name W \
    --tz UTC --pacing weekdays --start 2027-02-01 >/dev/null
for who in dy wd; do
	"$R" -c skip.json --now 2027-01-30T00:00:00Z status $who@example.org \
	    --json > $who.json
done
$PY - dy.json wd.json <<'PY' 2>py.err || fail "$(tail -1 py.err)"
import json, sys, datetime as d
dy = [d.date.fromisoformat(x["date"]) for x in json.load(open(sys.argv[1]))["days"]]
wd = [d.date.fromisoformat(x["date"]) for x in json.load(open(sys.argv[2]))["days"]]
skipped = {d.date(2027, 2, 8) + d.timedelta(days=i) for i in range(5)}
skipped |= {d.date(2027, 2, 17), d.date(2027, 2, 15)}	# and Presidents' Day
for plan in (dy, wd):
    assert len(plan) == 30 and not skipped & set(plan), sorted(skipped & set(plan))
    assert plan == sorted(set(plan)), plan
# daily: Feb 1-7, then 13, 14, 16, 18...; weekdays: Feb 1-5, then 16, 18
assert dy[6:10] == [d.date(2027, 2, 7), d.date(2027, 2, 13), d.date(2027, 2, 14),
    d.date(2027, 2, 16)], dy[6:10]
assert dy[10] == d.date(2027, 2, 18), dy[10]
assert wd[4:7] == [d.date(2027, 2, 5), d.date(2027, 2, 16), d.date(2027, 2, 18)], wd[4:7]
PY
printf '{"schedule": {"skip_dates": ["2027-02-12..2027-02-08", "2027-2-1"]}}\n' > bad.json
run "$R" -c bad.json config check
status_is 2
err_has "^bad\.json:1:[0-9]*: schedule\.skip_dates\[0\]: '2027-02-12\.\.2027-02-08' is not a date or a range of dates"
err_has "^bad\.json:1:[0-9]*: schedule\.skip_dates\[1\]: '2027-2-1' is not a date"
printf '{"schedule": {"holidays": "uk"}}\n' > bad.json
run "$R" -c bad.json config check
status_is 2
err_has "^bad\.json:1:[0-9]*: schedule\.holidays: unknown holidays 'uk' \(use us or none\)$"
end

begin "the list changed mid-plan: sent days keep their dates, unsent ones move, only moved events get a new SEQUENCE"
conf mid
"$R" -c mid.json init -q >/dev/null
"$R" -c mid.json --now 2027-02-27T00:00:00Z enroll --no-welcome mid@example.org --name M \
    --tz UTC --pacing daily --start 2027-03-01 >/dev/null
for d in $(days 2027-03-01 5); do
	"$R" -c mid.json --now "${d}T07:00:00Z" tick >/dev/null
done
"$R" -c mid.json --now 2027-03-05T12:00:00Z feed mid@example.org > a.ics
vevents a.ics > a.txt
# Mar 2 and 3 went out already; Mar 6 is the next lesson's due date
conf mid '{"skip_dates": ["2027-03-02..2027-03-03", "2027-03-06"]}'
"$R" -c mid.json --now 2027-03-06T07:00:00Z tick >/dev/null
equal "$(ls var/mid/new | wc -l)" 5 "messages after the skipped date's tick"
"$R" -c mid.json --now 2027-03-06T12:00:00Z feed mid@example.org > b.ics
vevents b.ics > b.txt
equal "$(head -5 a.txt | tr '\n' ' ')" "$(head -5 b.txt | tr '\n' ' ')" \
    "days 1-5: dates and SEQUENCE"
equal "$(sed -n 6p b.txt)" "6 2027-03-07 2" "day 6"
equal "$(sed -n 30p b.txt)" "30 2027-03-31 2" "day 30"
for d in $(days 2027-03-07 25); do
	"$R" -c mid.json --now "${d}T07:00:00Z" tick >/dev/null
done
ledger mid mid@example.org > sent.txt
$PY - sent.txt <<'PY' 2>py.err || fail "$(tail -1 py.err)"
import sys, datetime as d
rows = [l.strip().split("|") for l in open(sys.argv[1])]
assert [int(r[0]) for r in rows] == list(range(1, 31)) and all(r[2] == "sent" for r in rows)
dates = [d.datetime.fromtimestamp(int(r[1]), d.timezone.utc).date() for r in rows]
want = [d.date(2027, 3, 1) + d.timedelta(days=i) for i in range(5)]
want += [d.date(2027, 3, 7) + d.timedelta(days=i) for i in range(25)]
assert dates == want, dates
PY
"$R" -c mid.json --now 2027-04-01T12:00:00Z feed mid@example.org > c.ics
equal "$(vevents c.ics | tr '\n' ' ')" "$(tr '\n' ' ' < b.txt)" \
    "the feed once every day went out"
end

begin "a lesson queued but not yet sent keeps its date when the list changes"
conf q
"$R" -c q.json init -q >/dev/null
"$R" -c q.json --now 2027-02-27T00:00:00Z enroll --no-welcome q@example.org --name Q \
    --tz UTC --pacing daily --start 2027-03-01 >/dev/null
"$R" -c q.json --now 2027-03-01T07:00:00Z tick >/dev/null
# day 2 is queued at its due time; the relay is down, so it waits
printf '{"curriculum": "%s/curriculum", "db": "var/q.db",
 "mail": {"url": "smtp://127.0.0.1:1", "postal_address": "1 Main St"}}\n' \
    "$TOP" > qdown.json
"$R" -c qdown.json --now 2027-03-02T07:00:00Z tick >/dev/null 2>&1
equal "$(sqlite3 var/q.db "SELECT state IN ('pending', 'retry') FROM delivery
    WHERE key = 2")" 1 "day 2 queued, not sent"
conf q '{"skip_dates": ["2027-03-02"]}'
"$R" -c q.json --now 2027-03-02T08:00:00Z tick >/dev/null
equal "$(sqlite3 var/q.db "SELECT state FROM delivery WHERE key = 2")" sent \
    "day 2, sent on its retry"
"$R" -c q.json --now 2027-03-02T09:00:00Z feed q@example.org > q.ics
equal "$(vevents q.ics | sed -n 2,3p | tr '\n' ' ')" \
    "2 2027-03-02 1 3 2027-03-03 1 " "days 2 and 3"
end

begin "schedule.holidays \"none\": Dec 24, 25, 31 and Jan 1 are plan days"
conf none '{"holidays": "none"}'
"$R" -c none.json init -q >/dev/null
"$R" -c none.json --now 2026-12-10T12:00:00Z enroll --no-welcome n@example.org --name N \
    --tz UTC --pacing weekdays --start 2026-12-14 >/dev/null
"$R" -c none.json --now 2026-12-10T12:00:00Z status n@example.org --json > n.json
$PY - n.json <<'PY' 2>py.err || fail "$(tail -1 py.err)"
import json, sys
dates = [x["date"] for x in json.load(open(sys.argv[1]))["days"]]
for want in ("2026-12-24", "2026-12-25", "2026-12-31", "2027-01-01"):
    assert want in dates, want
assert dates[29] == "2027-01-22", dates[29]
PY
"$R" -c none.json --now 2026-12-25T07:00:00Z tick >/dev/null
equal "$(ledger none n@example.org | tail -1 | cut -d'|' -f1,3)" "10|sent" \
    "sent on Christmas Day"
end

begin "serve: after SIGHUP with a new skip date the cached feed moves the unsent days, with a new SEQUENCE and ETag"
PORT=$(free_port)
printf '{"curriculum": "%s/curriculum", "db": "var/sv.db",
 "base_url": "http://127.0.0.1:%s", "http": {"listen": "127.0.0.1:%s"},
 "mail": {"url": "maildir:var/sv"}%s}\n' "$TOP" "$PORT" "$PORT" "" > sv.json
"$R" -c sv.json init -q >/dev/null
"$R" -c sv.json --now 2027-02-27T00:00:00Z enroll --no-welcome s@example.org --name S \
    --tz UTC --pacing daily --start 2027-03-01 > s.txt
FEED=$(awk '/^feed:/ { print $2 }' s.txt)
start_serve -c sv.json --now 2027-03-02T12:00:00Z
http GET "$FEED"
code_is 200
ETAG1=$(header ETag)
cp "$T/.body" f1.ics
printf '{"curriculum": "%s/curriculum", "db": "var/sv.db",
 "base_url": "http://127.0.0.1:%s", "http": {"listen": "127.0.0.1:%s"},
 "mail": {"url": "maildir:var/sv"}, "schedule": {"skip_dates": ["2027-03-01..2027-03-04"]}}\n' \
    "$TOP" "$PORT" "$PORT" > sv.json
kill -HUP $SERVE_PID
i=0
while [ $i -lt 100 ]; do
	http GET "$FEED"
	[ "$(header ETag)" != "$ETAG1" ] &&
	    vevents "$T/.body" | grep -qx '3 2027-03-05 2' && break
	sleep 0.1
	i=$((i + 1))
done
cp "$T/.body" f2.ics
equal "$(vevents f1.ics | head -4 | tr '\n' ' ')" \
    "1 2027-03-01 1 2 2027-03-02 1 3 2027-03-03 1 4 2027-03-04 1 " "before"
# the pass at start queued days 1 and 2 (day 1 too late: skipped): they stay
equal "$(vevents f2.ics | head -4 | tr '\n' ' ')" \
    "1 2027-03-01 1 2 2027-03-02 1 3 2027-03-05 2 4 2027-03-06 2 " "after"
[ "$(header ETag)" != "$ETAG1" ] || fail "the ETag did not change"
equal "$(sqlite3 var/sv.db "SELECT group_concat(key || state) FROM delivery")" \
    "1skipped,2sent" "the ledger"
kill $SERVE_PID 2>/dev/null
wait $SERVE_PID 2>/dev/null
end

begin "cohort create --skip: the cohort's members skip its dates too, others do not"
conf co
"$R" -c co.json init -q >/dev/null
run "$R" -c co.json cohort create feb --webinar "2027-02-26 12:00 UTC" \
    --skip 2027-03-03..2027-03-04 --skip "2027-03-08, 2027-03-10"
status_is 0
out_has "^created cohort 'feb': .*; plan starts Monday, March 1, 2027; skips 2027-03-03\.\.2027-03-04,2027-03-08,2027-03-10$"
"$R" -c co.json --now 2027-02-27T00:00:00Z enroll --no-welcome m@example.org --name M \
    --tz UTC --pacing weekdays --cohort feb >/dev/null
"$R" -c co.json --now 2027-02-27T00:00:00Z enroll --no-welcome o@example.org --name O \
    --tz UTC --pacing weekdays --start 2027-03-01 >/dev/null
for who in m o; do
	"$R" -c co.json --now 2027-02-27T00:00:00Z status $who@example.org \
	    --json > $who.json
done
$PY - m.json o.json <<'PY' 2>py.err || fail "$(tail -1 py.err)"
import json, sys
m = [x["date"] for x in json.load(open(sys.argv[1]))["days"]]
o = [x["date"] for x in json.load(open(sys.argv[2]))["days"]]
assert m[:6] == ["2027-03-01", "2027-03-02", "2027-03-05", "2027-03-09",
    "2027-03-11", "2027-03-12"], m[:6]
assert o[:4] == ["2027-03-01", "2027-03-02", "2027-03-03", "2027-03-04"], o[:4]
PY
run "$R" -c co.json cohort create bad --webinar "2027-02-26 12:00 UTC" \
    --skip 2027-03-03..2027-02-01
status_is 2
err_has "^refready: cohort create: bad --skip '2027-03-03\.\.2027-02-01'"
end

finish
