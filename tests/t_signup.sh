# t_signup.sh - the public signup with double opt-in, through the real
# daemon over HTTP and a real SMTP server (tests/smtp_sink.py): the form,
# one page for every POST, the confirmation email and its link (GET
# shows a button, POST enrolls once), expiry, the honeypot, the limits
# per client and per address, suppressed and unsubscribed addresses.
#
# Clients are told apart by X-Forwarded-For, which the daemon believes
# only from http.unlimited_from (127.0.0.1 by default), as it would from
# a reverse proxy on the same host.  Time moves by restarting the daemon
# with a later --now: it stamps signups with its own clock.
. "$TOP/tests/lib.sh"

start_sink sink
PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
   "postal_address": "1 Main Street, Springfield, IL 62701"},
 "schedule": {"holidays": "none"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
NOW=2026-12-01T15:00:00Z		# a Tuesday
"$R" --now $NOW cohort create dec-4 --webinar "2026-12-04 12:00 America/New_York" \
    --signup on >/dev/null
"$R" --now $NOW cohort create closed --webinar "2026-12-04 12:00 America/New_York" \
    >/dev/null
start_serve --now $NOW

begin "config check knows the signup keys: types, ranges and near misses"
printf '{"signup": {"open": "yes",\n "per_ip_per_hour": 0, "confirm_hour": 72}}\n' > bad.json
run "$R" -c bad.json config check
status_is 2
err_has 'bad.json:1:21: signup.open: expected true or false, found a string'
err_has 'bad.json:2:21: signup.per_ip_per_hour: must be from 1 to 100000'
err_has "unknown key 'signup.confirm_hour' \(did you mean 'signup.confirm_hours'\?\)"
printf '{"signup": {"open": true, "per_address_per_day": 5, "confirm_hours": 24}}\n' > good.json
run "$R" -c good.json config check
status_is 0
out_has 'configuration OK'
end

# signup [CLIENT] FIELDS...: POSTs the form to /join/dec-4 from CLIENT
signup() {
	cl=$1
	shift
	http POST "$B/join/dec-4" -H "X-Forwarded-For: $cl" "$@"
}
form() {
	printf 'name=%s&email=%s&tz=America%%2FChicago&send_at=07%%3A30&website=' \
	    "$1" "$2"
}
# mails_to ADDR: how many messages the sink took for ADDR
mails_to() {
	grep -lx "$1" sink/msg-*.env 2>/dev/null | wc -l
}
# wait_mail ADDR N: until the sink holds N messages for ADDR (5 s at most)
wait_mail() {
	i=0
	while [ "$(mails_to "$1")" -lt "$2" ] && [ $i -lt 50 ]; do
		sleep 0.1
		i=$((i + 1))
	done
}
# link_of ADDR: the confirmation link in ADDR's last message
link_of() {
	f=$(grep -lx "$1" sink/msg-*.env | sort -t- -k2 -n | tail -1)
	/usr/bin/python3 - "${f%.env}.eml" <<'PY'
import email, re, sys
m = email.message_from_binary_file(open(sys.argv[1], "rb"))
for p in m.walk():
    if p.get_content_type() == "text/plain":
        print(re.search(r"http\S+/confirm/[A-Za-z0-9_-]+",
                        p.get_payload(decode=True).decode()).group(0))
PY
}
rows() {
	sqlite3 var/refready.db "$1"
}

begin "the form: name, email, a grouped zone select on the cohort's zone, send time, a hidden honeypot, no scripts"
http GET "$B/join/dec-4"
code_is 200
body_has '<form class="join" method="post" action="dec-4">'
body_has 'name="name"'
body_has 'type="email" id="email" name="email"'
body_has '<optgroup label="America">'
body_has '<option value="America/New_York" selected>'
body_has 'type="time" id="send_at" name="send_at" required value="07:00"'
body_has 'class="hp" aria-hidden="true".*name="website" tabindex="-1"'
body_lacks '<script'
body_has 'starts the plan together on <strong>Monday, December 7, 2026'
header Content-Security-Policy | grep -q "form-action 'self'" ||
    fail "no CSP"
end

begin "unknown, closed and empty names, and /join while signup.open is off: the one 404"
http GET "$B/join/nosuch"
code_is 404
cp .body nosuch.html
http GET "$B/join/closed"
code_is 404
cmp -s .body nosuch.html || fail "closed and unknown differ"
http POST "$B/join/closed" --data "$(form Al al@example.org)"
code_is 404
http GET "$B/join"
code_is 404
cmp -s .body nosuch.html || fail "/join differs"
http GET "$B/join/"
code_is 404
http PUT "$B/join/dec-4"
code_is 405
end

begin "a signup completed: the email, a GET that only shows a button, a POST that enrolls on the cohort's start"
signup 203.0.113.1 --data "$(form Ann+Lee ann@example.org)"
code_is 200
body_has 'Check your inbox'
cp .body inbox.html
wait_mail ann@example.org 1
equal "$(mails_to ann@example.org)" 1 "emails to ann"
L=$(link_of ann@example.org)
case $L in "$B/confirm/"*) ;; *) fail "no link: $L" ;; esac
f=$(grep -lx ann@example.org sink/msg-*.env | head -1)
grep -q '^Subject: Please confirm your signup' "${f%.env}.eml" || fail "subject"
grep -q '^From: Referral-Ready Plan <plan@localhost>' "${f%.env}.eml" || fail "from"
grep -q 'Springfield, IL 62701' "${f%.env}.eml" || fail "no postal address"
grep -q '^List-Unsubscribe' "${f%.env}.eml" && fail "a list header on a one-off"
http GET "$L"
code_is 200
body_has '<form method="post" action="[A-Za-z0-9_-]{22}"><button'
run "$R" --now $NOW status ann@example.org
status_is 2
http POST "$L"
code_is 200
body_has 'You are in'
body_has 'Day 1 comes on <strong>Monday, December 7, 2026</strong> at 07:30 \(America/Chicago\)'
run "$R" --now $NOW status ann@example.org --json
status_is 0
/usr/bin/python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
assert d["state"] == "active" and d["cohort"] == "dec-4", d
assert d["start"] == "2026-12-07" and d["tz"] == "America/Chicago", d
assert d["send_at"] == "07:30" and d["name"] == "Ann Lee", d' .out ||
    fail "the enrollment: $(cat .out)"
