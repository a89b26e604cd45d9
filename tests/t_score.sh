# t_score.sh - `refready score` through the real binary and a real
# database, on the fixture curriculum (tests/data/curriculum: Alpha =
# 1.1, 1.2 (gate); Beta = 2.1 (N/A allowed), 2.2; bands Low 0, Mid 50,
# Top 80 with gates; gate_min 3): JSON answers good and bad, two attempts
# and their change, N/A, gates, status, and the terminal dialogue on a
# pseudo-terminal.  Expected numbers are worked out by hand beside each
# case.
. "$TOP/tests/lib.sh"
PY=/usr/bin/python3
printf '{"curriculum": "%s/tests/data/curriculum"}\n' "$TOP" > c.json
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
ENROLLED=2026-12-04T15:00:00Z
FIRST=2026-12-09T15:00:00Z
LATER=2026-12-20T15:00:00Z
for who in ann bob cy dee eve fay; do
	"$R" --now $ENROLLED enroll $who@example.org --name "$who" \
	    --tz America/Chicago >/dev/null
done

# q SQL: one query against the database
q() {
	sqlite3 var/refready.db "$1"
}
# attempts EMAIL: how many scorecard attempts the person has
attempts() {
	q "SELECT count(*) FROM score_attempt a JOIN enrollment e ON
	    e.id = a.enrollment_id JOIN person p ON p.id = e.person_id
	    WHERE p.email = '$1'"
}
# answers EMAIL: the latest attempt's answers as "item=value" (N/A: "na")
answers() {
	q "SELECT group_concat(item || '=' || coalesce(value, 'na'), ' ')
	    FROM (SELECT item, value FROM score_answer WHERE attempt_id =
	    (SELECT max(a.id) FROM score_attempt a JOIN enrollment e ON
	    e.id = a.enrollment_id JOIN person p ON p.id = e.person_id
	    WHERE p.email = '$1') ORDER BY item)"
}

begin "good JSON answers: stored as one attempt and the result printed"
# scored 1.1=1 1.2=2 2.2=0 (2.1 N/A): 3 of 12 -> index 25, Low;
# Alpha 3/8 = 37.5 -> 38, Beta 0/4 -> 0
printf '{"1.1": 1, "1.2": 2, "2.1": "na", "2.2": 0}\n' > first.json
run "$R" --now $FIRST score ann@example.org --answers first.json
status_is 0
out_has '^Fixture Scorecard for ann <ann@example.org>$'
out_has '^taken 2026-12-09 \(the first attempt\)$'
out_has '^Alpha +38  ########\.{12}$'
out_has '^Beta +0  \.{20}$'
out_has '^readiness index +25  '
out_has '^band: +Low$'
out_has '^n/a: +1 statement answered N/A'
equal "$(attempts ann@example.org)" 1 "attempts"
equal "$(q "SELECT readiness || ' ' || band || ' ' || source FROM score_attempt")" \
    "25 Low json" "stored attempt"
equal "$(answers ann@example.org)" "1.1=1 1.2=2 2.1=na 2.2=0" "stored answers"
end

begin "the weakest categories come with the plan days that address them"
# Beta (0) before Alpha (38); Beta is day 4, Alpha days 1 and 2
grep -A6 '^weakest:' "$T/.out" > weak.txt
grep -q '^  1\. Beta (0)$' weak.txt || fail "Beta is not first: $(cat weak.txt)"
grep -q '^  2\. Alpha (38)$' weak.txt || fail "Alpha is not second"
grep -q '^        day 4: Fixture day 4$' weak.txt || fail "Beta's day 4"
grep -q '^        day 2: Fixture day 2$' weak.txt || fail "Alpha's day 2"
end

