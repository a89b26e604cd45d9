# t_dayhistory.sh - "I never got Day N": `refready status EMAIL --day N`
# through the real binary and a real SMTP server (tests/smtp_sink.py)
# whose answers change as it runs: a day the relay first refused (421,
# the relay's fault, not counted), then deferred (451), then took; a day
# sent and resent; a day that bounced (an RFC 3464 report to the VERP
# return path the sink saw); a day not yet due; each in text and --json,
# with due times in the person's zone and UTC and the Message-IDs that
# went out.  Bad day numbers are one line and exit 2.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3

start_sink "$T/sink"
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "schedule": {"holidays": "none"},
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "from": "Plan <plan@plan.example.org>",
          "return_path": "bounces@plan.example.org",
          "postal_address": "1 Main St, Springfield", "timeout": 10}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
"$R" --now 2026-12-04T15:00:00Z enroll ann@example.org --name "Ann Lee" \
    --tz America/Chicago --pacing daily --start 2026-12-07 >/dev/null
mode() { echo "$1" > "$T/sink/mode"; }
# msg SUBJECT: the sink's file of the last message with that subject
msg() { grep -l "^Subject: $1" "$T"/sink/msg-*.eml | tail -1; }
msgid() { sed -n 's/^Message-ID: <\(.*\)>\r*$/\1/p' "$1" | head -1; }
# day N as JSON: a Python expression over it (d)
day() {
	"$R" --now "$2" status ann@example.org --day "$1" --json |
	    $PY -c 'import json, sys
d = json.load(sys.stdin)
print(eval(sys.argv[1]))' "$3"
}

# Day 1 (07:00 in Chicago is 13:00Z): the relay refuses the session,
# then defers the message, then takes it
mode 421
"$R" --now 2026-12-07T13:00:30Z tick >/dev/null 2>&1
mode 451
"$R" --now 2026-12-07T13:00:40Z tick >/dev/null 2>&1
mode ok
"$R" --now 2026-12-07T13:02:00Z tick >/dev/null 2>&1
# Day 2: sent, then resent the next morning (resend sends at once)
"$R" --now 2026-12-08T13:00:30Z tick >/dev/null 2>&1
"$R" --now 2026-12-09T10:00:00Z resend ann@example.org 2 >/dev/null
# Day 3: sent, then bounced
"$R" --now 2026-12-09T13:00:30Z tick >/dev/null 2>&1
AS_OF=2026-12-09T20:00:00Z

begin "a day refused, deferred, then sent: each try with the relay's reply and why"
D1=$(msg 'Day 1 of 30')
[ -n "$D1" ] || fail "day 1 never reached the sink"
run "$R" --now $AS_OF status ann@example.org --day 1
status_is 0
out_has '^Day 1 for Ann Lee <ann@example\.org>, America/Chicago, as of 2026-12-09T20:00:00Z$'
out_has '^plan date +2026-12-07$'
out_has '^due +2026-12-07T07:00:00-06:00 \(2026-12-07T13:00:00Z\)$'
out_has '^lesson +sent 2026-12-07T07:02:00-06:00 \(2026-12-07T13:02:00Z\), on attempt 2$'
out_has "^message-id +<$(msgid "$D1")>$"
out_has '^  try 1  2026-12-07T07:00:30-06:00 \(2026-12-07T13:00:30Z\)  fault \(the relay refused the sender; not counted against the email\): 421 4\.7\.0 closing the connection$'
out_has '^         next try at the next pass$'
out_has '^  try 2  .*\(2026-12-07T13:00:40Z\)  retry \(the server said to try later\): 451 4\.3\.0 try again later$'
out_has '^         next try 2026-12-07T07:01:40-06:00 \(2026-12-07T13:01:40Z\)$'
out_has '^  try 3  .*\(2026-12-07T13:02:00Z\)  sent: 250 2\.0\.0 Ok: queued as 1$'
equal "$(day 1 $AS_OF '[(t["result"], t["cause"], t["attempt"], t["at"]["utc"]) for t in d["lesson"]["tries"]]')" \
    "[('fault', 'sender', 0, '2026-12-07T13:00:30Z'), ('retry', '4xx', 1, '2026-12-07T13:00:40Z'), ('sent', None, 2, '2026-12-07T13:02:00Z')]" \
    "tries"
