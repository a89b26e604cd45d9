# t_bounces.sh - `refready bounces` on what comes back to the return
# path: an RFC 3464 hard bounce found by its tag turns the person bounced
# (status, suppression, no more lessons, the feed still works); an ARF
# complaint found by the quoted Message-ID turns them complained; a
# vacation reply changes nothing; three soft bounces in 14 days stop the
# mail, two do not; a forged tag, a stranger and a personal reply are left
# for a person (flagged in the Maildir); a message read twice counts once;
# a path that is no mailbox is one clear line; and the daemon reads
# mail.bounce_maildir by itself.
. "$TOP/tests/lib.sh"

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "maildir:var/mail", "from": "Plan <plan@plan.example.org>",
          "return_path": "bounces@plan.example.org"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z
DUE=2026-12-07T13:00:30Z
for p in ann bob cat dan eve fay; do
	"$R" --now $ENROLLED enroll $p@example.org --name "$p" \
	    --tz America/Chicago --start 2026-12-07 >/dev/null
done
"$R" --now $DUE tick >/dev/null
db() { sqlite3 var/refready.db "$1"; }
# the return path and Message-ID of a person's day-1 lesson
sent() {	# EMAIL -> "RETURN-PATH MESSAGE-ID"
	f=$(grep -l "^To: .*<$1>" var/mail/new/* | head -1)
	rp=$(sed -n 's/^Return-Path: <\(.*\)>\r*$/\1/p' "$f" | head -1)
	id=$(sed -n 's/^Message-ID: <\(.*\)>\r*$/\1/p' "$f" | head -1)
	echo "$rp $id"
}
state() { db "SELECT e.state FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email = '$1'"; }

# dsn TO MSGID RCPT STATUS ACTION: a Postfix-style delivery status report
dsn() {
	cat <<EOF
Return-Path: <>
Delivered-To: $1
From: MAILER-DAEMON@relay.example.net (Mail Delivery System)
To: $1
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
Message-ID: <dsn.$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')@relay.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="B0UND"

--B0UND
Content-Type: text/plain; charset=us-ascii

This is the mail system at host relay.example.net.
I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

--B0UND
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net
Arrival-Date: Mon,  7 Dec 2026 13:00:31 +0000

Final-Recipient: rfc822; $3
Original-Recipient: rfc822;$3
Action: $5
Status: $4
Diagnostic-Code: smtp; $( [ "${4%%.*}" = 5 ] && echo "550 $4 <$3>: user unknown" || echo "452 $4 mailbox full")

--B0UND
Content-Type: text/rfc822-headers

From: Plan <plan@plan.example.org>
To: someone <$3>
Subject: Day 1 of 30
Message-ID: <$2>

--B0UND--
EOF
}

begin "a hard bounce found by its tag: bounced, suppressed, said in status; the message filed seen"
set -- $(sent ann@example.org)
mkdir -p in/new in/cur in/tmp
dsn "$1" "<none>" ann@example.org 5.1.1 failed > in/new/1.eml
run "$R" --now 2026-12-07T14:00:00Z bounces in
status_is 0
out_has '^in/new/1\.eml: hard for ann@example\.org \(by tag, a lesson\): 5\.1\.1 550 5\.1\.1 <ann@example\.org>: user unknown; mail stopped \(bounced\)$'
out_has '^hard 1, soft 0, complaints 0, auto-replies 0, unrecognised 0$'
equal "$(state ann@example.org)" bounced "ann's plan"
equal "$(db "SELECT reason FROM suppression WHERE email = 'ann@example.org'")" bounced "suppression"
ls in/cur | grep -q '^1\.eml:2,S$' || fail "not filed seen: $(ls in/cur)"
equal "$(ls in/new | wc -l)" 0 "left in new/"
run "$R" status ann@example.org
out_has '^stopped: +hard on 2026-12-07: 5\.1\.1 550 5\.1\.1'
run "$R" status ann@example.org --json
/usr/bin/python3 -c 'import json,sys; d=json.load(sys.stdin); s=d["stopped"]
assert d["state"] == "bounced" and s["kind"] == "hard" and s["at"].startswith("2026-12-07") and "5.1.1" in s["reason"], d' < .out ||
    fail "status --json: $(cat .out)"
run "$R" --now 2026-12-08T14:00:00Z enroll ann@example.org --name ann --tz America/Chicago
status_is 2
err_has "^refready: enroll: ann@example\\.org bounced on 2026-12-07 \\(5\\.1\\.1 550 5\\.1\\.1"
end

begin "an ARF complaint found by the quoted Message-ID, from an mbox: complained at once"
set -- $(sent bob@example.org)
{
	printf 'From fbl@provider.example Mon Dec  7 15:00:00 2026\n'
	cat <<EOF
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
Original-Rcpt-To: <bob@example.org>

--ARF
Content-Type: message/rfc822

From: Plan <plan@plan.example.org>
To: bob <bob@example.org>
Subject: Day 1 of 30
Message-ID: <$2>

Hello

--ARF--
EOF
} > fbl.mbox
run "$R" --now 2026-12-07T15:00:00Z bounces fbl.mbox
status_is 0
out_has '^fbl\.mbox:1: complaint for bob@example\.org \(by message-id, a lesson\): .*abuse; mail stopped \(complained\)$'
out_has '^hard 0, soft 0, complaints 1, auto-replies 0, unrecognised 0$'
equal "$(state bob@example.org)" complained "bob's plan"
equal "$(db "SELECT reason FROM suppression WHERE email = 'bob@example.org'")" complained "suppression"
run "$R" --now 2026-12-07T15:00:00Z bounces fbl.mbox
out_has 'read before; not counted again'
equal "$(db "SELECT count(*) FROM bounce")" 2 "bounces recorded"
end

begin "a vacation reply on standard input is ignored: still active"
printf 'From: cat@example.org\nTo: bounces@plan.example.org\nSubject: Out of office\nAuto-Submitted: auto-replied\n\nI am away until Monday.\n' > away.eml
"$R" --now 2026-12-07T15:00:00Z bounces - < away.eml > .out 2>.err
equal "$?" 0 "exit status"
out_has '^standard input: auto-reply'
out_has '^hard 0, soft 0, complaints 0, auto-replies 1, unrecognised 0$'
equal "$(state cat@example.org)" active "cat's plan"
end

begin "soft bounces: two in 14 days keep the mail going, the third stops it"
set -- $(sent dan@example.org)
for i in 1 2 3; do dsn "$1" "<none>" dan@example.org 4.2.2 delayed > in/new/soft$i.eml; done
mv in/new/soft3.eml soft3.eml
run "$R" --now 2026-12-07T16:00:00Z bounces in
out_has '^hard 0, soft 2, complaints 0, auto-replies 0, unrecognised 0$'
out_has 'soft for dan@example\.org .*4\.2\.2.*; kept$'
equal "$(state dan@example.org)" active "dan after two"
mv soft3.eml in/new/
run "$R" --now 2026-12-08T16:00:00Z bounces in
out_has 'soft for dan@example\.org .*; mail stopped \(bounced\)$'
equal "$(state dan@example.org)" bounced "dan after three"
end

begin "a forged tag, a stranger, a personal reply: left for a person, flagged, nobody changed"
set -- $(sent eve@example.org)
forged=$(echo "$1" | sed 's/x\([0-9a-f]*\)@/x000000000000@/')
dsn "$forged" "<none>" eve@example.org 5.1.1 failed > in/new/forged.eml
dsn bounces@plan.example.org "<none>" stranger@example.net 5.1.1 failed > in/new/stranger.eml
printf 'From: fay@example.org\nTo: bounces@plan.example.org\nSubject: Re: Day 1\n\nThanks, done!\n' > in/new/reply.eml
run "$R" --now 2026-12-07T17:00:00Z bounces in
status_is 0
out_has '^in/new/forged\.eml: hard with a return-path tag that is not ours; left for a person$'
out_has '^in/new/stranger\.eml: hard for nobody refready knows \(stranger@example\.net\); left for a person$'
out_has '^in/new/reply\.eml: unrecognised \(Re: Day 1\); left for a person$'
equal "$(state eve@example.org)" active "eve's plan"
for f in forged stranger reply; do
	ls in/cur | grep -q "^$f\\.eml:2,F$" || fail "$f not flagged: $(ls in/cur)"
done
end

begin "the next lessons skip the bounced and the complained; their feed still works"
run "$R" --now 2026-12-08T13:00:30Z tick
out_has '^sent 3, '
for p in ann bob dan; do
	equal "$(db "SELECT d.state FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id WHERE p.email = '$p@example.org' AND d.day = 2")" "" "$p's day 2 queued"
done
run "$R" feed ann@example.org
status_is 0
out_has '^BEGIN:VCALENDAR'
end

begin "a cohort report counts the bounced beside the unsubscribed"
"$R" --now 2026-11-01T00:00:00Z cohort create dec-01 \
    --webinar "2026-12-01 12:00 America/Chicago" --start 2026-12-07 >/dev/null
"$R" --now $ENROLLED enroll gus@example.org --name gus --tz America/Chicago \
    --cohort dec-01 --start 2026-12-07 >/dev/null
"$R" --now 2026-12-07T13:00:40Z tick >/dev/null
set -- $(sent gus@example.org)
dsn "$1" "<none>" gus@example.org 5.1.1 failed | "$R" --now 2026-12-07T18:00:00Z bounces - >/dev/null
run "$R" --now 2026-12-08T18:00:00Z cohort report dec-01 --format json
/usr/bin/python3 -c 'import json,sys; s=json.load(sys.stdin)["states"]
assert s["bounced"] == 1 and s["unsubscribed"] == 0 and s["complained"] == 0, s' < .out ||
    fail "states: $(cat .out | head -c 400)"
run "$R" --now 2026-12-08T18:00:00Z cohort report dec-01
out_has '^ *bounced +1'
end

begin "bad input: no such path, a file that is no mailbox, a message too big"
run "$R" bounces nowhere
status_is 2
err_lines 1
err_has "nowhere"
mkdir -p notmd/sub
run "$R" bounces notmd
status_is 2
err_has "notmd"
head -c 11000000 /dev/zero | tr '\0' 'a' > in/new/huge.eml
run "$R" bounces in
status_is 1
err_has 'huge\.eml'
ls in/cur | grep -q '^huge\.eml' || fail "the big one was not kept: $(ls in/cur)"
end

begin "the daemon reads mail.bounce_maildir by itself; /metrics counts it"
sed 's|"return_path": "bounces@plan.example.org"|"return_path": "bounces@plan.example.org", "bounce_maildir": "in"|' c.json > d.json
set -- $(sent fay@example.org)
dsn "$1" "<none>" fay@example.org 5.1.1 failed > in/new/fay.eml
REFREADY_CONFIG=d.json start_serve --now 2026-12-08T18:00:00Z
i=0; until [ "$(state fay@example.org)" = bounced ] || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
equal "$(state fay@example.org)" bounced "fay's plan"
http GET $B/metrics
body_has '^refready_bounces_total\{kind="hard"\} 1$'
body_has '^refready_enrollees\{state="bounced"\} 4$'
grep -q 'bounces: in/new/fay.eml: hard for person [0-9]* (by tag)' serve.log ||
    fail "not logged: $(grep bounces serve.log)"
grep 'bounces:' serve.log | grep -q '@' && fail "an address in the log"
kill -TERM $SERVE_PID; wait $SERVE_PID
end

finish
