# t_crash.sh - no lesson lost, few sent twice: `refready serve` sending N
# lessons due at once is killed with SIGKILL at random moments, KILLS
# times, and restarted each time; then CUTS more times in the middle of a
# database write (strace injects SIGKILL on entry to a random pwrite64,
# the call SQLite writes its WAL with: the power cut of a process); then
# it finishes.  At the end every ledger row is sent, and the mail holds
# every lesson, with duplicates no more than the messages that could be
# in flight at each kill, each one flagged maybe_dup.
#
# Twice: over SMTP to a real server (aiosmtpd, which stores every message
# it accepts), where up to mail.connections messages are on the wire at
# a kill; and into a Maildir, one message at a time, where only the one
# being written can be delivered and not yet recorded.
#
#   CRASH_N=20000 CRASH_KILLS=6 CRASH_CUTS=4 sh tests/t_crash.sh
#   (make check: 1200, 4, 3 over SMTP; 600, 4, 3 into the Maildir)
. "$TOP/tests/lib.sh"
. "$TOP/tests/people.sh"

# crash TRANSPORT N: the whole run in its own folder, smtp or maildir
crash() {
TRANSPORT=$1
N=$2
KILLS=${CRASH_KILLS:-4}
CUTS=${CRASH_CUTS:-3}
command -v strace >/dev/null 2>&1 || CUTS=0
mkdir "$T/$TRANSPORT" && cd "$T/$TRANSPORT" || return
PORT=$(free_port)
if [ "$TRANSPORT" = smtp ]; then
	INFLIGHT=4	# mail.connections
	start_sink "$T/$TRANSPORT/sink"
	url="smtp://127.0.0.1:$SINK_PORT"
	at_sink() { ls sink | grep -c '\.eml$'; }
	mail_files() { cat sink/*.eml; }
else
	INFLIGHT=1	# one message at a time
	url="maildir:$T/$TRANSPORT/mail"
	at_sink() { ls mail/new 2>/dev/null | wc -l; }
	mail_files() { cat mail/new/*; }
fi
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "$url", "tls": "none",
          "from": "Plan <plan@example.org>", "postal_address": "1 Main St, Springfield", "connections": 4,
          "rate": 100000, "timeout": 10}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
bulk_people var/refready.db "$N" UTC 2026-12-07T07:00:00Z
q() { sqlite3 var/refready.db "$1"; }
# each run starts a minute after the last: well inside a claim's lease
# (15 minutes), so what a killed run held is only taken up at once
# because the new pass holds the send lock and knows its owner is dead
start_at() { date -u -d "@$(( $(date -u -d 2026-12-07T07:00:00Z +%s) + $1 * 60 ))" +%Y-%m-%dT%H:%M:%SZ; }

begin "$TRANSPORT: SIGKILL at $KILLS random moments while sending $N lessons"
k=1
: > kills.txt
while [ $k -le $KILLS ]; do
	"$R" --now "$(start_at $k)" serve 2>>serve.log &
	pid=$!
	# wait for sending to be under way, then a random moment
	i=0
	# (the kills spread over the first half, the cuts take the rest)
	until [ "$(at_sink)" -gt $(( (k - 1) * N / (2 * KILLS + 2) )) ] || [ $i -ge 300 ]; do
		sleep 0.05; i=$((i + 1))
	done
	sleep "0.0$(od -An -N1 -tu1 /dev/urandom | tr -d ' ')"
	kill -KILL $pid
	wait $pid 2>/dev/null
	echo "kill $k: $(at_sink) at the server, $(q "SELECT count(*) FROM delivery WHERE state = 'sent'") recorded sent, $(q "SELECT count(*) FROM delivery WHERE state = 'sending'") sending" >> kills.txt
	k=$((k + 1))
done
sed 's/^/# /' kills.txt
[ "$(q "SELECT count(*) FROM delivery WHERE state = 'sent'")" -lt "$N" ] ||
    echo "# (every lesson went out before the last kill)"
end

begin "$TRANSPORT: SIGKILL in the middle of a database write, $CUTS times"
c=1
: > cuts.txt
while [ $c -le $CUTS ]; do
	k=$((KILLS + c))
	when=$(( 50 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 400 ))
	strace -f -qq -o /dev/null -e trace=pwrite64 \
	    -e inject=pwrite64:signal=SIGKILL:when=$when \
	    "$R" --now "$(start_at $k)" serve 2>>serve.log &
	pid=$!
	sleep 0.2
	child=$(ps -o pid= --ppid $pid | tr -d ' ')
	i=0
	while kill -0 $pid 2>/dev/null && [ $i -lt 300 ]; do
		sleep 0.1; i=$((i + 1))
	done
	# not cut short (too few writes left): killed, never left running
	[ -n "$child" ] && kill -KILL $child 2>/dev/null
	kill -KILL $pid 2>/dev/null
	wait $pid 2>/dev/null
	echo "cut $c at write $when: $(at_sink) at the server, $(q "SELECT count(*) FROM delivery WHERE state = 'sent'") recorded sent" >> cuts.txt
	c=$((c + 1))
done
sed 's/^/# /' cuts.txt
run sqlite3 var/refready.db "PRAGMA integrity_check"
out_has '^ok$'
end

begin "$TRANSPORT: restarted once more, it finishes: every row sent, none left behind"
"$R" --now "$(start_at $((KILLS + CUTS + 1)))" serve 2>>serve.log &
pid=$!
i=0
until curl -s -o /dev/null http://127.0.0.1:$PORT/healthz || [ $i -ge 300 ]; do
	sleep 0.1; i=$((i + 1))
done
i=0
until [ "$(q "SELECT count(*) FROM delivery WHERE state = 'sent'")" -ge "$N" ] || [ $i -ge 1200 ]; do
	sleep 0.1; i=$((i + 1))
done
kill -TERM $pid
wait $pid
equal "$?" 0 "exit status after SIGTERM"
equal "$(q "SELECT count(*) FROM delivery")" "$N" "ledger rows"
equal "$(q "SELECT count(*) FROM delivery WHERE state = 'sent'")" "$N" "rows sent"
equal "$(q "SELECT count(*) FROM enrollment WHERE next_day = 2")" "$N" "people moved on to day 2"
end

begin "$TRANSPORT: every lesson delivered; duplicates at most $INFLIGHT per kill, each flagged"
KILLS=$((KILLS + CUTS))
mail_files | grep -i '^Message-ID:' | sort > ids.txt
total=$(wc -l < ids.txt)
distinct=$(sort -u ids.txt | wc -l)
dups=$((total - distinct))
echo "# $N lessons, $total messages at the server, $distinct distinct, $dups duplicates after $KILLS kills"
equal "$distinct" "$N" "distinct lessons at the server"
[ "$dups" -le $((KILLS * INFLIGHT)) ] || fail "$dups duplicates for $KILLS kills, $INFLIGHT in flight"
flagged=$(q "SELECT count(*) FROM delivery WHERE maybe_dup = 1")
[ "$flagged" -ge "$dups" ] || fail "$dups duplicates but $flagged rows flagged maybe_dup"
end
[ "$TRANSPORT" = smtp ] && stop_sink
cd "$T"
}

crash smtp "${CRASH_N:-1200}"
crash maildir "${CRASH_MAILDIR_N:-${CRASH_N:-600}}"
finish
