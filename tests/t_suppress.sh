# t_suppress.sh - one suppression list on every way in: an address that
# unsubscribed (by one-click POST to the real daemon) is refused by
# `enroll` with one line saying since when, until --resubscribe, which is
# logged; the operator's block stops a plan at once and refuses enrolling;
# a complaint is lifted only with --force; `cohort enroll` counts and lists
# the suppressed instead of failing; and the list is shown as text and
# JSON.
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
ENROLLED=2026-12-01T15:00:00Z
enroll() { "$R" --now $ENROLLED enroll "$@" --tz America/Chicago; }
db() { sqlite3 var/refready.db "$1"; }

begin "one-click unsubscribe, then enroll again: refused, exit 2, one line naming why and since when"
enroll ann@example.org --name Ann >/dev/null
unsub=$("$R" --now $ENROLLED preview 1 --email ann@example.org |
    grep -o "$B/unsubscribe/[A-Za-z0-9_-]*" | head -1)
start_serve --now $ENROLLED
http POST "$unsub" -F 'List-Unsubscribe=One-Click'
code_is 200
kill -TERM $SERVE_PID; wait $SERVE_PID
run "$R" --now 2026-12-03T09:00:00Z enroll ann@example.org --name Ann --tz America/Chicago
status_is 2
err_has '^refready: enroll: ann@example\.org unsubscribed on 2026-12-01; add --resubscribe if they asked to join again$'
err_lines 1
equal "$(db "SELECT count(*) FROM enrollment WHERE state = 'active'")" 0 "open enrollments"
end

begin "--resubscribe lets them in again, and the lift is recorded"
run "$R" --now 2026-12-03T09:00:00Z enroll ann@example.org --name Ann --tz America/Chicago --resubscribe
status_is 0
out_has '^enrolled ann@example\.org'
equal "$(db "SELECT count(*) FROM suppression")" 0 "entries"
equal "$(db "SELECT action, reason, detail FROM suppression_log ORDER BY id")" \
    "add|unsubscribed|
lift|unsubscribed|resubscribed: they asked to join again" "log"
end

begin "the operator's block: the plan stops at once, enroll is refused, tick sends nothing"
enroll bob@example.org --name Bob >/dev/null
run "$R" --now 2026-12-02T10:00:00Z suppress add bob@example.org --reason "asked by phone"
status_is 0
out_has '^bob@example\.org is suppressed \(blocked\); no mail goes to it$'
equal "$(db "SELECT e.state FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email = 'bob@example.org'")" unenrolled "bob's plan"
run "$R" --now 2026-12-03T09:00:00Z enroll bob@example.org --name Bob --tz America/Chicago
status_is 2
err_has '^refready: enroll: bob@example\.org is blocked since 2026-12-02 \(asked by phone\); add --resubscribe to lift the block$'
run "$R" --now 2026-12-07T13:00:30Z tick
out_has '^sent 1, '
ls var/mail/new | xargs -I{} grep -l '^To: .*bob@example.org' var/mail/new/{} | grep -q . &&
    fail "bob was mailed"
end

begin "a complaint is lifted only with --force; a bad address is refused"
db "INSERT INTO suppression VALUES ('cat@example.org', 'complained', 1764600000, 'abuse report')"
run "$R" suppress remove cat@example.org
status_is 2
err_has "^refready: suppress remove: cat@example\\.org marked our mail as spam on 2025-12-01; mailing them again risks the sender's reputation .*; add --force to remove it anyway$"
equal "$(db "SELECT count(*) FROM suppression WHERE email = 'cat@example.org'")" 1 "still listed"
run "$R" suppress remove cat@example.org --force
status_is 0
out_has '^cat@example\.org is off the list \(it was complained\)'
run "$R" suppress remove nobody@example.org
status_is 2
err_has "'nobody@example.org' is not on the list"
run "$R" suppress add 'not an address'
status_is 2
err_has "bad email address 'not an address'"
end

begin "suppress list: text and JSON"
db "INSERT INTO suppression VALUES ('dan@example.org', 'bounced', 1764600000, '550 5.1.1 user unknown')"
run "$R" suppress list
status_is 0
out_has '^dan@example\.org +bounced +2025-12-01  550 5\.1\.1 user unknown$'
out_has '^bob@example\.org +blocked +2026-12-02  asked by phone$'
run "$R" suppress list --json
status_is 0
/usr/bin/python3 -c 'import json, sys
d = {e["email"]: e for e in json.load(sys.stdin)}
assert d["dan@example.org"]["reason"] == "bounced", d
assert d["dan@example.org"]["since"] == "2025-12-01T14:40:00Z", d
assert d["bob@example.org"]["detail"] == "asked by phone", d' < .out ||
    fail "JSON: $(cat .out)"
end

begin "cohort enroll counts and lists the suppressed instead of failing"
"$R" --now 2026-11-01T00:00:00Z cohort create nov-20 \
    --webinar "2026-11-20 12:00 America/New_York" >/dev/null
"$R" --now 2026-11-21T10:00:00Z cohort import nov-20 \
    "$TOP/tests/data/cohort/registrants.csv" >/dev/null
victim=$(db "SELECT p.email FROM registration r JOIN person p ON p.id = r.person_id ORDER BY p.id DESC LIMIT 1")
"$R" --now 2026-11-21T11:00:00Z suppress add "$victim" >/dev/null
run "$R" --now 2026-11-21T12:00:00Z cohort enroll nov-20
status_is 0
out_has ', 1 on the suppression list$'
out_has "^  not enrolled: $victim is blocked since 2026-11-21$"
equal "$(db "SELECT count(*) FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email = '$victim' AND e.cohort_id IS NOT NULL")" 0 "$victim's enrollments"
end

finish