begin "a second attempt: baseline beside latest with the change"
cp var/refready.db before.db
# 1.1=4 1.2=3 2.1=4 2.2=3: 14/16 = 87.5 -> 88, Top (gate 1.2 at 3);
# Alpha 7/8 -> 88 (+50), Beta 7/8 -> 88 (+88), index +63
printf '{"2.2": 3, "2.1": 4, "1.2": 3, "1.1": 4}' > second.json
run "$R" --now $LATER score ann@example.org --answers second.json
status_is 0
out_has '^baseline 2026-12-09, latest 2026-12-20 \(attempt 2 of 2\)$'
out_has '^category +baseline +latest +change'
out_has '^Alpha +38 +88 +\+50  #######\|#{10}\.\.$'
out_has '^Beta +0 +88 +\+88  #{18}\.\.$'
out_has '^readiness index +25 +88 +\+63  '
out_has '^band: +Top \(was Low\)$'
out_lacks '^gates:|^n/a:'
# both at 88: still below 100, so weak; tied, in the curriculum's order
out_has '^  1\. Alpha \(88\)$'
out_has '^  2\. Beta \(88\)$'
equal "$(attempts ann@example.org)" 2 "attempts"
end

begin "the first attempt is kept unchanged"
dump() {
	sqlite3 "$1" "SELECT * FROM score_attempt WHERE id = 1;
	    SELECT * FROM score_answer WHERE attempt_id = 1 ORDER BY item"
}
equal "$(dump var/refready.db)" "$(dump before.db)" "the first attempt"
end

begin "status shows baseline, latest and change; --json lists both attempts"
run "$R" --now $LATER status ann@example.org
status_is 0
out_has '^scorecard: baseline 25 \(Low\), latest 88 \(Top\), change \+63$'
run "$R" --now $LATER status ann@example.org --json
status_is 0
$PY - "$T/.out" <<'PY' || fail "status --json attempts"
import json, sys
a = json.load(open(sys.argv[1]))["scorecard"]["attempts"]
assert a == [
    {"taken_at": "2026-12-09T15:00:00Z", "index": 25, "band": "Low"},
    {"taken_at": "2026-12-20T15:00:00Z", "index": 88, "band": "Top"}], a
PY
end

begin "gates hold someone below the top band, and are named"
# 1.1=4 1.2=2 2.1=4 2.2=4: 14/16 -> 88 reaches Top, gate 1.2 at 2 -> Mid
printf '{"1.1": 4, "1.2": 2, "2.1": 4, "2.2": 4}' > held.json
run "$R" --now $FIRST score bob@example.org --answers held.json
status_is 0
out_has '^readiness index +88  '
out_has '^band: +Mid$'
out_has '^gates: +held at Mid \(the index reaches Top\) by 1\.2 \(2\); each'
equal "$(q "SELECT band FROM score_attempt ORDER BY id DESC LIMIT 1")" Mid \
    "stored band"
end

begin "N/A is left out of the index and the category"
# 1.1=4 1.2=4 2.2=2, 2.1 N/A: 10/12 = 83.3 -> 83, Top; Beta 2/4 -> 50
printf '{"1.1": 4, "1.2": 4, "2.1": "na", "2.2": 2}' > na.json
run "$R" --now $FIRST score cy@example.org --answers na.json
status_is 0
out_has '^Alpha +100  #{20}$'
out_has '^Beta +50  #{10}\.{10}$'
out_has '^readiness index +83  '
out_has '^band: +Top$'
out_has '^n/a: +1 statement answered N/A, left out of the scores$'
equal "$(answers cy@example.org)" "1.1=4 1.2=4 2.1=na 2.2=2" "stored answers"
end

begin "answers on standard input with --answers -"
printf '{"1.1": 0, "1.2": 0, "2.1": 0, "2.2": 0}' |
    "$R" --now $FIRST score dee@example.org --answers - > dee.out 2>&1 ||
    fail "status $?: $(cat dee.out)"
grep -q '^readiness index  *0  ' dee.out || fail "index: $(cat dee.out)"
equal "$(attempts dee@example.org)" 1 "attempts"
end

