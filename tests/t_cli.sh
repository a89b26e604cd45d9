# t_cli.sh - the command line: help, version, errors, exit codes, and
# global options before or after the command.
. "$TOP/tests/lib.sh"

begin "--help and help list the commands by group and the global options, exit 0"
run "$R" --help
status_is 0
out_has '^usage: refready'
for g in people cohorts deliverability 'the daemon' checks; do
	out_has "^$g:\$"
done
out_has '^  init '
out_has '^  config check '
out_has '^  curriculum check '
out_has '^  bounces '
out_has '^  suppress add '
out_has -- '--now TIME'
out_lacks '^other:'
cp "$T/.out" overview
[ -z "$(awk 'length > 80' overview)" ] || fail "lines over 80 columns: $(awk 'length > 80' overview)"
run "$R" help
status_is 0
cmp -s "$T/.out" overview || fail "'help' and '--help' differ"
end

begin "every command in the table has its own help: usage, options, examples"
# the names under the group headers, as t_install.sh reads them
awk '/^global options/ { exit } /^[a-z][a-z ]*:$/ { on = 1; next }
    on && /^  [a-z]/ { sub(/^  /, ""); split($0, col, /  +/); print col[1] }' \
    overview > commands
[ "$(wc -l < commands)" -ge 20 ] || fail "only $(wc -l < commands) commands"
while read -r c; do
	# shellcheck disable=SC2086
	run "$R" help $c
	status_is 0
	head -1 "$T/.out" | grep -q "^usage: refready $c\( \|\$\)" ||
	    fail "help $c: $(head -1 "$T/.out")"
	grep -q '^examples:$' "$T/.out" || fail "help $c has no examples"
	grep -q "^  refready .*$c" "$T/.out" || fail "help $c: no example runs it"
	grep -q '^commands:\|^people:' "$T/.out" && fail "help $c is the global usage"
	cp "$T/.out" one
	# shellcheck disable=SC2086
	run "$R" $c --help
	status_is 0
	cmp -s "$T/.out" one || fail "'$c --help' differs from 'help $c'"
done < commands
run "$R" help cohort
status_is 0
out_has '^usage: refready cohort create NAME'
out_has '^       refready cohort report '
end

begin "an unknown command or subcommand is named with the nearest, exit 2"
run "$R" enrol a@example.org
status_is 2
err_has "^refready: unknown command 'enrol'; did you mean 'enroll'\?$"
err_lines 1
run "$R" cohort creat x --webinar '2026-12-01 12:00 UTC'
status_is 2
err_has "^refready: cohort: unknown subcommand 'creat'; did you mean 'create'\?$"
run "$R" help sttaus
status_is 2
err_has "^refready: unknown command 'sttaus'; did you mean 'status'\?$"
run "$R" suppress lsit
status_is 2
err_has "did you mean 'list'\?$"
end

begin "an unknown time zone gets the nearest; one without daylight saving a warning"
"$R" init -q >/dev/null 2>&1
run "$R" enroll tz1@example.org --name A --tz america/new_york
status_is 2
err_has "^refready: enroll: unknown time zone 'america/new_york'; did you mean 'America/New_York'\?$"
run "$R" enroll tz1@example.org --name A --tz America/New_Yrok
status_is 2
err_has "did you mean 'America/New_York'\?$"
run "$R" enroll tz1@example.org --name A --tz GMT+5
status_is 2
err_has "unknown time zone 'GMT\+5'; a fixed offset has no daylight-saving rules: use a region zone such as 'Asia/Karachi'"
run "$R" cohort create c1 --webinar '2026-12-01 12:00 Europe/Lodnon'
status_is 2
err_has "^refready: cohort create: --webinar: unknown time zone 'Europe/Lodnon'; did you mean 'Europe/London'\?$"
printf '{"curriculum": "%s", "schedule": {"tz": "EST"}}\n' "$TOP/curriculum" > est.json
run "$R" -c est.json config check
status_is 0
err_has "^est.json:1:[0-9]+: warning: schedule.tz: time zone 'EST' has no daylight-saving rules; use a region zone such as 'America/New_York'$"
run "$R" -c est.json enroll tz2@example.org --name B --tz Etc/GMT+5
status_is 0
err_has "^refready: enroll: warning: time zone 'Etc/GMT\+5' has no daylight-saving rules; use a region zone such as 'America/New_York'$"
run "$R" -c est.json enroll tz3@example.org --name C --tz Europe/Paris
status_is 0
err_lacks 'warning'
printf '{"schedule": {"tz": "Amercia/Chicago"}}\n' > badtz.json
run "$R" -c badtz.json config check
status_is 2
err_has "schedule.tz: unknown time zone 'Amercia/Chicago'; did you mean 'America/Chicago'\?"
end

begin "--version prints the version"
run "$R" --version
status_is 0
out_has '^refready [0-9]+\.[0-9]+\.[0-9]+$'
end

begin "no command: usage on stderr, exit 2"
run "$R"
status_is 2
err_has '^usage: refready'
end

begin "an unknown command is named, exit 2"
run "$R" frobnicate
status_is 2
err_has "^refready: unknown command 'frobnicate'"
err_lines 1
end

begin "a group without its subcommand, exit 2"
run "$R" config
status_is 2
err_has "^refready: config: missing subcommand \(check\)$"
end

begin "an unknown option is named with its command, exit 2"
run "$R" init --bogus
status_is 2
err_has "^refready: init: unknown option '--bogus'"
end

begin "an option missing its value, exit 2"
run "$R" config check --db
status_is 2
err_has "option '--db' needs a value"
end

begin "too many arguments, exit 2"
run "$R" init extra
status_is 2
err_has "^refready: init: too many arguments \(usage: refready init\)"
end

begin "a bad --now names the value, exit 2"
run "$R" --now 2026-13-01T00:00:00Z init
status_is 2
err_has "^refready: --now: bad time '2026-13-01T00:00:00Z'"
end

begin "global options work after the command name too"
run "$R" init --db after.db -q
status_is 0
[ -f after.db ] || fail "after.db was not created"
run "$R" --db before.db init
status_is 0
[ -f before.db ] || fail "before.db was not created"
end

begin "combined and abbreviated global options before the command"
printf '{}\n' > ok.json
run "$R" -qc ok.json config check
status_is 0
out_has '^configuration OK$'
run "$R" --conf ok.json config check
status_is 0
end

begin "an option given a value it does not take is named as written"
run "$R" --help=3
status_is 2
err_has "^refready: unknown option '--help=3'$"
end

begin "-- ends the options"
run "$R" curriculum check -- "$TOP/tests/data/curriculum"
status_is 0
out_has '^curriculum OK'
end

finish
