# t_serve.sh - `refready serve` on a free loopback port: every route and
# status code, the feed as real parsers read it, GET changing nothing,
# the done buttons, unsubscribe, SIGHUP with a broken curriculum, SIGTERM
# with nothing lost, and systemd's notifications.
. "$TOP/tests/lib.sh"

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cp -R "$TOP/curriculum" cur
cat > c.json <<JSON
{"curriculum": "cur", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "maildir:var/mail", "from": "Plan <plan@example.org>"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z	# a Friday; day 1 is Monday the 7th
NOW=2026-12-09T15:00:00Z		# Wednesday: day 3, 09:00 in Chicago
"$R" --now $ENROLLED enroll --no-welcome ann@example.org --name 'Ann <script>x</script> Lee' \
    --tz America/Chicago --pacing daily --start 2026-12-07 > ann.txt
"$R" --now $ENROLLED enroll --no-welcome bob@example.org --name 'Bob Stone' \
    --tz Asia/Tokyo --pacing weekdays >/dev/null
PAGE=$(awk '/^page:/ { print $2 }' ann.txt)
FEED=$(awk '/^feed:/ { print $2 }' ann.txt)
UNSUB=$(sqlite3 var/refready.db "SELECT 1" >/dev/null &&
    "$R" --now $NOW preview 1 --email ann@example.org |
    grep -o "$B/unsubscribe/[A-Za-z0-9_-]*" | head -1)
dbsum() {
	sqlite3 var/refready.db .dump | md5sum
}

/usr/bin/python3 "$TOP/tests/notify_listen.py" "$T/notify.sock" \
    "$T/notify.log" &
NPID=$!
cleanup_hooks="$cleanup_hooks kill $NPID 2>/dev/null;"
sleep 0.3

begin "serve starts, sends what is due at once and tells systemd it is ready"
D0=$(date -u +%Y-%m-%d)
NOTIFY_SOCKET=$T/notify.sock start_serve --now $NOW
grep -q '^READY=1' notify.log || fail "no READY=1: $(cat notify.log)"
# the first pass runs just after the listener opens: wait for it (long
# enough for make valgrind, where everything is ~30 times slower)
i=0; until [ "$(ls var/mail/new | wc -l)" -ge 1 ] || [ $i -ge 200 ]; do
	sleep 0.1; i=$((i + 1)); done
# Ann's day 3 is 2 hours old: sent; her days 1-2 and Bob's (Tokyo) 1-3
# are past stale_after_hours: recorded as skipped
equal "$(ls var/mail/new | wc -l)" 1 "lessons in the Maildir"
equal "$(sqlite3 var/refready.db "SELECT group_concat(state) FROM delivery
    WHERE enrollment_id = 1 ORDER BY day")" "skipped,skipped,sent" "Ann's ledger"
# not the journal: each line has its own time (the real clock, not
# --now) and level word, and no "<N>"
D1=$(date -u +%Y-%m-%d)
grep -Eq "^($D0|$D1)T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z info serving on 127\.0\.0\.1:" \
    serve.log || fail "no time-stamped serving line: $(head -3 serve.log)"
grep -Ev '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z (crit|error|warning|info|debug) ' \
    serve.log && fail "a line without its time and level"
grep -q '@' serve.log && fail "an email address in the log"
end

begin "GET /healthz answers ok"
http GET $B/healthz
code_is 200
body_has '^ok$'
end

begin "the feed: calendar type, no attachment, a strong ETag, short caching"
http GET "$FEED"
code_is 200
cp .body feed1.ics
equal "$(header Content-Type)" "text/calendar; charset=utf-8" "Content-Type"
[ -z "$(header Content-Disposition)" ] || fail "Content-Disposition set"
header ETag | grep -Eq '^"[0-9a-f]{32}"$' || fail "ETag '$(header ETag)'"
# a shared cache must not keep a person's feed (links can be rotated)
equal "$(header Cache-Control)" "private, max-age=300" "Cache-Control"
ETAG=$(header ETag)
end

begin "python-icalendar reads the feed without errors: 30 all-day events"
run /usr/bin/python3 "$TOP/tests/check_ics.py" feed1.ics
status_is 0
out_has '^problems: 0$'
equal "$(grep -c '^VEVENT' "$T/.out")" 30 "events"
out_has '^VEVENT refready-[0-9]+-day1@127.0.0.1 2026-12-07 seq='
# Dec 24, 25, 31 and Jan 1 are US holidays (schedule.holidays "us")
out_has '^VEVENT refready-[0-9]+-day30@127.0.0.1 2027-01-09 '
out_lacks '^VTODO'
end

begin "refready feed prints the same bytes the daemon serves"
"$R" --now $NOW feed ann@example.org > cli.ics
cmp -s cli.ics feed1.ics || fail "feed EMAIL differs from GET"
end

begin "HEAD has the headers and no body; If-None-Match gives 304"
http HEAD "$FEED"
code_is 200
equal "$(header ETag)" "$ETAG" "HEAD ETag"
equal "$(raw_head "$FEED")" 0 "bytes after HEAD's headers"
http GET "$FEED" -H "If-None-Match: $ETAG"
code_is 304
equal "$(header Cache-Control)" "private, max-age=300" "304 Cache-Control"
[ ! -s .body ] || fail "304 has a body"
http GET "$FEED" -H 'If-None-Match: "0123456789abcdef0123456789abcdef"'
code_is 200
end

begin "the feed is the same bytes on every request (no per-request stamps)"
sleep 1.1
http GET "$FEED"
cmp -s .body feed1.ics || fail "the feed changed between requests"
end

begin "?todos=1 adds a VTODO per day with DUE and STATUS"
http GET "$FEED?todos=1"
code_is 200
cp .body todos.ics
run /usr/bin/python3 "$TOP/tests/check_ics.py" todos.ics
status_is 0
equal "$(grep -c '^VTODO.*status=NEEDS-ACTION completed=no' "$T/.out")" 30 "open VTODOs"
end

begin "GET and HEAD on every route change nothing in the database"
before=$(dbsum)
for u in "$PAGE" "$FEED" "$FEED?todos=1" "$UNSUB" "$PAGE/scorecard" \
    $B/healthz $B/metrics "$PAGE/days/3"; do
	curl -s -o /dev/null "$u"
	curl -s -o /dev/null -I "$u"
done
equal "$(dbsum)" "$before" "the database"
"$R" status ann@example.org --json | grep -q '"state": "active"' ||
    fail "ann is no longer active"
end

begin "the personal page shows the plan, escapes the name, links the feed"
http GET "$PAGE"
code_is 200
equal "$(header Content-Type)" "text/html; charset=utf-8" "Content-Type"
body_has 'Day 3 of 30'
body_has 'Ann&#39;s plan|Ann&apos;s plan|Ann.s plan'
body_lacks '<script'
equal "$(grep -o 'action="[^"]*/days/[0-9]*"' .body | sort -u | wc -l)" 30 "day forms"
body_has 'href="webcal://127.0.0.1:[0-9]+/feed/'
body_has "$FEED"
body_has '/scorecard"'
body_has '0</span> of 30 tasks done'
end

begin "POST done=1 marks the day, answers 303 back to the page"
http POST "$PAGE/days/2" -d done=1
code_is 303
equal "$(location)" "$PAGE#day-2" "Location"
"$R" status ann@example.org --json > st.json
/usr/bin/python3 -c 'import json,sys; d=json.load(open("st.json"))
sys.exit(0 if d["days"][1]["done"] and not d["days"][2]["done"] else 1)' ||
    fail "day 2 not done in status --json"
http GET "$PAGE"
body_has '1</span> of 30 tasks done'
end

begin "a done mark changes that event's SUMMARY, SEQUENCE and the ETag only"
http GET "$FEED"
cp .body feed2.ics
[ "$(header ETag)" != "$ETAG" ] || fail "ETag unchanged"
/usr/bin/python3 "$TOP/tests/check_ics.py" feed1.ics > a.txt
/usr/bin/python3 "$TOP/tests/check_ics.py" feed2.ics > b.txt
s1=$(grep day2@ a.txt | sed 's/.* seq=\([0-9]*\) .*/\1/')
grep -q "^VEVENT refready-[0-9]*-day2@.* seq=$((s1 + 1)) .* ✓ Day 2: " b.txt ||
    fail "day 2 is not ticked with SEQUENCE $((s1 + 1)): $(grep day2@ b.txt)"
equal "$(diff a.txt b.txt | grep -c '^>')" 1 "changed events"
http GET "$FEED?todos=1"
printf '%s' "$(cat .body)" > todos2.ics
/usr/bin/python3 "$TOP/tests/check_ics.py" todos2.ics > c.txt
grep -q 'task2@.*status=COMPLETED completed=yes' c.txt || fail "VTODO not completed"
end

begin "done=0 undoes the mark; earlier days can be ticked late"
http POST "$PAGE/days/2" -d done=0
code_is 303
http POST "$PAGE/days/1" -d done=1
code_is 303
"$R" status ann@example.org --json > st.json
/usr/bin/python3 -c 'import json,sys; d=json.load(open("st.json"))
sys.exit(0 if d["days"][0]["done"] and not d["days"][1]["done"] else 1)' ||
    fail "marks not as posted"
end

begin "a change made with the CLI shows in the next feed (the cache is never stale)"
http GET "$FEED"
e1=$(header ETag)
"$R" done ann@example.org 5 >/dev/null
http GET "$FEED"
[ "$(header ETag)" != "$e1" ] || fail "ETag unchanged after 'done'"
grep -q 'SUMMARY:✓ Day 5:' .body || fail "day 5 not ticked in the feed"
"$R" pause ann@example.org --now $NOW >/dev/null
http GET "$FEED"
grep -c '^BEGIN:VEVENT' .body > n.txt
[ "$(cat n.txt)" -lt 30 ] || fail "a pause left all 30 days dated"
"$R" resume ann@example.org --now $NOW >/dev/null
end

begin "bad requests: 400, 404, 405, 413 -- and the daemon keeps serving"
http POST "$PAGE/days/2" -d done=2
code_is 400
http POST "$PAGE/days/2" -d 'done=%zz'
code_is 400
http POST "$PAGE/days/2" -d 'done'
code_is 400
http POST "$PAGE/days/2" -H 'Content-Type: text/plain' -d done=1
code_is 400
http POST "$PAGE/days/31" -d done=1
code_is 404
http POST "$PAGE/days/02" -d done=1
code_is 404
http GET "$PAGE/days/2"
code_is 405
[ -n "$(header Allow)" ] || fail "no Allow header"
http DELETE "$PAGE"
code_is 405
http GET "$B/p/AAAAAAAAAAAAAAAAAAAAAA"
code_is 404
http GET "$B/feed/AAAAAAAAAAAAAAAAAAAAAA.ics"
code_is 404
http GET "$B/p/..%2F..%2Fetc%2Fpasswd"
code_is 404
http GET "$B/nothing/here"
code_is 404
head -c 70000 /dev/zero | tr '\0' a > big.txt
http POST "$PAGE/days/2" --data-binary @big.txt
code_is 413
http GET $B/healthz
code_is 200
end

begin "links --rotate: the old page and feed URLs answer 404, the new ones work"
"$R" links ann@example.org --rotate > new.txt
http GET "$PAGE"
code_is 404
http GET "$FEED"
code_is 404
http GET "$(awk '/^page:/ { print $2 }' new.txt)"
code_is 200
http GET "$(awk '/^feed:/ { print $2 }' new.txt)"
code_is 200
PAGE=$(awk '/^page:/ { print $2 }' new.txt)
end

begin "GET /unsubscribe shows one button and changes nothing"
before=$(dbsum)
http GET "$UNSUB"
code_is 200
body_has '<form method="post"'
body_has 'List-Unsubscribe'
equal "$(dbsum)" "$before" "the database"
end

begin "one-click POST unsubscribes, is idempotent, and unknown tokens look the same"
http POST "$UNSUB" -d List-Unsubscribe=One-Click
code_is 200
cp .body u1.html
"$R" status ann@example.org --json | grep -q '"state": "unsubscribed"' ||
    fail "ann is not unsubscribed"
http POST "$UNSUB" -d List-Unsubscribe=One-Click
code_is 200
cmp -s .body u1.html || fail "second answer differs"
http POST "$B/unsubscribe/AAAAAAAAAAAAAAAAAAAAAA" -d List-Unsubscribe=One-Click
code_is 200
cmp -s .body u1.html || fail "an unknown token's answer differs"
http GET "$PAGE"
code_is 200
body_has 'unsubscribed'
end

# unsub_url NAME: enrolls NAME@example.org, prints their unsubscribe URL
unsub_url() {
	"$R" --now $ENROLLED enroll --no-welcome "$1@example.org" --name "$1" \
	    --tz America/Chicago >/dev/null &&
	"$R" --now $NOW preview 1 --email "$1@example.org" |
	    grep -o "$B/unsubscribe/[A-Za-z0-9_-]*" | head -1
}
state_of() {
	"$R" status "$1@example.org" --json |
	    sed -n 's/.*"state": "\([a-z]*\)".*/\1/p'
}

begin "one-click as multipart/form-data (RFC 8058's SHOULD) unsubscribes"
U=$(unsub_url carl)
http POST "$U" -F 'List-Unsubscribe=One-Click'
code_is 200
body_has 'You are unsubscribed'
equal "$(state_of carl)" unsubscribed "carl's state"
end

begin "an empty body or one of any other type unsubscribes too: the token decides"
U=$(unsub_url dina)
http POST "$U"
code_is 200
equal "$(state_of dina)" unsubscribed "dina's state (empty body)"
U=$(unsub_url emil)
http POST "$U" -H 'Content-Type: application/json' --data-binary '{"x": %zz'
code_is 200
equal "$(state_of emil)" unsubscribed "emil's state (odd body)"
end

begin "the one-click body is still bounded: over 64 KiB is 413 and changes nothing"
U=$(unsub_url fay)
head -c 70000 /dev/zero | tr '\0' a > big.body
http POST "$U" -F 'List-Unsubscribe=One-Click' -F 'junk=<big.body'
code_is 413
equal "$(state_of fay)" active "fay's state"
http POST "$U" -d 'List-Unsubscribe=One-Click'
code_is 200
equal "$(state_of fay)" unsubscribed "fay's state"
end

begin "GET /cohort/TOKEN.ics: the same bytes as cohort feed, with an ETag and 304"
"$R" cohort create nov-20 --webinar "2026-11-20 12:00 America/New_York" >/dev/null
CF=$("$R" cohort show nov-20 | awk '/^feed:/ { print $2 }')
http GET "$CF"
code_is 200
equal "$(header Content-Type)" "text/calendar; charset=utf-8" "Content-Type"
"$R" cohort feed nov-20 > cohort.ics
cmp -s .body cohort.ics || fail "the daemon's bytes differ from cohort feed"
# the same for everyone: shared caches may keep it
equal "$(header Cache-Control)" "public, max-age=300" "Cache-Control"
grep -q '^BEGIN:VTIMEZONE' .body || fail "no VTIMEZONE"
http GET "$CF" -H "If-None-Match: $(header ETag)"
code_is 304
http GET "$B/cohort/AAAAAAAAAAAAAAAAAAAAAA.ics"
code_is 404
end

begin "/metrics speaks Prometheus: feed requests, 304s, emails, enrollees"
http GET $B/metrics
code_is 200
header Content-Type | grep -q '^text/plain; version=0.0.4' || fail "type"
body_has '^refready_feed_requests_total [1-9]'
body_has '^refready_feed_not_modified_total [1-9]'
body_has '^refready_emails_total\{result="sent"\} [1-9]'
body_has '^refready_active_enrollees 1$'
body_has '^refready_build_info\{version="[0-9.]+"\} 1$'
body_has '^# TYPE refready_tick_duration_seconds summary$'
end

begin "SIGHUP with a broken curriculum keeps the old one, and says so"
echo '{ broken' > cur/program.json
: > notify.log
kill -HUP $SERVE_PID
i=0; until grep -q 'reload: rejected' serve.log || [ $i -ge 200 ]; do sleep 0.1; i=$((i+1)); done
grep -q 'reload: rejected' serve.log || fail "no rejection logged"
grep -q 'program.json' serve.log || fail "the broken file is not named"
grep -q '^RELOADING=1' notify.log || fail "no RELOADING=1"
grep -q '^READY=1' notify.log || fail "no READY=1 after the reload"
http GET "$PAGE"
code_is 200
body_has 'Day 3 of 30'
end

begin "SIGHUP with a good curriculum puts it in force"
cp "$TOP/curriculum/program.json" cur/program.json
sed -i 's/"title": "30-Day Referral-Ready Plan"/"title": "Reloaded Plan"/' cur/program.json
kill -HUP $SERVE_PID
# not just 'in force': the rejection above says the old one stays in force
i=0; until grep -q 'new configuration and curriculum in force' serve.log ||
    [ $i -ge 200 ]; do sleep 0.1; i=$((i+1)); done
http GET "$PAGE"
body_has 'Reloaded Plan'
end

begin "SIGHUP with another URL secret is refused: mailed links keep matching"
printf '{"db": "other.db", "secret_file": "var/secret2"}' > other.json
REFREADY_CONFIG=other.json "$R" init -q >/dev/null
sed 's|"curriculum": "cur",|"curriculum": "cur", "secret_file": "var/secret2",|' c.json > c2.json
cp c.json c.json.orig
cp c2.json c.json
kill -HUP $SERVE_PID
i=0; until grep -q 'URL secret' serve.log || [ $i -ge 200 ]; do sleep 0.1; i=$((i+1)); done
grep -q "reload: the URL secret ('var/secret2') has changed; it takes effect at the next restart" serve.log ||
    fail "not logged: $(tail -3 serve.log)"
[ "$(grep -c 'reload: rejected' serve.log)" -ge 2 ] || fail "the reload was not rejected"
cp c.json.orig c.json
# a link the scheduler would mail now still opens the page
http GET "$PAGE"
code_is 200
"$R" --now $NOW preview 1 --email ann@example.org | grep -q "$PAGE" ||
    fail "preview's link is not the page's"
end

# EXT: an address of this machine that is not loopback, to send from
EXT=$(ip -o -4 addr show scope global 2>/dev/null |
    awk '{ sub(/\/.*/, "", $4); print $4; exit }')
# reload_with JSON-FOR-HTTP: c.json with that "http" object, and SIGHUP
reload_with() {
	nr=$(grep -c "new configuration and curriculum in force" serve.log)
	cat > c.json <<JSON
{"curriculum": "cur", "base_url": "$B", "http": $1,
 "mail": {"url": "maildir:var/mail", "from": "Plan <plan@example.org>"}}
JSON
	kill -HUP $SERVE_PID
	i=0; until [ "$(grep -c 'new configuration and curriculum in force' \
	    serve.log)" -gt "$nr" ]; do
		[ $i -ge 200 ] && { fail "the reload did not take"; return; }
		sleep 0.1; i=$((i+1))
	done
}

begin "/metrics: loopback clients only by default, 403 for the rest"
http GET $B/metrics
code_is 200
# a reverse proxy on this machine says whom it forwards for
for h in 'X-Forwarded-For: 203.0.113.9' 'Forwarded: for=203.0.113.9' \
    'X-Real-IP: 203.0.113.9'; do
	http GET $B/metrics -H "$h"
	code_is 403
	body_lacks refready_
done
if [ -n "$EXT" ]; then
	http GET $B/metrics --interface "$EXT"
	code_is 403
	http GET $B/healthz --interface "$EXT"
	code_is 200
else
	echo "# no non-loopback address here: only the proxied requests tried"
fi
end

begin "http.metrics: \"public\" serves everyone, \"off\" nobody (404)"
reload_with "{\"listen\": \"127.0.0.1:$PORT\", \"metrics\": \"public\",
    \"per_ip_connections\": 5}"
grep -q 'reload: http.per_ip_connections and http.unlimited_from take effect at the next restart' serve.log ||
    fail "no word that the connection limits wait for a restart"
http GET $B/metrics -H 'X-Forwarded-For: 203.0.113.9'
code_is 200
body_has '^refready_active_enrollees '
if [ -n "$EXT" ]; then
	http GET $B/metrics --interface "$EXT"
	code_is 200
fi
reload_with "{\"listen\": \"127.0.0.1:$PORT\", \"metrics\": \"off\"}"
http GET $B/metrics
code_is 404
http GET $B/healthz
code_is 200
reload_with "{\"listen\": \"127.0.0.1:$PORT\"}"
http GET $B/metrics
code_is 200
end

begin "SIGTERM: exit 0, STOPPING=1, every lesson sent or still queued"
kill -TERM $SERVE_PID
wait $SERVE_PID
equal "$?" 0 "exit status"
grep -q '^STOPPING=1' notify.log || fail "no STOPPING=1"
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM delivery WHERE state = 'sending'")" 0 "rows left sending"
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM delivery WHERE state = 'sent'")" \
    "$(ls var/mail/new | wc -l)" "sent rows vs messages"
end

begin "under systemd (JOURNAL_STREAM set) lines keep the <N> priority, no time"
JOURNAL_STREAM=8:4242 "$R" --now $NOW serve 2>journal.log &
jpid=$!
cleanup_hooks="$cleanup_hooks kill $jpid 2>/dev/null;"
i=0; until grep -q 'serving on' journal.log || [ $i -ge 200 ]; do sleep 0.1; i=$((i+1)); done
kill -TERM $jpid
wait $jpid
grep -q '^<6>serving on 127.0.0.1:' journal.log || fail "no <6> serving line: $(cat journal.log)"
grep -q '^<6>stopping: ' journal.log || fail "no <6> stopping line"
grep -v '^<[0-7]>' journal.log && fail "a line without its priority"
grep -Eq '[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z' journal.log && fail "a time stamp for the journal"
end

begin "a taken port is a clear error and exit 1"
nc_pid=
/usr/bin/python3 -c 'import socket,time,sys
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(); time.sleep(20)' $PORT &
nc_pid=$!
sleep 0.5
run "$R" serve
status_is 1
err_has "cannot listen on '127.0.0.1:$PORT'"
kill $nc_pid
end

finish