begin "an attempt from before the scorecard changed still shows, as it was given"
# fay scores on the fixture: 1.1=4 1.2=4 2.1=4 2.2=4 -> 100, Top
printf '{"1.1": 4, "1.2": 4, "2.1": 4, "2.2": 4}' > fay1.json
run "$R" --now $FIRST score fay@example.org --answers fay1.json
status_is 0
out_has '^band: +Top$'
# the scorecard then splits gate 1.2 into 1.3 (still a gate) and 1.4
# (N/A allowed, with its own label), and says how the index is computed
cp -R "$TOP/tests/data/curriculum" split
$PY - split/scorecard.json <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
a = s["categories"][0]["items"]
a[1:2] = [{"id": "1.3", "text": "Gate, one half.", "gate": True},
          {"id": "1.4", "text": "The other half.", "na": "No referrals yet"}]
s["scoring"] = "Points scored over points possible, times 100."
open(sys.argv[1], "w").write(json.dumps(s, indent=1))
PY
# followon.json says what a 4 looks like for each statement: the new ones too
$PY - split/followon.json <<'PY'
import json, sys
f = json.load(open(sys.argv[1]))
st = f["categories"][0]["statements"]
del st["1.2"]
st["1.3"] = "One half in place."
st["1.4"] = "The other half in place."
open(sys.argv[1], "w").write(json.dumps(f, indent=1))
PY
printf '{"curriculum": "split"}\n' > split.json
run "$R" -c split.json --now $LATER status fay@example.org
status_is 0
out_has '^scorecard: baseline 100 \(Top\)'
# retaken on the new scorecard: 1.1=4 1.3=2 1.4 N/A 2.1=4 2.2=4 -> 14/16
# = 88, held at Mid by the gate 1.3; the baseline keeps 100 and Top, its
# Alpha from 1.1 alone (the dropped 1.2 is not shown, 1.3 never asked)
printf '{"1.1": 4, "1.3": 2, "1.4": "na", "2.1": 4, "2.2": 4}' > fay2.json
run "$R" -c split.json --now $LATER score fay@example.org --answers fay2.json
status_is 0
out_has '^Alpha +100 +75 +-25  '
out_has '^readiness index +100 +88 +-12  '
out_has '^band: +Mid \(was Top\)$'
out_has '^gates: +held at Mid \(the index reaches Top\) by 1\.3 \(2\); each'
out_has '^earlier: the 2026-12-09 scorecard did not have 2 of today'
out_has '^how: +Points scored over points possible, times 100\.$'
equal "$(answers fay@example.org)" "1.1=4 1.3=2 1.4=na 2.1=4 2.2=4" \
    "stored answers"
run "$R" -c split.json --now $LATER status fay@example.org
out_has '^scorecard: baseline 100 \(Top\), latest 88 \(Mid\), change -12$'
end

# bad NAME JSON: the case's input
bad() {
	printf '%s\n' "$2" > "$1.json"
	run "$R" --now $FIRST score eve@example.org --answers "$1.json"
	status_is 2
	equal "$(attempts eve@example.org)" 0 "attempts stored"
}

begin "an unknown item: exit 2, named, nothing stored"
bad unknown '{"1.1": 1, "1.2": 1, "2.1": 1, "2.2": 1, "9.9": 2}'
err_has "^refready: score: unknown item '9\.9'$"
err_has "^refready: score: 1 problem in 'unknown\.json'; nothing saved$"
end

begin "a value out of range: exit 2, named, nothing stored"
bad range '{"1.1": 5, "1.2": 1, "2.1": 1, "2.2": -1}'
err_has "^refready: score: item '1\.1': bad value '5' \(expected 0 to 4\)$"
err_has "^refready: score: item '2\.2': bad value '-1' \(expected 0 to 4\)$"
end

begin "N/A where the item does not allow it: exit 2, nothing stored"
bad na '{"1.1": 1, "1.2": "na", "2.1": 1, "2.2": 1}'
err_has "^refready: score: item '1\.2' does not allow \"na\" \(answer 0 to 4\)$"
end

begin "missing items: exit 2, all named, nothing stored"
bad missing '{"1.1": 3}'
err_has "^refready: score: missing answers for '1\.2', '2\.1', '2\.2'$"
end

begin "several problems at once are all listed"
bad several '{"1.1": "three", "1.2": "na", "2.1": 2.5, "x": 1}'
err_has "item '1\.1': bad value '\"three\"'"
err_has "item '1\.2' does not allow \"na\""
err_has "item '2\.1': bad value '2\.5' \(expected 0 to 4 or \"na\"\)"
err_has "unknown item 'x'"
err_has "missing answer for '2\.2'"
err_has "5 problems in 'several\.json'; nothing saved"
end

