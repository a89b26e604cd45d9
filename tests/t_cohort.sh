# t_cohort.sh - webinar cohorts through the real binary: create, import
# Zoom-shaped registration and attendee exports (BOM, CRLF, quoted commas
# and line breaks, rejoins, a host section, a late registrant, bad rows,
# registrants whose cells look like column names),
# re-import, dry runs, refusals, enroll, the late-join policy, the feed
# (parsed by Python's icalendar) and the report in all four formats, with
# numbers counted by hand from tests/data/cohort/.
. "$TOP/tests/lib.sh"

D=$TOP/tests/data/cohort
# the report's numbers were counted by hand on plans with every date in
# them: Thanksgiving stays a plan day here (t_holidays.sh skips it)
cat > c.json <<JSON
{"curriculum": "$TOP/tests/data/curriculum",
 "base_url": "https://plan.example.org",
 "schedule": {"holidays": "none"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
db() { sqlite3 var/refready.db "$1"; }
# eid EMAIL: the person's latest enrollment
eid() {
	db "SELECT max(e.id) FROM enrollment e JOIN person p ON p.id =
	    e.person_id WHERE p.email = '$1' COLLATE NOCASE"
}
AS_OF=2026-11-30T20:00:00Z	# Monday of week 2: day 8 for the cohort

begin "cohort create: the plan starts the Monday after the webinar"
run "$R" --now 2026-11-01T00:00:00Z cohort create nov-20 \
    --webinar "2026-11-20 12:00 America/New_York"
status_is 0
out_has "^created cohort 'nov-20': webinar Friday, November 20, 2026, 12:00 America/New_York; plan starts Monday, November 23, 2026$"
equal "$(db "SELECT webinar_at, webinar_tz, start_date FROM cohort")" \
    "1795194000|America/New_York|2026-11-23" "stored cohort"
end

begin "cohort create: --start, and bad input refused"
run "$R" cohort create dec-04 --webinar "2026-12-04 12:00 America/New_York" \
    --start 2026-12-09
status_is 0
out_has 'plan starts Wednesday, December 9, 2026'
run "$R" cohort create nov-20 --webinar "2026-11-20 12:00 UTC"
status_is 2
err_has "^refready: cohort create: cohort 'nov-20' already exists$"
run "$R" cohort create x --webinar "2026-11-20 12:00 America/New_Yrok"
status_is 2
err_has "^refready: cohort create: --webinar: unknown time zone 'America/New_Yrok'; did you mean 'America/New_York'\?$"
run "$R" cohort create x --webinar "2026-11-20 12:00 UTC" --start 2026-11-19
status_is 2
err_has "is before the webinar"
run "$R" cohort create x
status_is 2
err_has 'is required$'
run "$R" cohort create "$(printf 'a\nb')" --webinar "2026-11-20 12:00 UTC"
status_is 2
equal "$(db "SELECT count(*) FROM cohort")" 2 "cohorts"
end

begin "cohort list and show, with the feed URL from a cohort token"
run "$R" cohort list
status_is 0
out_has '^nov-20 +2026-11-20 12:00 America/New_York +2026-11-23 +0 +0 +0$'
out_has '^2 cohorts$'
run "$R" cohort show nov-20
status_is 0
out_has '^feed: +https://plan\.example\.org/cohort/[A-Za-z0-9_-]{22}\.ics$'
out_has '^webcal: +webcal://plan\.example\.org/cohort/[A-Za-z0-9_-]{22}\.ics$'
FEED_TOKEN=$(sed -n 's|^feed: *.*/cohort/\(.*\)\.ics$|\1|p' "$T/.out")
equal "$(db "SELECT count(*) FROM token WHERE kind = 'cohort'")" 2 "tokens"
# only the hash is stored
equal "$(db "SELECT count(*) FROM token WHERE hash = '$FEED_TOKEN'")" 0 \
    "plain tokens stored"
run "$R" cohort show nov-21
status_is 2
err_has "^refready: cohort show: no cohort called 'nov-21'"
end

begin "a dry run reports and writes nothing"
before=$(cat var/refready.db* | sha256sum)
run "$R" cohort import nov-20 "$D/registrants.csv" --dry-run
status_is 0
out_has '^dry run, nothing written: nov-20: 11 rows for 8 people; 8 added, 0 updated, 0 unchanged, 3 rejected$'
equal "$(cat var/refready.db* | sha256sum)" "$before" "database after a dry run"
equal "$(db "SELECT count(*) FROM person")" 0 "people"
end

begin "import registrants: bad rows named by their physical line"
run "$R" --now 2026-11-21T10:00:00Z cohort import nov-20 "$D/registrants.csv"
status_is 0
out_has '^nov-20: 11 rows for 8 people; 8 added, 0 updated, 0 unchanged, 3 rejected$'
# line 13, not 12: a quoted last name spans lines 9 and 10
err_has "registrants\.csv:13: bad email address 'not-an-email'$"
err_has "registrants\.csv:14: bad Registration Time '13/45/2026 10:00 AM'$"
err_has 'registrants\.csv:15: no email address$'
err_lines 3
equal "$(db "SELECT name FROM person WHERE email = 'carl@example.org'")" \
    "Carl, Jr. Diaz" "a quoted comma"
equal "$(db "SELECT name FROM person WHERE email = 'dana@example.org'")" \
    "Dana O'Neil Smith" "a quoted line break"
equal "$(db "SELECT name FROM person WHERE email = 'jo@example.org'")" \
    'Jo "JJ" Kim' "quoted quotes"
# 11/02/2026 09:15:44 AM in New York
equal "$(db "SELECT r.registered_at FROM registration r JOIN person p ON
    p.id = r.person_id WHERE p.email = 'ann@example.org'")" 1793628944 \
    "Ann's registration time"
end

begin "import attendees: rejoins add up, hosts are skipped, files merge"
run "$R" --now 2026-11-21T10:00:00Z cohort import nov-20 "$D/attendees.csv"
status_is 0
out_has '^nov-20: 9 rows for 5 people \(1 host and panelist row skipped\); 1 added, 4 updated, 0 unchanged, 2 rejected$'
err_has 'attendees\.csv:17: Leave Time before Join Time$'
err_has "attendees\.csv:19: bad Attended 'Maybe' \(expected Yes or No\)$"
err_lines 2
equal "$(db "SELECT sum(minutes), min(join_at), max(leave_at), count(*) FROM
    attendance a JOIN person p ON p.id = a.person_id WHERE
    p.email = 'ann@example.org'")" "57|1795193880|1795197600|2" \
    "Ann's two joins"
equal "$(db "SELECT count(*) FROM person WHERE email = 'host@example.org'")" \
    0 "the host"
end

begin "re-importing either file changes nothing"
before=$(db "SELECT * FROM registration ORDER BY 1, 2; SELECT * FROM
    attendance ORDER BY 1, 2, 3; SELECT * FROM person ORDER BY id")
run "$R" --now 2026-11-22T10:00:00Z cohort import nov-20 "$D/attendees.csv"
status_is 0
out_has '; 0 added, 0 updated, 5 unchanged, 2 rejected$'
run "$R" --now 2026-11-22T10:00:00Z cohort import nov-20 "$D/registrants.csv"
status_is 0
out_has '; 0 added, 0 updated, 8 unchanged, 3 rejected$'
equal "$(db "SELECT * FROM registration ORDER BY 1, 2; SELECT * FROM
    attendance ORDER BY 1, 2, 3; SELECT * FROM person ORDER BY id")" \
    "$before" "the tables"
end

begin "not a CSV export: refused, nothing written"
before=$(sha256sum var/refready.db)
printf '\211PNG\r\n\032\n\000\000\000\rIHDR\000\000\001' > pic.png
run "$R" cohort import nov-20 pic.png
status_is 2
err_has "^refready: cohort import: 'pic\.png': binary data \(a NUL byte\) on line 3: not a CSV file; nothing imported$"
printf 'name,city\nAnn,Boston\n' > names.csv
run "$R" cohort import nov-20 names.csv
status_is 2
err_has "no Email or Email Address column"
printf 'Name;Email\nAnn;ann@example.org\n' > semi.csv
run "$R" cohort import nov-20 semi.csv
status_is 2
err_has "separated by semicolons"
run "$R" cohort import nov-20 missing.csv
status_is 2
err_has "cannot open 'missing\.csv'"
run "$R" cohort import nov-21 "$D/registrants.csv"
status_is 2
equal "$(sha256sum var/refready.db)" "$before" "database"
end

begin "show counts attended, no-shows and late registrants apart"
run "$R" cohort show nov-20
status_is 0
out_has '^people: +9 registered: 4 attended, 4 did not attend, 1 registered late$'
end

begin "cohort enroll --dry-run lists who, on which date, and who is skipped and why; writes nothing"
"$R" --now 2026-11-21T10:00:00Z enroll kai@example.org --name "Kai Zed" \
    >/dev/null
"$R" --now 2026-11-21T11:00:00Z suppress add carl@example.org \
    --reason 'asked by phone' >/dev/null
before=$(sqlite3 var/refready.db .dump | sha256sum)
run "$R" --now 2026-11-21T12:00:00Z cohort enroll nov-20 --dry-run --attended-only
status_is 0
out_has '^  would enroll: ann@example\.org \(Ann Baker\), day 1 on 2026-11-23, America/New_York$'
out_has '^  skip: kai@example\.org \(Kai Zed\): already enrolled$'
out_has '^  skip: CARL@Example\.org \(Carl, Jr\. Diaz\): on the suppression list: .*blocked since 2026-11-21 \(asked by phone\)$'
out_has '^  skip: dana@example\.org .*: did not attend$'
equal "$(grep -c '^  would enroll: ' "$T/.out")" 3 "would enroll"
equal "$(grep -c '^  skip: ' "$T/.out")" 6 "skipped"
out_has '^nov-20: 3 would be enrolled, day 1 on Monday, November 23, 2026; would skip 1 already enrolled, 1 on the suppression list, 4 who did not attend \(dry run: nothing written\)$'
run "$R" --now 2026-11-21T12:00:00Z cohort enroll nov-20 --dry-run
status_is 0
equal "$(grep -c '^  would enroll: ' "$T/.out")" 7 "would enroll, everyone"
out_lacks 'did not attend'
equal "$(sqlite3 var/refready.db .dump | sha256sum)" "$before" "the database"
"$R" suppress remove carl@example.org >/dev/null
end

begin "cohort enroll --attended-only, then everyone else; -v lists who"
run "$R" --now 2026-11-21T12:00:00Z cohort enroll nov-20 --attended-only
status_is 0
out_has '^nov-20: 4 enrolled, day 1 on Monday, November 23, 2026; skipped 1 already enrolled, 0 on the suppression list, 4 who did not attend$'
out_lacks '^  '
run "$R" -v --now 2026-11-21T12:00:00Z cohort enroll nov-20
status_is 0
out_has '^  enrolled: dana@example\.org \(Dana O.Neil Smith\), day 1 on 2026-11-23, America/New_York$'
equal "$(grep -c '^  enrolled: ' "$T/.out")" 4 "people listed"
out_lacks '^  skip'
out_has '^nov-20: 4 enrolled, day 1 on Monday, November 23, 2026; skipped 5 already enrolled, 0 on the suppression list$'
equal "$(db "SELECT count(*) FROM enrollment e JOIN cohort c ON c.id =
    e.cohort_id WHERE c.name = 'nov-20' AND e.start_date = '2026-11-23'")" 8 \
    "enrolled on the start date"
equal "$(db "SELECT count(*) FROM enrollment WHERE cohort_id IS NULL")" 1 \
    "Kai's own enrollment"
# the default zone, 07:00 local on the 23rd
equal "$(db "SELECT DISTINCT tz || ' ' || next_due_at FROM enrollment
    WHERE cohort_id IS NOT NULL")" "America/New_York 1795435200" "day 1"
run "$R" --now 2026-11-21T12:00:00Z cohort enroll nov-20
out_has ': 0 enrolled, .*skipped 9 already enrolled'
end

begin "enroll --cohort after the start: their own day 1, in the cohort"
"$R" --now 2026-11-23T12:00:00Z tick >/dev/null
"$R" --now 2026-11-24T12:00:00Z tick >/dev/null
"$R" --now 2026-11-24T13:00:00Z pause dana@example.org >/dev/null
"$R" --now 2026-11-24T13:00:00Z unenroll jo@example.org >/dev/null
run "$R" --now 2026-11-25T15:00:00Z enroll late@example.org \
    --name "Late Joiner" --cohort nov-20
status_is 0
out_has 'day 1 on Thursday, November 26, 2026 at 07:00 America/New_York, daily, cohort nov-20$'
# before a cohort's start: its start date, in the person's own zone
run "$R" --now 2026-11-25T15:00:00Z enroll early@example.org \
    --name "Early Bird" --cohort dec-04 --tz Europe/Berlin
out_has 'day 1 on Wednesday, December 9, 2026 at 07:00 Europe/Berlin, daily, cohort dec-04$'
run "$R" enroll x@example.org --name X --cohort nov-99
status_is 2
err_has "^refready: enroll: no cohort called 'nov-99'"
# the third tick comes too late for day 3: skipped, not lost
"$R" --now 2026-11-26T06:00:00Z tick >/dev/null
end

# done marks, hand-counted into the report's numbers below
mark() { e=$1; shift; for d; do "$R" --now $AS_OF done "$e" $d >/dev/null; done; }
mark ann@example.org 1 2 3 4 5 6 7
mark carl@example.org 1
mark finn@example.org 5 6 7
mark eve@example.org 2
mark lou@example.org 1 2 3 4 5
mark dana@example.org 1
# scorecard attempts as the scorecard stores them (items 1.1 1.2 2.1 2.2
# of the fixture: categories alpha = 1.x, beta = 2.x; NULL is N/A)
attempt() {
	db "INSERT INTO score_attempt (enrollment_id, taken_at, readiness,
	    band, source) VALUES ($(eid $1), $2, $3, '$4', 'json');
	    INSERT INTO score_answer VALUES (last_insert_rowid(), '1.1', $5),
	    (last_insert_rowid(), '1.2', $6), (last_insert_rowid(), '2.1', $7),
	    (last_insert_rowid(), '2.2', $8)"
}
attempt ann@example.org 1795600000 40 Low 2 1 NULL 2
attempt ann@example.org 1796000000 85 Top 4 3 4 3
attempt carl@example.org 1795600000 25 Low 0 2 2 2
attempt finn@example.org 1795600000 70 Mid 4 4 NULL 4

begin "report --format json: the numbers counted by hand"
run "$R" --now $AS_OF cohort report nov-20 --format json
status_is 0
/usr/bin/python3 - "$T/.out" <<'PY' || fail "JSON values"
import json, sys
r = json.load(open(sys.argv[1]))
def eq(got, want, what):
    if got != want:
        print("#   %s: %r, expected %r" % (what, got, want)); sys.exit(1)
eq(r["cohort"]["name"], "nov-20", "cohort")
eq(r["cohort"]["webinar_at"], "2026-11-20T17:00:00Z", "webinar")
eq(r["funnel"]["registered"], 9, "registered")
eq(r["funnel"]["attended"], 4, "attended")
eq(r["funnel"]["enrolled"], 9, "enrolled")
eq(r["funnel"]["not_attended"], 4, "no-shows")
eq(r["funnel"]["registered_late"], 1, "late")
eq(r["funnel"]["came_unregistered"], 1, "walk-ins")
eq(r["funnel"]["attended_rate"], 44.4, "attended rate")
eq(r["states"], {"active": 7, "paused": 1, "unsubscribed": 0,
    "bounced": 0, "complained": 0,
    "completed": 0, "unenrolled": 1}, "states")
eq(r["emails"], {"sent": 16, "failed": 0, "skipped": 6}, "emails")
eq(len(r["completion_by_day"]), 30, "days")
eq(r["completion_by_day"][:9], [50.0, 37.5, 28.6, 28.6, 42.9, 33.3, 33.3,
    0.0, 0.0], "completion")
eq(r["reached_by_day"][:9], [8, 8, 7, 7, 7, 6, 6, 6, 0], "reached")
eq(r["done_by_day"][:8], [4, 3, 2, 2, 3, 2, 2, 0], "done")
eq(r["scorecard"]["alpha"]["baseline"], 54.2, "alpha baseline")
eq(r["scorecard"]["alpha"]["latest"], 70.8, "alpha latest")
eq(r["scorecard"]["beta"]["baseline"], 66.7, "beta baseline")
eq(r["scorecard"]["beta"]["latest"], 79.2, "beta latest")
eq(r["readiness"], {"baseline": 45.0, "latest": 60.0, "scored": 3,
    "retaken": 1}, "readiness")
eq(r["bands"], {"Low": 1, "Mid": 1, "Top": 1}, "bands")
eq(sorted(b["email"] for b in r["behind"]), ["CARL@Example.org",
    "eve@example.org", "late@example.org", "walt@example.org"], "behind")
PY
end

begin "report text: aligned sections with the same numbers"
run "$R" --now $AS_OF cohort report nov-20
status_is 0
out_has '^  attended +4   44\.4%$'
out_has '^  skipped +6$'
out_has '^  days  1-10 +50 +38 +29 +29 +43 +33 +33 +0 +- +-$'
out_has '^  Alpha +54\.2 +70\.8$'
out_has '^Falling behind .*: 4$'
out_has '^  walt@example\.org +Walt In +8  none$'
end

begin "report csv: one row per person, with webinar minutes"
run "$R" --now $AS_OF cohort report nov-20 --format csv -o report.csv
status_is 0
/usr/bin/python3 - <<'PY' || fail "CSV rows"
import csv, sys
rows = list(csv.DictReader(open("report.csv", newline="")))
by = {r["email"].lower(): r for r in rows}
assert len(rows) == 10, len(rows)
assert by["ann@example.org"]["webinar_minutes"] == "57", by["ann@example.org"]
assert by["carl@example.org"]["name"] == "Carl, Jr. Diaz"
assert by["jo@example.org"]["name"] == 'Jo "JJ" Kim'
assert by["lou@example.org"]["registered_late"] == "yes"
assert by["eve@example.org"]["attended"] == "no"
assert by["kai@example.org"]["state"] == ""
assert by["late@example.org"]["start"] == "2026-11-26"
assert by["walt@example.org"]["behind"] == "yes"
assert by["ann@example.org"]["scorecard_latest"] == "85"
PY
head -c 5 report.csv | grep -q '^email' || fail "header"
end

begin "report html: one file, SVG charts, no script, values escaped"
db "UPDATE person SET name = '<b>Walt</b> & co' WHERE email = 'walt@example.org'"
run "$R" --now $AS_OF cohort report nov-20 --format html -o report.html
status_is 0
grep -q '<svg' report.html || fail "no chart"
[ "$(grep -o '<svg' report.html | wc -l)" -eq 3 ] || fail "not 3 charts"
! grep -qi '<script' report.html || fail "a script"
! grep -Eqi '(src|href)=' report.html || fail "an outside file"
grep -q '&lt;b&gt;Walt&lt;/b&gt; &amp; co' report.html || fail "name unescaped"
! grep -q '<b>Walt' report.html || fail "raw name"
end

begin "report --all compares cohorts side by side, in every format"
run "$R" --now $AS_OF cohort report --all
status_is 0
out_has '^ +nov-20 +dec-04$'
out_has '^registered +9 +0$'
out_has '^enrolled +9 +1$'
run "$R" --now $AS_OF cohort report --all --format json
/usr/bin/python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["cohorts"]; assert [x["cohort"]["name"] for x in c] == ["nov-20", "dec-04"]; assert c[0]["funnel"]["enrolled"] == 9' "$T/.out" ||
    fail "--all JSON"
run "$R" --now $AS_OF cohort report --all --format csv
out_has '^nov-20,2026-11-20T17:00:00Z,America/New_York,2026-11-23,9,4,44\.4,9,100\.0,'
run "$R" --now $AS_OF cohort report --all --format html
out_has '<svg'
run "$R" cohort report
status_is 2
run "$R" cohort report nov-20 --format pdf
status_is 2
err_has "bad --format 'pdf'"
end

begin "import: cells that look like column names mid-file are a person's data"
# a Zoom registration report (preamble, blank line, header) where one
# registrant's first name is "Email" and later rows hold header words: the
# header stays the one at the top of the section, so nobody is dropped
run "$R" --now 2026-11-01T00:00:00Z cohort create hw \
    --webinar "2026-11-20 12:00 America/New_York"
status_is 0
run "$R" --now 2026-11-21T10:00:00Z cohort import hw "$D/header-words.csv"
status_is 0
out_has '^hw: 6 rows for 5 people; 5 added, 0 updated, 0 unchanged, 1 rejected$'
# no address, so not a person, but not a header either
err_has 'header-words\.csv:9: no email address$'
err_lines 1
equal "$(db "SELECT p.email, p.name FROM person p JOIN registration r ON
    r.person_id = p.id JOIN cohort c ON c.id = r.cohort_id WHERE
    c.name = 'hw' ORDER BY r.registered_at")" "ann@example.net|Ann Baker
email.smith@example.net|Email Smith
carl@example.net|Carl Diaz
name@example.net|First Name Name
dana@example.net|Dana Ode" "the cohort's people"
end

begin "cohort feed: the webinar in its zone with its VTIMEZONE, and day 1"
run "$R" cohort feed nov-20
status_is 0
cp "$T/.out" feed.ics
/usr/bin/python3 - <<'PY' || fail "feed"
import icalendar
cal = icalendar.Calendar.from_ical(open("feed.ics", "rb").read())
for c in cal.walk():
    assert not c.errors, (c.name, c.errors)
tz = cal.walk("VTIMEZONE")
assert len(tz) == 1 and str(tz[0]["TZID"]) == "America/New_York", tz
ev = cal.walk("VEVENT")
assert len(ev) == 2, len(ev)
web = [e for e in ev if "webinar" in str(e["UID"])][0]
assert web["DTSTART"].params["TZID"] == "America/New_York"
assert web["DTSTART"].dt.isoformat() == "2026-11-20T12:00:00-05:00", web["DTSTART"].dt
start = [e for e in ev if "start" in str(e["UID"])][0]
assert str(start["DTSTART"].dt) == "2026-11-23", start["DTSTART"].dt
PY
grep -q "DTSTART;TZID=America/New_York:20261120T120000" feed.ics ||
    fail "webinar DTSTART"
grep -q '^DTSTAMP:20261101T000000Z' feed.ics || fail "DTSTAMP not from data"
run "$R" --now 2027-03-01T00:00:00Z cohort feed nov-20
cmp -s "$T/.out" feed.ics || fail "the feed changed with the clock"
end

begin "import: a bad time zone cell keeps the person, on the default zone, with a warning"
"$R" cohort create zones --webinar "2027-01-08 12:00 America/Chicago" >/dev/null
printf 'Email,First Name,Last Name,Time Zone\n' > zones.csv
printf 'tz1@example.org,Tia,One,America/New_Yrok\n' >> zones.csv
printf 'tz2@example.org,Tom,Two,america/chicago\n' >> zones.csv
printf 'tz3@example.org,Ted,Three,EST\n' >> zones.csv
printf 'tz4@example.org,Tess,Four,Asia/Tokyo\n' >> zones.csv
run "$R" --now 2027-01-09T10:00:00Z cohort import zones zones.csv
status_is 0
out_has '^zones: 4 rows for 4 people; 4 added, 0 updated, 0 unchanged, 0 rejected$'
err_has "^refready: cohort import: zones\.csv:2: warning: on the default zone \(schedule\.tz\): unknown time zone 'America/New_Yrok'; did you mean 'America/New_York'\?$"
err_has "^refready: cohort import: zones\.csv:3: warning: on the default zone \(schedule\.tz\): unknown time zone 'america/chicago'; did you mean 'America/Chicago'\?$"
err_has "^refready: cohort import: zones\.csv:4: warning: time zone 'EST' has no daylight-saving rules; use a region zone such as 'America/New_York'$"
err_lines 3
equal "$(db "SELECT group_concat(email || '=' || ifnull(tz, '-'), ' ') FROM
    (SELECT email, tz FROM person WHERE email LIKE 'tz_@example.org' ORDER BY email)")" \
    "tz1@example.org=- tz2@example.org=- tz3@example.org=EST tz4@example.org=Asia/Tokyo" "zones kept"
run "$R" --now 2027-01-09T10:00:00Z cohort enroll zones --dry-run
out_has '^  would enroll: tz2@example\.org \(Tom Two\), day 1 on 2027-01-11, America/New_York$'
end

begin "report html as a person reads it: one main, a 0-100 axis, charts that fit a phone, tables that do not run off"
run "$R" --now $AS_OF cohort report nov-20 --format html -o report.html
status_is 0
/usr/bin/python3 - report.html <<'PY' || fail "report.html"
import re, sys
import xml.etree.ElementTree as ET
h = open(sys.argv[1], encoding="utf-8").read()
assert h.count("<main") == 1 and h.count("</main>") == 1, "main landmarks"
body = h[h.index("<body>"):h.index("</body>")]
assert body.replace("<body>", "").strip().startswith("<main>"), "content outside main"
assert body.strip().endswith("</main>"), "content after main"
svgs = re.findall(r"<svg.*?</svg>", h, re.S)
assert len(svgs) == 3, len(svgs)
NS = "{http://www.w3.org/2000/svg}"
for s in svgs:
    e = ET.fromstring(s)
    w = float(e.get("viewBox").split()[2])
    # never drawn wider than its viewBox (text stays 13 px), and narrow
    # enough for a 375 px phone to show it at 85% or more
    assert e.get("style") == "max-width:%dpx" % w, e.get("style")
    assert w <= 400, ("too wide for a phone", w)
    for t in e.iter(NS + "text"):
        x = float(t.get("x"))
        assert 0 <= x <= w, ("a label outside the chart", x, t.text)
sc = [s for s in svgs if "Scorecard by category" in s][0]
axis = re.search(r'<g class="axis".*?</g>', sc, re.S).group(0)
assert re.findall(r">([0-9]+)</text>", axis) == ["0", "25", "50", "75", "100"], axis
# a table is in a scrolling box; long words break rather than widen it
for m in re.finditer(r"<table", h):
    assert h[max(0, m.start() - 30):m.start()].endswith('<div class="scroll">'), \
        h[m.start() - 30:m.start() + 20]
assert "td{overflow-wrap:anywhere}" in h
PY
# a cohort whose plan has not started: words, not charts of n/a
run "$R" --now 2027-01-09T10:00:00Z cohort report zones --format html -o new.html
status_is 0
grep -q 'No data yet: the plan has not started' new.html || fail "no 'no data yet' for completion"
grep -q 'No data yet: no member has taken the scorecard' new.html || fail "no 'no data yet' for the scorecard"
grep -q 'n/a' new.html && fail "n/a in a report with no data"
equal "$(grep -o '<svg' new.html | wc -l)" 1 "charts (the funnel only)"
run "$R" --now 2027-01-09T10:00:00Z cohort report --all --format html -o all.html
grep -q '<table class="cards">' all.html || fail "the comparison does not fold for a phone"
grep -q '@media (max-width:40rem)' all.html || fail "no phone layout"
grep -q 'data-label="registered"' all.html || fail "cards without labels"
equal "$(grep -o '<main' all.html | wc -l)" 1 "main landmarks in --all"
end

begin "report text: a value too wide for its column ends in an ellipsis, never cut silently"
"$R" cohort create winter-webinar-2027 --webinar "2027-01-15 12:00 UTC" >/dev/null
run "$R" --now 2027-01-20T00:00:00Z cohort report --all
status_is 0
out_has ' winter-webi…( |$)'
out_lacks 'winter-webin[^a…]'
out_has '^ +hw +nov-20 +dec-04 '
end

finish
