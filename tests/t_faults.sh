# t_faults.sh - what each answer of a real SMTP server (aiosmtpd, which
# offers AUTH) does to the ledger: 452 is retried after the first
# back-off, 554 after the data is a permanent failure, a server that
# stalls mid-transaction times out and is retried as uncertain, a slow
# one is waited for; each with its log line.  A failure of the session
# (a 454 or 530 to MAIL FROM, a refused login, a 554 greeting, the same
# refusal for recipient after recipient) is the relay's: nothing fails,
# the pass stops, tick exits 1 with one line, the daemon logs it once a
# pass and shows it in /metrics.  And the daemon answers HTTP at once
# while its mail side waits on a stalled server.
. "$TOP/tests/lib.sh"

start_sink "$T/sink"
PORT=$(free_port)
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "http://127.0.0.1:$PORT",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "from": "Plan <plan@example.org>", "postal_address": "1 Main St, Springfield", "rate": 1000, "timeout": 3}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
DUE=2026-12-07T13:00:00Z		# 07:00 in Chicago, day 1
DUE_S=$(date -u -d $DUE +%s)
enroll() {
	"$R" --now 2026-12-04T15:00:00Z enroll --no-welcome "$1" --name "$1" \
	    --tz America/Chicago --start 2026-12-07 >/dev/null
}
row() {	# COLUMNS EMAIL
	sqlite3 var/refready.db "SELECT $1 FROM delivery WHERE day = 1 AND
	    enrollment_id = (SELECT e.id FROM enrollment e JOIN person p
	    ON p.id = e.person_id WHERE p.email = '$2')"
}
# fault MODE EMAIL: one tick at DUE against the server in MODE
fault() {
	echo "$1" > sink/mode
	enroll "$2"
	run "$R" --now $DUE tick
	rm -f sink/mode
	# the next person starts clean: this one's row is out of the way
}

begin "452 mailbox full: retried after the first back-off (60 s), logged"
fault 452 full@example.org
out_has '^sent 0, retried 1, failed 0, skipped 0$'
err_has 'enrollment [0-9]+ day 1: temporary failure: 452 4.2.2'
equal "$(row 'state, attempts' full@example.org)" "retry|1" "ledger"
equal "$(( $(row next_try_at full@example.org) - DUE_S ))" 60 "wait before the retry"
end

begin "454 throttling at MAIL FROM (as SES says it): the relay's, the pass stops, due again"
fault 454 throttle@example.org
status_is 1
out_has '^sent 0, retried 1, failed 0, skipped 0$'
err_has "^refready: tick: smtp://127.0.0.1:$SINK_PORT refused the sender: 454 4.7.0 Throttling failure"
err_lines 1
equal "$(row 'state, attempts, next_try_at' throttle@example.org)" "retry|0|$DUE_S" "ledger"
end

begin "the retry goes out when its time comes, with a growing delay if it fails again"
echo 452 > sink/mode
run "$R" --now 2026-12-07T13:01:05Z tick
out_has 'retried 2'
equal "$(( $(row next_try_at full@example.org) - $(date -u -d 2026-12-07T13:01:05Z +%s) ))" 300 "second wait"
rm sink/mode
run "$R" --now 2026-12-07T13:06:10Z tick
out_has '^sent 2, '
equal "$(row 'state, attempts' full@example.org)" "sent|3" "ledger"
end

begin "554 after the data: failed for good, never retried, shown in status"
fault 554 rejected@example.org
out_has '^sent 0, retried 0, failed 1, skipped 0$'
err_has 'permanent failure: 554 5.7.1'
equal "$(row state rejected@example.org)" failed "ledger"
run "$R" --now 2026-12-07T15:00:00Z tick
out_has '^sent 0, retried 0, failed 0'
"$R" status rejected@example.org | grep -q 'failed' || fail "status does not show it"
end

begin "a server that stalls mid-transaction: timed out, retried, marked maybe sent"
fault stall stalled@example.org
out_has 'retried 1'
err_has 'enrollment [0-9]+ day 1: uncertain: no final reply after the data: .*[Tt]imeout|timed out'
equal "$(row state stalled@example.org)" retry "ledger"
equal "$(row maybe_dup stalled@example.org)" 1 "flagged: it may have arrived"
echo ok > sink/mode
run "$R" --now 2026-12-07T13:01:30Z tick
equal "$(row 'state, maybe_dup' stalled@example.org)" "sent|1" "after the re-send"
end

begin "a slow server is waited for, not given up on"
fault slow slow@example.org
out_has '^sent 1, retried 0, failed 0, skipped 0$'
equal "$(row state slow@example.org)" sent "ledger"
end

# people who start on the 7th; ROWS EMAIL-PATTERN: their ledger rows
# as state|attempts|count
enroll_n() {	# PREFIX N
	i=1
	while [ $i -le $2 ]; do enroll "$1$i@example.org"; i=$((i + 1)); done
}
rows() {
	sqlite3 var/refready.db "SELECT d.state, d.attempts, count(*) FROM
	    delivery d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p
	    ON p.id = e.person_id WHERE p.email LIKE '$1' GROUP BY 1, 2"
}

