# t_mail.sh - lesson emails through a real SMTP server on 127.0.0.1
# (aiosmtpd): every message parsed by Python's email package, and the
# server's faults (451, 421 and close, 550, a dropped final reply, down
# then back) each leading to the right ledger state.
. "$TOP/tests/lib.sh"

start_sink "$T/sink"
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "from": "Referral-Ready Plan <plan@example.org>",
          "postal_address": "1 Main St, Springfield", "rate": 1000,
          "timeout": 10}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z	# a Friday; day 1 is Monday the 7th
DUE=2026-12-07T13:00:00Z		# 07:00 in Chicago
enroll() { "$R" --now $ENROLLED enroll --no-welcome "$@" --tz America/Chicago >/dev/null; }
# ledger COLUMN EMAIL [DAY]: one field of a person's ledger row
ledger() {
	sqlite3 var/refready.db "SELECT $1 FROM delivery WHERE day = ${3:-1}
	    AND enrollment_id = (SELECT e.id FROM enrollment e JOIN person p
	    ON p.id = e.person_id WHERE p.email = '$2')"
}

begin "due lessons go out over SMTP, one connection reused for many"
for i in 1 2 3 4 5 6 7 8; do enroll p$i@example.org --name "Person $i"; done
run "$R" --now $DUE tick
status_is 0
out_has '^sent 8, retried 0, failed 0, skipped 0$'
equal "$(ls sink/msg-*.eml 2>/dev/null | wc -l)" 8 "messages at the server"
n=$(wc -l < sink/ehlo.log)
[ "$n" -le 4 ] || fail "$n connections for 8 messages"
equal "$(ledger state p3@example.org)" sent "p3's day 1"
ledger last_reply p3@example.org | grep -q '^250 2.0.0 Ok: queued as' ||
    fail "reply not recorded: $(ledger last_reply p3@example.org)"
end

begin "the envelope and EHLO are right"
grep -qx 'plan@example.org' sink/msg-1.env || fail "MAIL FROM: $(head -1 sink/msg-1.env)"
grep -q '@example.org$' sink/msg-1.env || fail "RCPT TO"
grep -qv '^localhost$' sink/ehlo.log || fail "EHLO localhost"
end

begin "every message passes Python's email parser and our checks"
run /usr/bin/python3 "$TOP/tests/check_mail.py" sink/msg-*.eml
status_is 0
out_has '^checked 8 messages, 0 problems$'
end

begin "preview --email shows exactly the text the person was sent"
"$R" --now $DUE preview 1 --email p3@example.org > preview.txt
sed '1,/^$/d' preview.txt > preview.body
f=$(grep -l '^p3@example.org' sink/msg-*.env | sed 's/\.env$/.eml/')
/usr/bin/python3 - "$f" preview.body <<'PY' || fail "preview and the sent text differ"
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
sent = m.get_body(("plain",)).get_content().replace("\r\n", "\n")
shown = open(sys.argv[2]).read()
assert sent == shown, (len(sent), len(shown))
PY
grep -q '^Subject: Day 1 of 30: ' preview.txt || fail "preview subject"
grep -q '^To: Person 3 <p3@example.org>$' preview.txt || fail "preview To"
end

begin "a second tick at the same time sends nothing again"
run "$R" --now $DUE tick
out_has '^sent 0, retried 0, failed 0, skipped 0$'
equal "$(ls sink/msg-*.eml | wc -l)" 8 "messages at the server"
end

begin "451: retried later with a growing delay, then sent"
echo 451 > sink/mode
enroll t451@example.org --name "Tess Four"
run "$R" --now $DUE tick
out_has '^sent 0, retried 1, failed 0, skipped 0$'
equal "$(ledger state t451@example.org)" retry "state"
ledger last_reply t451@example.org | grep -q '^451 4.3.0' ||
    fail "reply: $(ledger last_reply t451@example.org)"
