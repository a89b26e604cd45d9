# t_privacy.sh - a person's data: `export EMAIL` gives everything held
# about one person as JSON (a cohort member with lessons sent, a resend,
# done marks, two scorecard attempts, attendance and a hard bounce);
# `forget EMAIL` refuses to run without --yes off a terminal and asks on
# one, then erases the name, the address, the answers and the links (the
# old page and feed links answer 404 from a running daemon, the old
# unsubscribe link does nothing) while the cohort report stays the same
# to the digit, and leaves only a
# keyed hash on the suppression list, so a re-import and an enroll of the
# address are refused and its export says it was forgotten; a plan still
# sending stops.  (The daemon runs on a clock of its own, --now, so that it
# sends nothing while the test looks.)
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/tests/data/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "maildir:var/mail", "from": "Plan <plan@plan.example.org>",
          "return_path": "bounces@plan.example.org"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
db() { sqlite3 var/refready.db "$1"; }
NOW=2026-11-26T22:00:00Z
CSV=$TOP/tests/data/cohort

# the cohort: Ann registered, came twice; everyone enrolled on Nov 23
"$R" --now 2026-11-01T12:00:00Z cohort create nov-20 \
    --webinar "2026-11-20 12:00 America/New_York" >/dev/null
"$R" --now 2026-11-21T12:00:00Z cohort import nov-20 $CSV/registrants.csv \
    >/dev/null 2>&1
"$R" --now 2026-11-21T12:00:00Z cohort import nov-20 $CSV/attendees.csv \
    >/dev/null 2>&1
