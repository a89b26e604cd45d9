# t_install.sh - `make install` and `make uninstall` into a staging
# DESTDIR, the systemd unit's sandbox rating, and documentation that names
# every command the program has.
. "$TOP/tests/lib.sh"

# install the binary under test, whichever build it came from
build=${R%/refready}
stage=$T/stage

begin "make install honours PREFIX and DESTDIR"
run make -s -C "$TOP" install BUILD="$build" PREFIX=/opt/rr DESTDIR="$stage"
status_is 0
for f in bin/refready share/man/man8/refready.8 share/man/man5/refready.json.5 \
    share/refready/curriculum/program.json \
    share/refready/curriculum/lessons/day30.md \
    share/refready/refready.json.example lib/systemd/system/refready.service; do
	[ -f "$stage/opt/rr/$f" ] || fail "missing $f"
done
grep -q '^ExecStart=/opt/rr/bin/refready ' \
    "$stage/opt/rr/lib/systemd/system/refready.service" ||
    fail "unit does not run /opt/rr/bin/refready"
grep -q '"curriculum": "/opt/rr/share/refready/curriculum"' \
    "$stage/opt/rr/share/refready/refready.json.example" ||
    fail "example config does not point at the installed curriculum"
end

begin "the installed program runs and its curriculum passes"
run "$stage/opt/rr/bin/refready" curriculum check \
    "$stage/opt/rr/share/refready/curriculum"
status_is 0
end

begin "make uninstall removes what install put there"
run make -s -C "$TOP" uninstall BUILD="$build" PREFIX=/opt/rr DESTDIR="$stage"
status_is 0
left=$(find "$stage" -type f | head -3)
[ -z "$left" ] || fail "left behind: $left"
end

begin "the systemd unit's exposure is 2.0 or less"
if command -v systemd-analyze >/dev/null 2>&1; then
	sed 's|@BINDIR@|/usr/local/bin|g' "$TOP/systemd/refready.service" \
	    > refready.service
	run systemd-analyze security --offline=yes ./refready.service
	level=$(sed -n 's/.*Overall exposure level for refready.service: \([0-9.]*\).*/\1/p' "$T/.out")
	[ -n "$level" ] || fail "no exposure level in the output"
	awk -v l="${level:-99}" 'BEGIN { exit !(l <= 2.0) }' ||
	    fail "exposure $level"
else
	echo "# systemd-analyze not installed; unit not rated"
fi
end

begin "the man page and the README name every command in --help"
run "$R" --help
# the lines under the group headers ("people:") up to the global
# options; a command's name is the words before the summary
awk '/^global options/ { exit } /^[a-z][a-z ]*:$/ { on = 1; next }
    on && /^  [a-z]/ { sub(/^  /, ""); split($0, col, /  +/); print col[1] }' \
    "$T/.out" > commands
[ "$(wc -l < commands)" -ge 3 ] || fail "found only $(wc -l < commands) commands"
while read -r c; do
	first=${c%% *}
	grep -q "^\.It Cm $c" "$TOP/man/refready.8" ||
	    grep -q "^\.It Cm $first" "$TOP/man/refready.8" ||
	    fail "man page lacks '$c'"
	grep -q "^  $c" "$TOP/README.md" || fail "README lacks '$c'"
done < commands
end

finish
