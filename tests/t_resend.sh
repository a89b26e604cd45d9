# t_resend.sh - the operator's sends through a real SMTP server on
# 127.0.0.1: `preview DAY --send-to ADDR` arrives as "[test] ..." and
# leaves the ledger as it was; `resend EMAIL DAY` sends a sent, failed or
# skipped day again with a Message-ID and return path of its own, shows
# in status (text and --json), waits out a relay's fault and a 451 like a
# lesson, and is refused (exit 2, one line) for a suppressed address, a
# day never sent, a bad day and one already queued; a bounce of a resend
# finds its person.
. "$TOP/tests/lib.sh"

start_sink "$T/sink"
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "from": "Referral-Ready Plan <plan@example.org>",
          "return_path": "bounces@example.org",
          "postal_address": "1 Main St, Springfield", "rate": 1000,
          "timeout": 10}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z	# a Friday; day 1 is Monday the 7th
DUE=2026-12-07T13:00:00Z		# 07:00 in Chicago
LATER=2026-12-07T15:00:00Z
for p in ann bob cat dan; do
	"$R" --now $ENROLLED enroll --no-welcome $p@example.org --name "$p" \
	    --tz America/Chicago >/dev/null
done
"$R" --now $DUE tick >/dev/null
db() { sqlite3 var/refready.db "$1"; }
ledger() { db "SELECT enrollment_id, kind, key, day, state, message_id,
    attempts, sent_at FROM delivery ORDER BY 1, 2, 3"; }
msgs() { ls sink/msg-*.eml 2>/dev/null | wc -l; }
# the last message at the sink, and a header of it
last() { ls -t sink/msg-*.eml | head -n 1; }
hdr() { sed -n "s/^$1: //p" "$2" | tr -d '\r' | head -n 1; }

begin "preview --send-to: the person's email as '[test] ...' to ADDR; the ledger unchanged"
ledger > before.txt
n=$(msgs)
run "$R" --now $LATER preview 1 --email bob@example.org --send-to qa@example.net
status_is 0
out_has '^sent day 1 as bob@example\.org would get it to qa@example\.net through smtp://127\.0\.0\.1:[0-9]+ \(Message-ID <rr\.test\.[0-9a-f]{16}@example\.org>\)$'
equal "$(msgs)" $((n + 1)) "messages at the server"
f=$(last)
equal "$(sed -n 2p "${f%.eml}.env")" qa@example.net "RCPT TO"
equal "$(sed -n 1p "${f%.eml}.env")" plan@example.org "MAIL FROM (no person's tag)"
hdr Subject "$f" | grep -q '^\[test\] Day 1 of 30: ' || fail "subject: $(hdr Subject "$f")"
ledger > after.txt
cmp -s before.txt after.txt || fail "the ledger changed: $(diff before.txt after.txt)"
# the body is bob's lesson, byte for byte: his links, not the sample's
orig=$(grep -l '^bob@example.org' sink/msg-*.env | head -n 1 | sed 's/\.env$/.eml/')
/usr/bin/python3 - "$orig" "$f" <<'PY' || fail "the test send's body is not bob's lesson"
import email, email.policy, sys
a, b = (email.message_from_bytes(open(p, "rb").read(), policy=email.policy.default) for p in sys.argv[1:])
for kind in ("plain", "html"):
    assert a.get_body((kind,)).get_content() == b.get_body((kind,)).get_content(), kind
assert "[test] " + a["Subject"] == b["Subject"]
PY
end

begin "preview --send-to: the sample person without --email; a bad address is exit 2"
run "$R" --now $LATER preview 3 --send-to qa@example.net
status_is 0
out_has '^sent day 3 as alex\.sample@example\.org would get it to qa@example\.net'
hdr Subject "$(last)" | grep -q '^\[test\] Day 3 of 30: ' || fail "subject"
n=$(msgs)
run "$R" --now $LATER preview 1 --send-to 'not an address'
status_is 2
err_has "^refready: preview: bad address 'not an address' for --send-to$"
equal "$(msgs)" $n "messages at the server"
end

begin "preview --send-to: a relay that refuses the session is exit 1 with its reply"
echo greet554 > sink/mode
run "$R" --now $LATER preview 1 --send-to qa@example.net
status_is 1
err_has '^refready: preview: smtp://127\.0\.0\.1:[0-9]+ .*554 5\.3\.2 not accepting mail here'
rm sink/mode
cmp -s before.txt after.txt || fail "the ledger changed"
end

begin "resend of a sent day: now, a new Message-ID and tag, the same lesson; the original's row kept"
orig_id=$(db "SELECT message_id FROM delivery WHERE enrollment_id = 1 AND kind = 'lesson' AND key = 1")
n=$(msgs)
run "$R" --now $LATER resend ann@example.org 1
status_is 0
out_has '^resent day 1 to ann@example\.org \(resend 1, Message-ID <rr\.1\.1r1\.[0-9a-f]{16}@example\.org>\)$'
out_has '^pass: sent 1, retried 0, failed 0, skipped 0$'
equal "$(msgs)" $((n + 1)) "messages at the server"
f=$(last)
id=$(hdr Message-ID "$f")
[ "$id" != "<$orig_id>" ] || fail "the same Message-ID as the original"
equal "$id" "<$(db "SELECT message_id FROM delivery WHERE kind = 'resend'")>" "Message-ID recorded"
equal "$(db "SELECT message_id FROM delivery WHERE enrollment_id = 1 AND kind = 'lesson' AND key = 1")" "$orig_id" "the original's Message-ID"
equal "$(db "SELECT kind || key || '/' || day || state FROM delivery WHERE enrollment_id = 1 ORDER BY kind")" "lesson1/1sent
resend1/1sent" "ann's ledger"
sed -n 1p "${f%.eml}.env" | grep -Eq '^bounces\+1x1r1x[0-9a-f]{12}@example\.org$' ||
    fail "MAIL FROM: $(sed -n 1p "${f%.eml}.env")"
o=$(grep -l '^ann@example.org' sink/msg-*.env | head -n 1 | sed 's/\.env$/.eml/')
equal "$(hdr Subject "$f")" "$(hdr Subject "$o")" "subject"
run /usr/bin/python3 "$TOP/tests/check_mail.py" "$f"
status_is 0
end

begin "status shows the resend, text and --json"
run "$R" --now $LATER status ann@example.org
out_has '^emails: +1 sent, 0 failed, 0 skipped, 1 resent$'
out_has '^ +1  2026-12-07  sent +2026-12-07$'
run "$R" --now $LATER status ann@example.org --json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); x=d["days"][0]
assert d["emails"]["resent"] == 1 and x["resent"] == 1 and x["resent_at"] == "2026-12-07T15:00:00Z", (d["emails"], x)
assert d["days"][1]["resent"] == 0 and d["days"][1]["resent_at"] is None' < .out ||
    fail "status --json: $(cat .out)"
