# t_hostile.sh - malformed and abusive HTTP against `refready serve`: a
# 100 KB header, bad percent-encoding in the path and in a form, path
# traversal and overlong tokens, unknown methods, HTTP/0.9 and random
# bytes, a client that sends one byte a second, 200 idle connections, one
# address holding more than http.per_ip_connections, 1,000 half-sent
# requests from one address and from many, and headers that never end.
# After each, /healthz must still answer 200 and the daemon must still be
# running; at the end it must exit 0 on SIGTERM.  127.0.0.2 and 127.0.1.x
# are loopback addresses too, but not in http.unlimited_from: they stand
# for clients on the internet.
. "$TOP/tests/lib.sh"

PORT=$(free_port)
B=http://127.0.0.1:$PORT
H="/usr/bin/python3 $TOP/tests/hostile.py $PORT"
cat > c.json <<JSON
{"curriculum": "$TOP/tests/data/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "maildir:var/mail", "from": "Plan <plan@example.org>"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
"$R" --now 2026-12-04T15:00:00Z enroll ann@example.org --name 'Ann Lee' \
    --tz America/Chicago --pacing daily --start 2026-12-07 > ann.txt
PAGE=$(awk '/^page:/ { print $2 }' ann.txt)
PPATH=${PAGE#"$B"}
start_serve --now 2026-12-09T15:00:00Z || exit 1

# still_up: /healthz answers 200 and the process is alive
still_up() {
	kill -0 "$SERVE_PID" 2>/dev/null || fail "the daemon is gone"
	http GET "$B/healthz"
	code_is 200
}
# raw FILE: sends FILE's bytes; ANSWER gets the status code or "closed"
raw() {
	ANSWER=$($H raw < "$1")
}
# answer_in LIST: ANSWER is one of the space-separated codes
answer_in() {
	case " $1 " in
	*" $ANSWER "*) ;;
	*) fail "answer '$ANSWER', expected one of: $1" ;;
	esac
}
crlf() {
	printf '%s\r\n' "$@"
	printf '\r\n'
}

begin "a 100 KB header is refused (431, 413 or a hang-up), never a crash"
{ printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: '
  head -c 102400 /dev/zero | tr '\0' a; printf '\r\n\r\n'; } > big.req
raw big.req
answer_in "431 413 400 closed"
{ printf 'GET /healthz HTTP/1.1\r\nHost: x\r\n'
  i=0; while [ $i -lt 2000 ]; do printf 'X-H%d: %s\r\n' $i \
      aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; i=$((i + 1)); done
  printf '\r\n'; } > many.req
raw many.req
answer_in "431 413 400 closed"
still_up
end

begin "bad percent-encoding in the path answers 4xx"
for p in '/p/%zz' '/p/%' '/p/%G1%' '/feed/%00.ics' '/p/%c3%28' "$PPATH%" \
    "$PPATH/days/%" "$PPATH/days/%00" '/%%%%'; do
	crlf "GET $p HTTP/1.1" 'Host: x' 'Connection: close' > req
	raw req
	answer_in "400 404 405"
done
still_up
end

begin "bad percent-encoding and junk in a form body answers 400"
for body in 'done=%' 'done=%z1' 'done=1%' 'done=%c3%28' 'done=%00' \
    'done=1&done=1' '=1' '&&&=' 'done=1&%ff=2'; do
	http POST "$PAGE/days/2" --data-binary "$body"
	code_is 400
done
still_up
end

begin "path traversal in tokens answers 404 and shows no file"
for p in '/p/../../etc/passwd' '/feed/../../etc/passwd.ics' \
    '/feed/%2e%2e%2f.ics' '/feed/..%2f..%2fetc%2fpasswd.ics' \
    '/p/%2e%2e/%2e%2e/etc/passwd' '/p/....//....//etc/passwd' \
    '/unsubscribe/..%2f..%2fvar%2frefready.db' '/../../../etc/passwd'; do
	http GET "$B$p" --path-as-is
	case $CODE in 400|404) ;; *) fail "$p: HTTP $CODE" ;; esac
	body_lacks 'root:'
	body_lacks 'SQLite format'
done
still_up
end

begin "overlong tokens answer 404, 414 or a hang-up"
long=$(head -c 5000 /dev/zero | tr '\0' A)
http GET "$B/p/$long"
case $CODE in 404|414) ;; *) fail "5000-byte token: HTTP $CODE" ;; esac
{ printf 'GET /feed/'; head -c 60000 /dev/zero | tr '\0' A
  printf '.ics HTTP/1.1\r\nHost: x\r\n\r\n'; } > long.req
raw long.req
answer_in "404 414 431 413 400 closed"
still_up
end

begin "unknown methods are refused, not served"
for m in BREW PROPFIND TRACE CONNECT 'G ET' ''; do
	crlf "$m /healthz HTTP/1.1" 'Host: x' 'Connection: close' > req
	raw req
	case $ANSWER in
	4??|5??|closed) ;;
	*) fail "'$m /healthz': answer $ANSWER" ;;
	esac