equal "$(rows "SELECT email, client, cohort_id IS NOT NULL FROM consent")" \
    "ann@example.org|203.0.113.1|1" "consent"
end

begin "the link again: GET and POST say you are in, and nothing more is enrolled"
http POST "$L"
code_is 200
body_has 'You are in'
http GET "$L"
code_is 200
body_has 'You are in'
body_lacks '<button'
equal "$(rows "SELECT count(*) FROM enrollment")" 1 "enrollments"
equal "$(rows "SELECT count(*) FROM consent")" 1 "consent rows"
end

begin "known, enrolled and unknown addresses get the same page, byte for byte"
signup 203.0.113.2 --data "$(form Ann+Lee ann@example.org)"
code_is 200
cmp -s .body inbox.html || fail "enrolled ann's page differs"
signup 203.0.113.2 --data "$(form Zed+Unknown zed@example.org)"
code_is 200
cmp -s .body inbox.html || fail "unknown zed's page differs"
end

begin "a filled honeypot: the same page, nothing stored, nothing sent"
before=$(rows "SELECT count(*) FROM signup")
signup 203.0.113.3 --data "name=Bot&email=bot%40example.org&tz=UTC&send_at=07%3A00&website=http%3A%2F%2Fspam.example"
code_is 200
cmp -s .body inbox.html || fail "the honeypot's page differs"
equal "$(rows "SELECT count(*) FROM signup")" "$before" "signup rows"
sleep 1
equal "$(mails_to bot@example.org)" 0 "emails to the robot"
end

