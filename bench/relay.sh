#!/bin/sh
# bench/relay.sh - how many lessons a minute `refready tick` hands to a
# local Postfix, as in production: N people due at the same minute, sent
# over SMTP to a private Postfix instance (tests/postfix.sh, the one
# t_relay.sh runs: its own configuration and queue in a temporary folder,
# 127.0.0.1 only, Postfix's defaults otherwise) that relays everything to
# Postfix's smtp-sink on loopback.  mail.return_path is set, so every
# message has its own tagged envelope sender.
#
#   bench/relay.sh [N] [RUNS] [SESSIONS]      (defaults 5000 3 4)
#
# For each run it times two things: the tick, until Postfix has accepted
# (and written to its queue, fsynced) the last lesson; and until Postfix
# has relayed the last one to the sink (its queue empty, N more
# "status=sent" in its log).  Right after, in the same run, Postfix's
# smtp-source sends N messages of the lesson's size, to N different
# recipients, over as many reused sessions to the same Postfix, timed the
# same way: what this Postfix accepts from a client that does nothing
# else, the ceiling for refready here.
#
# Per-run lines and a summary (messages a second and a minute) go to
# stderr; the BENCHMARKS.md section to stdout (bench/run appends it).
# Medians only: the machine is shared and noisy.  It needs root (Postfix's
# master does) and the postfix package (make deps).
set -eu
N=${1:-5000}
RUNS=${2:-3}
SESS=${3:-4}
TOP=$(cd "$(dirname "$0")/.." && pwd)
. "$TOP/tests/people.sh"
R=${REFREADY:-$TOP/build/refready}
. "$TOP/tests/postfix.sh"
why=$(postfix_missing)
[ -z "$why" ] || { echo "bench/relay.sh: $why" >&2; exit 1; }
[ -x "$R" ] || make -s -C "$TOP" build/refready
W=$(mktemp -d "${TMPDIR:-/tmp}/refready-relay.XXXXXX")
sink_pid=
trap 'postfix_stop "$W/pf"; [ -n "$sink_pid" ] && kill $sink_pid 2>/dev/null; rm -rf "$W"' EXIT
cd "$W"

port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
sport=$(port)
/usr/sbin/smtp-sink -u nobody 127.0.0.1:$sport 1024 &
sink_pid=$!
pport=$(port)
postfix_setup "$W/pf" "$pport" "[127.0.0.1]:$sport" plan.example.org
postfix_start "$W/pf"

cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "mail": {"url": "smtp://127.0.0.1:$pport", "tls": "none",
          "from": "Referral-Ready Plan <plan@plan.example.org>",
          "postal_address": "1 Main St, Springfield",
          "return_path": "bounces@plan.example.org",
          "connections": $SESS, "rate": 1000000}}
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

sent() { grep -c ' status=sent ' "$W/pf/maillog" || true; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# timed CMD...: runs CMD, then waits until Postfix relayed what it sent;
# sets start, accepted (CMD done: everything in Postfix's queue), relayed
timed() {
	before=$(sent)
	start=$(date +%s.%N)
	"$@"
	accepted=$(date +%s.%N)
	# relayed: nothing left in the queue and N more deliveries logged
	# (2 minutes at most)
	w=0
	while [ "$(postfix_queued "$W/pf")" -ne 0 ] ||
	    [ $(($(sent) - before)) -lt "$N" ]; do
		[ $w -lt 1200 ] || { echo "run $((i + 1)): Postfix still holds $(postfix_queued "$W/pf") after 2 minutes" >&2; exit 1; }
		sleep 0.1
		w=$((w + 1))
	done
	relayed=$(date +%s.%N)
	if grep -Eq ' status=(deferred|bounced)' "$W/pf/maillog"; then
		echo "run $((i + 1)): Postfix could not relay everything:" >&2
		grep -E ' status=(deferred|bounced)' "$W/pf/maillog" | head -3 >&2
		exit 1
	fi
}
rate() { awk -v n=$N -v a=$1 -v b=$2 'BEGIN { printf "%.0f\n", n / (b - a) }'; }
secs() { awk -v a=$1 -v b=$2 'BEGIN { printf "%.2f", b - a }'; }
tick() {
	"$R" -q --now 2026-12-07T07:00:30Z tick > out.txt
	grep -q "^sent $N, retried 0, failed 0, skipped 0$" out.txt ||
	    { echo "run $((i + 1)): $(cat out.txt)" >&2; exit 1; }
}

: > tick.txt
: > relayed.txt
: > source.txt
: > runs.txt
i=0
while [ $i -lt "$RUNS" ]; do
	fresh_db
	timed tick
	rate $start $accepted >> tick.txt
	rate $start $relayed >> relayed.txt
	line="run $((i + 1)): tick handed $N to Postfix in $(secs $start $accepted)s ($(tail -1 tick.txt) msg/s), all relayed after $(secs $start $relayed)s ($(tail -1 relayed.txt) msg/s)"
	timed /usr/sbin/smtp-source -d -N -s $SESS -m $N -l $size \
	    -f plan@plan.example.org -t p@example.org 127.0.0.1:$pport
	rate $start $accepted >> source.txt
	echo "$line; smtp-source $(tail -1 source.txt) msg/s" | tee -a runs.txt >&2
	i=$((i + 1))
done
fs=$(df -T "$W" | awk 'NR == 2 { print $2 }')
version=$(/usr/sbin/postconf -c "$W/pf/etc" -h mail_version)
t=$(median < tick.txt)
r=$(median < relayed.txt)
src=$(median < source.txt)
paste tick.txt source.txt | awk '{ printf "%.4f\n", $1 / $2 }' > ratio.txt
ratios=$(awk '{ printf "%s%.2f", (NR > 1 ? ", " : ""), $1 }' ratio.txt)
ratio=$(median < ratio.txt | awk '{ printf "%.2f", $1 }')
echo "relay: refready tick hands $t msg/s to Postfix, $((t * 60)) a minute (median of $RUNS); relayed $r msg/s, $((r * 60)) a minute; smtp-source $src msg/s; ratio $ratio ($ratios)" >&2

cat <<MD

## Lessons handed to a local Postfix

\`bench/relay.sh $N $RUNS $SESS\`: $N people due in the same minute;
\`refready tick\` hands them over SMTP ($SESS connections, \`mail.rate\`
unlimited, \`mail.return_path\` set, so each has its own tagged envelope
sender) to a private Postfix $version (\`tests/postfix.sh\`, the instance
\`t_relay.sh\` runs: 127.0.0.1 only, no chroot, its queue on $fs beside
everything else, Postfix's defaults otherwise), which relays them to
\`smtp-sink\` on 127.0.0.1.  Postfix answers 250 to a message only once
it is written to its queue and fsynced.  In each run, right after
refready, \`smtp-source -d -N -s $SESS -m $N -l $size\` sends messages of
the same size to $N different recipients through the same Postfix: what
it accepts from a client that does nothing else.  Medians of $RUNS runs.

| | messages/s | messages/minute |
|---|---|---|
| refready tick, until Postfix had accepted the last | $t | $((t * 60)) |
| the same, until Postfix had relayed the last to the sink | $r | $((r * 60)) |
| smtp-source into the same Postfix | $src | $((src * 60)) |

refready's rate as a share of smtp-source's: **$ratio** ($ratios).

Per run:

\`\`\`
$(cat runs.txt)
\`\`\`
MD
