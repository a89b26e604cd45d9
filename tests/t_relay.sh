# t_relay.sh - refready behind a real Postfix, as in production: refready
# hands each lesson to a private Postfix instance (tests/postfix.sh: its
# own main.cf, master.cf and queue in this test's folder, 127.0.0.1 only),
# which relays to the capturing sink (tests/smtp_sink.py, mode "dead": 550
# for addresses beginning "dead").  Postfix returns its own DSN to the
# tagged mail.return_path and delivers it into a local Maildir; `refready
# bounces` reads it (day 1), and the daemon reads mail.bounce_maildir by
# itself (day 2): each dead address turns bounced, everyone else gets each
# lesson exactly once, and the envelope sender at the sink carries the
# tag.  Postfix is stopped by its own command and leaves nothing behind.
#
# Postfix must run as root: elsewhere this test fails (it never skips),
# since CI runs it as root with the package installed.
. "$TOP/tests/lib.sh"
. "$TOP/tests/postfix.sh"

PF=$T/pf
DOMAIN=plan.example.org
touch "$T/.started"
db() { sqlite3 var/refready.db "$1"; }
state() { db "SELECT e.state FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email = '$1'"; }
state_is() { [ "$(state "$1")" = "$2" ]; }
# until SECONDS CMD...: wait until CMD succeeds; fails the case if it never does
until_ok() {
	u_max=$(($1 * 10))
	shift
	u_i=0
	until "$@"; do
		if [ $u_i -ge $u_max ]; then
			fail "waited $((u_max / 10)) s for: $*"
			return 1
		fi
		sleep 0.1
		u_i=$((u_i + 1))
	done
}
count() { ls "$1" 2>/dev/null | wc -l; }
# the relay is done: nothing queued, N messages at the sink, M reports in
# the Maildir (new/ and cur/)
settled() {
	[ "$(postfix_queued "$PF")" -eq 0 ] &&
	[ "$(ls sink/msg-*.eml 2>/dev/null | wc -l)" -eq "$1" ] &&
	[ $(($(count "$PF/vmail/bounces/new") + $(count "$PF/vmail/bounces/cur"))) -eq "$2" ]
}
# sinkcheck: every message at the sink, one line each:
# "RCPT MAIL-FROM MESSAGE-ID RECEIVED-BY-RELAY(yes|no)"
sinkcheck() {
	/usr/bin/python3 - sink <<'PY'
import email, email.policy, glob, os, sys
for f in sorted(glob.glob(os.path.join(sys.argv[1], "msg-*.eml"))):
    with open(f, "rb") as fh:
        m = email.message_from_binary_file(fh, policy=email.policy.default)
    with open(f[:-4] + ".env") as fh:
        sender, rcpt = fh.read().split("\n")[:2]
    relayed = any("by relay.refready.test" in str(r) for r in m.get_all("Received", []))
    print(rcpt, sender, m["Message-ID"].strip("<>"), "yes" if relayed else "no")
PY
}

begin "a private Postfix starts on 127.0.0.1 between refready and the sink"
why=$(postfix_missing)
[ -z "$why" ] || fail "cannot run Postfix here: $why"
start_sink "$T/sink" dead
[ -n "$SINK_PORT" ] || fail "the sink did not start"
PFPORT=$(free_port)
cleanup_hooks="postfix_stop '$PF' 2>/dev/null; $cleanup_hooks"
last_cmd="postfix -c $PF/etc start (not run)"
if [ -z "$case_why" ]; then
	last_cmd="postfix -c $PF/etc start"
	postfix_setup "$PF" "$PFPORT" "[127.0.0.1]:$SINK_PORT" $DOMAIN 2>.err &&
	    postfix_start "$PF" 2>>.err
	rc=$?
	[ $rc -eq 0 ] || fail "postfix did not start (see err below)"
fi
if [ -z "$case_why" ]; then
	banner=$(/usr/bin/python3 -c 'import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=5)
print(s.recv(512).decode().strip()); s.sendall(b"QUIT\r\n")' "$PFPORT" 2>&1)
	case $banner in
	"220 relay.refready.test ESMTP"*) ;;
	*) fail "no Postfix greeting on 127.0.0.1:$PFPORT: $banner" ;;
	esac
	# only loopback: the one smtpd listener is 127.0.0.1:PORT
	grep -q "^127\.0\.0\.1:$PFPORT inet" "$PF/etc/master.cf" ||
	    fail "master.cf listens elsewhere"
	/usr/sbin/postconf -c "$PF/etc" -h inet_interfaces | grep -qx 127.0.0.1 ||
	    fail "inet_interfaces is not 127.0.0.1"
