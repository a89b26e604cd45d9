# t_faults.sh - what each answer of a real SMTP server (aiosmtpd) does to
# the ledger: 452 and 454 (throttling) are retried after the first
# back-off, 554 after the data is a permanent failure, a server that
# stalls mid-transaction times out and is retried as uncertain, a slow
# one is waited for; each with its log line.  And the daemon answers HTTP
# at once while its mail side waits on a stalled server.
. "$TOP/tests/lib.sh"

start_sink "$T/sink"
PORT=$(free_port)
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "http://127.0.0.1:$PORT",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "from": "Plan <plan@example.org>", "rate": 1000, "timeout": 3}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
DUE=2026-12-07T13:00:00Z		# 07:00 in Chicago, day 1
DUE_S=$(date -u -d $DUE +%s)
enroll() {
	"$R" --now 2026-12-04T15:00:00Z enroll "$1" --name "$1" \
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

begin "454 throttling (as SES says it): temporary, retried"
fault 454 throttle@example.org
out_has '^sent 0, retried 1, failed 0, skipped 0$'
err_has 'temporary failure: 454 4.7.0 Throttling'
equal "$(row state throttle@example.org)" retry "ledger"
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