equal "$(day 1 $AS_OF 'd["due"], d["lesson"]["message_id"], d["lesson"]["state"], d["resends"], d["bounces"]')" \
    "({'utc': '2026-12-07T13:00:00Z', 'local': '2026-12-07T07:00:00-06:00'}, '$(msgid "$D1")', 'sent', [], [])" \
    "due, Message-ID, state"
end

begin "a resent day: the lesson and its resend, each with its own Message-ID and tries"
run "$R" --now $AS_OF status ann@example.org --day 2
status_is 0
out_has '^lesson +sent 2026-12-08T07:00:30-06:00 \(2026-12-08T13:00:30Z\), on attempt 1$'
out_has '^resend 1 +sent 2026-12-09T04:00:00-06:00 \(2026-12-09T10:00:00Z\), on attempt 1$'
[ "$(grep -c '^message-id' "$T/.out")" -eq 2 ] || fail "two Message-IDs"
R2=$(msg 'Day 2 of 30')
equal "$(day 2 $AS_OF '[r["message_id"] for r in d["resends"]], d["resends"][0]["resend"], len(d["resends"][0]["tries"])')" \
    "(['$(msgid "$R2")'], 1, 1)" "the resend"
[ "$(day 2 $AS_OF 'd["lesson"]["message_id"] != d["resends"][0]["message_id"]')" = True ] ||
    fail "the resend has the lesson's Message-ID"
end

begin "a bounced day: the report tied to the day by the return path, and the stop"
D3=$(msg 'Day 3 of 30')
RP=$(head -1 "${D3%.eml}.env")
case $RP in bounces+*@plan.example.org) ;; *) fail "return path '$RP'";; esac
mkdir -p in/new in/cur in/tmp
hard_bounce "$RP" ann@example.org > in/new/1.eml
run "$R" --now 2026-12-09T14:00:00Z bounces in
status_is 0
out_has 'hard for ann@example\.org \(by tag, a lesson\)'
run "$R" --now $AS_OF status ann@example.org --day 3
status_is 0
out_has '^lesson +sent 2026-12-09T07:00:30-06:00'
out_has '^bounce +hard, 2026-12-09T08:00:00-06:00 \(2026-12-09T14:00:00Z\): 5\.1\.1 550 5\.1\.1 <ann@example\.org>: user unknown$'
equal "$(day 3 $AS_OF '[(b["kind"], b["status"], b["at"]["utc"]) for b in d["bounces"]], d["state"]')" \
    "([('hard', '5.1.1', '2026-12-09T14:00:00Z')], 'bounced')" "bounces"
equal "$(day 1 $AS_OF 'd["bounces"]')" "[]" "no bounce on day 1"
end

begin "a day not yet due says when it will be"
run "$R" --now $AS_OF status ann@example.org --day 30
status_is 0
out_has '^due +2027-01-05T07:00:00-06:00 \(2027-01-05T13:00:00Z\)$'
out_has '^lesson +not queued yet'
equal "$(day 30 $AS_OF 'd["lesson"], d["date"]')" "(None, '2027-01-05')" "day 30"
end

begin "a bad day number or no person: one line, exit 2"
for n in 0 31 -1 x 3x ''; do
	run "$R" status ann@example.org --day "$n"
	status_is 2
	err_has "^refready: status: bad --day '$n' \(expected 1 to 30\)$"
	err_lines 1
done
run "$R" status --day 3
status_is 2
err_has "^refready: status: --day needs the person's EMAIL$"
run "$R" status nobody@example.org --day 3
status_is 2
err_has "no one enrolled as 'nobody@example\.org'"
end

finish