# a second resend of the same day is resend 2, another Message-ID
run "$R" --now 2026-12-07T16:00:00Z resend ann@example.org 1
status_is 0
out_has '^resent day 1 to ann@example\.org \(resend 2, Message-ID <rr\.1\.1r2\.'
run "$R" --now $LATER status ann@example.org
out_has '^ +1  2026-12-07  sent +2026-12-07 \(2 times\)$'
end

begin "refused, exit 2, one line, nothing sent: suppressed, never sent, a bad day, no such person"
"$R" --now $LATER suppress add bob@example.org --reason "asked by phone" >/dev/null
n=$(msgs)
run "$R" --now $LATER resend bob@example.org 1
status_is 2
err_has '^refready: resend: bob@example\.org is suppressed \(blocked on 2026-12-07\); nothing was sent$'
err_lines 1
run "$R" --now $LATER resend cat@example.org 2
status_is 2
err_has '^refready: resend: cat@example\.org: day 2 has not been sent yet$'
run "$R" --now $LATER resend cat@example.org 31
status_is 2
err_has "^refready: resend: bad day '31' \\(expected 1 to 30\\)$"
run "$R" --now $LATER resend nobody@example.org 1
status_is 2
err_has "^refready: resend: no one enrolled as 'nobody@example\\.org'$"
equal "$(msgs)" $n "messages at the server"
equal "$(db "SELECT count(*) FROM delivery WHERE kind = 'resend' AND enrollment_id <> 1")" 0 "resends queued"
end

