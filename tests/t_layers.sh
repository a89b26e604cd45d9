# t_layers.sh - the arrows between modules run one way: no include
# circle (tests/layers.sh draws the arrows: X uses Y when X's .c or .h
# includes a header that declares Y's functions).  A circle is a group of
# modules each reaching every other; every group is shown by its members.
. "$TOP/tests/lib.sh"

# circles that are known and still to be removed, one per line, members
# sorted.  The test fails on any other, and when one of these is gone
# (take it off the list).
known='enrollment replan'

# circles EDGES: each group of modules on a circle, members sorted, one
# group a line (the transitive closure of the arrows, Floyd-Warshall)
circles() {
	awk '
	{ r[$1, $2] = 1; n[$1] = 1; n[$2] = 1 }
	END {
		for (k in n) for (i in n) if (r[i, k]) for (j in n)
			if (r[k, j]) r[i, j] = 1
		for (i in n) {
			if (done[i] || !r[i, i]) continue
			g = ""
			for (j in n) if (r[i, j] && r[j, i]) { g = g " " j; done[j] = 1 }
			print substr(g, 2)
		}
	}' "$1" | while read -r line; do
		echo "$line" | tr ' ' '\n' | LC_ALL=C sort | tr '\n' ' ' |
		    sed 's/ $//'
		echo
	done | LC_ALL=C sort
}

begin "the arrows are drawn: pages_person uses pages, routes uses pages_person"
sh "$TOP/tests/layers.sh" "$TOP" > edges
grep -qx 'pages_person pages' edges || fail "no arrow pages_person -> pages"
grep -qx 'routes pages_person' edges || fail "no arrow routes -> pages_person"
grep -qx 'render render_field' edges || fail "no arrow render -> render_field"
end

begin "no include circle but the known ones"
circles edges > found
echo "$known" | LC_ALL=C sort > expected
new=$(LC_ALL=C comm -23 found expected)
gone=$(LC_ALL=C comm -13 found expected)
[ -z "$new" ] || fail "include circles: $(echo "$new" | sed 's/ / <-> /g' | tr '\n' ';')"
[ -z "$gone" ] || fail "no longer circles, take them off the list: $(echo "$gone" | tr '\n' ';')"
end

begin "a circle is found: a header declaring another file's function, or a two-way include"
mkdir -p fake/src fake/include
printf '#include "b.h"\nint\na_one(void)\n{\n\treturn b_two();\n}\n' > fake/src/a.c
printf '/* a.h */\nint\ta_one(void);\nint\tb_two(void);\n' > fake/include/a.h
printf '#include "a.h"\nint\nb_two(void)\n{\n\treturn 2;\n}\n' > fake/src/b.c
printf '#include "a.h"\n' > fake/include/b.h
sh "$TOP/tests/layers.sh" fake > fake.edges
equal "$(circles fake.edges)" "a b" "the circle through a.h declaring b_two"
printf '/* a.h */\nint\ta_one(void);\n' > fake/include/a.h
printf '/* b.h */\nint\tb_two(void);\n' > fake/include/b.h
sh "$TOP/tests/layers.sh" fake > fake.edges
equal "$(circles fake.edges)" "a b" "a.c and b.c including each other's headers"
printf '#include "b.h"\nint\nb_two(void)\n{\n\treturn 2;\n}\n' > fake/src/b.c
sh "$TOP/tests/layers.sh" fake > fake.edges
equal "$(circles fake.edges)" "" "a -> b only"
equal "$(cat fake.edges)" "a b" "the one arrow"
end

finish
