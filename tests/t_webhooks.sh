# t_webhooks.sh - signed webhooks through the real binary: events written
# to the outbox in the transaction of their change (and nothing written
# without a webhook), delivered by the daemon over real HTTP to
# tests/webhook_sink.py, which checks every signature with the shared
# secret; a receiver answering 500 twice gets the event three times and
# records it once; a person's events arrive in order; a SIGKILL during a
# delivery loses nothing; a day of refusals ends in "failed", listed by
# `refready webhooks`; a receiver that hangs holds up neither the lessons
# nor another endpoint; the configuration's checks; no secret in any log.
#
# The retry waits (10 s, 30 s...) run on the daemon's clock: a test
# restarts the daemon with --now past the next try instead of waiting.
. "$TOP/tests/lib.sh"

PORT=$(free_port)
B=http://127.0.0.1:$PORT
SECRET=correct-horse-battery-staple-42
printf '%s\n' "$SECRET" > hook.secret
chmod 600 hook.secret

# start_hook_sink DIR: the receiver; sets HOOK_PORT and HOOK_PID
start_hook_sink() {
	mkdir -p "$1"
	/usr/bin/python3 "$TOP/tests/webhook_sink.py" "$1" hook.secret \
	    >"$1/sink.log" 2>&1 &
	HOOK_PID=$!
	cleanup_hooks="$cleanup_hooks kill $HOOK_PID 2>/dev/null;"
	i=0
	while [ ! -s "$1/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	HOOK_PORT=$(cat "$1/port")
}
start_hook_sink sink
ALL='"enrolled", "lesson.sent", "task.done", "scorecard.taken", "completed",
     "unsubscribed", "bounced", "complained"'
# config FILE [WEBHOOKS]: the configuration, with that webhooks list
config() {
	cat > "$1" <<JSON
{"curriculum": "$TOP/tests/data/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "maildir:var/mail", "from": "Plan <plan@plan.example.org>",
          "return_path": "bounces@plan.example.org"},
 "schedule": {"holidays": "none"}${2:+,
 \"webhooks\": $2}}
JSON
}
config c.json "[{\"url\": \"http://127.0.0.1:$HOOK_PORT/hook\",
  \"secret_file\": \"hook.secret\", \"events\": [$ALL]}]"
config plain.json
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null

db() { sqlite3 var/refready.db "$1"; }
# serve_at TIME: the daemon with its clock starting at TIME
serve_at() {
	start_serve --now "$1"
}
stop_serve() {
	kill "$SERVE_PID" 2>/dev/null
	wait "$SERVE_PID" 2>/dev/null
}
# until_true CMD...: polls CMD for up to 30 s (a sanitized build on a busy
# machine is slow to start); its status (a test of command output goes
# through eval, to be run again each time)
until_true() {
	i=0
	until "$@"; do
		[ $i -ge 300 ] && return 1
		sleep 0.1
		i=$((i + 1))
	done
}
open_deliveries() {
	db "SELECT count(*) FROM hook_delivery WHERE state IN ('pending',
	    'sending', 'retry')"
}
none_open() { [ "$(open_deliveries)" = 0 ]; }
# lines LIST-FILE PATTERN: how many lines match
lines() { grep -c -- "$2" "$1" 2>/dev/null || true; }
# types EMAIL: the event types the sink recorded for a person, in order
types() {
	/usr/bin/python3 - "$1" <<'PY'
import json, sys
for line in open("sink/events"):
    e = json.loads(line)
    if e["data"]["email"] == sys.argv[1]:
        print(e["type"] + ("/%d" % e["data"]["day"] if "day" in e["data"]
                           and e["data"]["day"] else ""))
PY
}
# state_of UID: the state of an event's delivery (one endpoint)
state_of() {
	db "SELECT d.state FROM hook_delivery d JOIN outbox o ON
	    o.id = d.event_id WHERE o.uid = '$1'"
}
# uid EMAIL TYPE: the id of a person's event in the outbox
uid() {
	db "SELECT o.uid FROM outbox o JOIN person p ON p.id = o.person_id
	    WHERE p.email = '$1' AND o.type = '$2'"
}

begin "config check: each problem of a webhook at its file:line:column, with a did-you-mean"
printf 'x\n' > open.secret
chmod 644 open.secret
cat > bad.json <<'JSON'
{"webhooks": [
  {"url": "ftp://hooks.example.org/x", "secret_file": "hook.secret",
   "events": ["enrolled", "lesson.send"]},
  {"url": "https://hooks.example.org/y", "secret_file": "open.secret",
   "evnts": ["completed"]},
  {"url": "https://hooks.example.org/z", "secret_file": "nowhere.secret",
   "events": ["nonsense"]}],
 "webhook": []}
JSON
run "$R" -c bad.json config check
status_is 2
err_has "^bad\.json:2:11: webhooks\[0\]\.url: bad URL 'ftp://hooks\.example\.org/x': must start with http:// or https://$"
err_has "^bad\.json:3:27: webhooks\[0\]\.events\[1\]: unknown event 'lesson\.send'; did you mean 'lesson\.sent'\?$"
err_has "^bad\.json:4:57: webhooks\[1\]\.secret_file: 'open\.secret' must be a regular file only its owner can read \(chmod 600 it\)$"
err_has "^bad\.json:5:4: unknown key 'webhooks\[1\]\.evnts' \(did you mean 'webhooks\[1\]\.events'\?\)$"
err_has "^bad\.json:4:3: webhooks\[1\]: missing \"events\"$"
err_has "^bad\.json:6:57: webhooks\[2\]\.secret_file: cannot read 'nowhere\.secret': No such file or directory$"
err_has "^bad\.json:7:15: webhooks\[2\]\.events\[0\]: unknown event 'nonsense' \(enrolled, lesson\.sent, task\.done, scorecard\.taken, completed, unsubscribed, bounced, complained\)$"
err_has "^bad\.json:8:2: unknown key 'webhook' \(did you mean 'webhooks'\?\)$"
err_has "config check: 8 problems in 'bad\.json'$"
run "$R" -c bad.json status
status_is 2
end

begin "config check: a URL listed twice is refused; plain http to another host is a warning"
cat > twice.json <<'JSON'
{"webhooks": [
  {"url": "http://hooks.example.org/x", "secret_file": "hook.secret",
   "events": ["enrolled"]},
  {"url": "http://hooks.example.org/x", "secret_file": "hook.secret",
   "events": ["completed"]}]}
JSON
run "$R" -c twice.json config check
status_is 2
err_has "^twice\.json:2:11: warning: webhooks\[0\]\.url: 'http://hooks\.example\.org/x' is plain http to a host that is not loopback"
err_has "^twice\.json:4:11: webhooks\[1\]\.url: 'http://hooks\.example\.org/x' is listed twice; put every event it wants in one item$"
run "$R" config check
status_is 0
out_has '^configuration OK$'
end

begin "without a webhook no event is written: the outbox stays empty"
run "$R" -c plain.json --now 2026-12-04T14:00:00Z enroll zed@example.org \
    --name Zed --tz America/Chicago --start 2026-12-07
status_is 0
equal "$(db 'SELECT count(*) FROM outbox')" 0 "events"
equal "$(db 'SELECT count(*) FROM hook_delivery')" 0 "deliveries"
end

begin "an enrollment writes its event with it; the daemon delivers it once, signed; nothing pending after"
run "$R" --now 2026-12-04T15:00:00Z enroll ann@example.org --name 'Ann Lee' \
    --tz America/Chicago --start 2026-12-07
status_is 0
equal "$(db "SELECT type || ' ' || d.state || ' ' || d.endpoint FROM outbox o
    JOIN hook_delivery d ON d.event_id = o.id")" \
    "enrolled pending http://127.0.0.1:$HOOK_PORT/hook" "the outbox"
run "$R" webhooks
status_is 0
out_has "^evt_[0-9a-f]{32}  enrolled +0 127\.0\.0\.1 +pending +0  2026-12-04T15:00:00Z"
out_has '^1 pending, 0 failed$'
serve_at 2026-12-04T15:00:00Z
until_true none_open || fail "still open: $(open_deliveries)"
stop_serve
[ ! -s sink/bad ] || fail "the sink refused: $(cat sink/bad)"
equal "$(types ann@example.org)" "enrolled" "ann's events"
/usr/bin/python3 - "$(uid ann@example.org enrolled)" <<'PY' || fail "body: $(cat sink/events)"
import json, sys
e = json.loads(open("sink/events").readline())
assert list(e) == ["id", "type", "time", "data"], e
assert e["id"] == sys.argv[1] and e["type"] == "enrolled", e
assert e["time"] == "2026-12-04T15:00:00Z", e
d = e["data"]
assert d["email"] == "ann@example.org" and d["name"] == "Ann Lee", d
assert d["enrollment_id"] == 2 and d["cohort"] is None, d
assert d["tz"] == "America/Chicago" and d["start_date"] == "2026-12-07", d
assert d["send_at"] == "07:00" and d["pacing"] == "daily", d
PY
run "$R" webhooks
out_has '^0 pending, 0 failed$'
end

begin "a receiver answering 500 twice then 200 gets the event three times and records it once"
echo 2 > sink/fail
"$R" --now 2026-12-04T16:00:00Z enroll bob@example.org --name Bob \
    --tz America/Chicago --start 2026-12-07 >/dev/null
BOB=$(uid bob@example.org enrolled)
serve_at 2026-12-04T16:00:00Z
until_true grep -q "^$BOB 500" sink/attempts || fail "no first attempt"
stop_serve
run "$R" webhooks
out_has "^$BOB  enrolled +0 127\.0\.0\.1 +retry +1  2026-12-04T16:00:1[0-9]Z  HTTP 500$"
serve_at 2026-12-04T16:00:30Z
until_true eval '[ "$(lines sink/attempts "^$BOB 500")" = 2 ]' || fail "no second attempt"
stop_serve
run "$R" webhooks --json
/usr/bin/python3 -c 'import json, sys
(d,) = json.load(sys.stdin)
assert d["state"] == "retry" and d["attempts"] == 2, d
assert d["last_answer"] == "HTTP 500" and d["next_try"] > "2026-12-04T16:00:59Z", d' < .out ||
    fail "after two: $(cat .out)"
serve_at 2026-12-04T16:02:00Z
until_true none_open || fail "not delivered"
stop_serve
equal "$(grep "^$BOB" sink/attempts | tr '\n' ' ')" "$BOB 500 $BOB 500 $BOB 200 " "attempts"
equal "$(grep -c "\"$BOB\"" sink/events)" 1 "recorded"
equal "$(db "SELECT attempts || ' ' || state || ' ' || last_answer FROM hook_delivery d JOIN outbox o ON o.id = d.event_id WHERE o.uid = '$BOB'")" \
    "3 delivered HTTP 200" "the delivery row"
