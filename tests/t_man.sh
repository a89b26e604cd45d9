# t_man.sh - the man pages render right: Debian's mandoc finds no error
# and no warning in either (`mandoc -T lint -W warning`), the example
# configuration in refready.json(5) is valid JSON as a reader would copy
# it, and the pages point at each other by their right sections.
. "$TOP/tests/lib.sh"

begin "mandoc -T lint finds no error or warning in refready(8) and refready.json(5)"
run mandoc -T lint -W warning "$TOP/man/refready.8" "$TOP/man/refready.json.5"
status_is 0
[ -s "$T/.out" ] && fail "$(head -5 "$T/.out")"
[ -s "$T/.err" ] && fail "$(head -5 "$T/.err")"
end

begin "the example in refready.json(5) is a configuration that loads"
mandoc -T ascii "$TOP/man/refready.json.5" | col -b |
    sed -n '/^EXAMPLES*$/,/^SEE ALSO$/p' | sed '1d;$d' > example.json
/usr/bin/python3 -c 'import json, sys; json.load(open(sys.argv[1]))' example.json ||
    fail "not JSON: $(cat example.json)"
sed "s|\"schedule\"|\"curriculum\": \"$TOP/curriculum\", \"schedule\"|" example.json > ex.json
run "$R" -c ex.json config check
status_is 0
out_has '^configuration OK$'
end

begin "each page names the other by its section"
mandoc -T ascii "$TOP/man/refready.json.5" | col -b | grep -q 'refready(8)' ||
    fail "refready.json(5) does not name refready(8)"
mandoc -T ascii "$TOP/man/refready.json.5" | col -b | grep -q 'refready(1)' &&
    fail "refready.json(5) names refready(1)"
mandoc -T ascii "$TOP/man/refready.8" | col -b | grep -q 'refready.json(5)' ||
    fail "refready(8) does not name refready.json(5)"
end

begin "quotes inside the pages do not nest by accident"
mandoc -T utf8 "$TOP/man/refready.8" "$TOP/man/refready.json.5" |
    grep -n '“[^”]*“' > nested.txt
[ -s nested.txt ] && fail "$(head -3 nested.txt)"
end

finish
