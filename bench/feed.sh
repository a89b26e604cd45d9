#!/bin/sh
# bench/feed.sh - calendar feed throughput: wrk against `refready serve`'s
# /feed/TOKEN.ics for one person and for N people round-robin, and against
# nginx serving the very same bytes as static files, alternated in the
# same run; also the 304 path, and the daemon's memory with a database of
# BIG enrollees.
#
#   bench/feed.sh [N] [RUNS] [SECONDS] [BIG]     (defaults 10000 3 10 1000000)
#
# Prints one line per run and summary lines:
#   feed one    refready_rps nginx_rps ratio
#   feed many   refready_rps nginx_rps ratio
#   feed 304    refready_rps nginx_rps ratio
#   feed rss    enrollees rss_kb_idle rss_kb_after_N_feeds
# A benchmark, not a test: only medians of alternating runs, as ratios,
# mean anything on a shared machine.
set -eu
N=${1:-10000}
RUNS=${2:-3}
SECS=${3:-10}
BIG=${4:-1000000}
TOP=$(cd "$(dirname "$0")/.." && pwd)
R=${REFREADY:-$TOP/build/refready}
W=$(mktemp -d "${TMPDIR:-/tmp}/refready-feedbench.XXXXXX")
pids=
trap 'for p in $pids; do kill $p 2>/dev/null; done; rm -rf "$W"' EXIT
cd "$W"
freeport() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}
P=$(freeport)
NP=$(freeport)

cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "http://127.0.0.1:$P",
 "http": {"listen": "127.0.0.1:$P"}, "mail": {"url": "maildir:m"}}
JSON
export REFREADY_CONFIG=c.json

# COUNT people starting 2026-12-07, straight into the database, with their
# feed tokens (derived from the secret exactly as token.c does)
people() {
	rm -rf var
	"$R" init -q >/dev/null
	# an empty pass records the skipped dates the plans below are made
	# with, as on a running install; else the first pass replans them all
	"$R" -q --now 2026-11-01T00:00:00Z tick >/dev/null
	sqlite3 var/refready.db <<SQL
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1)
INSERT INTO person (id, email, name, created_at)
  SELECT i, 'p' || i || '@example.org', 'Person ' || i, 0 FROM n;
INSERT INTO enrollment (id, person_id, tz, send_at, start_date, pacing,
  next_day, next_due_at, created_at, updated_at)
  SELECT id, id, 'America/New_York', '07:00', '2026-12-07', 'weekdays', 1,
    NULL, 1796000000, 1796000000 FROM person;
COMMIT;
SQL
	/usr/bin/python3 - "$1" "$2" <<'PY'
import base64, hashlib, hmac, sqlite3, sys
n, urls = int(sys.argv[1]), int(sys.argv[2])
key = bytes.fromhex(open("var/secret").read().strip())
db = sqlite3.connect("var/refready.db")
out = open("paths.txt", "w")
rows = []
for i in range(1, n + 1):
    mac = hmac.new(key, b"refready\0feed\0%d\0001" % i, hashlib.sha256).digest()
    tok = base64.urlsafe_b64encode(mac[:18]).decode()[:22]
    rows.append((hashlib.sha256(tok.encode()).digest(), "feed", i, 1))
    if i <= urls:
        out.write("/feed/%s.ics\n" % tok)
db.executemany("INSERT INTO token (hash, kind, owner_id, version) VALUES (?,?,?,?)", rows)
db.commit()
PY
}

start_serve() {
	"$R" -q --now 2026-12-01T12:00:00Z serve 2>serve.log &
	spid=$!
	pids="$pids $spid"
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$P/healthz"; do
		sleep 0.1; i=$((i + 1))
		[ $i -lt 600 ] || { cat serve.log; exit 1; }
	done
}
stop_serve() {
	kill $spid; wait $spid 2>/dev/null || true
}

people "$N" "$N"
start_serve

# nginx serves the same bytes from files; fetched once from refready
mkdir -p www/feed ng
/usr/bin/python3 - "$P" <<'PY'
import http.client, sys
c = http.client.HTTPConnection("127.0.0.1", int(sys.argv[1]))
for p in open("paths.txt"):
    p = p.strip()
    c.request("GET", p)
    r = c.getresponse()
    body = r.read()
    assert r.status == 200, (p, r.status)
    open("www" + p, "wb").write(body)
PY
cat > ng/nginx.conf <<CONF
worker_processes 2;
pid $W/ng/nginx.pid;
error_log $W/ng/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	tcp_nopush on;
	keepalive_requests 1000000;
	types { text/calendar ics; }
	server {
		listen 127.0.0.1:$NP;
		root $W/www;
	}
}
CONF
nginx -c "$W/ng/nginx.conf" -p "$W/ng"
sleep 0.5
pids="$pids $(cat ng/nginx.pid)"

ONE=$(head -1 paths.txt)
cat > many.lua <<'LUA'
local paths, i = {}, 0
for l in io.lines("paths.txt") do paths[#paths + 1] = l end
request = function()
	i = i % #paths + 1
	return wrk.format("GET", paths[i])
end
LUA
ETAG=$(curl -s -D - -o /dev/null "http://127.0.0.1:$P$ONE" | tr -d '\r' |
    awk -F': ' 'tolower($1) == "etag" { print $2 }')
NGETAG=$(curl -s -D - -o /dev/null "http://127.0.0.1:$NP$ONE" | tr -d '\r' |
    awk -F': ' 'tolower($1) == "etag" { print $2 }')

rps() {
	wrk -t2 -c32 -d"${SECS}s" "$@" | awk '/^Requests\/sec/ { printf "%.0f\n", $2 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

for f in r1 n1 rm nm r3 n3; do : > $f.txt; done
i=1
while [ $i -le "$RUNS" ]; do
	a=$(rps "http://127.0.0.1:$P$ONE"); echo $a >> r1.txt
	b=$(rps "http://127.0.0.1:$NP$ONE"); echo $b >> n1.txt
	c=$(rps -s many.lua "http://127.0.0.1:$P"); echo $c >> rm.txt
	d=$(rps -s many.lua "http://127.0.0.1:$NP"); echo $d >> nm.txt
	e=$(rps -H "If-None-Match: $ETAG" "http://127.0.0.1:$P$ONE"); echo $e >> r3.txt
	f=$(rps -H "If-None-Match: $NGETAG" "http://127.0.0.1:$NP$ONE"); echo $f >> n3.txt
	echo "run $i: one refready $a nginx $b; $N round-robin refready $c nginx $d; 304 refready $e nginx $f"
	i=$((i + 1))
done
stop_serve
size=$(wc -c < "www$ONE")
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'; }
for k in 1 m 3; do
	a=$(median < r$k.txt); b=$(median < n$k.txt)
	# the median of each run's own ratio (see bench/mail.sh)
	x=$(paste r$k.txt n$k.txt | awk '{ printf "%.4f\n", $1 / $2 }' | median)
	case $k in 1) w=one;; m) w=many;; 3) w=304;; esac
	echo "feed $w $a $b $(printf '%.2f' $x) $size"
done

# memory with BIG people in the database, idle and after N feeds
people "$BIG" "$N"
start_serve
sleep 1
idle=$(awk '/^VmRSS/ { print $2 }' /proc/$spid/status)
wrk -t2 -c32 -d"${SECS}s" -s many.lua "http://127.0.0.1:$P" >/dev/null
after=$(awk '/^VmHWM/ { print $2 }' /proc/$spid/status)
stop_serve
echo "feed rss $BIG $idle $after"
