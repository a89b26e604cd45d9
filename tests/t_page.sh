# t_page.sh - the personal page as a browser uses it: forms that post
# to the host the page was opened on, what a stopped plan's page says,
# the one page every dead link gets, and the participant's own settings
# (send time, time zone, pause and resume) posted through the page.
. "$TOP/tests/lib.sh"

PORT=$(free_port)
B=http://127.0.0.1:$PORT
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "$B",
 "http": {"listen": "127.0.0.1:$PORT"}, "mail": {"url": "maildir:var/mail"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z	# a Friday
NOW=2026-12-09T15:00:00Z		# Wednesday: Ann's day 3, 09:00 in Chicago
# enroll NAME [ARGS]: NAME@example.org; their links in NAME.txt
enroll() {
	who=$1
	shift
	"$R" --now $ENROLLED enroll "$who@example.org" --name "$who Lee" \
	    --tz America/Chicago "$@" > "$who.txt"
}
page_of() {
	awk '/^page:/ { print $2 }' "$1.txt"
}
unsub_of() {
	"$R" --now $NOW preview 1 --email "$1@example.org" |
	    grep -o "$B/unsubscribe/[A-Za-z0-9_-]*" | head -1
}
json_of() {
	"$R" --now $NOW status "$1@example.org" --json
}
# actions BASE: every form action in .body, resolved against BASE
actions() {
	/usr/bin/python3 - "$1" "$T/.body" <<'PY'
import html, re, sys, urllib.parse
for a in re.findall(r'<form[^>]*action="([^"]*)"', open(sys.argv[2]).read()):
    print(urllib.parse.urljoin(sys.argv[1], html.unescape(a)))
PY
}
enroll ann --pacing daily --start 2026-12-07
enroll fay --start 2027-01-04
enroll gus --start 2027-01-04
PAGE=$(page_of ann)
TOKPATH=${PAGE#$B}
# the page as a browser sees it when opened by another name
H=localhost:$PORT
HPAGE=http://$H$TOKPATH
start_serve --now $NOW

begin "opened as localhost, every form on the page posts to localhost"
http GET "$HPAGE" --resolve "$H:127.0.0.1"
code_is 200
actions "$HPAGE" > acts.txt
[ -s acts.txt ] || fail "no forms"
grep -v "^http://$H/" acts.txt > other.txt && fail "forms post elsewhere: $(head -2 other.txt)"
grep -qx "$HPAGE/days/2" acts.txt || fail "no form for day 2: $(head -2 acts.txt)"
end

begin "a done button pressed on localhost works and comes back to localhost"
http POST "$HPAGE/days/2" --resolve "$H:127.0.0.1" -d done=1
code_is 303
equal "$(location)" "$HPAGE#day-2" "the redirect"
json_of ann | /usr/bin/python3 -c 'import json, sys
sys.exit(0 if json.load(sys.stdin)["days"][1]["done"] else 1)' ||
    fail "day 2 is not done"
end

begin "the scorecard and unsubscribe forms post to the host in use too"
http GET "$HPAGE/scorecard" --resolve "$H:127.0.0.1"
code_is 200
equal "$(actions "$HPAGE/scorecard")" "$HPAGE/scorecard" "scorecard action"
U=$(unsub_of gus)
HU=http://$H${U#$B}
http GET "$HU" --resolve "$H:127.0.0.1"
code_is 200
equal "$(actions "$HU")" "$HU" "unsubscribe action"
http POST "$HPAGE/scorecard" --resolve "$H:127.0.0.1" -d x=1
code_is 422
end

begin "before day 1 an active plan promises the first lesson; a stopped one does not"
http GET "$(page_of fay)"
code_is 200
body_has 'Your plan starts on'
body_has 'the first lesson arrives that morning'
http POST "$(unsub_of fay)"
code_is 200
http GET "$(page_of fay)"
code_is 200
body_has '<strong>unsubscribed</strong>'
body_lacks 'first lesson arrives'
for s in bounced complained; do
	sqlite3 var/refready.db "UPDATE enrollment SET state = '$s' WHERE
	    person_id = (SELECT id FROM person WHERE email = 'gus@example.org')"
	http GET "$(page_of gus)"
	code_is 200
	body_has 'Lesson emails have <strong>stopped</strong>'
	body_lacks 'first lesson arrives'
done
end

begin "an unknown, a cut-short and a rotated page link get one page: 404, no longer valid"
http GET "$B/p/AAAAAAAAAAAAAAAAAAAAAA"
code_is 404
equal "$(header Content-Type)" "text/html; charset=utf-8" "Content-Type"
body_has 'This link is no longer valid'
body_has 'Ask the program for a new link'
cp .body gone.html
http GET "${PAGE%???????}"
code_is 404
cmp -s .body gone.html || fail "a cut-short link's page differs"
"$R" --now $NOW links ann@example.org --rotate > new.txt
for u in "$PAGE" "$PAGE/scorecard"; do
	http GET "$u"
	code_is 404
	cmp -s .body gone.html || fail "$u: the page differs from an unknown token's"
done
http POST "$PAGE/days/1" -d done=1
code_is 404
cmp -s .body gone.html || fail "a POST's page differs"
body_lacks 'ann|Ann'
PAGE=$(awk '/^page:/ { print $2 }' new.txt)
http GET "$PAGE"
code_is 200
end

finish
