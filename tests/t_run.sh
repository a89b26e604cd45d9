# t_run.sh - what `make run` runs (tools/run.sh), in a folder of its own
# on a free port: the first run enrolls the demo participant and shows
# Day 1; a run the next day shows Day 2, the newest, not the old file;
# a message a mail reader moved to cur/ still counts; mutt is named only
# when it is installed; SIGTERM stops the daemon it started.
. "$TOP/tests/lib.sh"

PORT=$(free_port)
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "http://127.0.0.1:$PORT",
 "http": {"listen": "127.0.0.1:$PORT"}, "mail": {"url": "maildir:var/mail"}}
JSON
export REFREADY_CONFIG=c.json

# demo NOW: tools/run.sh on the clock NOW until it has shown what it
# shows, then SIGTERM; its output in .out, its status in rc
demo() {
	last_cmd="tools/run.sh at $1"
	: >"$T/.out"
	RR=$R URL=http://127.0.0.1:$PORT NOW=$1 sh "$TOP/tools/run.sh" \
	    >"$T/.out" 2>"$T/.err" </dev/null &
	pid=$!
	cleanup_hooks="$cleanup_hooks kill $pid 2>/dev/null;"
	i=0
	until grep -q 'the daemon runs until Ctrl-C' "$T/.out"; do
		i=$((i + 1))
		if [ $i -ge 150 ] || ! kill -0 $pid 2>/dev/null; then
			fail "run.sh did not get to the end"
			break
		fi
		sleep 0.1
	done
	kill -TERM $pid 2>/dev/null
	wait $pid
	rc=$?
	curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz" &&
	    fail "the daemon still answers"
}

# mutt_named: the output names mutt exactly when it is installed
mutt_named() {
	if command -v mutt >/dev/null 2>&1; then
		out_has '^read the mail with: mutt -f var/mail$'
	else
		out_lacks mutt
		out_has '^read the mail: open var/mail/'
	fi
}

begin "the first run enrolls the demo participant, sends the welcome and Day 1, and shows Day 1"
demo 2026-12-07T13:00:00Z
status_is 0
out_has '^sent 2, '
out_has '^newest lesson in the Maildir: var/mail/new/'
out_has '^  Subject: Day 1 of 30: '
out_has '^  To: "Demo Participant \(not a real person\)" <demo@example\.org>$'
out_has '^page: +http://127\.0\.0\.1:[0-9]+/p/'
mutt_named
end

begin "a run the next day shows Day 2, the newest, not the old file"
demo 2026-12-08T13:00:30Z
status_is 0
out_has '^sent 1, '
out_has '^  Subject: Day 2 of 30: '
out_lacks 'Day 1 of 30'
mutt_named
end

begin "a message a reader moved to cur/ is still the newest"
f=$(grep -l '^Subject: Day 2 of 30' var/mail/new/*)
mkdir -p var/mail/cur
mv "$f" "var/mail/cur/$(basename "$f"):2,S"
demo 2026-12-08T15:00:00Z
status_is 0
out_has '^sent 0, '
out_has '^newest lesson in the Maildir: var/mail/cur/.*:2,S$'
out_has '^  Subject: Day 2 of 30: '
end

finish