begin "bad JSON, a list, a missing file: exit 2, nothing stored"
bad syntax '{"1.1": 3,'
err_has "^refready: score: bad JSON at line [0-9]+, column [0-9]+: "
bad dup '{"1.1": 3, "1.1": 4, "1.2": 3, "2.1": 3, "2.2": 3}'
err_has "bad JSON.*duplicate"
bad list '[1, 2, 3]'
err_has "answers must be a JSON object"
run "$R" score eve@example.org --answers nowhere.json
status_is 2
err_has "^refready: score: cannot read answers 'nowhere\.json': "
equal "$(attempts eve@example.org)" 0 "attempts stored"
end

begin "no terminal and no --answers: a usage error, exit 2"
run "$R" score eve@example.org
status_is 2
err_has "^refready: score: standard input is not a terminal; give the answers with --answers FILE"
end

begin "an unknown person: exit 2"
run "$R" score nobody@example.org --answers first.json
status_is 2
err_has "^refready: score: no one enrolled as 'nobody@example.org'$"
end

# term INPUT ARGS...: runs refready with a pseudo-terminal as standard
# input (no echo) and types INPUT (lines separated by ",")
term() {
	last_cmd="(terminal) $*"
	$PY - "$@" >"$T/.out" 2>"$T/.err" <<'PY'
import os, subprocess, sys, termios
m, s = os.openpty()
a = termios.tcgetattr(s)
a[3] &= ~termios.ECHO
termios.tcsetattr(s, termios.TCSANOW, a)
p = subprocess.Popen(sys.argv[2:], stdin=s)
os.close(s)
os.write(m, sys.argv[1].replace(",", "\n").encode())
sys.exit(p.wait(timeout=60))
PY
	rc=$?
}

begin "on a terminal: asks each statement, with back, N/A and a summary"
# 7 is refused; 1.1=3; n refused for 1.2; 1.2=2; 2.1 n; b back to 2.1;
# 2.1=1; 2.2=4; at the summary change 1.2 to 3, then save:
# 3+3+1+4 = 11/16 = 68.75 -> 69, Mid
term "7,3,n,2,n,b,1,4,1.2,3,y," "$R" --now $FIRST score eve@example.org
status_is 0
out_has "^The scale:$"
out_has "^  3  sometimes$"
out_has "'7' is not an answer; type 0 to 4$"
out_has "N/A is not offered for 1\.2"
out_has "^\[3/4\] 2\.1  Insurance statement\.$"
out_has "^  Alpha: 1\.1 3, 1\.2 3$"
out_has "^  Beta: 2\.1 1, 2\.2 4$"
out_has "^Save these answers\?"
out_has '^readiness index +69  '
equal "$(answers eve@example.org)" "1.1=3 1.2=3 2.1=1 2.2=4" "stored answers"
equal "$(q "SELECT source FROM score_attempt ORDER BY id DESC LIMIT 1")" \
    terminal "source"
end

begin "on a terminal: Enter keeps the last answers; q saves nothing"
term ",,n,,y," "$R" --now $LATER score eve@example.org
status_is 0
out_has "Enter keeps 3: "
equal "$(answers eve@example.org)" "1.1=3 1.2=3 2.1=na 2.2=4" "stored answers"
out_has '^Beta +63 +100 +\+37 '
term "4,q," "$R" --now $LATER score eve@example.org
status_is 1
out_has "^nothing saved$"
equal "$(attempts eve@example.org)" 2 "attempts"
end

begin "on a terminal: N/A comes with the item's own label"
term "4,3,n,q," "$R" -c split.json --now $LATER score fay@example.org
out_has '^    \(n: N/A, No referrals yet\)$'
out_has '^    \(n: N/A, Does not apply to my practice\)$'
out_has '^Points scored over points possible, times 100\.$'
equal "$(attempts fay@example.org)" 2 "attempts"
end

finish
