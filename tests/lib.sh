# tests/lib.sh - sourced by every tests/t*.sh.
#
# Each script runs in its own temporary directory (removed on exit) and
# reports TAP-style lines.  A test case is:
#
#	begin "what it shows"
#	run "$R" init                  # captures stdout, stderr, status
#	status_is 0
#	out_has 'database .*: created'
#	end
#
# Any failed expectation inside begin/end fails the case, with the reason
# and the command's output shown.
set -u
: "${REFREADY:?}" "${TOP:?}"
R=$REFREADY
T=$(mktemp -d "${TMPDIR:-/tmp}/refready-test.XXXXXX") || exit 2
cleanup_hooks=
trap 'eval "$cleanup_hooks"; rm -rf "$T"' EXIT
cd "$T" || exit 2
: > "$T/.out"
: > "$T/.err"
unset REFREADY_CONFIG

n=0
failed=0
case_name=
case_why=
rc=0

begin() {
	case_name=$1
	case_why=
}

fail() {
	case_why="$case_why
#   $*"
}

end() {
	n=$((n + 1))
	if [ -z "$case_why" ]; then
		echo "ok $n - $case_name"
	else
		failed=$((failed + 1))
		echo "not ok $n - $case_name$case_why"
		echo "#   --- last command: $last_cmd (status $rc)"
		sed 's/^/#   out: /' "$T/.out" | head -n 15
		sed 's/^/#   err: /' "$T/.err" | head -n 15
	fi
}

last_cmd=
run() {
	last_cmd="$*"
	"$@" >"$T/.out" 2>"$T/.err" </dev/null
	rc=$?
}

status_is() {
	[ "$rc" -eq "$1" ] || fail "status $rc, expected $1"
}

# grep -E patterns against stdout / stderr
out_has() {
	grep -Eq -- "$1" "$T/.out" || fail "stdout lacks /$1/"
}
err_has() {
	grep -Eq -- "$1" "$T/.err" || fail "stderr lacks /$1/"
}
out_lacks() {
	! grep -Eq -- "$1" "$T/.out" || fail "stdout has /$1/"
}
err_lacks() {
	! grep -Eq -- "$1" "$T/.err" || fail "stderr has /$1/"
}
err_lines() {
	got=$(wc -l <"$T/.err")
	[ "$got" -eq "$1" ] || fail "stderr has $got lines, expected $1"
}
# equal VALUE EXPECTED [what]
equal() {
	[ "$1" = "$2" ] || fail "${3:-value} is '$1', expected '$2'"
}

# start_sink DIR [MODE]: a real SMTP server (tests/smtp_sink.py) on a free
# 127.0.0.1 port; sets SINK_PORT and SINK_PID; stopped by its PID at exit
start_sink() {
	rm -rf "$1"
	mkdir -p "$1"
	/usr/bin/python3 "$TOP/tests/smtp_sink.py" "$1" "${2:-ok}" \
	    >"$1/sink.log" 2>&1 &
	SINK_PID=$!
	cleanup_hooks="$cleanup_hooks kill $SINK_PID 2>/dev/null;"
	i=0
	while [ ! -s "$1/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	SINK_PORT=$(cat "$1/port" 2>/dev/null)
	[ -n "$SINK_PORT" ] || { echo "# sink did not start"; cat "$1/sink.log"; }
}

stop_sink() {
	kill "$SINK_PID" 2>/dev/null
	wait "$SINK_PID" 2>/dev/null
}

# a copy of the small test curriculum to break
fixture() {
	rm -rf "$1"
	cp -R "$TOP/tests/data/curriculum" "$1"
}

# a relay's DSN (a hard bounce, 5.1.1) of rcpt's mail, sent back to the
# return path rp: hard_bounce RP RCPT > FILE
hard_bounce() {
	cat <<EOF
Return-Path: <>
Delivered-To: $1
From: MAILER-DAEMON@relay.example.net (Mail Delivery System)
To: $1
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
Message-ID: <dsn.1@relay.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="B0UND"

--B0UND
Content-Type: text/plain; charset=us-ascii

Your message could not be delivered.

--B0UND
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net

Final-Recipient: rfc822; $2
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <$2>: user unknown

--B0UND--
EOF
}

finish() {
	[ "$failed" -eq 0 ]
}

# a free TCP port on 127.0.0.1 (the kernel's choice, released at once)
free_port() {
	/usr/bin/python3 -c 'import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# start_serve [ARGS...]: `refready serve` in the background with the
# current config; sets SERVE_PID; waits until /healthz answers.  Its
# stderr goes to serve.log.
start_serve() {
	"$R" "$@" serve 2>>serve.log &
	SERVE_PID=$!
	cleanup_hooks="$cleanup_hooks kill $SERVE_PID 2>/dev/null;"
	i=0
	until curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz"; do
		sleep 0.1
		i=$((i + 1))
		if [ $i -ge 100 ] || ! kill -0 $SERVE_PID 2>/dev/null; then
			echo "# serve did not start"; sed 's/^/# /' serve.log
			return 1
		fi
	done
}

# http METHOD URL [curl args...]: sets CODE, and the body in .body and the
# headers in .hdr
http() {
	m=$1 u=$2
	LAST_URL=$u
	shift 2
	rm -f "$T/.body"
	# curl -I reads no body even if one came: see raw_head for that
	if [ "$m" = HEAD ]; then set -- -I "$@"; else set -- -X "$m" "$@"; fi
	CODE=$(curl -s -o "$T/.body" -D "$T/.hdr" -w '%{http_code}' "$@" "$u")
	[ "$m" = HEAD ] && rm -f "$T/.body"
	touch "$T/.body"
	tr -d '\r' < "$T/.hdr" > "$T/.hdr.tmp" && mv "$T/.hdr.tmp" "$T/.hdr"
}

# raw_head URL: how many bytes follow the headers of a HEAD answer,
# read over a plain socket until the server closes
raw_head() {
	/usr/bin/python3 - "$1" <<'PY'
import socket, sys, urllib.parse
u = urllib.parse.urlsplit(sys.argv[1])
s = socket.create_connection((u.hostname, u.port), timeout=5)
s.sendall(("HEAD %s HTTP/1.0\r\nHost: x\r\n\r\n" % u.path).encode())
data = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    data += b
print(len(data.split(b"\r\n\r\n", 1)[1]))
PY
}
# location: the last answer's Location, resolved against its request's URL
# as a browser does (it may be relative)
location() {
	/usr/bin/python3 -c 'import sys, urllib.parse
print(urllib.parse.urljoin(sys.argv[1], sys.argv[2]))' "$LAST_URL" "$(header Location)"
}
code_is() {
	[ "$CODE" = "$1" ] || fail "HTTP $CODE, expected $1"
}
# header NAME: its value in the last answer
header() {
	awk -F': ' -v n="$1" 'tolower($1) == tolower(n) { sub(/^[^:]*: /, ""); print }' "$T/.hdr"
}
body_has() {
	grep -Eq -- "$1" "$T/.body" || fail "body lacks /$1/"
}
body_lacks() {
	! grep -Eq -- "$1" "$T/.body" || fail "body has /$1/"
}
