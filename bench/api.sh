#!/bin/sh
# bench/api.sh - the JSON API's rate: wrk POSTing a new person to
# /api/v1/enrollments (each request a different address, each answered
# 201) against `refready serve` (2 HTTP threads) on 127.0.0.1, and, on
# the same daemon and in the same run, the reference: GET /healthz,
# the cheapest request the daemon answers (one SELECT), so the ratio is
# what enrolling costs beyond HTTP itself.  GET /api/v1/enrollments/EMAIL
# (a key check and the person's status object) is measured beside them.
# Runs alternate, so a slower minute on the shared machine hits all three.
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
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > post.txt; : > get.txt; : > health.txt; : > ratio.txt
for i in $(seq "$RUNS"); do
	before=$(sqlite3 var/refready.db "SELECT count(*) FROM enrollment")
	a=$(rps w.out -s enroll.lua "http://127.0.0.1:$P" -- "$i")
	after=$(sqlite3 var/refready.db "SELECT count(*) FROM enrollment")
	b=$(rps w.out -H "Authorization: Bearer $KEY" \
	    "http://127.0.0.1:$P/api/v1/enrollments/one%40example.org")
	c=$(rps w.out "http://127.0.0.1:$P/healthz")
	echo "$a" >> post.txt; echo "$b" >> get.txt; echo "$c" >> health.txt
	awk -v a="$a" -v c="$c" 'BEGIN { printf "%.4f\n", a / c }' >> ratio.txt
	echo "run $i: POST /api/v1/enrollments $a/s ($((after - before))" \
	    "enrolled), GET .../EMAIL $b/s, GET /healthz $c/s" >&2
done
kill $spid
wait $spid 2>/dev/null || true
spid=
people=$(sqlite3 var/refready.db "SELECT count(*) FROM enrollment")
ratios=$(awk '{ printf "%s%.3f", (NR > 1 ? ", " : ""), $1 }' ratio.txt)

cat <<MD

## The JSON API

\`bench/api.sh $RUNS $SECS $CONNS\`: \`wrk -t2 -c$CONNS -d${SECS}s\` against
\`refready serve\` (2 HTTP threads) on 127.0.0.1, medians of $RUNS runs.
Each POST enrolls a new person (201; a run that got any other answer
fails): the key checked, the body read and checked as \`enroll\` checks
it, one write transaction (the person, the enrollment, its 30 planned
days and its URL tokens), and the status object read back and sent.
The reference is \`GET /healthz\` on the same daemon, alternated in the
same run; the ratio says what an enrollment costs beside the least the
daemon can answer.  $people people were enrolled by the end.

| request | requests/s | ratio to /healthz (runs) |
|---|---|---|
| \`POST /api/v1/enrollments\` | $(median < post.txt) | **$(median < ratio.txt | awk '{ printf "%.3f", $1 }')** ($ratios) |
| \`GET /api/v1/enrollments/EMAIL\` | $(median < get.txt) | |
| \`GET /healthz\` | $(median < health.txt) | 1 |

Writes go through SQLite's one writer: the two HTTP threads enroll one
after the other, each commit waiting for the disk (\`synchronous =
FULL\` in WAL mode), which is what bounds the POST rate.
MD