begin "a relay that wants a login it did not get (530 at MAIL FROM): nothing fails, exit 1, one line"
echo authreq > sink/mode
enroll_n auth 2
run "$R" --now $DUE tick
status_is 1
out_has '^sent 0, retried 2, failed 0, skipped 0$'
err_has "^refready: tick: smtp://127.0.0.1:$SINK_PORT refused the sender: 530 5.7.0 Authentication required$"
err_lines 1
equal "$(rows 'auth%')" "retry|0|2" "ledger"
equal "$(sqlite3 var/refready.db "SELECT DISTINCT due_at, next_try_at FROM delivery d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id = e.person_id WHERE p.email LIKE 'auth%'")" "$DUE_S|$DUE_S" "due time kept, due again"
end

umask 077
sed 's/"tls": "none",/"tls": "none", "username": "plan", "password_file": "pw",/' c.json > auth.json
begin "a refused login (535): retried, said once, exit 1"
printf 'wrong\n' > pw
REFREADY_CONFIG=auth.json run "$R" --now 2026-12-07T13:00:30Z tick
status_is 1
out_has '^sent 0, retried 2, failed 0, skipped 0$'
err_has "^refready: tick: smtp://127.0.0.1:$SINK_PORT refused the login: 535 5.7.8 Authentication credentials invalid$"
err_lines 1
equal "$(rows 'auth%')" "retry|0|2" "ledger"
end

begin "the right password: both go out, exit 0"
printf 'secret\n' > pw
REFREADY_CONFIG=auth.json run "$R" --now 2026-12-07T13:01:00Z tick
status_is 0
out_has '^sent 2, retried 0, failed 0, skipped 0$'
equal "$(rows 'auth%')" "sent|1|2" "ledger"
rm -f sink/mode
end

begin "a relay that greets with 554: the session is refused, nothing fails"
echo greet554 > sink/mode
enroll_n greet 2
run "$R" --now $DUE tick
status_is 1
out_has '^sent 0, retried 2, failed 0, skipped 0$'
err_has "^refready: tick: smtp://127.0.0.1:$SINK_PORT refused the session: 554 5.3.2 not accepting mail here$"
err_lines 1
rm sink/mode
run "$R" --now 2026-12-07T13:00:40Z tick
out_has '^sent 2, retried 0, failed 0'
end

begin "550 to MAIL FROM: the sender is refused, nothing fails"
echo mail550 > sink/mode
enroll_n sender 2
run "$R" --now $DUE tick
status_is 1
out_has '^sent 0, retried 2, failed 0, skipped 0$'
err_has "refused the sender: 550 5.7.1 Sender address rejected"
rm sink/mode
run "$R" --now 2026-12-07T13:00:40Z tick
out_has '^sent 2, retried 0, failed 0'
end

begin "the same 5xx for 10 recipients in a row: a block on the sender, nobody fails"
echo block > sink/mode
enroll_n block 14
run "$R" --now $DUE tick
status_is 1
out_has '^sent 0, retried 14, failed 0, skipped 0$'
err_has "^refready: tick: smtp://127.0.0.1:$SINK_PORT refused recipient after recipient with the same reply: 554 5.7.1 <\(address\)>: Sender address rejected: Access denied$"
err_lacks 'permanent failure'
# the ten and those on the wire with them are due again; any never
# started are pending, as before the pass
rows 'block%' | grep -q failed && fail "ledger: $(rows 'block%')"
[ "$(rows 'block%' | awk -F'|' '$1 == "retry" { print $3 }')" -ge 10 ] ||
    fail "ledger: $(rows 'block%')"
rm sink/mode
run "$R" --now 2026-12-07T13:00:40Z tick
out_has '^sent 14, retried 0, failed 0'
end

begin "12 dead addresses, each refused by name: each fails on its own, the pass goes on"
echo 550 > sink/mode
enroll_n dead 12
enroll_n alive 1
run "$R" --now $DUE tick
status_is 0
out_has '^sent 0, retried 0, failed 13, skipped 0$'
err_lacks 'refused recipient after recipient'
rm sink/mode
end

begin "the daemon: the relay's refusal logged once a pass, in /metrics, and sent when it is back"
echo authreq > sink/mode
enroll_n metr 3
# the first pass at once, the next at 13:01:00, ten seconds later
"$R" --now 2026-12-07T13:00:50Z serve 2>relay.log &
pid=$!
cleanup_hooks="$cleanup_hooks kill $pid 2>/dev/null;"
i=0; until grep -q 'refused the sender' relay.log || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
http GET http://127.0.0.1:$PORT/metrics
body_has '^refready_mail_relay_up 0$'
body_has '^refready_mail_relay_failures_total\{reason="sender"\} 1$'
body_has '^refready_email_retries_total\{reason="relay"\} 3$'
equal "$(grep -c 'refused the sender' relay.log)" 1 "log lines for the pass"
grep -Eq "^[0-9T:.-]+Z error mail: smtp://127.0.0.1:$SINK_PORT refused the sender: 530 5.7.0" relay.log ||
    fail "not logged at error level: $(grep refused relay.log)"
