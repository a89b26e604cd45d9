#!/bin/sh
# bench/tick.sh - the daemon's worst morning: N people in one time zone
# all due at 07:00, sent by one `refready tick` (the pass `serve` runs
# each minute) to Postfix's smtp-sink on loopback over 4 connections.
# Reports how long until the last one was sent, and the peak memory.
# The goal: 1,000,000 people served within 15 minutes of their send time
# when the relay keeps up.
#
#   bench/tick.sh [N]      (default 1000000; one run: it takes minutes)
#
# Prints: tick N seconds minutes rss_kb
set -eu
N=${1:-1000000}
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/people.sh"
R=${REFREADY:-$TOP/build/refready}
W=$(mktemp -d "${TMPDIR:-/tmp}/refready-tick.XXXXXX")
sink_pid=
trap '[ -n "$sink_pid" ] && kill $sink_pid 2>/dev/null; rm -rf "$W"' EXIT
cd "$W"
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
smtp-sink -u nobody 127.0.0.1:$port 1024 &
sink_pid=$!
sleep 0.5
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "mail": {"url": "smtp://127.0.0.1:$port", "tls": "none",
          "from": "Referral-Ready Plan <plan@example.org>", "postal_address": "1 Main St, Springfield",
          "connections": 4, "rate": 1000000}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
# an empty pass records the skipped dates the plans below are made
# with, as on a running install; else the first pass replans them all
"$R" -q --now 2026-11-01T00:00:00Z tick >/dev/null
bulk_people var/refready.db "$N" America/Chicago 2026-12-07T13:00:00Z
/usr/bin/time -f '%e %M' -o t.txt "$R" -q --now 2026-12-07T13:00:00Z tick > out.txt
read -r secs rss < t.txt
grep -q "^sent $N, retried 0, failed 0, skipped 0$" out.txt ||
    { echo "tick: $(cat out.txt)" >&2; exit 1; }
awk -v n=$N -v s=$secs -v r=$rss 'BEGIN { printf "tick %d %.0f %.1f %d\n", n, s, s / 60, r }'
