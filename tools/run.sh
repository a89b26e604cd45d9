#!/bin/sh
# tools/run.sh - what `make run` does after building: set up var/ on the
# built-in defaults (or $REFREADY_CONFIG), enroll a demo participant when
# nobody is enrolled, send what is due, start the daemon and show the
# newest message in the Maildir and the participant's links.  Ctrl-C (or
# SIGTERM) stops the daemon cleanly.  Safe to run again.
#
#	RR	the program (make passes build/refready)
#	DEMO	the demo participant's address
#	URL	where the daemon answers (default http://127.0.0.1:8080)
#	NOW	a clock for every command (RFC 3339), for tests; unset: the
#		real one
set -u
: "${RR:?}" "${DEMO:=demo@example.org}" "${URL:=http://127.0.0.1:8080}"
NOW=${NOW:-}

# the program with the clock, if one was given (a word, no blanks)
rr() {
	"$RR" ${NOW:+--now "$NOW"} "$@"
}

rr init && rr config check && rr curriculum check || exit 1
if [ -z "$(rr status --json | tr -d '[] \n')" ]; then
	# day 1 due this minute, so the pass below sends it at once
	if [ -n "$NOW" ]; then t=$NOW; else t=$(date -u +%Y-%m-%dT%H:%M:%SZ); fi
	rr enroll "$DEMO" --name "Demo Participant (not a real person)" \
	    --tz UTC --pacing daily --start "${t%%T*}" \
	    --send-at "$(echo "$t" | cut -c12-16)" >/dev/null || exit 1
fi
# the pass the daemon would make first, made here so that it is over
# before the Maildir is looked at
rr tick || exit 1

# not through rr: $! must be the daemon itself, not a subshell
"$RR" ${NOW:+--now "$NOW"} serve &
pid=$!
trap 'kill -INT $pid 2>/dev/null; wait $pid; exit 0' INT TERM
i=0
until curl -s -o /dev/null "$URL/healthz"; do
	i=$((i + 1))
	if [ $i -ge 50 ] || ! kill -0 $pid 2>/dev/null; then
		echo "run: the daemon did not answer at $URL" >&2
		kill -INT $pid 2>/dev/null
		exit 1
	fi
	sleep 0.2
done

# the newest lesson delivered, read or not (a reader moves it to cur/),
# by modification time: the delivery's (Maildir writes in tmp/ and
# renames, which keeps it).  A lesson's Message-ID is rr.E.DAY.MAC (a
# welcome's rr.E.w1.MAC); with no lesson yet, the newest message.
maildir=var/mail
f=$(ls -t "$maildir"/new/* "$maildir"/cur/* 2>/dev/null |
    while read -r m; do
	grep -qE '^Message-ID: <rr\.[0-9]+\.[0-9]+\.' "$m" && { echo "$m"; break; }
    done)
[ -n "$f" ] || f=$(ls -t "$maildir"/new/* "$maildir"/cur/* 2>/dev/null | head -n 1)
echo
if [ -n "$f" ]; then
	echo "newest lesson in the Maildir: $f"
	grep -E '^(To|Subject|Date):' "$f" | tr -d '\r' | sed 's/^/  /'
fi
rr links "$DEMO" 2>/dev/null || true
if command -v mutt >/dev/null 2>&1; then
	echo "read the mail with: mutt -f $maildir"
elif [ -n "$f" ]; then
	echo "read the mail: open $f (a plain RFC 5322 file)"
fi
echo "the daemon runs until Ctrl-C"
wait $pid
