#!/bin/sh
# bench/webhooks.sh - webhook delivery rate: `refready serve` posting N
# events from its outbox to a local receiver (nginx answering 204 to
# every POST, 2 workers, on 127.0.0.1), against a reference posting the
# very same bodies to the same receiver in the same run:
#   - bench/curlpost.c, a bare libcurl poster driving libcurl as
#     src/webhook.c does (one multi handle, the same 16 requests in
#     flight, the same headers and timeouts), with no database, no
#     signing and no recording: libcurl's own ceiling.
#
#   bench/webhooks.sh [N] [RUNS]      (defaults 20000 3)
#
# The events are refready's own: one `refready tick` sends N people
# their day 1 (to smtp-sink) with "lesson.sent" subscribed, which writes
# N events (and N deliveries) to the outbox; each run puts the
# deliveries back to pending and times `serve` from its start until
# none is left open (claimed, signed, posted, answered, recorded).
#
# Prints one line per run and a summary line:
#   webhooks N refready_ev_s curl_ev_s ratio body_bytes
# (each figure a median over the runs; the ratio the median of the runs'
# own ratios).  CURLPOST names the reference binary; by default it is
# built with `make bench`.  nginx must be installed (bench/run does).
set -eu
N=${1:-20000}
RUNS=${2:-3}
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/people.sh"
R=${REFREADY:-$TOP/build/refready}
PATH=$PATH:/usr/sbin
if [ -z "${CURLPOST:-}" ]; then
	make -s -C "$TOP" build/curlpost >/dev/null
	CURLPOST=$TOP/build/curlpost
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/refready-hookbench.XXXXXX")
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$W"' EXIT
cd "$W"
freeport() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
P=$(freeport)
NP=$(freeport)

mkdir -p ng
cat > ng/nginx.conf <<CONF
worker_processes 2;
pid $W/ng/nginx.pid;
error_log $W/ng/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	keepalive_requests 1000000;
	client_body_buffer_size 16k;
	server {
		listen 127.0.0.1:$NP;
		location / { return 204; }
	}
}
CONF
nginx -c "$W/ng/nginx.conf" -p "$W/ng"
sleep 0.5
pids="$pids $(cat ng/nginx.pid)"
URL=http://127.0.0.1:$NP/hook

# the lessons go to Postfix's smtp-sink, as in bench/mail.sh
SP=$(freeport)
smtp-sink -u nobody 127.0.0.1:$SP 1024 &
pids="$pids $!"
openssl rand -hex 32 > hook.secret
chmod 600 hook.secret
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "http://127.0.0.1:$P",
 "http": {"listen": "127.0.0.1:$P"},
 "mail": {"url": "smtp://127.0.0.1:$SP", "tls": "none",
          "from": "Referral-Ready Plan <plan@example.org>",
          "postal_address": "1 Main St, Springfield", "connections": 4,
          "rate": 1000000},
 "webhooks": [{"url": "$URL", "secret_file": "hook.secret",
   "events": ["lesson.sent"]}]}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
"$R" -q --now 2026-11-01T00:00:00Z tick >/dev/null
bulk_people var/refready.db "$N" UTC 2026-12-07T07:00:00Z
"$R" -q --now 2026-12-07T07:00:30Z tick >/dev/null
db() { sqlite3 var/refready.db "$1"; }
got=$(db "SELECT count(*) FROM hook_delivery WHERE state = 'pending'")
[ "$got" -eq "$N" ] || { echo "webhooks: $got events, expected $N"; exit 1; }
db "SELECT body FROM outbox ORDER BY id" > bodies.txt
size=$(db "SELECT avg(length(body)) FROM outbox" | awk '{ printf "%.0f", $1 }')

open_count() {
	db "SELECT count(*) FROM hook_delivery WHERE state = 'pending' OR
	    state = 'sending' OR state = 'retry'"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > r.txt
: > c.txt
i=0
while [ $i -lt "$RUNS" ]; do
	db "UPDATE hook_delivery SET state = 'pending', attempts = 0,
	    next_try_at = 1796540400, last_answer = NULL, delivered_at = NULL"
	start=$(date +%s.%N)
	"$R" -q --now 2026-12-07T07:01:00Z serve 2>serve.log &
	spid=$!
	while [ "$(open_count)" -gt 0 ]; do
		sleep 0.02
		kill -0 $spid 2>/dev/null || { cat serve.log; exit 1; }
	done
	end=$(date +%s.%N)
	kill $spid
	wait $spid || true
	ok=$(db "SELECT count(*) FROM hook_delivery WHERE state = 'delivered'
	    AND attempts = 1")
	[ "$ok" -eq "$N" ] || { echo "run $i: $ok delivered at once"; exit 1; }
	awk -v n=$N -v a=$start -v b=$end 'BEGIN { printf "%.0f\n", n / (b - a) }' >> r.txt
	start=$(date +%s.%N)
	"$CURLPOST" "$URL" bodies.txt 16
	end=$(date +%s.%N)
	awk -v n=$N -v a=$start -v b=$end 'BEGIN { printf "%.0f\n", n / (b - a) }' >> c.txt
	echo "run $((i + 1)): refready $(tail -1 r.txt) events/s, libcurl $(tail -1 c.txt) events/s"
	i=$((i + 1))
done
paste r.txt c.txt | awk '{ printf "%.4f\n", $1 / $2 }' > ratio.txt
echo "ratios to libcurl: $(awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }' ratio.txt)"
echo "webhooks $N $(median < r.txt) $(median < c.txt) $(median < ratio.txt | awk '{ printf "%.2f", $1 }') $size"
