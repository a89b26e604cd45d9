# t_cli.sh - the command line: help, version, errors, exit codes, and
# global options before or after the command.
. "$TOP/tests/lib.sh"

begin "--help lists the commands and the global options, exit 0"
run "$R" --help
status_is 0
out_has '^usage: refready'
out_has '^  init '
out_has '^  config check '
out_has '^  curriculum check \[DIR\]'
out_has -- '--now TIME'
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
err_has "^refready: config: unknown or missing subcommand"
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