begin "bad fields: 422 with each problem marked, the values kept, nothing stored"
before=$(rows "SELECT count(*) FROM signup")
signup 203.0.113.4 --data "name=Al&email=not-an-address&tz=Mars%2FBase&send_at=25%3A00&website="
code_is 422
body_has 'id="email" name="email" required maxlength="254" autocomplete="email" value="not-an-address" aria-invalid="true"'
body_has 'id="email-problem"'
body_has 'name="tz" required aria-invalid="true"'
body_has 'id="send_at-problem"'
body_lacks 'id="name-problem"'
equal "$(rows "SELECT count(*) FROM signup")" "$before" "signup rows"
http POST "$B/join/dec-4" --data 'name=%zz'
code_is 400
end

begin "10 signups an hour from one client, then 429"
for i in 1 2 3 4 5 6 7 8 9 10; do
	signup 198.51.100.7 --data "$(form Pat+$i pat$i@example.org)"
	[ "$CODE" = 200 ] || fail "signup $i: HTTP $CODE"
done
signup 198.51.100.7 --data "$(form Pat+11 pat11@example.org)"
code_is 429
body_has 'Too many signups'
signup 198.51.100.8 --data "$(form Pat+12 pat12@example.org)"
code_is 200
end

begin "3 confirmation emails a day to one address; a 4th POST sends nothing and reads the same"
for i in 1 2 3 4; do
	signup 192.0.2.$i --data "$(form Cy cy@example.org)"
	cmp -s .body inbox.html || fail "post $i's page differs"
done
wait_mail cy@example.org 3
sleep 1
equal "$(mails_to cy@example.org)" 3 "emails to cy"
equal "$(rows "SELECT group_concat(mail) FROM (SELECT mail FROM signup WHERE email = 'cy@example.org' ORDER BY id)")" \
    "sent,sent,sent,held" "cy's signups"
end

begin "a bounced address: the same page, no email"
rows "INSERT INTO suppression (email, reason, since) VALUES ('gone@example.org', 'bounced', 0)"
signup 192.0.2.20 --data "$(form Gone gone@example.org)"
cmp -s .body inbox.html || fail "the bounced address's page differs"
sleep 1
equal "$(mails_to gone@example.org)" 0 "emails to the bounced address"
end

begin "an unsubscribed person opts in again: the confirm lifts the unsubscribe and records the consent"
"$R" --now $NOW enroll una@example.org --name "Una May" >/dev/null
U=$("$R" --now $NOW preview 1 --email una@example.org |
    grep -o "$B/unsubscribe/[A-Za-z0-9_-]*" | head -1)
http POST "$U"
code_is 200
equal "$(rows "SELECT reason FROM suppression WHERE email = 'una@example.org'")" \
    unsubscribed "una before"
signup 192.0.2.30 --data "$(form Una+May una@example.org)"
cmp -s .body inbox.html || fail "una's page differs"
wait_mail una@example.org 1
L2=$(link_of una@example.org)
http POST "$L2"
code_is 200
body_has 'You are in'
equal "$(rows "SELECT count(*) FROM suppression WHERE email = 'una@example.org'")" \
    0 "una's suppression"
equal "$(rows "SELECT action, detail FROM suppression_log WHERE email = 'una@example.org' ORDER BY id DESC LIMIT 1")" \
    "lift|confirmed a signup: they asked to join again" "the lift"
equal "$(rows "SELECT client FROM consent WHERE email = 'una@example.org'")" \
    192.0.2.30 "una's consent"
run "$R" --now $NOW status una@example.org --json
out_has '"state": "active"'
end

begin "/metrics counts signups taken, confirmation emails sent and held, and confirmations"
# metric NAME: its value in the last /metrics answer
metric() {
	awk -v n="$1" '$1 == n { print $2 }' .body
}
http GET "$B/metrics"
code_is 200
body_has '^# TYPE refready_signups gauge$'
equal "$(metric refready_signups)" "$(rows 'SELECT count(*) FROM signup')" "taken"
equal "$(metric 'refready_signup_emails{state="held"}')" \
    "$(rows "SELECT count(*) FROM signup WHERE mail = 'held'")" "held"