equal "$(ledger 'next_try_at - due_at' t451@example.org)" 60 "first delay"
run "$R" --now 2026-12-07T13:01:05Z tick
out_has 'retried 1'
equal "$(ledger 'next_try_at - due_at' t451@example.org)" 365 "second delay"
rm sink/mode
run "$R" --now 2026-12-07T13:06:10Z tick
out_has '^sent 1, retried 0'
equal "$(ledger state t451@example.org)" sent "state"
equal "$(ledger attempts t451@example.org)" 3 "attempts"
end

begin "421 and close: retried, then sent on a new connection"
echo 421 > sink/mode
enroll t421@example.org --name "Ray"
run "$R" --now $DUE tick
out_has 'retried 1'
ledger last_reply t421@example.org | grep -q '^421' || fail "reply"
rm sink/mode
run "$R" --now 2026-12-07T13:01:01Z tick
out_has '^sent 1, '
end

begin "550: a permanent failure, shown in status and never retried"
echo 550 > sink/mode
enroll t550@example.org --name "Nobody"
run "$R" --now $DUE tick
out_has '^sent 0, retried 0, failed 1, skipped 0$'
err_has 'day 1: permanent failure: 550 5.1.1 <\(address\)>: no such mailbox'
err_lacks '@'
rm sink/mode
run "$R" --now 2026-12-07T14:00:00Z tick
out_has '^sent 0, retried 0, failed 0'
run "$R" --now 2026-12-07T14:00:00Z status t550@example.org --json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); assert d["days"][0]["email"] == "failed", d["days"][0]; assert d["emails"]["failed"] == 1' < .out ||
    fail "status does not show the failure"
ledger last_reply t550@example.org | grep -q '^550 5.1.1' || fail "reply"
end

begin "a dropped final reply: sent again with the same Message-ID, marked"
echo drop > sink/mode
enroll drop@example.org --name "Dee"
run "$R" --now $DUE tick
out_has 'retried 1'
equal "$(ledger maybe_dup drop@example.org)" 1 "maybe_dup"
rm sink/mode
before=$(ls sink/msg-*.eml | wc -l)
run "$R" --now 2026-12-07T13:01:01Z tick
out_has '^sent 1, '
last=$(ls -t sink/msg-*.eml | head -1)
grep -q "^Message-ID: <$(ledger message_id drop@example.org)>" "$last" ||
    fail "the re-sent message has another Message-ID"
equal "$(ledger maybe_dup drop@example.org)" 1 "maybe_dup after sending"
end

begin "server down: exit 1, retries recorded; back up: sent"
stop_sink
enroll down@example.org --name "Dan"
run "$R" --now $DUE tick
status_is 1
out_has '^sent 0, retried 1, failed 0, skipped 0$'
err_has "could not be reached"
equal "$(ledger state down@example.org)" retry "state"
SINK_PORT_WAS=$SINK_PORT
SINK_PORT=$SINK_PORT_WAS start_sink "$T/sink2"
[ "$SINK_PORT" = "$SINK_PORT_WAS" ] || fail "sink came back on another port"
run "$R" --now 2026-12-07T13:01:01Z tick
status_is 0
out_has '^sent 1, '
end

begin "a name with CR/LF never reaches a header raw"
run "$R" --now $ENROLLED enroll --no-welcome crlf@example.org --name "$(printf 'Eve\r\nBcc: x@evil.example')"
status_is 2
err_has "enroll: bad name"
# a name that got into the database some other way (an import)
"$R" --now $ENROLLED enroll --no-welcome crlf@example.org --name Eve >/dev/null
sqlite3 var/refready.db "UPDATE person SET name = 'Eve' || char(13, 10) || 'Bcc: x@evil.example' WHERE email = 'crlf@example.org'"
run "$R" --now $DUE tick
out_has '^sent 1, '
last=$(ls -t sink2/msg-*.eml | head -1)
/usr/bin/python3 "$TOP/tests/check_mail.py" "$last" >/dev/null || fail "$(/usr/bin/python3 "$TOP/tests/check_mail.py" "$last")"
/usr/bin/python3 - "$last" <<'PY' || fail "a header was injected"
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
assert m["Bcc"] is None, m["Bcc"]
assert m["To"].addresses[0].addr_spec == "crlf@example.org", m["To"]
assert "Bcc: x@evil.example" in m["To"].addresses[0].display_name
for part in m.iter_parts():
    assert "\nBcc:" not in part.get_content(), "a line break in the body"
