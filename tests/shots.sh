#!/bin/sh
# tests/shots.sh - screenshots of the daemon's pages in headless Chromium,
# at phone width (390 px) and desktop width (1280 px) (with the page's
# twelve weeks after the plan, offered and under way, and two of their
# emails), of the cohort report at 375 px and 1280 px, and of the
# welcome, a lesson with its catch-up box and the completion email, into
# build/shots/,
# for a person to look at.  Not part of `make check` (it needs Chromium,
# which `make shots` installs when missing).
#
#   REFREADY=build/refready sh tests/shots.sh
set -eu
TOP=$(cd "$(dirname "$0")/.." && pwd)
R=${REFREADY:-$TOP/build/refready}
OUT=$TOP/build/shots
W=$(mktemp -d "${TMPDIR:-/tmp}/refready-shots.XXXXXX")
pid=
trap '[ -n "$pid" ] && kill $pid 2>/dev/null; rm -rf "$W"' EXIT
mkdir -p "$OUT"
cd "$W"
P=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "http://127.0.0.1:$P",
 "http": {"listen": "127.0.0.1:$P"}, "mail": {"url": "maildir:m"}}
JSON
export REFREADY_CONFIG=c.json
NOW=2026-12-16T15:00:00Z
"$R" init -q
"$R" --now 2026-12-04T15:00:00Z enroll dana@example.org \
    --name 'Dana Ortiz-Whitfield' --tz America/Chicago > links.txt
for d in 1 2 3 4 6 7 8; do "$R" done dana@example.org $d >/dev/null; done
# cal has fallen behind: her page and today's lesson start with a catch-up box
"$R" --now 2026-12-04T15:00:00Z enroll cal@example.org \
    --name 'Cal Brennan' --tz America/Chicago > cal.txt
for d in 1 3; do "$R" done cal@example.org $d >/dev/null; done
# someone on a dated pause: the page says until when
"$R" --now 2026-12-04T15:00:00Z enroll paz@example.org \
    --name 'Paz Okafor' --tz America/Chicago > paz.txt
"$R" --now $NOW pause paz@example.org --until 2026-12-28 >/dev/null
if [ -n "${SCORES:-}" ]; then
	for f in $SCORES; do "$R" --now $NOW score dana@example.org --answers "$f" >/dev/null; done
fi
# the twelve weeks after the plan: Kim finished on Nov 30 (Nov 11 and 26
# skipped) and opted in
# (three weeks sent by NOW); Lee finished and is offered them
for who in kim lee; do
	"$R" --now 2026-10-28T15:00:00Z enroll $who@example.org --name "${who} Park" \
	    --tz America/Chicago --pacing daily --start 2026-10-30 > $who.txt
	/usr/bin/python3 - "$TOP/curriculum/scorecard.json" > fo.json <<'PY'
import json, sys
sc = json.load(open(sys.argv[1]))
low = {"intake": 0, "documentation": 1, "cadence": 2}
print(json.dumps({i["id"]: low.get(c["id"], 3 + k % 2)
                  for c in sc["categories"] for k, i in enumerate(c["items"])}))
PY
	"$R" --now 2026-11-03T20:00:00Z score $who@example.org --answers fo.json >/dev/null
done
"$R" --now 2026-11-30T14:00:00Z tick >/dev/null
"$R" --now 2026-11-30T20:00:00Z serve 2>>serve.log &
pid=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$P/healthz" || [ $i -ge 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
curl -s -o /dev/null -X POST "$(awk '/^page:/ { print $2 }' kim.txt)/followon"
kill $pid; wait $pid 2>/dev/null || true
for d in 01 08 15; do "$R" --now 2026-12-${d}T14:00:00Z tick >/dev/null; done
"$R" --now $NOW preview followon 3 --email kim@example.org --html > "$W/followon-3.html"
"$R" --now $NOW preview followon 6 --email kim@example.org --html > "$W/followon-6.html"
"$R" --now $NOW serve 2>serve.log &
pid=$!
sleep 1
page=$(awk '/^page:/ { print $2 }' links.txt)
shot() {	# NAME URL WIDTH [HEIGHT]
	chromium --headless --no-sandbox --disable-gpu --disable-quic \
	    --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$W/chrome" --window-size="$3,${4:-2400}" \
	    --screenshot="$OUT/$1-$3.png" "$2" >/dev/null 2>&1
	echo "$OUT/$1-$3.png"
}
# the settings as a bad post shows them again (422), saved to open as a file
curl -s -o "$W/settings-422.html" -d 'send_at=7am&tz=Mars/Base' "$page/settings"
# the cohort report: one cohort under way (the test exports, people
# enrolled, some days done and scored twice) and one not started yet
D=$TOP/tests/data/cohort
"$R" cohort create nov-20 --webinar "2026-11-20 12:00 America/New_York" \
    --title 'Cracking the Code: referrals from the chiropractor next door' \
    --join-url https://zoom.us/j/81234567890 >/dev/null
"$R" cohort create jan-08 --webinar "2027-01-08 12:00 America/Chicago" \
    --signup on >/dev/null
"$R" --now 2026-11-21T10:00:00Z cohort import nov-20 "$D/registrants.csv" >/dev/null 2>&1
"$R" --now 2026-11-21T10:00:00Z cohort import nov-20 "$D/attendees.csv" >/dev/null 2>&1
"$R" --now 2026-11-21T10:00:00Z cohort import jan-08 "$D/registrants.csv" >/dev/null 2>&1
"$R" --now 2026-11-21T12:00:00Z cohort enroll nov-20 >/dev/null
n=0
for e in ann@example.org finn@example.org walt@example.org eve@example.org; do
	n=$((n + 1))
	for d in $(seq 1 $((12 - n * 2))); do "$R" --now $NOW done $e $d >/dev/null; done
	for t in 2026-11-24T12:00:00Z $NOW; do
		/usr/bin/python3 - "$TOP/curriculum/scorecard.json" $n "$t" > a.json <<'PY'