grep -q "webhooks: endpoint 0 (127\.0\.0\.1): event $BOB, try 1: HTTP 500; next try in 10 s" serve.log ||
    fail "log: $(grep webhooks serve.log)"
echo 0 > sink/fail
end

begin "a person's events arrive in order: the next waits while the first is refused"
echo 1 > sink/fail
printf '{"1.1": 3, "1.2": 4, "2.1": 2, "2.2": 1}\n' > answers.json
"$R" --now 2026-12-04T17:00:00Z enroll cy@example.org --name Cy \
    --tz America/Chicago --start 2026-12-07 >/dev/null
"$R" --now 2026-12-04T17:00:00Z done cy@example.org 1 >/dev/null
"$R" --now 2026-12-04T17:00:00Z done cy@example.org 1 >/dev/null
"$R" --now 2026-12-04T17:00:00Z done cy@example.org 2 --undo >/dev/null
"$R" --now 2026-12-04T17:00:00Z score cy@example.org --answers answers.json >/dev/null
equal "$(db "SELECT group_concat(type, ' ') FROM (SELECT type FROM outbox o JOIN person p ON p.id = o.person_id WHERE p.email = 'cy@example.org' ORDER BY o.id)")" \
    "enrolled task.done scorecard.taken" "cy's events (a day marked twice, or undone, says nothing)"