fi
end
# nothing below can mean anything without the relay
[ "$failed" -eq 0 ] || exit 1

PORT=$(free_port)
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://$DOMAIN",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "smtp://127.0.0.1:$PFPORT", "tls": "none",
          "from": "Referral-Ready Plan <plan@$DOMAIN>",
          "postal_address": "1 Main St, Springfield",
          "return_path": "bounces@$DOMAIN", "rate": 1000, "timeout": 10}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z	# a Friday; day 1 is Monday the 7th
for p in ann bob cat dan dead.eve; do
	"$R" --now $ENROLLED enroll --no-welcome $p@example.org --name "$p" \
	    --tz America/Chicago --start 2026-12-07 >/dev/null
done
# dead.fay starts on the 8th: her day 1 goes out with the others' day 2
"$R" --now $ENROLLED enroll --no-welcome dead.fay@example.org --name fay \
    --tz America/Chicago --start 2026-12-08 >/dev/null

begin "day 1 through Postfix: each live person's lesson at the sink once, relayed, the envelope sender tagged"
run "$R" --now 2026-12-07T13:00:30Z tick
status_is 0
out_has '^sent 5, retried 0, failed 0, skipped 0$'
until_ok 30 settled 4 1
sinkcheck > day1.txt
equal "$(cut -d' ' -f1 day1.txt | sort | tr '\n' ' ')" \
    "ann@example.org bob@example.org cat@example.org dan@example.org " "recipients at the sink"
equal "$(cut -d' ' -f3 day1.txt | sort -u | wc -l)" 4 "distinct Message-IDs"
grep -v ' yes$' day1.txt && fail "a message that did not pass through Postfix"
# the envelope sender is bounces+TAG@DOMAIN, the tag lower-case letters
# and digits, one per message
grep -Ev '^[^ ]+ bounces\+[a-z0-9]+@plan\.example\.org ' day1.txt &&
    fail "an envelope sender without its tag"
equal "$(cut -d' ' -f2 day1.txt | sort -u | wc -l)" 4 "distinct return paths"
for p in ann bob cat dan; do
	id=$(db "SELECT d.message_id FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id WHERE p.email = '$p@example.org' AND d.day = 1")
	grep -q "^$p@example.org [^ ]* $id yes$" day1.txt ||
	    fail "$p's ledger Message-ID '$id' not at the sink"
done
end

begin "Postfix returns its own DSN to the tagged return path, delivered into the Maildir"
dsn=$(ls "$PF"/vmail/bounces/new/* 2>/dev/null | head -1)
[ -n "$dsn" ] || fail "no report in $PF/vmail/bounces/new"
eve_id=$(db "SELECT d.message_id FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id WHERE p.email = 'dead.eve@example.org' AND d.day = 1")
# the envelope sender Postfix took for dead.eve's lesson, from its log
eve_from=$(awk -v id="message-id=<$eve_id>" '
	index($0, id) { split($6, a, ":"); q = a[1] }
	q != "" && index($0, " " q ": from=<") {
		sub(/.* from=</, ""); sub(/>.*/, ""); print; exit }' "$PF/maillog")
case $eve_from in
bounces+*@plan.example.org) ;;
*) fail "dead.eve's envelope sender in Postfix's log: '$eve_from'" ;;
esac
[ -z "$dsn" ] || /usr/bin/python3 - "$dsn" "$eve_from" "$eve_id" <<'PY' || fail "the report: see above"
import email, email.policy, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"), policy=email.policy.default)
rp, mid = sys.argv[2], sys.argv[3]
errs = []
def want(cond, what):
    if not cond:
        errs.append(what)
