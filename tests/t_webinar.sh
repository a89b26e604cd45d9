# t_webinar.sh - webinars people can join, through the real binary:
# `cohort create --title --join-url --replay-url` and `cohort set` store
# them; the cohort feed's webinar event (parsed by Python's icalendar and
# served over HTTP) shows the title as SUMMARY, the join link as URL and
# in DESCRIPTION, and its SEQUENCE and LAST-MODIFIED go up only when they
# change; bad titles and links are refused with one line naming the
# value; `cohort show`, `cohort list` and the report show them.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/tests/data/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"}, "schedule": {"holidays": "none"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
db() { sqlite3 var/refready.db "$1"; }
JOIN='https://zoom.us/j/81234567890?pwd=Xy1,Zz'
REPLAY=https://videos.example.org/replay/nov-20
# event FILE EXPR: a Python expression over the feed's webinar event (w)
event() {
	$PY - "$1" "$2" <<'PY'
import icalendar, sys
cal = icalendar.Calendar.from_ical(open(sys.argv[1], "rb").read())
for c in cal.walk():
    assert not c.errors, (c.name, c.errors)
w = [e for e in cal.walk("VEVENT") if "webinar" in str(e["UID"])][0]
print(eval(sys.argv[2]))
PY
}

begin "cohort create with a title and a join link: stored, shown, in the feed"
run "$R" --now 2026-11-01T00:00:00Z cohort create nov-20 \
    --webinar "2026-11-20 12:00 America/New_York" \
    --title "Cracking the Code: referrals, live" --join-url "$JOIN"
status_is 0
out_has "^created cohort 'nov-20': "
out_has '^  title +Cracking the Code: referrals, live$'
out_has "^  join +https://zoom\.us/j/81234567890\?pwd=Xy1,Zz$"
equal "$(db "SELECT title || '|' || join_url || '|' || ifnull(replay_url, '-') || '|' || sequence FROM cohort")" \
    "Cracking the Code: referrals, live|$JOIN|-|0" "stored"
run "$R" cohort show nov-20
out_has '^title: +Cracking the Code: referrals, live$'
out_has '^join: +https://zoom\.us/'
out_lacks '^replay:'
run "$R" cohort list
out_has '^nov-20 .* 0  Cracking the Code: referrals, live$'
run "$R" cohort list --json
equal "$(/usr/bin/python3 -c 'import json,sys; c = json.load(open(sys.argv[1]))[0]; print(c["title"], c["join_url"], c["replay_url"])' "$T/.out")" \
    "Cracking the Code: referrals, live $JOIN None" "cohort list --json"
run "$R" --now 2027-01-01T00:00:00Z cohort feed nov-20
cp "$T/.out" v0.ics
equal "$(event v0.ics 'str(w["SUMMARY"]), str(w["URL"]), int(w["SEQUENCE"])')" \
    "('Cracking the Code: referrals, live', '$JOIN', 0)" "SUMMARY, URL, SEQUENCE"
equal "$(event v0.ics '("Join: %s" % "'"$JOIN"'") in str(w["DESCRIPTION"]), "LAST-MODIFIED" in w')" \
    "(True, False)" "DESCRIPTION, no LAST-MODIFIED yet"
grep -q '^X-WR-CALNAME:Cracking the Code: referrals, live' v0.ics ||
    fail "calendar name"
end

begin "bad titles and links are refused: exit 2, one line naming the value, nothing stored"
for bad in 'ftp://files.example.org/x' 'zoom.us/j/1' 'https://' \
    'https://a b.example.org/' 'javascript:alert(1)'; do
	run "$R" cohort create x --webinar "2026-11-20 12:00 UTC" --join-url "$bad"
	status_is 2
	err_has "^refready: cohort create: bad --join-url '"
	err_lines 1
done
run "$R" cohort create x --webinar "2026-11-20 12:00 UTC" --title "$(printf 'a\nb')"
status_is 2
err_has "^refready: cohort create: bad --title 'a\\\\x0ab' \(line breaks or control characters\)$"
run "$R" cohort set nov-20 --replay-url "$(printf 'https://x.org/\033[2J')"
status_is 2
err_has "^refready: cohort set: bad --replay-url 'https://x\.org/\\\\x1b\[2J' \(spaces or control characters\)$"
run "$R" cohort set nov-20
status_is 2
err_has '^refready: cohort set: nothing to change'
run "$R" cohort set nov-99 --title T
status_is 2
err_has "^refready: cohort set: no cohort called 'nov-99'"
equal "$(db "SELECT count(*) FROM cohort")" 1 "cohorts"
equal "$(db "SELECT sequence FROM cohort")" 0 "sequence"
end