"$R" --now 2026-11-21T12:00:00Z cohort enroll nov-20 >/dev/null
for d in 23 24 25; do "$R" --now 2026-11-${d}T20:00:00Z tick >/dev/null; done
"$R" --now 2026-11-25T20:00:00Z done ann@example.org 1 >/dev/null
"$R" --now 2026-11-25T20:00:00Z done ann@example.org 2 >/dev/null
# 1.1=1 1.2=2 2.1 N/A 2.2=0: 25, Low; then 3 4 2 1: 10/16 -> 63, Mid
printf '{"1.1": 1, "1.2": 2, "2.1": "na", "2.2": 0}\n' > a1.json
printf '{"1.1": 3, "1.2": 4, "2.1": 2, "2.2": 1}\n' > a2.json
"$R" --now 2026-11-24T20:00:00Z score ann@example.org --answers a1.json >/dev/null
"$R" --now 2026-11-25T21:00:00Z score ann@example.org --answers a2.json >/dev/null
"$R" --now 2026-11-25T21:00:00Z resend ann@example.org 2 >/dev/null
"$R" links ann@example.org > links.txt
PAGE=$(sed -n 's/^page: *//p' links.txt)
FEED=$(sed -n 's/^feed: *//p' links.txt)
last=$(grep -l '^To: .*<ann@example.org>' var/mail/new/* | tail -1)
UNSUB=$(sed -n 's/^List-Unsubscribe: <\(.*\)>\r*$/\1/p' "$last")
RP=$(sed -n 's/^Return-Path: <\(.*\)>\r*$/\1/p' "$last")

# a hard bounce of Ann's last lesson, found by its tag
mkdir -p in/new in/cur in/tmp
hard_bounce "$RP" ann@example.org > in/new/1.eml
"$R" --now 2026-11-26T12:00:00Z bounces in >/dev/null

begin "export: the person, their plan, emails, scorecard, cohort rows, bounce and suppression as JSON"
run "$R" --now $NOW export ann@example.org
status_is 0
cp .out ann.json
$PY - ann.json <<'PY' 2>py.err || fail "the JSON: $(tail -n 1 py.err)"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["address"] == "ann@example.org" and d["exported_at"] == "2026-11-26T22:00:00Z"
p = d["person"]
assert p["email"] == "ann@example.org" and p["name"] == "Ann Baker", p
[e] = d["enrollments"]
assert e["cohort"] == "nov-20" and e["state"] == "bounced", e
assert e["time_zone"] == "America/New_York" and e["send_at"] == "07:00"
assert e["pacing"] == "daily" and e["start_date"] == "2026-11-23"
assert e["pauses"] == []
days = {x["day"]: x for x in e["days"]}
assert days[1]["done"] == 1 and days[2]["done"] == 1 and days[3]["done"] == 0
assert days[1]["date"] == "2026-11-23" and days[1]["done_at"] == "2026-11-25T20:00:00Z"
m = [(x["kind"], x["key"], x["day"], x["state"]) for x in e["emails"]]
# the welcome was queued at the enroll and stale by the first pass
assert m == [("welcome", 1, 0, "skipped"), ("lesson", 1, 1, "sent"),
             ("lesson", 2, 2, "sent"), ("lesson", 3, 3, "sent"),
             ("resend", 1, 2, "sent")], m
assert len(e["tries"]) == 4 and all(t["result"] == "sent" for t in e["tries"]), e["tries"]
r = e["emails"][4]
assert r["sent_at"] == "2026-11-25T21:00:00Z" and r["message_id"].startswith("rr.1.2r1."), r
assert all(x["message_id"] and x["sent_at"] for x in e["emails"] if x["state"] == "sent")
s = e["scorecard"]
assert [(a["readiness"], a["band"], a["source"]) for a in s] == [(25, "Low", "json"), (63, "Mid", "json")], s
assert s[0]["taken_at"] == "2026-11-24T20:00:00Z"
assert {a["item"]: a["value"] for a in s[0]["answers"]} == {"1.1": 1, "1.2": 2, "2.1": None, "2.2": 0}
assert {a["item"]: a["value"] for a in s[1]["answers"]} == {"1.1": 3, "1.2": 4, "2.1": 2, "2.2": 1}
assert sorted(x["kind"] for x in e["links"]) == ["feed", "page", "unsubscribe"]
[g] = d["registrations"]
assert g["cohort"] == "nov-20" and g["registered_at"] == "2026-11-02T14:15:44Z", g
assert sorted(x["minutes"] for x in d["attendance"]) == [22, 35], d["attendance"]
[b] = d["bounces"]
assert b["kind"] == "hard" and b["status"] == "5.1.1" and "user unknown" in b["reason"], b
[q] = d["suppression"]
assert q["email"] == "ann@example.org" and q["reason"] == "bounced", q
assert [(x["action"], x["reason"]) for x in d["suppression_log"]] == [("add", "bounced")]
PY
end

begin "export: an address nothing is held about, exit 2"
run "$R" export nobody@example.org
status_is 2
err_has "^refready: export: no one with the address 'nobody@example\.org'$"
out_lacks .
end

begin "the links work before forget"
start_serve --now $NOW || fail "serve"
http GET "$PAGE"; code_is 200
http GET "$FEED"; code_is 200
http GET "$UNSUB"; code_is 200
end

begin "forget without --yes off a terminal: exit 2, one line, nothing changed"
db .dump > before.sql
run "$R" --now $NOW forget ann@example.org
status_is 2
err_has "^refready: forget: no terminal to ask on; add --yes to forget 'ann@example\.org' for good$"
err_lines 1
db .dump > after.sql
cmp -s before.sql after.sql || fail "the database changed"
end

# term INPUT ARGS...: refready with a pseudo-terminal as standard input,
# typing INPUT and a newline
term() {
	last_cmd="(terminal) $*"
	$PY - "$@" >"$T/.out" 2>"$T/.err" <<'PY'
import os, subprocess, sys
m, s = os.openpty()
p = subprocess.Popen(sys.argv[2:], stdin=s)
os.close(s)
os.write(m, (sys.argv[1] + "\n").encode())
sys.exit(p.wait(timeout=60))
PY
	rc=$?
}

begin "forget on a terminal says what goes and asks; 'n' changes nothing"
term n "$R" --now $NOW forget ann@example.org
status_is 1
err_has "^forget ann@example\.org \(Ann Baker\): 1 enrollment, 5 emails, 2 scorecard attempts, 1 cohort$"
err_has "Forget them\? \[y/N\]"
err_has "nothing was changed"
db .dump > after.sql
cmp -s before.sql after.sql || fail "the database changed"
end

"$R" --now $NOW cohort report nov-20 --format json > report.before.json
"$R" --now $NOW cohort report nov-20 --format csv > report.before.csv
"$R" --now $NOW cohort report nov-20 --format text > report.before.txt

begin "forget --yes: name, address, answers and replies gone, the hash kept on the list"
run "$R" --now $NOW forget ann@example.org --yes
status_is 0
out_has "^forgot ann@example\.org: person 1 is now forgotten-1@forgotten\.invalid$"
out_has "^on the suppression list as forgotten:[0-9a-f]{32} \(bounced\): the address is refused if it comes again$"
dump=$(db .dump)
echo "$dump" | grep -qi 'ann@example' && fail "the address is still in the database"
echo "$dump" | grep -q 'Ann Baker' && fail "the name is still in the database"
echo "$dump" | grep -q 'user unknown' && fail "a server's reply is still in the database"
equal "$(db "SELECT email || '|' || name || '|' || coalesce(tz, '-') || '|' || (forgotten_at IS NOT NULL) FROM person WHERE id = 1")" \
    "forgotten-1@forgotten.invalid||-|1" "the person's row"
equal "$(db "SELECT count(*) FROM score_answer a JOIN score_attempt s ON s.id = a.attempt_id WHERE s.enrollment_id = 1")" 0 "answers"
equal "$(db "SELECT group_concat(attempt_id || ':' || category || '=' || sum || '/' || n, ' ') FROM (SELECT * FROM score_summary ORDER BY 1, 2)")" \
    "1:alpha=3/2 1:beta=0/1 2:alpha=7/2 2:beta=3/2" "the sums kept"
equal "$(db "SELECT count(*) FROM token WHERE owner_id = 1 AND kind <> 'cohort'")" 0 "tokens"
equal "$(db "SELECT count(*) FROM delivery WHERE enrollment_id = 1 AND last_reply IS NOT NULL")" 0 "replies"
equal "$(db "SELECT count(*) FROM delivery WHERE enrollment_id = 1 AND state = 'sent'")" 4 "the ledger's rows"
equal "$(db "SELECT reason || ' ' || (email LIKE 'forgotten:%') FROM suppression WHERE detail = 'forgotten at their request'")" \
    "bounced 1" "the suppression entry"
equal "$(db "SELECT count(*) FROM suppression_log WHERE email LIKE 'forgotten:%'")" 1 "its log line"
equal "$(db "PRAGMA foreign_key_check")" "" "foreign keys"
end

begin "the cohort report is the same before and after"
"$R" --now $NOW cohort report nov-20 --format json > report.after.json
cmp -s report.before.json report.after.json ||
    fail "JSON report changed: $(diff report.before.json report.after.json | head -10)"
"$R" --now $NOW cohort report nov-20 --format text > report.after.txt
cmp -s report.before.txt report.after.txt ||
    fail "text report changed: $(diff report.before.txt report.after.txt | head -10)"
# one row per person: Ann's is the same but for her address and name
"$R" --now $NOW cohort report nov-20 --format csv > report.after.csv
$PY - report.before.csv report.after.csv <<'PY' || fail "CSV rows"
import csv, sys
b = {r["email"]: r for r in csv.DictReader(open(sys.argv[1]))}
a = {r["email"]: r for r in csv.DictReader(open(sys.argv[2]))}
old, new = b.pop("ann@example.org"), a.pop("forgotten-1@forgotten.invalid")
assert a == b
assert new["name"] == "" and old["name"] == "Ann Baker"
for k in old:
    if k not in ("email", "name"):
        assert old[k] == new[k], (k, old[k], new[k])
PY
end

begin "the old page and feed links answer 404 from the running daemon; the unsubscribe link is a stranger's"
http GET "$PAGE"; code_is 404
http GET "$FEED"; code_is 404
# unsubscribe answers every token alike (it reveals nothing): Ann's old
# one now does what a made-up one does, which is nothing
db .dump > before.sql
http POST "$UNSUB"; code_is 200
cp .body ann.body
http POST "$B/unsubscribe/AAAAAAAAAAAAAAAAAAAAAA"; code_is 200
cmp -s ann.body .body || fail "Ann's old link answers unlike a made-up one"
db .dump > after.sql
cmp -s before.sql after.sql || fail "the database changed"
end

begin "a re-import of the address is refused as forgotten; cohort enroll passes over the placeholder"
run "$R" --now $NOW cohort import nov-20 $CSV/registrants.csv
status_is 0
err_has "^refready: cohort import: .*/registrants\.csv:7: 'ann@example\.org' skipped: forgotten at their request on 2026-11-26$"
out_has ", 1 forgotten \(not imported\)$"
equal "$(db "SELECT count(*) FROM person WHERE email LIKE 'ann@%'")" 0 "Ann's rows"
run "$R" --now $NOW cohort enroll nov-20 --dry-run
status_is 0
out_lacks forgotten
end

begin "an enroll of the address is refused as suppressed, naming the reason"
run "$R" --now $NOW enroll ANN@example.org --name Ann
status_is 2
err_has "^refready: enroll: ANN@example\.org was forgotten at their request on 2026-11-26, after it bounced; check the address, then 'refready suppress remove ANN@example\.org'$"
equal "$(db "SELECT count(*) FROM person WHERE email LIKE 'ann@%'")" 0 "Ann's rows"
end

begin "export of a forgotten address says not found, and when it was forgotten"
run "$R" --now $NOW export ann@example.org
status_is 2
err_has "^refready: export: no one with the address 'ann@example\.org': it was forgotten on 2026-11-26 \(only a keyed hash of it is kept, on the suppression list\)$"
run "$R" export forgotten-1@forgotten.invalid
status_is 2
run "$R" status forgotten-1@forgotten.invalid
status_is 2
run "$R" --now $NOW forget ann@example.org --yes
status_is 2
end

begin "the hash is keyed: under another secret the address is not found"
cat > other.json <<JSON
{"curriculum": "$TOP/tests/data/curriculum", "secret_file": "other.secret"}
JSON
"$R" -c other.json init >/dev/null
run "$R" -c other.json --now $NOW export ann@example.org
status_is 2
err_has "^refready: export: no one with the address 'ann@example\.org'$"
end

begin "forget stops a plan that is still sending: unenrolled, nothing more goes out"
id=$(db "SELECT id FROM person WHERE email = 'dana@example.org'")
before=$(ls var/mail/new | wc -l)
run "$R" --now $NOW forget dana@example.org --yes
status_is 0
equal "$(db "SELECT state FROM enrollment WHERE person_id = $id")" \
    unenrolled "Dana's plan"
run "$R" --now 2026-11-28T20:00:00Z tick
status_is 0
out_has '^sent 7, '
equal "$(grep -l 'dana@example\.org\|forgotten\.invalid' var/mail/new/* | wc -l)" 3 \
    "mail to Dana or a placeholder"
end

begin "suppress remove with the address lifts the hashed entry"
run "$R" --now $NOW suppress remove ann@example.org
status_is 0
out_has "^ann@example\.org is off the list \(it was bounced\); it can be enrolled again$"
run "$R" --now $NOW enroll ann@example.org --name Ann
status_is 0
end

finish