begin "a relay fault: the resend waits, due again, and goes with the next pass; a second request is refused meanwhile"
echo 421 > sink/mode
n=$(msgs)
run "$R" --now $LATER resend cat@example.org 1
status_is 1
out_has '^resend 1 of day 1 to cat@example\.org queued, not sent yet'
err_has '^refready: resend: smtp://127\.0\.0\.1:[0-9]+ .*421'
t=$(date -u -d $LATER +%s)
equal "$(db "SELECT state || attempts || '/' || due_at || '/' || next_try_at FROM delivery WHERE enrollment_id = 3 AND kind = 'resend'")" \
    "retry0/$t/$t" "cat's resend: the attempt not counted, due again at once"
run "$R" --now $LATER resend cat@example.org 1
status_is 2
err_has '^refready: resend: cat@example\.org: a resend of day 1 is already queued$'
rm sink/mode
run "$R" --now 2026-12-07T15:01:00Z tick
out_has '^sent 1, retried 0, failed 0, skipped 0$'
equal "$(db "SELECT state FROM delivery WHERE enrollment_id = 3 AND kind = 'resend'")" sent "cat's resend"
equal "$(msgs)" $((n + 1)) "messages at the server"
end

begin "a 451: the resend is retried after the back-off, like a lesson"
echo 451 > sink/mode
run "$R" --now $LATER resend dan@example.org 1
status_is 1
equal "$(db "SELECT state || attempts FROM delivery WHERE enrollment_id = 4 AND kind = 'resend'")" retry1 "dan's resend"
rm sink/mode
run "$R" --now 2026-12-07T15:00:30Z tick
out_has '^sent 0, retried 0, failed 0, skipped 0$'
run "$R" --now 2026-12-07T15:01:01Z tick
out_has '^sent 1, retried 0, failed 0, skipped 0$'
equal "$(db "SELECT state || attempts FROM delivery WHERE enrollment_id = 4 AND kind = 'resend'")" sent2 "dan's resend"
end

begin "a failed day can be resent"
echo 550 > sink/mode
"$R" --now 2026-12-08T13:00:00Z tick >/dev/null
rm sink/mode
equal "$(db "SELECT state FROM delivery WHERE enrollment_id = 3 AND kind = 'lesson' AND key = 2")" failed "cat's day 2"
run "$R" --now 2026-12-08T14:00:00Z resend cat@example.org 2
status_is 0
out_has '^resent day 2 to cat@example\.org \(resend 2, '
end

begin "a bounce of a resend finds its person by the tag"
f=$(grep -l '^cat@example.org' $(ls -t sink/msg-*.env) | head -n 1)
rp=$(sed -n 1p "$f")
case $rp in bounces+3x2r2x*) ;; *) fail "return path $rp" ;; esac
cat > dsn.eml <<EOF
Return-Path: <>
From: MAILER-DAEMON@relay.example.net
To: $rp
Subject: Undelivered Mail Returned to Sender
Message-ID: <dsn.1@relay.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="B"

--B
Content-Type: text/plain

Could not deliver.

--B
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net

Final-Recipient: rfc822; cat@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 user unknown

--B--
EOF
mkdir -p in/new in/cur in/tmp
mv dsn.eml in/new/1.eml
run "$R" --now 2026-12-08T15:00:00Z bounces in
status_is 0
out_has '^in/new/1\.eml: hard for cat@example\.org \(by tag, a resend\): 5\.1\.1'
equal "$(db "SELECT e.state FROM enrollment e WHERE e.id = 3")" bounced "cat's plan"
run "$R" --now 2026-12-08T15:00:00Z resend cat@example.org 1
status_is 2
err_has '^refready: resend: cat@example\.org is suppressed \(bounced on 2026-12-08\)'
end

finish
