# t_fuzz_regress.sh - every seed in tests/fuzz/corpus/NAME and every input
# a fuzzer once crashed on (tests/fuzz/regress/NAME) goes through harness
# NAME again, built with the ordinary compiler and a plain main()
# (tests/fuzz/replay.c), so a fixed crash stays fixed.  Under
# make check SANITIZE=1 the replay runs with ASan and UBSan too.
. "$TOP/tests/lib.sh"

REPLAY=$(dirname "$R")/fuzz-replay
for dir in "$TOP"/tests/fuzz/corpus/*/; do
	name=$(basename "$dir")
	begin "fuzz harness '$name' replays its seeds and kept crashes"
	if [ ! -x "$REPLAY/$name" ]; then
		fail "no replay driver $REPLAY/$name (make builds it)"
	else
		set -- "$dir"*
		[ -d "$TOP/tests/fuzz/regress/$name" ] &&
		    set -- "$@" "$TOP/tests/fuzz/regress/$name"/*
		[ -e "$1" ] || fail "no seeds in $dir"
		run "$REPLAY/$name" "$@"
		status_is 0
		equal "$(grep -c '^replay: ' "$T/.err")" "$#" "inputs replayed"
	fi
	end
done

finish
