# t_controls.sh - control characters that come from data (a CSV cell, a
# person's name, a configuration key, an SMTP reply) reach neither the
# terminal nor the log raw: the log and the text that commands print show
# them escaped ("\x1b"), valid UTF-8 ("José", CJK) stays as it is, and the
# machine formats (--json, CSV) keep their own rules.
. "$TOP/tests/lib.sh"

ESC=$(printf '\033')
C1=$(printf '\302\233')		# U+009B, CSI to some terminals
# no_raw FILE: no ESC and no C1 CSI byte pair anywhere in FILE
no_raw() {
	! LC_ALL=C grep -qF "$ESC" "$1" || fail "a raw ESC in $2"
	! LC_ALL=C grep -qF "$C1" "$1" || fail "a raw U+009B in $2"
	! LC_ALL=C grep -q "$(printf '\177')" "$1" || fail "a raw DEL in $2"
}

start_sink "$T/sink" ctl
cat > c.json <<JSON
{"curriculum": "$TOP/tests/data/curriculum",
 "base_url": "https://plan.example.org",
 "mail": {"url": "smtp://127.0.0.1:$SINK_PORT", "tls": "none",
          "from": "Referral-Ready Plan <plan@example.org>",
          "postal_address": "1 Main St, Springfield", "timeout": 10}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
"$R" --now 2026-11-01T00:00:00Z cohort create nov-20 \
    --webinar "2026-11-20 12:00 America/New_York" >/dev/null

# a registration report whose cells carry terminal escapes: a clear-screen
# in an address, a title-setting OSC in a zone, a C1 CSI in a name
printf '\357\273\277Registration Report\r\n\r\n' > reg.csv
printf 'First Name,Last Name,Email,Time Zone\r\n' >> reg.csv
printf 'Jos\303\251,\346\235\216,jose@example.org,\r\n' >> reg.csv
printf 'Mal\302\2332J,Ory,mal@example.org,\r\n' >> reg.csv
printf 'Bad,Addr,\033[2Jbad@example.org,\r\n' >> reg.csv
printf 'Bad,Zone,zone@example.org,\033]0;owned\007Mars\r\n' >> reg.csv

begin "cohort import: a rejected or warned-about cell is quoted escaped on stderr"
run "$R" --now 2026-11-21T10:00:00Z cohort import nov-20 reg.csv
status_is 0
out_has '^nov-20: 4 rows for 3 people; 3 added, 0 updated, 0 unchanged, 1 rejected$'
err_has "reg\.csv:6: bad email address '\\\\x1b\[2Jbad@example\.org'$"
err_has "reg\.csv:7: warning: on the default zone \(schedule\.tz\): unknown time zone '\\\\x1b\]0;owned\\\\x07Mars'"
no_raw "$T/.err" stderr
end

begin "status: names escaped in the table and for one person, UTF-8 kept"
"$R" --now 2026-11-21T12:00:00Z cohort enroll --no-welcome nov-20 >/dev/null
run "$R" --now 2026-11-24T12:00:00Z status
status_is 0
out_has '^mal@example\.org +Mal\\xc2\\x9b2J Ory +active '
out_has "^jose@example\.org +José 李 +active "
no_raw "$T/.out" stdout
run "$R" --now 2026-11-24T12:00:00Z status mal@example.org
status_is 0
out_has '^Mal\\xc2\\x9b2J Ory <mal@example\.org>  active$'
no_raw "$T/.out" stdout
end

begin "status --json: JSON's own rules, the name as it is"
run "$R" --now 2026-11-24T12:00:00Z status mal@example.org --json
status_is 0
/usr/bin/python3 -c '
import json, sys
assert json.load(open(sys.argv[1]))["name"] == "Mal\u009b2J Ory"
' "$T/.out" || fail "the JSON name"
end

begin "cohort report: escaped in text, as it is in CSV"
run "$R" --now 2026-12-01T20:00:00Z cohort report nov-20
status_is 0
out_has '^  mal@example\.org +Mal\\xc2\\x9b2J Ory +[0-9]+  none$'
out_has '^  jose@example\.org +José 李 +[0-9]+  none$'
no_raw "$T/.out" stdout
run "$R" --now 2026-12-01T20:00:00Z cohort report nov-20 --format csv
status_is 0
LC_ALL=C grep -qF "Mal$C1" "$T/.out" || fail "CSV changed the name"
end

begin "preview --email: the name in To: escaped"
run "$R" --now 2026-11-24T12:00:00Z preview 1 --email mal@example.org
status_is 0
out_has '^To: Mal\\xc2\\x9b2J Ory <mal@example\.org>$'
end

begin "score: the result names the person escaped"
printf '{"1.1": 1, "1.2": 2, "2.1": "na", "2.2": 0}\n' > answers.json
run "$R" --now 2026-11-24T12:00:00Z score mal@example.org \
    --answers answers.json
status_is 0
out_has '^Fixture Scorecard for Mal\\xc2\\x9b2J Ory <mal@example\.org>$'
no_raw "$T/.out" stdout
end

begin "config check: a key with an ESC in it is shown escaped"
printf '{"curriculum": "%s", "bas\\u001b[31me_url": "x"}\n' \
    "$TOP/tests/data/curriculum" > esc.json
run "$R" -c esc.json config check
status_is 2
err_has "unknown key 'bas\\\\x1b\[31me_url'"
no_raw "$T/.err" stderr
end

begin "an SMTP reply with control characters is logged escaped"
run "$R" --now 2026-11-23T12:00:00Z tick
out_has '^sent 0, retried 0, failed 3, skipped 0$'
err_has 'permanent failure: 550 5\.1\.1 \\x1b\[2J\\x1b\]0;owned\\x07gone\\x7f$'
no_raw "$T/.err" stderr
# the ledger keeps the reply as it came
equal "$(sqlite3 var/refready.db "SELECT count(*) FROM delivery WHERE
    last_reply LIKE '%' || char(27) || '%'")" 3 "raw replies in the ledger"
end

finish