want(m.get_content_type() == "multipart/report", "type %s" % m.get_content_type())
want(m.get_param("report-type") == "delivery-status", "report-type")
want("MAILER-DAEMON" in str(m["From"]), "From %s" % m["From"])
want(str(m["Return-Path"]) == "<>", "Return-Path %s" % m["Return-Path"])
want(str(m["Delivered-To"]) == rp, "Delivered-To %s, the return path %s" % (m["Delivered-To"], rp))
status = [p for p in m.walk() if p.get_content_type() == "message/delivery-status"]
want(len(status) == 1, "one delivery-status part")
text = str(m)
want("Final-Recipient: rfc822; dead.eve@example.org" in text, "Final-Recipient")
want("Status: 5.1.1" in text and "Action: failed" in text, "Status/Action")
want("<%s>" % mid in text, "the original Message-ID quoted")
for e in errs:
    print("#   report: " + e)
sys.exit(1 if errs else 0)
PY
end

begin "refready bounces reads the Maildir: dead.eve bounced by her tag, the others still active"
run "$R" --now 2026-12-07T14:00:00Z bounces "$PF/vmail/bounces"
status_is 0
out_has ': hard for dead\.eve@example\.org \(by tag, a lesson\): 5\.1\.1 .*; mail stopped \(bounced\)$'
out_has '^hard 1, soft 0, complaints 0, auto-replies 0, unrecognised 0$'
equal "$(state dead.eve@example.org)" bounced "dead.eve's plan"
for p in ann bob cat dan; do equal "$(state $p@example.org)" active "$p's plan"; done
equal "$(count "$PF/vmail/bounces/new")" 0 "reports left in new/"
end

begin "day 2 by the daemon, which reads mail.bounce_maildir: dead.fay bounced, dead.eve not mailed again, the others once more"
sed "s|\"return_path\": \"bounces@$DOMAIN\"|&, \"bounce_maildir\": \"$PF/vmail/bounces\"|" c.json > d.json
grep -q bounce_maildir d.json || fail "d.json lacks bounce_maildir"
# 8 s before the minute: the first pass sends, the next one, at the top
# of the minute, reads the report Postfix will have delivered by then (if
# it came later, the minute after: hence the long wait)
if [ -z "$case_why" ]; then
	REFREADY_CONFIG=d.json start_serve --now 2026-12-08T13:00:52Z ||
	    fail "serve did not start"
	until_ok 75 state_is dead.fay@example.org bounced
	until_ok 30 settled 8 2
	kill -TERM $SERVE_PID 2>/dev/null
	wait $SERVE_PID
fi
sinkcheck > all.txt
equal "$(wc -l < all.txt)" 8 "messages at the sink"
equal "$(cut -d' ' -f3 all.txt | sort -u | wc -l)" 8 "distinct Message-IDs"
for p in ann bob cat dan; do
	equal "$(grep -c "^$p@example.org " all.txt)" 2 "$p's lessons at the sink"
done
grep -q '^dead' all.txt && fail "a dead address reached the sink"
equal "$(grep -c 'to=<dead.eve@example.org>' "$PF/maillog")" 1 "dead.eve's lessons through Postfix"
equal "$(grep -c 'to=<dead.fay@example.org>' "$PF/maillog")" 1 "dead.fay's lessons through Postfix"
equal "$(db "SELECT count(*) FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id WHERE p.email = 'dead.eve@example.org' AND d.day = 2")" 0 "dead.eve's day 2 rows"
grep -q 'bounces: .*: hard for person [0-9]* (by tag)' serve.log ||
    fail "the daemon did not log the bounce: $(grep bounces serve.log)"
for p in ann bob cat dan; do equal "$(state $p@example.org)" active "$p's plan"; done
end

begin "Postfix stops by its own command: master gone, no process in its queue, nothing written outside the test's folder"
run postfix_stop "$PF"
status_is 0
[ -z "$(postfix_master "$PF")" ] || fail "master $POSTFIX_PID still running"
grep -q 'postfix-script.*: stopping the Postfix mail system' "$PF/maillog" ||
    fail "not stopped by postfix stop"
left=
pfp=$(cd "$PF" && pwd -P)
for c in /proc/[0-9]*/cwd; do
	case $(readlink "$c" 2>/dev/null) in
	"$pfp"|"$pfp"/*) left="$left ${c#/proc/}" ;;
	esac
done
[ -z "$left" ] || fail "processes still in $PF: $left"
# the system's Postfix folders are untouched
changed=$(find /etc/postfix /var/spool/postfix /var/lib/postfix \
    -newer "$T/.started" 2>/dev/null | head -5)
[ -z "$changed" ] || fail "written outside the test's folder: $changed"
end

finish