rm sink/mode
i=0; until [ "$(rows 'metr%')" = "sent|1|3" ] || [ $i -ge 200 ]; do sleep 0.1; i=$((i+1)); done
equal "$(rows 'metr%')" "sent|1|3" "ledger after the relay came back"
http GET http://127.0.0.1:$PORT/metrics
body_has '^refready_mail_relay_up 1$'
kill -TERM $pid
wait $pid
end

begin "a database error while a lesson is built: due again later, not failed"
echo authreq > sink/mode
enroll dberr@example.org
"$R" --now $DUE tick >/dev/null 2>&1	# queued, then refused: a retry
rm sink/mode
# a real SQLite error on the enrollment's read (the pause lookup)
sqlite3 var/refready.db "ALTER TABLE pause RENAME TO pause_gone"
run "$R" --now 2026-12-07T13:00:30Z tick
out_has '^sent 0, retried 1, failed 0, skipped 0$'
err_has 'enrollment [0-9]+ day 1: temporary failure: refready: the enrollment could not be read'
equal "$(row 'state, attempts' dberr@example.org)" "retry|1" "ledger"
sqlite3 var/refready.db "ALTER TABLE pause_gone RENAME TO pause"
run "$R" --now 2026-12-07T13:02:00Z tick
out_has '^sent 1, retried 0, failed 0'
end

begin "a ledger write that fails stops the batch; the daemon records it before sending more, and none twice"
enroll_n led 20
at_sink() { ls sink | grep -c '\.eml$'; }
before=$(at_sink)
# the fourth 'sent' of these people cannot be written, until the
# trigger goes
sqlite3 var/refready.db "CREATE TRIGGER no_record BEFORE UPDATE OF state
    ON delivery WHEN NEW.state = 'sent' AND (SELECT count(*) FROM delivery
    d JOIN enrollment e ON e.id = d.enrollment_id JOIN person p ON p.id =
    e.person_id WHERE p.email LIKE 'led%' AND d.state = 'sent') >= 3
    BEGIN SELECT RAISE(ABORT, 'the disk is full'); END"
"$R" --now 2026-12-07T13:00:50Z serve 2>led.log &
pid=$!
cleanup_hooks="$cleanup_hooks kill $pid 2>/dev/null;"
i=0; until grep -q 'could not be recorded' led.log || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
sleep 1
first=$(( $(at_sink) - before ))
# the fourth, and at most the three on the other connections with it
[ "$first" -ge 4 ] && [ "$first" -le 7 ] || fail "$first sent in the first pass"
grep -q 'the disk is full' led.log || fail "the database's reason is not logged"
sqlite3 var/refready.db "DROP TRIGGER no_record"
i=0; until [ "$(rows 'led%')" = "sent|1|20" ] || [ $i -ge 200 ]; do sleep 0.1; i=$((i+1)); done
equal "$(rows 'led%')" "sent|1|20" "ledger"
equal "$(( $(at_sink) - before ))" 20 "messages at the server"
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM delivery WHERE maybe_dup = 1 AND enrollment_id IN (SELECT e.id FROM enrollment e JOIN person p ON p.id = e.person_id WHERE p.email LIKE 'led%')")" 0 "rows flagged maybe_dup"
kill -TERM $pid
wait $pid
end

begin "the daemon answers HTTP at once while its mail side waits on a stalled server"
echo stall > sink/mode
for i in 1 2 3 4 5 6; do enroll wait$i@example.org; done
"$R" --now $DUE serve 2>serve.log &
pid=$!
cleanup_hooks="$cleanup_hooks kill $pid 2>/dev/null;"
i=0; until curl -s -o /dev/null http://127.0.0.1:$PORT/healthz || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
sleep 0.5	# the first pass is now stuck on the stalled server
slowest=0
for i in 1 2 3 4 5; do
	t=$(curl -s -o /dev/null -w '%{time_total}' http://127.0.0.1:$PORT/healthz)
	slowest=$(awk -v a=$slowest -v b=$t 'BEGIN { print (b > a ? b : a) }')
done
awk -v t=$slowest 'BEGIN { exit !(t < 1.0) }' || fail "/healthz took ${slowest}s"
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM delivery WHERE state = 'sending'")" 6 "rows in flight"
t0=$(date +%s)
kill -TERM $pid
wait $pid
equal "$?" 0 "exit status"
# the batch in flight ends by mail.timeout (3 s); closing its
# connections must not wait on the silent server (libcurl's QUIT
# would wait 120 s each without CURLOPT_SERVER_RESPONSE_TIMEOUT)
[ $(( $(date +%s) - t0 )) -le 30 ] || fail "SIGTERM took $(( $(date +%s) - t0 ))s"
rm -f sink/mode
end

finish