PY
end

begin "non-ASCII names and subjects are RFC 2047 encoded"
enroll zoe@example.org --name "Zoë Ångström-Núñez"
run "$R" --now $DUE tick
last=$(ls -t sink2/msg-*.eml | head -1)
grep -q '^To: =?UTF-8?B?' "$last" || fail "To not encoded: $(grep ^To: "$last")"
/usr/bin/python3 - "$last" <<'PY' || fail "name does not decode"
import email, email.policy, sys
m = email.message_from_bytes(open(sys.argv[1], "rb").read(), policy=email.policy.default)
assert m["To"].addresses[0].display_name == "Zoë Ångström-Núñez", m["To"]
PY
end

begin "an unknown zone is refused naming it, exit 2"
run "$R" enroll --no-welcome q@example.org --name Q --tz America/New_Yrok
status_is 2
err_has "^refready: enroll: unknown time zone 'America/New_Yrok'; did you mean 'America/New_York'\?$"
end

begin "mail.return_path: each envelope sender names the person and day; Reply-To; the Maildir writes Return-Path"
sed 's|"from": "Referral-Ready Plan <plan@example.org>",|"from": "Referral-Ready Plan <plan@example.org>", "return_path": "bounces@plan.example.org", "reply_to": "Coach Kim <coach@example.org>", "organization": "Referral Ready Co.",|' c.json > rp.json
sed -i "s|smtp://127.0.0.1:[0-9]*|smtp://127.0.0.1:$SINK_PORT|" rp.json
enroll vera@example.org --name "Vera"
REFREADY_CONFIG=rp.json run "$R" --now $DUE tick
out_has '^sent 1, '
env=$(grep -l '^vera@example.org' sink2/msg-*.env 2>/dev/null | head -1)
id=$(sqlite3 var/refready.db "SELECT e.id FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email = 'vera@example.org'")
head -1 "$env" | grep -Eq "^bounces\+${id}x1x[0-9a-f]{12}@plan\.example\.org$" ||
    fail "envelope sender: $(head -1 "$env")"
grep -q '^Reply-To: Coach Kim <coach@example.org>' "${env%.env}.eml" ||
    fail "no Reply-To: $(grep -i '^reply-to' "${env%.env}.eml")"
grep -q '^From: Referral-Ready Plan <plan@example.org>' "${env%.env}.eml" ||
    fail "From changed"
# the footer: who, where, and the way out, in both parts
[ "$(grep -c '^Referral Ready Co\., 1 Main St, Springfield' "${env%.env}.eml")" -eq 2 ] ||
    fail "footer: $(grep -n 'Springfield' "${env%.env}.eml")"
sed 's|"url": "smtp://[^"]*"|"url": "maildir:md"|' rp.json > rpmd.json
enroll walt@example.org --name "Walt"
REFREADY_CONFIG=rpmd.json run "$R" --now $DUE tick
out_has '^sent 1, '
head -1 md/new/* | grep -Eq '^Return-Path: <bounces\+[0-9]+x1x[0-9a-f]{12}@plan\.example\.org>' ||
    fail "Maildir Return-Path: $(head -1 md/new/*)"
end

begin "a bad mail.return_path or reply_to is refused naming it"
printf '{"mail": {"return_path": "bounces+x@plan.example.org", "reply_to": "nobody"}}\n' > badrp.json
run "$R" -c badrp.json config check
status_is 2
err_has "mail\.return_path: bad return path 'bounces\+x@plan\.example\.org': its local part may not hold a '\+'"
err_has "mail\.reply_to: bad sender 'nobody'"
end

begin "a second open enrollment is refused"
run "$R" --now $ENROLLED enroll --no-welcome p1@example.org --name "Person 1"
status_is 2
err_has "^refready: enroll: 'p1@example.org' is already enrolled"
end

finish