serve_at 2026-12-04T17:00:00Z
until_true grep -q "^$(uid cy@example.org enrolled) 500" sink/attempts ||
    fail "no first attempt"
sleep 1.5
stop_serve
equal "$(grep -c . sink/received)" 5 "requests so far (1 ann, 3 bob, 1 cy, and no other of cy's)"
echo 0 > sink/fail
serve_at 2026-12-04T17:01:00Z
until_true none_open || fail "not delivered"
stop_serve
equal "$(types cy@example.org | tr '\n' ' ')" "enrolled task.done/1 scorecard.taken " "cy's order"
/usr/bin/python3 - "$(db 'SELECT id, readiness, band FROM score_attempt')" <<'PY' || fail "scorecard body: $(grep scorecard sink/events)"
import json, sys
aid, readiness, band = sys.argv[1].split("|")
for line in open("sink/events"):
    e = json.loads(line)
    if e["type"] == "scorecard.taken":
        d = e["data"]
        assert d["attempt_id"] == int(aid) and d["source"] == "json", d
        assert d["readiness"] == int(readiness) and d["band"] == band, d
PY
end

begin "lessons sent, a plan completed, an unsubscribe, a bounce and a complaint each make their event"
for p in dan fay gil; do
	"$R" --now 2026-12-04T18:00:00Z enroll $p@example.org --name $p \
	    --tz America/Chicago --start 2026-12-07 >/dev/null