done
http BREW "$PAGE"
case $CODE in 400|405|501) ;; *) fail "BREW page: HTTP $CODE" ;; esac
still_up
end

begin "HTTP/0.9, bad versions and random bytes: 4xx/505 or a hang-up"
printf 'GET /healthz\r\n\r\n' > r09
raw r09
answer_in "400 505 closed"
crlf 'GET /healthz HTTP/9.9' 'Host: x' > r99
raw r99
answer_in "400 505 closed"
crlf 'GET /healthz HTTP/1.1' 'Host: x' 'Content-Length: -5' > rcl
raw rcl
answer_in "400 413 closed"
crlf 'POST /healthz HTTP/1.1' 'Host: x' 'Transfer-Encoding: chunked' > rch
printf 'zz\r\nhello\r\n0\r\n\r\n' >> rch
raw rch
answer_in "400 405 411 413 closed"
i=0
while [ $i -lt 5 ]; do
	{ head -c 300 /dev/urandom; printf '\r\n\r\n'; } > rnd
	raw rnd
	answer_in "400 404 405 414 431 505 closed"
	i=$((i + 1))
done
still_up
end

begin "a client sending one byte a second does not hold up others"
run $H slow 5
status_is 0
worst=$(cat "$T/.out")
case $worst in
''|*[!0-9]*) fail "slow-client run: '$worst'" ;;
*) [ "$worst" -lt 1000 ] || fail "/healthz took $worst ms" ;;
esac
still_up
end

begin "200 idle connections do not stop /healthz"
run $H idle 200
status_is 0
set -- $(cat "$T/.out")
equal "${1:-}" 200 "connections opened"
case ${2:-} in
''|*[!0-9]*) fail "/healthz with 200 idle: '${2:-}'" ;;
*) [ "$2" -lt 2000 ] || fail "/healthz took $2 ms" ;;
esac
still_up
end

# ms_under LIMIT VALUE: VALUE is a number of milliseconds under LIMIT
ms_under() {
	case $2 in
	''|*[!0-9]*) fail "/healthz: '$2'" ;;
	*) [ "$2" -lt "$1" ] || fail "/healthz took $2 ms" ;;
	esac
}

begin "the 33rd connection from 127.0.0.2 is refused, 127.0.0.1 is unlimited"
run $H nth 33 127.0.0.2
status_is 0
out_has '^32 closed$'
# the first 32 were closed by the client: their places came back
run $H nth 33 127.0.0.2
out_has '^32 closed$'
# 127.0.0.1 is in http.unlimited_from (the default)
run $H nth 100 127.0.0.1
status_is 0
out_has '^99 open$'
still_up
end

begin "1,000 half-sent requests from 127.0.0.2: /healthz from 127.0.0.1 answers"
run $H halfopen 1000 127.0.0.2
status_is 0
set -- $(cat "$T/.out")
equal "${1:-}" 32 "connections the server kept"
ms_under 2000 "${2:-}"
still_up
end

begin "half-sent requests from 40 addresses fill their share, not 127.0.0.1's"
run $H spread 40 32
status_is 0
set -- $(cat "$T/.out")
# 1,280 tried; limited clients together hold at most 1,000 - 64
case ${1:-} in
''|*[!0-9]*) fail "kept: '${1:-}'" ;;
*) [ "$1" -le 936 ] || fail "$1 connections kept, more than 936" ;;
esac
ms_under 2000 "${2:-}"
still_up
end

begin "headers must arrive within 10 s: silent, trickling, or idle after a request"
run $H deadline 127.0.0.2
status_is 0
for t in $(cat "$T/.out"); do
	case $t in
	9.[5-9]|1[0-2].[0-9]) ;;
	*) fail "closed after '$t' s, expected about 10 (all: $(cat "$T/.out"))" ;;
	esac
done
equal "$(wc -w < "$T/.out" | tr -d ' ')" 3 "connections timed"
still_up
end

begin "after all that: no crash in the log, SIGTERM exits 0"
grep -Eq 'AddressSanitizer|runtime error|Segmentation' serve.log &&
    fail "sanitizer or crash report in serve.log"
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
equal "$?" 0 "exit status"
end

begin "http.per_ip_connections and http.unlimited_from are the configuration's"
PORT=$(free_port)
B=http://127.0.0.1:$PORT
H="/usr/bin/python3 $TOP/tests/hostile.py $PORT"
cat > c.json <<JSON
{"curriculum": "$TOP/tests/data/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT", "per_ip_connections": 2,
          "unlimited_from": ["127.0.0.2"]},
 "mail": {"url": "maildir:var/mail", "from": "Plan <plan@example.org>"}}
JSON
start_serve --now 2026-12-09T15:00:00Z || fail "serve did not start"
run $H nth 3 127.0.0.1
out_has '^2 closed$'
run $H nth 60 127.0.0.2
out_has '^59 open$'
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
equal "$?" 0 "exit status"
end

finish