[ "$(metric 'refready_signup_emails{state="held"}')" -ge 2 ] ||
    fail "cy's 4th and the bounced address were held"
equal "$(metric 'refready_signup_emails{state="sent"}')" \
    "$(rows "SELECT count(*) FROM signup WHERE mail = 'sent'")" "sent"
equal "$(metric refready_signups_confirmed)" \
    "$(rows 'SELECT count(*) FROM consent')" "confirmed (one consent each)"
taken=$(metric refready_signups)
sent=$(metric 'refready_signup_emails{state="sent"}')
held=$(metric 'refready_signup_emails{state="held"}')
confirmed=$(metric refready_signups_confirmed)
signup 192.0.2.50 --data "$(form Mo mo@example.org)"
wait_mail mo@example.org 1
sleep 0.5
http GET "$B/metrics"
equal "$(metric refready_signups)" $((taken + 1)) "taken, one more"
equal "$(metric 'refready_signup_emails{state="sent"}')" $((sent + 1)) "sent, one more"
equal "$(metric 'refready_signup_emails{state="pending"}')" 0 "none waiting"
equal "$(metric refready_signups_confirmed)" "$confirmed" "not confirmed yet"
http POST "$(link_of mo@example.org)"
body_has 'You are in'
signup 192.0.2.51 --data "$(form Gone gone@example.org)"
http GET "$B/metrics"
equal "$(metric refready_signups_confirmed)" $((confirmed + 1)) "confirmed, one more"
equal "$(metric refready_signups)" $((taken + 2)) "taken, with the bounced one"
equal "$(metric 'refready_signup_emails{state="held"}')" $((held + 1)) "held, one more"
end

begin "an unknown or mangled confirmation link: the link-gone page"
http GET "$B/confirm/AAAAAAAAAAAAAAAAAAAAAA"
code_is 404
body_has 'no longer valid'
http POST "$B/confirm/short"
code_is 404
body_has 'no longer valid'
end

begin "signup.open publishes /join for the program on its own, on the configured zone"
kill "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
/usr/bin/python3 - c.json <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["signup"] = {"open": True, "confirm_hours": 72}
c["schedule"]["tz"] = "Europe/Berlin"
json.dump(c, open(sys.argv[1], "w"))
PY
start_serve --now $NOW
http GET "$B/join"
code_is 200
body_has 'action="join"'
body_has '<option value="Europe/Berlin" selected>'
body_has 'next morning after you confirm'
http POST "$B/join" -H "X-Forwarded-For: 192.0.2.40" --data "$(form Bo bo@example.org)"
code_is 200
cmp -s .body inbox.html || fail "/join's inbox page differs"
wait_mail bo@example.org 1
LB=$(link_of bo@example.org)
end

begin "73 hours later the link has expired: a clear page with the way back, and no enrollment"
kill "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
start_serve --now 2026-12-04T16:00:00Z
http GET "$LB"
code_is 410
body_has 'This link has expired'
body_has '<a href="../join">sign up again</a>'
http POST "$LB"
code_is 410
run "$R" status bo@example.org
status_is 2
end

begin "cohort set --signup off withdraws the form; on brings it back"
run "$R" cohort set dec-4 --signup off
status_is 0
out_has "^signup: +off$"
http GET "$B/join/dec-4"
code_is 404
run "$R" cohort set dec-4 --signup on
out_has "^signup: +on: $B/join/dec-4$"
run "$R" cohort show dec-4
out_has "^signup: +on: $B/join/dec-4$"
http GET "$B/join/dec-4"
code_is 200
run "$R" cohort set dec-4 --signup maybe
status_is 2
err_has "bad --signup 'maybe' \(on or off\)"
run "$R" cohort set nosuch --signup on
status_is 2
end

kill "$SERVE_PID"
wait "$SERVE_PID" 2>/dev/null
finish