done
"$R" --now 2026-11-01T00:00:00Z enroll eve@example.org --name Eve --tz UTC \
    --pacing daily --start 2026-11-02 --send-at 07:00 >/dev/null
# eve's days 1 to 29 are long stale (skipped, no event); day 30 is due
run "$R" --now 2026-12-01T07:00:30Z tick
status_is 0
run "$R" --now 2026-12-07T13:00:30Z tick
status_is 0
UNSUB=$(grep -h "^List-Unsubscribe: " $(grep -l "^To: .*<dan@example.org>" var/mail/new/*) |
    grep -o "$B/unsubscribe/[A-Za-z0-9_-]*" | head -1)
serve_at 2026-12-07T14:00:00Z
http POST "$UNSUB" -d List-Unsubscribe=One-Click
code_is 200
cat > fay.eml <<EOF
From: MAILER-DAEMON@relay.example.net
To: bounces@plan.example.org
Subject: Undelivered Mail Returned to Sender
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

The message could not be delivered.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net

Final-Recipient: rfc822; fay@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--B--
EOF
cat > gil.eml <<EOF
From: Feedback Loop <fbl@provider.example>
To: fbl@plan.example.org
Subject: complaint
MIME-Version: 1.0
Content-Type: multipart/report; report-type=feedback-report; boundary="ARF"

--ARF
Content-Type: text/plain

A user marked this as spam.

--ARF
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: FBL/1.0
Version: 1
Original-Rcpt-To: <gil@example.org>

--ARF--
EOF
"$R" --now 2026-12-07T14:00:00Z bounces - < fay.eml > .out
out_has 'mail stopped \(bounced\)'
"$R" --now 2026-12-07T14:00:00Z bounces - < gil.eml > .out
out_has 'mail stopped \(complained\)'
until_true none_open || fail "not delivered: $(open_deliveries)"
stop_serve
equal "$(types eve@example.org | tr '\n' ' ')" "enrolled lesson.sent/30 completed " "eve"
equal "$(types dan@example.org | tr '\n' ' ')" "enrolled lesson.sent/1 unsubscribed " "dan"
equal "$(types fay@example.org | tr '\n' ' ')" "enrolled lesson.sent/1 bounced " "fay"
equal "$(types gil@example.org | tr '\n' ' ')" "enrolled lesson.sent/1 complained " "gil"
equal "$(types zed@example.org | tr '\n' ' ')" "lesson.sent/1 " "zed (enrolled without a webhook; his lesson went with one)"
/usr/bin/python3 - <<'PY' || fail "bounce bodies: $(grep -h bounced sink/events)"
import json
for line in open("sink/events"):
    e = json.loads(line)
    d = e["data"]
    if e["type"] == "bounced":
        assert d["kind"] == "hard" and d["status"] == "5.1.1", d
        assert "user unknown" in d["reason"], d
    if e["type"] == "complained":
        assert d["kind"] == "complaint" and "status" not in d, d
PY
/usr/bin/python3 - <<'PY' || fail "unsubscribe body: $(grep -h unsubscribed sink/events)"
import json
for line in open("sink/events"):
    e = json.loads(line)
    if e["type"] == "unsubscribed":
        assert e["data"]["email"] == "dan@example.org", e
        assert e["data"]["reason"] == "link", e
PY
[ ! -s sink/bad ] || fail "the sink refused: $(cat sink/bad)"
end

begin "an operator's block stops an enrolled person's mail and says unsubscribed once; a block of one whose mail had stopped says nothing"
# events EMAIL: a person's event types in the outbox, in order
events() {
	db "SELECT group_concat(type, ' ') FROM (SELECT type FROM outbox o
	    JOIN person p ON p.id = o.person_id WHERE p.email = '$1'
	    ORDER BY o.id)"
}
"$R" --now 2026-12-07T15:00:00Z enroll gus@example.org --name Gus \
    --tz America/Chicago --start 2026-12-14 >/dev/null
run "$R" --now 2026-12-07T15:00:00Z suppress add gus@example.org --reason 'asked by phone'
status_is 0
equal "$(events gus@example.org)" "enrolled unsubscribed" "gus after the block"
equal "$(db "SELECT e.state FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email = 'gus@example.org'")" \
    unenrolled "gus's enrollment"
run "$R" --now 2026-12-07T15:01:00Z suppress add gus@example.org
status_is 0
equal "$(events gus@example.org)" "enrolled unsubscribed" "gus after a second block"
run "$R" --now 2026-12-07T15:01:00Z suppress add dan@example.org
status_is 0
equal "$(events dan@example.org)" "enrolled lesson.sent unsubscribed" "dan (unsubscribed already)"
run "$R" --now 2026-12-07T15:01:00Z suppress add nobody@example.org
status_is 0
equal "$(db "SELECT count(*) FROM outbox o JOIN person p ON p.id = o.person_id WHERE p.email = 'nobody@example.org'")" 0 "an address never enrolled"
serve_at 2026-12-07T15:02:00Z
until_true none_open || fail "not delivered: $(open_deliveries)"
stop_serve
equal "$(types gus@example.org | tr '\n' ' ')" "enrolled unsubscribed " "gus's deliveries"
/usr/bin/python3 - <<'PY' || fail "block body: $(grep -h gus sink/events)"
import json
for line in open("sink/events"):
    e = json.loads(line)
    if e["type"] == "unsubscribed" and e["data"]["email"] == "gus@example.org":
        assert e["data"]["reason"] == "blocked", e
        assert e["data"]["enrollment_id"] is not None, e
        assert "asked by phone" not in line, e
PY
[ ! -s sink/bad ] || fail "the sink refused: $(cat sink/bad)"
end

begin "a SIGKILL while the receiver holds the request loses no event: it is sent again after the restart"
echo 3 > sink/sleep
"$R" --now 2026-12-08T10:00:00Z enroll hal@example.org --name Hal \
    --tz America/Chicago --start 2026-12-14 >/dev/null
HAL=$(uid hal@example.org enrolled)
serve_at 2026-12-08T10:00:00Z
until_true grep -q "^$HAL$" sink/received || fail "not sent"
kill -9 "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
equal "$(state_of $HAL)" sending "after the kill"
echo 0 > sink/sleep
serve_at 2026-12-08T10:00:05Z
until_true none_open || fail "not delivered after the restart"
stop_serve
equal "$(lines sink/received "^$HAL$")" 2 "requests (one cut short, one after the restart)"
[ "$(grep -c "\"$HAL\"" sink/events)" -ge 1 ] || fail "never recorded"
end

begin "a day of refusals ends in failed, listed by refready webhooks and counted in /metrics"
echo 1000 > sink/fail
"$R" --now 2026-12-09T10:00:00Z enroll ivy@example.org --name Ivy \
    --tz America/Chicago --start 2026-12-14 >/dev/null
IVY=$(uid ivy@example.org enrolled)
serve_at 2026-12-09T10:00:00Z
until_true grep -q "^$IVY 500" sink/attempts || fail "no first attempt"
stop_serve
serve_at 2026-12-10T10:00:01Z
until_true eval '[ "$(state_of $IVY)" = failed ]' ||
    fail "not failed"
http GET "$B/metrics"
body_has '^refready_webhook_deliveries_total\{endpoint="0",host="127\.0\.0\.1",result="failed"\} 1$'
body_has '^refready_webhook_outbox\{endpoint="0",host="127\.0\.0\.1",state="failed"\} 1$'
body_has '^refready_webhook_outbox\{endpoint="0",host="127\.0\.0\.1",state="pending"\} 0$'
stop_serve
grep -q "webhooks: endpoint 0 (127\.0\.0\.1): event $IVY failed after 2 tries over a day: HTTP 500" serve.log ||
    fail "log: $(grep webhooks serve.log | tail -3)"
run "$R" webhooks
status_is 0
out_has "^$IVY  enrolled +0 127\.0\.0\.1 +failed +2  - +HTTP 500$"
out_has '^0 pending, 1 failed$'
echo 0 > sink/fail
end

begin "a receiver that cannot verify the signature (another secret) is refused and retried; one endpoint's trouble holds up no other"
printf 'a-different-secret-altogether\n' > other.secret
chmod 600 other.secret
config two.json "[{\"url\": \"http://127.0.0.1:$HOOK_PORT/right\",
  \"secret_file\": \"hook.secret\", \"events\": [\"enrolled\"]},
 {\"url\": \"http://127.0.0.1:$HOOK_PORT/wrong\",
  \"secret_file\": \"other.secret\", \"events\": [\"enrolled\"]}]"
"$R" -c two.json --now 2026-12-11T10:00:00Z enroll jo@example.org --name Jo \
    --tz America/Chicago --start 2026-12-14 >/dev/null
start_serve -c two.json --now 2026-12-11T10:00:00Z
until_true grep -q 'bad signature' sink/bad 2>/dev/null || fail "no refusal"
until_true eval '[ "$(types jo@example.org)" = enrolled ]' || fail "not delivered to the right one"
stop_serve
equal "$(db "SELECT d.state || ' ' || d.attempts FROM hook_delivery d WHERE d.endpoint LIKE '%/wrong'")" "retry 1" "the refused one"
run "$R" -c two.json webhooks
out_has "  enrolled +1 127\.0\.0\.1 +retry +1  .*HTTP 401$"
# the configuration without it: its delivery waits, listed as not configured
run "$R" webhooks
out_has "  enrolled +- 127\.0\.0\.1 +retry +1  .*HTTP 401$"
rm -f sink/bad
end

begin "deliveries to an endpoint removed from the configuration fail when the daemon starts, and at a reload"
serve_at 2026-12-11T10:05:00Z
until_true eval '[ "$(db "SELECT state FROM hook_delivery WHERE endpoint LIKE '"'%/wrong'"'")" = failed ]' ||
    fail "still waiting: $(db "SELECT state FROM hook_delivery WHERE endpoint LIKE '%/wrong'")"
http GET "$B/metrics"
body_has '^refready_webhook_outbox_removed\{state="failed"\} 1$'
body_has '^refready_webhook_outbox\{endpoint="0",host="127\.0\.0\.1",state="failed"\} 1$'
stop_serve
grep -q 'webhooks: 1 deliveries to endpoints no longer configured marked failed' serve.log ||
    fail "log: $(grep webhooks serve.log | tail -3)"
run "$R" webhooks
out_has "  enrolled +- 127\.0\.0\.1 +failed +1  - +endpoint removed from the configuration$"
out_has '^0 pending, 2 failed$'
# at a reload: a refused delivery waiting for its next try fails at once
cp two.json hup.json
"$R" -c hup.json --now 2026-12-11T10:10:00Z enroll lu@example.org --name Lu \
    --tz America/Chicago --start 2026-12-14 >/dev/null
LU=$(uid lu@example.org enrolled)
wrong_state() {
	db "SELECT d.state FROM hook_delivery d JOIN outbox o ON
	    o.id = d.event_id WHERE o.uid = '$LU' AND d.endpoint LIKE '%/wrong'"
}
start_serve -c hup.json --now 2026-12-11T10:10:00Z
until_true eval '[ "$(wrong_state)" = retry ]' || fail "not refused: $(wrong_state)"
until_true eval '[ "$(types lu@example.org)" = enrolled ]' || fail "not delivered to the right one"
equal "$(wrong_state)" retry "before the reload"
cp c.json hup.json
kill -HUP "$SERVE_PID"
until_true eval '[ "$(wrong_state)" = failed ]' || fail "after the reload: $(wrong_state)"
http GET "$B/metrics"
body_has '^refready_webhook_outbox_removed\{state="failed"\} 2$'
stop_serve
equal "$(db "SELECT last_answer FROM hook_delivery d JOIN outbox o ON o.id = d.event_id WHERE o.uid = '$LU' AND d.endpoint LIKE '%/wrong'")" \
    "endpoint removed from the configuration" "its last answer"
equal "$(db "SELECT state FROM hook_delivery d JOIN outbox o ON o.id = d.event_id WHERE o.uid = '$LU' AND d.endpoint LIKE '%/right'")" \
    delivered "the endpoint kept"
# a request in flight at the reload: its refusal, recorded after, fails it
config gone.json "[{\"url\": \"http://127.0.0.1:$HOOK_PORT/gone\",
  \"secret_file\": \"hook.secret\", \"events\": [\"enrolled\"]}]"
cp gone.json hup.json
"$R" -c hup.json --now 2026-12-11T10:20:00Z enroll max@example.org --name Max \
    --tz America/Chicago --start 2026-12-14 >/dev/null
MAX=$(uid max@example.org enrolled)
echo 2 > sink/sleep
echo 1 > sink/fail
start_serve -c hup.json --now 2026-12-11T10:20:00Z
until_true grep -q "^$MAX$" sink/received || fail "not sent"
cp c.json hup.json
kill -HUP "$SERVE_PID"
until_true eval '[ "$(state_of $MAX)" = failed ]' || fail "after the reload: $(state_of $MAX)"
stop_serve
echo 0 > sink/sleep
echo 0 > sink/fail
equal "$(grep -c "^$MAX 500" sink/attempts)" 1 "its one request, refused"
equal "$(db "SELECT attempts || ' ' || last_answer FROM hook_delivery d JOIN outbox o ON o.id = d.event_id WHERE o.uid = '$MAX'")" \
    "1 endpoint removed from the configuration" "its row"
grep -q "webhooks: endpoint - (127\.0\.0\.1): event $MAX failed: endpoint removed from the configuration" serve.log ||
    fail "log: $(grep webhooks serve.log | tail -3)"
rm -f sink/bad
end

begin "SIGHUP reads the secret again: events are signed with the new one"
serve_at 2026-12-12T10:00:00Z
printf 'a-brand-new-secret-after-rotation\n' > hook.secret
# serve.log has the reloads of the tests before: this one is one more
reloads=$(grep -c 'reload: new configuration' serve.log)
kill -HUP "$SERVE_PID"
until_true eval '[ "$(grep -c "reload: new configuration" serve.log)" -gt $reloads ]' ||
    fail "no reload"
"$R" --now 2026-12-12T10:00:00Z enroll kim@example.org --name Kim \
    --tz America/Chicago --start 2026-12-14 >/dev/null
until_true eval '[ "$(types kim@example.org)" = enrolled ]' || fail "not delivered"
stop_serve
[ ! -s sink/bad ] || fail "refused: $(cat sink/bad)"
end

begin "a receiver that hangs holds up neither the lessons nor another endpoint; a stop gives its requests back untried"
start_hook_sink slow
SLOW_PORT=$HOOK_PORT
HOOK_PORT=$(cat sink/port)
echo 20 > slow/sleep
config three.json "[{\"url\": \"http://127.0.0.1:$HOOK_PORT/fast\",
  \"secret_file\": \"hook.secret\", \"events\": [\"enrolled\", \"lesson.sent\"]},
 {\"url\": \"http://127.0.0.1:$SLOW_PORT/slow\",
  \"secret_file\": \"hook.secret\", \"events\": [\"enrolled\"]}]"
i=1
while [ $i -le 20 ]; do
	"$R" -c three.json --now 2026-12-13T09:59:00Z enroll q$i@example.org \
	    --name "Q $i" --tz UTC --start 2026-12-13 --send-at 10:00 >/dev/null
	i=$((i + 1))
done
fast_count() {
	grep -c '"email":"q[0-9]*@example.org"' sink/events
}
start_serve -c three.json --now 2026-12-13T10:00:00Z
until_true eval '[ "$(fast_count)" = 40 ]' ||
    fail "the fast endpoint got $(fast_count) of 40 (20 enrolled, 20 lessons)"
equal "$(grep -l '^Subject: Day 1 of 30' $(grep -l '^To: .*<q[0-9]*@example.org>' var/mail/new/*) | wc -l)" 20 "lessons sent"
until_true eval '[ "$(grep -c . slow/received)" = 16 ]' || fail "slow requests"
sleep 0.5
equal "$(grep -c . slow/received)" 16 "requests in flight to the hanging one (16 at most)"
t0=$(date +%s)
stop_serve
[ $(($(date +%s) - t0)) -le 5 ] || fail "the stop waited for the receiver"
equal "$(db "SELECT state || ' ' || attempts || ' ' || count(*) FROM hook_delivery
    WHERE endpoint LIKE '%/slow' GROUP BY state, attempts")" "pending 0 20" "the hanging one's deliveries"
kill "$HOOK_PID" 2>/dev/null
HOOK_PID=
end

begin "old events are deleted: delivered ones after 7 days, any after 30"
IVY_ID=$(db "SELECT id FROM outbox WHERE uid = '$IVY'")
old_delivered() {
	db "SELECT count(*) FROM outbox o WHERE created_at <
	    strftime('%s', '2026-12-13T12:00:00') AND NOT EXISTS (SELECT 1
	    FROM hook_delivery d WHERE d.event_id = o.id AND
	    d.state <> 'delivered')"
}
[ "$(old_delivered)" -gt 10 ] || fail "only $(old_delivered) to delete"
serve_at 2026-12-20T12:00:00Z
until_true eval '[ "$(old_delivered)" = 0 ]' || fail "$(old_delivered) left"
stop_serve
equal "$(state_of $IVY)" failed "a failed one 11 days old"
equal "$(db "SELECT count(*) FROM hook_delivery WHERE event_id NOT IN (SELECT id FROM outbox)")" 0 "deliveries of deleted events"
serve_at 2027-01-20T12:00:00Z
until_true eval '[ "$(db "SELECT count(*) FROM outbox WHERE id = $IVY_ID")" = 0 ]' ||
    fail "a failed one 42 days old is kept"
stop_serve
equal "$(db "SELECT count(*) FROM outbox WHERE created_at < strftime('%s', '2026-12-21')")" 0 "events over 30 days old"
end

begin "enrollments through the API and through a signup's confirmation send their event, signed"
KEY=$("$R" --now 2027-01-20T12:00:00Z apikey create crm | head -1)
"$R" cohort create dec-4 --webinar "2027-01-22 12:00 America/Chicago" \
    --signup on >/dev/null
serve_at 2027-01-20T12:00:00Z
http POST "$B/api/v1/enrollments" -H "Authorization: Bearer $KEY" \
    -H 'Content-Type: application/json' \
    --data '{"email": "api@example.org", "name": "Abe Pi", "tz": "America/Chicago"}'
code_is 201
http POST "$B/join/dec-4" --data 'name=Sue+Gupta&email=sue@example.org&tz=America%2FChicago&send_at=07%3A30&website='
code_is 200
until_true eval 'grep -lq "^To: .*sue@example.org" var/mail/new/* 2>/dev/null' ||
    fail "no confirmation email"
L=$(/usr/bin/python3 - $(grep -l "^To: .*sue@example.org" var/mail/new/*) <<'PY'
import email, re, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
for p in m.walk():
    if p.get_content_type() == "text/plain":
        print(re.search(r"http\S+/confirm/[A-Za-z0-9_-]+",
                        p.get_payload(decode=True).decode()).group(0))
PY
)
equal "$(uid sue@example.org enrolled)" "" "an event before the confirmation"
http POST "$L"
code_is 200
until_true eval '[ "$(types api@example.org)$(types sue@example.org)" = enrolledenrolled ]' ||
    fail "not delivered: $(types api@example.org) $(types sue@example.org)"
stop_serve
[ ! -s sink/bad ] || fail "the sink refused: $(cat sink/bad)"
equal "$(types api@example.org)" "enrolled" "the API's enrollment"
equal "$(types sue@example.org)" "enrolled" "the signup's enrollment"
/usr/bin/python3 - <<'PY' || fail "bodies: $(grep -h -e api@ -e sue@ sink/events)"
import json
ev = {}
for line in open("sink/events"):
    e = json.loads(line)
    ev[e["data"]["email"]] = e
a, s = ev["api@example.org"]["data"], ev["sue@example.org"]["data"]
assert a["name"] == "Abe Pi" and a["cohort"] is None, a
assert s["name"] == "Sue Gupta" and s["cohort"] == "dec-4", s
assert s["send_at"] == "07:30" and s["start_date"] == "2027-01-25", s
PY
end

begin "a secret others can read stops the daemon at start; no secret is ever logged"
chmod 644 hook.secret
run "$R" serve
status_is 2
err_has "webhooks\[0\]\.secret_file: 'hook\.secret' must be a regular file only its owner can read \(chmod 600 it\)$"
chmod 600 hook.secret
for f in serve.log .err; do
	! grep -qF -e "$SECRET" -e 'a-brand-new-secret' -e 'a-different-secret' $f ||
	    fail "a secret in $f"
done
end

finish
