#!/bin/sh
# bench/api.sh - the JSON API's rate: wrk POSTing a new person to
# /api/v1/enrollments (each request a different address, each answered
# 201) against `refready serve` (2 HTTP threads) on 127.0.0.1, and, on
# the same daemon and in the same run, the reference: GET /healthz,
# the cheapest request the daemon answers (one SELECT), so the ratio is
# what enrolling costs beyond HTTP itself.  A second yardstick is the
# disk: bare SQLite commits of one row each, as refready commits (WAL,
# synchronous = FULL), from python3's sqlite3 on the same file system,
# since every enrollment is one durable commit.  GET
# /api/v1/enrollments/EMAIL (a key check and the person's status object)
# is measured beside them.  Runs alternate, so a slower minute on the
# shared machine hits them all.
#
#   bench/api.sh [RUNS] [SECONDS] [CONNECTIONS]     (defaults 3 10 8)
#
# Per-run lines go to stderr; the BENCHMARKS.md section to stdout (bench/run
# appends it).  Medians only: the machine is shared and noisy.
set -eu
RUNS=${1:-3}
SECS=${2:-10}
CONNS=${3:-8}
TOP=$(cd "$(dirname "$0")/.." && pwd)
R=${REFREADY:-$TOP/build/refready}
W=$(mktemp -d "${TMPDIR:-/tmp}/refready-apibench.XXXXXX")
spid=
trap '[ -z "$spid" ] || kill $spid 2>/dev/null; rm -rf "$W"' EXIT
cd "$W"
P=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "http://127.0.0.1:$P",
 "http": {"listen": "127.0.0.1:$P"}, "mail": {"url": "maildir:m"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
KEY=$("$R" apikey create bench | head -1)
"$R" -q --now 2026-12-01T12:00:00Z enroll one@example.org --name 'One Person' \
    --tz America/New_York >/dev/null

"$R" -q --now 2026-12-01T12:00:00Z serve 2>serve.log &
spid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$P/healthz"; do
	sleep 0.1; i=$((i + 1))
	[ $i -lt 300 ] || { cat serve.log >&2; exit 1; }
done

# every request a new address: thread number, run number, a counter
cat > enroll.lua <<LUA
local counter = 1
local threads = {}
function setup(thread)
	thread:set("id", counter)
	counter = counter + 1
end
function init(args)
	n = 0
	run = args[1]
end
request = function()
	n = n + 1
	local body = string.format('{"email": "r%s-t%d-%d@example.org", '
	    .. '"name": "Bench Person", "tz": "America/Chicago", '
	    .. '"send_at": "06:30"}', run, id, n)
	return wrk.format("POST", "/api/v1/enrollments",
	    {["Authorization"] = "Bearer $KEY",
	     ["Content-Type"] = "application/json"}, body)
end
LUA

# rps OUT [wrk args]: requests/s; fails on any answer but the expected
rps() {
	out=$1
	shift
	wrk -t2 -c"$CONNS" -d"${SECS}s" "$@" > "$out"
	if grep -q 'Non-2xx or 3xx' "$out"; then
		cat "$out" >&2
		exit 1
	fi
	awk '/^Requests\/sec/ { printf "%.0f\n", $2 }' "$out"
}
# commits/s: one row per durable transaction for SECS seconds
commits() {
	/usr/bin/python3 - "$SECS" <<'PY'
import sqlite3, sys, time
db = sqlite3.connect("floor.db", isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = FULL")
db.execute("CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY, v TEXT)")
n, end = 0, time.monotonic() + float(sys.argv[1])
start = time.monotonic()
while time.monotonic() < end:
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO t (v) VALUES (?)", ("x" * 200,))
    db.execute("COMMIT")
    n += 1
print("%.0f" % (n / (time.monotonic() - start)))
PY
}
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > post.txt; : > get.txt; : > health.txt; : > ratio.txt; : > disk.txt
: > dratio.txt; : > runs.txt
for i in $(seq "$RUNS"); do
	before=$(sqlite3 var/refready.db "SELECT count(*) FROM enrollment")
	a=$(rps w.out -s enroll.lua "http://127.0.0.1:$P" -- "$i")
	after=$(sqlite3 var/refready.db "SELECT count(*) FROM enrollment")
	b=$(rps w.out -H "Authorization: Bearer $KEY" \
	    "http://127.0.0.1:$P/api/v1/enrollments/one%40example.org")
	c=$(rps w.out "http://127.0.0.1:$P/healthz")
	d=$(commits)
	echo "$a" >> post.txt; echo "$b" >> get.txt; echo "$c" >> health.txt
	echo "$d" >> disk.txt
	awk -v a="$a" -v c="$c" 'BEGIN { printf "%.4f\n", a / c }' >> ratio.txt
	awk -v a="$a" -v d="$d" 'BEGIN { printf "%.4f\n", a / d }' >> dratio.txt
	echo "run $i: POST /api/v1/enrollments $a/s ($((after - before))" \
	    "enrolled), GET .../EMAIL $b/s, GET /healthz $c/s," \
	    "SQLite commits $d/s" | tee -a runs.txt >&2
done
kill $spid
wait $spid 2>/dev/null || true
spid=
people=$(sqlite3 var/refready.db "SELECT count(*) FROM enrollment")
list() { awk '{ printf "%s%.3f", (NR > 1 ? ", " : ""), $1 }' "$1"; }
med3() { median < "$1" | awk '{ printf "%.3f", $1 }'; }

cat <<MD

## The JSON API

\`bench/api.sh $RUNS $SECS $CONNS\`: \`wrk -t2 -c$CONNS -d${SECS}s\` against
\`refready serve\` (2 HTTP threads) on 127.0.0.1, medians of $RUNS runs.
Each POST enrolls a new person (201; a run that got any other answer
fails): the key checked, the body read and checked as \`enroll\` checks
it, one write transaction (the person, the enrollment, its 30 planned
days and its URL tokens), and the status object read back and sent.
Two references, alternated with it in the same run: \`GET /healthz\` on
the same daemon (HTTP and one SELECT: the least the daemon answers), and
bare SQLite commits of one row each on the same file system (python3's
sqlite3, WAL, \`synchronous = FULL\`, as refready commits), the most
durable writes a second the disk takes.  $people people were enrolled
by the end.

| | per second (median) | POST's ratio to it: median (runs) |
|---|---|---|
| \`POST /api/v1/enrollments\` | $(median < post.txt) | |
| bare SQLite commits | $(median < disk.txt) | **$(med3 dratio.txt)** ($(list dratio.txt)) |
| \`GET /healthz\` | $(median < health.txt) | $(med3 ratio.txt) ($(list ratio.txt)) |
| \`GET /api/v1/enrollments/EMAIL\` | $(median < get.txt) | |

Per run:

\`\`\`
$(cat runs.txt)
\`\`\`

Every enrollment is one durable commit (one \`fdatasync\` each under
strace), and SQLite has one writer: the HTTP threads enroll one after the
other, each waiting for the disk's flush, so the POST rate is bounded by
the disk, not by HTTP (the daemon's CPU is mostly idle during the POST
runs).  The yardstick's commit writes one page; an enrollment's writes
some three dozen (the person, the enrollment, its 30 planned days, three
URL tokens and their indexes: 752 page writes for 20 enrollments under
strace when this was written), which is most of the gap between them.
MD
