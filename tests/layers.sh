#!/bin/sh
# tests/layers.sh TOP - the modules' "uses" arrows, one "FROM TO" line
# each, which t_layers.sh checks for circles.
#
# A module is src/NAME.c with include/NAME.h.  A header belongs to its
# own module and to every module that defines a function it declares (a
# function defined in KNF has its name at the start of a line), so a
# header that declares another file's functions, as pages.h once declared
# pages_person.c's, points at that file too.  X uses Y when src/X.c or
# include/X.h includes a header that belongs to Y.
#
# Two headers are tables of entry points, called through a table in one
# module and defined one per file: cmd.h (main.c's command table; each
# cmd_*.c defines its commands) and mailer.h (mailer.c's transports,
# mail_smtp.c and mail_maildir.c).  Including one points at its own
# module only.
set -u
top=$1
tables=" cmd mailer "
tmp=$(mktemp -d "${TMPDIR:-/tmp}/layers.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# the functions each src/*.c defines, not static: "NAME MODULE", sorted
for f in "$top"/src/*.c; do
	awk -v m="$(basename "$f" .c)" '
	prev !~ /^static/ && /^[A-Za-z_][A-Za-z0-9_]*\(/ {
		n = $0; sub(/\(.*/, "", n); print n, m
	}
	{ prev = $0 }' "$f"
done | LC_ALL=C sort > "$tmp/defs"

# each name followed by "(" in a header, outside comments and # lines
names() {
	awk '
	{
		s = $0; out = ""
		while (s != "") {
			if (c) {
				i = index(s, "*/")
				if (i == 0) break
				s = substr(s, i + 2); c = 0
			} else {
				i = index(s, "/*")
				if (i == 0) { out = out s; break }
				out = out substr(s, 1, i - 1)
				s = substr(s, i + 2); c = 1
			}
		}
		if (out ~ /^[ \t]*#/)
			next
		while (match(out, /[A-Za-z_][A-Za-z0-9_]*[ \t]*\(/)) {
			w = substr(out, RSTART, RLENGTH)
			sub(/[ \t]*\($/, "", w)
			print w
			out = substr(out, RSTART + RLENGTH)
		}
	}' "$1" | LC_ALL=C sort -u
}

# the modules each header belongs to: "HEADER MODULE"
for h in "$top"/include/*.h; do
	n=$(basename "$h" .h)
	echo "$n $n"
	case "$tables" in *" $n "*) continue;; esac
	names "$h" | LC_ALL=C join - "$tmp/defs" | awk -v n="$n" '{ print n, $2 }'
done | LC_ALL=C sort -u > "$tmp/owners"

# the arrows: a module's .c and .h, each "#include "H.h"", H's modules
for f in "$top"/src/*.c "$top"/include/*.h; do
	m=$(basename "$f"); m=${m%.*}
	sed -n 's/^#[ \t]*include[ \t]*"\([A-Za-z0-9_]*\)\.h".*/\1/p' "$f" |
	    while read -r h; do
		awk -v h="$h" -v m="$m" '$1 == h && $2 != m { print m, $2 }' \
		    "$tmp/owners"
	done
done | LC_ALL=C sort -u