import json, sys
sc = json.load(open(sys.argv[1])); n = int(sys.argv[2]); late = sys.argv[3] > "2026-12"
print(json.dumps({i["id"]: (k + n + (2 if late else 0)) % 5
                  for k, c in enumerate(sc["categories"]) for i in c["items"]}))
PY
		"$R" --now "$t" score $e --answers a.json >/dev/null 2>&1 || true
	done
done
"$R" --now $NOW pause lou@example.org --until 2026-12-28 >/dev/null
"$R" --now $NOW pause eve@example.org >/dev/null
"$R" --now $NOW cohort report nov-20 --format html -o "$W/report.html"
"$R" --now $NOW cohort report jan-08 --format html -o "$W/report-new.html"
"$R" --now $NOW cohort report --all --format html -o "$W/report-all.html"
# the signup: the form, a bad post (422), the check-inbox page, the
# confirmation email's HTML part, the link's button and what it says after,
# and an expired link
J=http://127.0.0.1:$P/join/jan-08
curl -s -o "$W/join-422.html" -d 'name=&email=dana@&tz=America/Chicago&send_at=7am&website=' "$J"
curl -s -o "$W/inbox.html" -d 'name=Sam+Okafor&email=sam@example.org&tz=America%2FChicago&send_at=06%3A30&website=' "$J"
i=0
while [ -z "$(ls m/new 2>/dev/null | xargs -r grep -l 'To: Sam' 2>/dev/null)" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
cat > link.py <<'PY'
import email, os, re, sys
for f in sorted(os.listdir(sys.argv[1])):
    m = email.message_from_binary_file(open(os.path.join(sys.argv[1], f), "rb"))
    if not m["To"].startswith(sys.argv[3]):
        continue
    for p in m.walk():
        if p.get_content_type() == "text/html":
            html = p.get_payload(decode=True).decode()
            open(sys.argv[2], "w").write(html)
            print(re.search(r'href="([^"]*/confirm/[^"]*)"', html).group(1))
PY
confirm=$(/usr/bin/python3 link.py m/new "$W/confirm-email.html" Sam)
# a second signup whose link is older than its 72 hours: the expired page
curl -s -o /dev/null -d 'name=Rae+Lind&email=rae@example.org&tz=America%2FChicago&send_at=07%3A00&website=' "$J"
i=0
while [ -z "$(ls m/new 2>/dev/null | xargs -r grep -l 'To: Rae' 2>/dev/null)" ] && [ $i -lt 50 ]; do
	sleep 0.1
	i=$((i + 1))
done
expired=$(/usr/bin/python3 link.py m/new "$W/rae.html" Rae)
sqlite3 var/refready.db "UPDATE signup SET created_at = created_at - 80 * 3600
    WHERE email = 'rae@example.org'"
for w in 390 1280; do
	shot join "$J" $w
	shot join-422 "file://$W/join-422.html" $w
	shot join-inbox "file://$W/inbox.html" $w
	shot confirm-email "file://$W/confirm-email.html" $w
	shot confirm "$confirm" $w
	shot confirm-expired "$expired" $w
done
curl -s -o "$W/confirmed.html" -X POST "$confirm"
for w in 390 1280; do
	shot confirmed "file://$W/confirmed.html" $w
done
for w in 375 1280; do
	shot report "file://$W/report.html" $w 4000
	shot report-new "file://$W/report-new.html" $w
	shot report-all "file://$W/report-all.html" $w
done
# the emails as a mail client shows them: the welcome of a cohort member
# (a webinar with a title and a replay), day 8 with cal's catch-up box,
# and the completion summary (the sample person's: two scorecards)
sqlite3 var/refready.db "UPDATE cohort SET title = 'Cracking the Code: Referrals from Physicians',
    replay_url = 'https://webinar.example.org/replay/nov-20' WHERE name = 'nov-20'"
"$R" --now $NOW preview welcome --html --email ann@example.org > "$W/welcome.html"
"$R" --now $NOW preview 8 --html --email cal@example.org > "$W/catchup-mail.html"
"$R" --now $NOW preview completion --html > "$W/completion.html"
calpage=$(awk '/^page:/ { print $2 }' cal.txt)
for w in 390 1280; do
	shot welcome "file://$W/welcome.html" $w
	shot catchup-mail "file://$W/catchup-mail.html" $w 3000
	shot completion "file://$W/completion.html" $w
	shot page-catchup "$calpage" $w
done
for w in 390 1280; do
	shot page "$page" $w
	shot page-paused "$(awk '/^page:/ { print $2 }' paz.txt)" $w
	# the settings are at the end of a long page: all of it
	shot page-all "$page" $w 9000
	shot settings-422 "file://$W/settings-422.html" $w 9000
	shot scorecard "$page/scorecard" $w
	shot result "$page/scorecard?result=1" $w
	shot unsubscribe "http://127.0.0.1:$P/unsubscribe/AAAAAAAAAAAAAAAAAAAAAA" $w
	shot followon "$(awk '/^page:/ { print $2 }' kim.txt)" $w 4000
	shot followon-offer "$(awk '/^page:/ { print $2 }' lee.txt)" $w
	shot followon-mail-3 "file://$W/followon-3.html" $w 3000
	shot followon-mail-6 "file://$W/followon-6.html" $w 3000
done
