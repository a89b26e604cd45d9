# t_preview.sh - `refready preview`: every day of the shipped curriculum
# renders in both parts with nothing left unfilled, the plain text is
# text (not Markdown), and values are escaped in HTML.
. "$TOP/tests/lib.sh"
NOW=--now=2026-11-22T12:00:00Z
printf '{"curriculum": "%s/curriculum",\n "mail": {"postal_address": "Plan & Co <HQ>, 1 Main St"}}\n' \
    "$TOP" > c.json

begin "all 30 days render in text and HTML with no unfilled merge field"
for d in $(seq 1 30); do
	"$R" -c c.json $NOW preview $d > t$d.txt 2> err || fail "day $d: $(cat err)"
	"$R" -c c.json $NOW preview $d --html > h$d.html 2> err ||
	    fail "day $d html: $(cat err)"
	! grep -q '{{' t$d.txt h$d.html || fail "day $d: unfilled field"
done
end

begin "the text part: subject, task, links, unsubscribe; no Markdown syntax"
title=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["days"][3]["title"])' "$TOP/curriculum/program.json")
task=$(/usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["days"][3]["task"])' "$TOP/curriculum/program.json")
grep -qxF "Subject: Day 4 of 30: $title" t4.txt || fail "subject"
grep -qF "$task" t4.txt || fail "task missing"
grep -q '^Hi Alex,$' t4.txt || fail "first name not filled"
grep -q 'http://127.0.0.1:8080/p/SAMPLE-PAGE-TOKEN$' t4.txt || fail "page link"
grep -q 'http://127.0.0.1:8080/feed/SAMPLE-FEED-TOKEN.ics$' t4.txt || fail "feed link"
grep -q 'http://127.0.0.1:8080/unsubscribe/SAMPLE-UNSUBSCRIBE-TOKEN$' t4.txt ||
    fail "unsubscribe link"
grep -qF 'Plan & Co <HQ>, 1 Main St' t4.txt || fail "postal address"
for d in $(seq 1 30); do
	if grep -nE '^#{1,6} |\*\*|^\|' t$d.txt > noise; then
		fail "day $d has Markdown syntax: $(head -1 noise)"
	fi
	awk 'length > 998 { exit 1 }' t$d.txt || fail "day $d: a line over 998"
done
end

begin "the HTML part: email-safe, escaped, 600 px, every link in place"
for d in $(seq 1 30); do
	f=h$d.html
	! grep -qiE '<script|<img|<link|<style|javascript:' $f ||
	    fail "day $d: script, image or style sheet"
	grep -q 'max-width:600px' $f || fail "day $d: not 600 px"
	grep -q 'href="http://127.0.0.1:8080/unsubscribe/SAMPLE-UNSUBSCRIBE-TOKEN"' $f ||
	    fail "day $d: no unsubscribe link"
	grep -q 'href="webcal://127.0.0.1:8080/feed/SAMPLE-FEED-TOKEN.ics"' $f ||
	    fail "day $d: no webcal link"
	grep -qF 'Plan &amp; Co &lt;HQ&gt;, 1 Main St' $f ||
	    fail "day $d: postal address not escaped"
	! grep -qF '<HQ>' $f || fail "day $d: raw value in HTML"
done
/usr/bin/python3 - h*.html <<'PY' || fail "HTML does not parse cleanly"
import sys
from html.parser import HTMLParser
VOID = {"meta", "br", "hr", "img", "input", "link"}
for f in sys.argv[1:]:
    stack = []
    class P(HTMLParser):
        def handle_starttag(self, tag, a):
            if tag not in VOID: stack.append(tag)
        def handle_endtag(self, tag):
            assert stack and stack[-1] == tag, (f, tag, stack[-3:])
            stack.pop()
    P().feed(open(f).read())
    assert stack == [], (f, stack)
PY
end

begin "the scorecard days link to the scorecard form"
for d in 3 29; do
	grep -q '<a [^>]*href="http://127.0.0.1:8080/p/SAMPLE-PAGE-TOKEN/scorecard"' h$d.html ||
	    fail "day $d: no scorecard link"
	grep -q '^http://127.0.0.1:8080/p/SAMPLE-PAGE-TOKEN/scorecard$' t$d.txt ||
	    fail "day $d text: no scorecard link"
done
end

begin "four weeks and a wrap-up: the last days are labelled Wrap-up, not Week 5"
grep -q '^Week 1: ' t1.txt || fail "day 1: no 'Week 1:' line"
grep -q '^Week 4: ' t28.txt || fail "day 28: no 'Week 4:' line"
for d in 29 30; do
	grep -q '^Wrap-up: ' t$d.txt || fail "day $d: no 'Wrap-up:' line"
	grep -q '<br>Wrap-up: ' h$d.html || fail "day $d html: no Wrap-up"
done
! grep -l 'Week 5' t*.txt h*.html > w5 || fail "'Week 5' in $(cat w5 | tr '\n' ' ')"
end

begin "a bad day is refused naming it, exit 2"
run "$R" -c c.json preview 31
status_is 2
err_has "^refready: preview: bad day '31' \(expected 1 to 30, welcome, completion or followon N\)$"
run "$R" -c c.json preview x3
status_is 2
err_has "bad day 'x3'"
end

begin "an invalid curriculum stops preview with its problems, exit 2"
fixture cur
rm cur/lessons/a.md
printf '{"curriculum": "cur"}\n' > bad.json
run "$R" -c bad.json preview 1
status_is 2
err_has '^refready: cur/lessons/a\.md: cannot read'
err_has "^refready: preview: the curriculum in 'cur' has 1 problem$"
end

begin "the sample date follows the program's pacing from next Monday"
# 2026-11-22 is a Sunday: day 1 is Monday 23 November; with weekday pacing
# and the US holidays (Thanksgiving, Dec 24, 25, 31, Jan 1) skipped, day 6
# is Tuesday 1 December, day 30 Friday 8 January
grep -q 'Monday, November 23, 2026' t1.txt || fail "day 1 date"
grep -q 'Tuesday, December 1, 2026' t6.txt || fail "day 6 date"
grep -q 'Tuesday, December 1, 2026' h6.html || fail "day 6 date in HTML"
grep -q 'Friday, January 8, 2027' t30.txt || fail "day 30 date"
end

finish