begin "cohort set changes the feed: SUMMARY, URL, DESCRIPTION, SEQUENCE and LAST-MODIFIED up"
run "$R" --now 2026-11-10T15:00:00Z cohort set nov-20 \
    --title "Cracking the Code (Nov 20)" --replay-url "$REPLAY"
status_is 0
out_has "^cohort 'nov-20': changed; its calendar event is updated$"
run "$R" --now 2027-01-01T00:00:00Z cohort feed nov-20
cp "$T/.out" v1.ics
equal "$(event v1.ics 'str(w["SUMMARY"]), str(w["URL"]), int(w["SEQUENCE"]), w["LAST-MODIFIED"].dt.isoformat(), w["DTSTAMP"].dt.isoformat()')" \
    "('Cracking the Code (Nov 20)', '$JOIN', 1, '2026-11-10T15:00:00+00:00', '2026-11-10T15:00:00+00:00')" \
    "after set"
equal "$(event v1.ics '("Join: '"$JOIN"'" in str(w["DESCRIPTION"]), "Replay: '"$REPLAY"'" in str(w["DESCRIPTION"]))')" \
    "(True, True)" "DESCRIPTION"
# the same values again change nothing: no new SEQUENCE for calendars
run "$R" --now 2026-11-11T15:00:00Z cohort set nov-20 --replay-url "$REPLAY"
out_has "^cohort 'nov-20': nothing changed$"
run "$R" --now 2027-01-01T00:00:00Z cohort feed nov-20
cmp -s "$T/.out" v1.ics || fail "the feed changed without a change"
# after the webinar: the join link cleared, the replay link is the URL
run "$R" --now 2026-11-21T09:00:00Z cohort set nov-20 --join-url ""
status_is 0
run "$R" --now 2027-01-01T00:00:00Z cohort feed nov-20
cp "$T/.out" v2.ics
equal "$(event v2.ics 'str(w["URL"]), int(w["SEQUENCE"]), "Join:" in str(w["DESCRIPTION"])')" \
    "('$REPLAY', 2, False)" "after clearing the join link"
# the plan-start event never moved
equal "$(grep -c '^SEQUENCE:0' v2.ics)" 1 "the start event's SEQUENCE"
run "$R" cohort show nov-20
out_lacks '^join:'
out_has "^replay: +$REPLAY$"
end

begin "the daemon serves the same feed: new bytes, new ETag"
start_serve
run "$R" cohort show nov-20
FEED=$(sed -n 's/^feed: *//p' "$T/.out")
http GET "$FEED"
code_is 200
cmp -s "$T/.body" v2.ics || fail "served bytes differ from cohort feed"
ETAG=$(header ETag)
"$R" --now 2026-11-22T09:00:00Z cohort set nov-20 --title "Cracking the Code, replay" >/dev/null
http GET "$FEED" -H "If-None-Match: $ETAG"
code_is 200
body_has '^SUMMARY:Cracking the Code\\, replay'
body_has '^SEQUENCE:3'
end

begin "the report names the webinar and its links"
run "$R" --now 2026-11-30T00:00:00Z cohort report nov-20
status_is 0
out_has '^  title +Cracking the Code, replay$'
out_has "^  replay +$REPLAY$"
run "$R" --now 2026-11-30T00:00:00Z cohort report nov-20 --format json
$PY -c 'import json, sys
c = json.load(open(sys.argv[1]))["cohort"]
assert (c["title"], c["join_url"], c["replay_url"]) == ("Cracking the Code, replay", None, sys.argv[2]), c' "$T/.out" "$REPLAY" ||
    fail "report JSON"
run "$R" --now 2026-11-30T00:00:00Z cohort report nov-20 --format html -o r.html
grep -q '<p>Webinar <strong>Cracking the Code, replay</strong>, ' r.html ||
    fail "report HTML"
end

finish
