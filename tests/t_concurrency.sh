# t_concurrency.sh - the operator's commands while the daemon works: with
# `serve` sending lessons to a real SMTP server and answering HTTP, the
# CLI enrolls, pauses, resumes, ticks tasks off and imports a cohort, and
# people tick tasks off on their pages, all at once.  No command fails,
# no "database is locked" reaches anyone, and every write is there after.
. "$TOP/tests/lib.sh"
. "$TOP/tests/people.sh"

N=400		# lessons the daemon sends meanwhile
K=30		# people each writer works on
start_sink "$T/sink"
PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "from": "Plan <plan@example.org>", "postal_address": "1 Main St, Springfield", "connections": 4,
          "rate": 150, "timeout": 10}}
JSON
export REFREADY_CONFIG=c.json
NOW=2026-12-07T13:00:30Z
"$R" init -q >/dev/null
bulk_people var/refready.db "$N" America/Chicago 2026-12-07T13:00:00Z
"$R" --now 2026-12-04T15:00:00Z enroll web@example.org --name Web \
    --tz America/Chicago --start 2026-12-07 > web.txt
PAGE=$(awk '/^page:/ { print $2 }' web.txt)
/usr/bin/python3 - "$K" > import.csv <<'PY'
import sys
print("First Name,Last Name,Email,Registration Time")
for i in range(int(sys.argv[1]) * 5):
    print('Reg,"Number %d",reg%d@example.org,"11/02/2026 09:%02d:00 AM"' % (i, i, i % 60))
PY
q() { sqlite3 var/refready.db "$1"; }

begin "the CLI and the web write while the daemon sends $N lessons"
"$R" --now $NOW serve 2>serve.log &
SERVE_PID=$!
cleanup_hooks="$cleanup_hooks kill $SERVE_PID 2>/dev/null;"
i=0; until curl -s -o /dev/null $B/healthz || [ $i -ge 100 ]; do sleep 0.1; i=$((i+1)); done
(	# new people
	for i in $(seq $K); do
		"$R" --now $NOW enroll new$i@example.org --name "New $i" \
		    --tz Europe/Berlin >/dev/null || echo "enroll new$i: $?"
	done
) > w1.err 2>&1 &
w1=$!
(	# done marks and pauses on people being mailed right now
	for i in $(seq $K); do
		"$R" --now $NOW done p$i@example.org 1 >/dev/null || echo "done p$i: $?"
		"$R" --now $NOW pause p$((i + K))@example.org >/dev/null || echo "pause: $?"
		"$R" --now $NOW resume p$((i + K))@example.org >/dev/null || echo "resume: $?"
	done
) > w2.err 2>&1 &
w2=$!
(	# a cohort import
	"$R" cohort create busy --webinar "2026-11-20 12:00 America/New_York" >/dev/null || echo "create: $?"
	"$R" cohort import busy import.csv >/dev/null || echo "import: $?"
) > w3.err 2>&1 &
w3=$!
(	# people on their pages
	for d in $(seq 30); do
		c=$(curl -s -o /dev/null -w '%{http_code}' -d done=1 "$PAGE/days/$d")
		[ "$c" = 303 ] || echo "POST day $d: $c"
		c=$(curl -s -o /dev/null -w '%{http_code}' "$PAGE")
		[ "$c" = 200 ] || echo "GET page: $c"
	done
) > w4.err 2>&1 &
w4=$!
wait $w1 $w2 $w3 $w4
for f in w1 w2 w3 w4; do
	[ ! -s $f.err ] || fail "$f: $(head -3 $f.err | tr '\n' ' ')"
done
grep -il 'locked\|busy' w*.err serve.log && fail "a lock error was reported"
end

begin "every write is there, and the daemon still sends everything"
equal "$(q "SELECT count(*) FROM person WHERE email LIKE 'new%'")" "$K" "people enrolled"
equal "$(q "SELECT count(*) FROM task t JOIN enrollment e ON e.id = t.enrollment_id WHERE t.day = 1 AND t.done = 1 AND e.person_id <= $K")" "$K" "CLI done marks"
equal "$(q "SELECT count(*) FROM task t JOIN enrollment e ON e.id = t.enrollment_id JOIN person p ON p.id = e.person_id WHERE p.email = 'web@example.org' AND t.done = 1")" 30 "web done marks"
equal "$(q "SELECT count(*) FROM registration r JOIN cohort c ON c.id = r.cohort_id WHERE c.name = 'busy'")" "$((K * 5))" "registrations imported"
equal "$(q "SELECT count(*) FROM enrollment WHERE state = 'paused'")" 0 "left paused"
i=0
until [ "$(q "SELECT count(*) FROM delivery WHERE state = 'sent'")" -ge "$N" ] || [ $i -ge 600 ]; do
	sleep 0.1; i=$((i + 1))
done
# people paused and resumed today get today's lesson at once or tomorrow
sent=$(q "SELECT count(*) FROM delivery WHERE state = 'sent'")
[ "$sent" -ge "$N" ] || fail "only $sent of $N lessons sent"
kill -TERM $SERVE_PID
wait $SERVE_PID
equal "$?" 0 "daemon exit status"
end

finish
