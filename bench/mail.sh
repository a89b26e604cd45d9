#!/bin/sh
# bench/mail.sh - mail throughput: `refready tick` sending N lessons due at
# the same minute to Postfix's smtp-sink on loopback, against two
# references sending to the same sink in the same run, back to back:
#   - bench/curlsend.c, a bare libcurl sender driving libcurl as
#     src/mail_smtp.c does (the same lesson, bytes for bytes, the same
#     number of reused connections, no database, no rendering): libcurl's
#     own ceiling, which refready cannot beat;
#   - Postfix's smtp-source, messages of the same size over the same
#     number of reused sessions: what SMTP on loopback can do.
#
#   bench/mail.sh [N] [RUNS] [SESSIONS]      (defaults 20000 3 4)
#
# Prints one line per run and a summary line:
#   mail N SESSIONS refready_msg_s source_msg_s ratio_source peak_rss_kb
#     size curl_msg_s ratio_curl
# (each figure a median over the runs; each ratio the median of the runs'
# own ratios).  CURLSEND names the sender binary; by default it is built
# with `make bench`.
# It is a benchmark, not a test: the machine is shared and noisy, so only
# medians of several alternating runs, as a ratio, mean anything.
set -eu
N=${1:-20000}
RUNS=${2:-3}
SESS=${3:-4}
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/people.sh"
R=${REFREADY:-$TOP/build/refready}
if [ -z "${CURLSEND:-}" ]; then
	make -s -C "$TOP" build/curlsend >/dev/null
	CURLSEND=$TOP/build/curlsend
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/refready-bench.XXXXXX")
sink_pid=
trap '[ -n "$sink_pid" ] && kill $sink_pid 2>/dev/null; rm -rf "$W"' EXIT
cd "$W"

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
smtp-sink -u nobody 127.0.0.1:$port 1024 &
sink_pid=$!
sleep 0.5

# HOOKS=1: with a webhook for lesson.sent, so every lesson recorded also
# writes its event (tick delivers none: the cost of writing them)
hooks=
if [ -n "${HOOKS:-}" ]; then
	openssl rand -hex 32 > hook.secret
	chmod 600 hook.secret
	hooks=', "webhooks": [{"url": "http://127.0.0.1:9/hook", "secret_file": "hook.secret", "events": ["lesson.sent"]}]'
fi
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "mail": {"url": "smtp://127.0.0.1:$port", "tls": "none",
          "from": "Referral-Ready Plan <plan@example.org>", "postal_address": "1 Main St, Springfield",
          "connections": $SESS, "rate": 1000000}$hooks}
JSON
export REFREADY_CONFIG=c.json

# N people due at 2026-12-07 07:00 UTC, written straight to the database
fresh_db() {
	rm -rf var
	"$R" init -q >/dev/null
	# an empty pass records the skipped dates the plans below are made
	# with, as on a running install; else the first pass replans them all
	"$R" -q --now 2026-11-01T00:00:00Z tick >/dev/null
	bulk_people var/refready.db "$N" UTC 2026-12-07T07:00:00Z
}

# the size of one lesson email, for smtp-source
fresh_db
printf '{"curriculum": "%s/curriculum", "base_url": "https://plan.example.org", "mail": {"url": "maildir:m"}}' "$TOP" > size.json
sqlite3 var/refready.db "UPDATE enrollment SET next_due_at = NULL WHERE id > 1"
REFREADY_CONFIG=size.json "$R" --now 2026-12-07T07:00:30Z tick >/dev/null
size=$(cat m/new/* | wc -c)
# the very bytes refready sends, for the bare libcurl sender; its URL's
# path is the EHLO name, as mail_smtp.c builds it
cat m/new/* > lesson.eml

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

: > r.txt
: > s.txt
: > c.txt
: > rss.txt
i=0
while [ $i -lt "$RUNS" ]; do
	fresh_db
	/usr/bin/time -f '%e %M' -o t.txt "$R" -q --now 2026-12-07T07:00:30Z \
	    tick > out.txt
	read -r secs rss < t.txt
	grep -q "^sent $N, retried 0, failed 0, skipped 0$" out.txt ||
	    { echo "refready run $i: $(cat out.txt)"; exit 1; }
	awk -v n=$N -v s=$secs 'BEGIN { printf "%.0f\n", n / s }' >> r.txt
	echo "$rss" >> rss.txt
	start=$(date +%s.%N)
	"$CURLSEND" "smtp://127.0.0.1:$port/example.org" plan@example.org \
	    p@example.org lesson.eml $N $SESS
	end=$(date +%s.%N)
	awk -v n=$N -v a=$start -v b=$end 'BEGIN { printf "%.0f\n", n / (b - a) }' >> c.txt
	start=$(date +%s.%N)
	smtp-source -d -s $SESS -m $N -l $size -f plan@example.org \
	    -t p@example.org 127.0.0.1:$port
	end=$(date +%s.%N)
	awk -v n=$N -v a=$start -v b=$end 'BEGIN { printf "%.0f\n", n / (b - a) }' >> s.txt
	echo "run $((i + 1)): refready $(tail -1 r.txt) msg/s (${secs}s, ${rss} KiB), libcurl $(tail -1 c.txt) msg/s, smtp-source $(tail -1 s.txt) msg/s"
	i=$((i + 1))
done
rm_=$(median < r.txt)
sm=$(median < s.txt)
cm=$(median < c.txt)
# a ratio is the median of each run's own ratio: a run's figures shared
# the machine's mood, two medians did not
paste r.txt s.txt | awk '{ printf "%.4f\n", $1 / $2 }' > ratio.txt
paste r.txt c.txt | awk '{ printf "%.4f\n", $1 / $2 }' > cratio.txt
echo "ratios to smtp-source: $(awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }' ratio.txt)"
echo "ratios to libcurl: $(awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }' cratio.txt)"
echo "mail $N $SESS $rm_ $sm $(median < ratio.txt | awk '{ printf "%.2f", $1 }') $(median < rss.txt) $size $cm $(median < cratio.txt | awk '{ printf "%.2f", $1 }')"
