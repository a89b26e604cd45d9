#!/bin/sh
# bench/cohort.sh - cohort import and report: `refready cohort import` of a
# Zoom-shaped attendee export of ROWS rows (a third of the people joined
# more than once), into a fresh database and again unchanged; and
# `cohort report` in each format on a cohort of PEOPLE enrolled people,
# 8 days into the plan, with done marks and scorecard attempts.
#
#   bench/cohort.sh [RUNS] [ROWS] [PEOPLE]      (defaults 3 100000 10000)
#
# Per-run lines go to stderr; the BENCHMARKS.md section to stdout (bench/run
# appends it).  Medians only: the machine is shared and noisy.
set -eu
RUNS=${1:-3}
ROWS=${2:-100000}
PEOPLE=${3:-10000}
TOP=$(cd "$(dirname "$0")/.." && pwd)
R=${REFREADY:-$TOP/build/refready}
W=$(mktemp -d "${TMPDIR:-/tmp}/refready-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
cd "$W"
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org"}
JSON
export REFREADY_CONFIG=c.json

# ROWS attendee rows: a third of the people joined 2 or 3 times
people=$(/usr/bin/python3 - "$ROWS" <<'PY'
import sys
rows = int(sys.argv[1])
out = open("attendees.csv", "w", newline="")
out.write("\ufeffAttendee Report\r\nAttendee Details\r\n")
out.write("Attended,User Name (Original Name),First Name,Last Name,Email,"
          "Registration Time,Join Time,Leave Time,"
          "Time in Session (minutes),Is Guest\r\n")
n = p = 0
while n < rows:
    p += 1
    joins = 1 + (p % 3 == 0) * (1 + p % 2)
    for j in range(min(joins, rows - n)):
        m = 2 + j * 12
        out.write('Yes,"Person, %d",Person,%d,p%d@example.org,'
                  '"Nov %d, 2026 %d:%02d AM","Nov 20, 2026 12:%02d PM",'
                  '"Nov 20, 2026 12:%02d PM",%d,No\r\n'
                  % (p, p, p, 1 + p % 19, 1 + p % 11, p % 60, m, m + 10, 10))
        n += 1
print(p)
PY
)
size=$(wc -c < attendees.csv)

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# timed OUT CMD...: elapsed seconds and peak KiB of one command
timed() {
	out=$1
	shift
	/usr/bin/time -f '%e %M' -o "$W/time" "$@" > "$out"
	cat "$W/time"
}

fresh() {
	rm -rf var
	"$R" init -q >/dev/null
	"$R" --now 2026-11-01T00:00:00Z cohort create bench \
	    --webinar "2026-11-20 12:00 America/New_York" >/dev/null
}

: > import.runs
: > reimport.runs
for i in $(seq "$RUNS"); do
	fresh
	set -- $(timed out "$R" --now 2026-11-21T00:00:00Z cohort import bench \
	    attendees.csv)
	grep -q " $people added, 0 updated" out || { cat out >&2; exit 1; }
	echo "$1 $2" >> import.runs
	set -- $(timed out "$R" --now 2026-11-22T00:00:00Z cohort import bench \
	    attendees.csv)
	grep -q "0 added, 0 updated, $people unchanged" out ||
	    { cat out >&2; exit 1; }
	echo "$1 $2" >> reimport.runs
	echo "run $i: import $(sed -n "${i}p" import.runs) (s KiB)," \
	    "re-import $1 s" >&2
done
imp_s=$(cut -d' ' -f1 import.runs | median)
imp_kb=$(cut -d' ' -f2 import.runs | median)
re_s=$(cut -d' ' -f1 reimport.runs | median)
imp_rate=$(awk -v r="$ROWS" -v s="$imp_s" 'BEGIN { printf "%.0f", r / s }')
re_rate=$(awk -v r="$ROWS" -v s="$re_s" 'BEGIN { printf "%.0f", r / s }')

# a cohort of PEOPLE: the first PEOPLE of the export, enrolled, 8 days in
fresh
head -n $((3 + PEOPLE * 2)) attendees.csv > some.csv
"$R" --now 2026-11-21T00:00:00Z cohort import bench some.csv >/dev/null
sqlite3 var/refready.db "DELETE FROM attendance WHERE person_id > $PEOPLE;
    DELETE FROM registration WHERE person_id > $PEOPLE"
"$R" --now 2026-11-21T00:00:00Z cohort enroll bench >/dev/null
sqlite3 var/refready.db <<SQL
BEGIN;
UPDATE task SET done = 1, done_at = 0
  WHERE day <= 7 AND (enrollment_id + day) % 3 <> 0;
INSERT INTO score_attempt (enrollment_id, taken_at, readiness, band, source)
  SELECT id, 1795600000, 30 + id % 50, 'Not Yet Ready', 'json'
  FROM enrollment WHERE id % 2 = 0;
INSERT INTO score_answer (attempt_id, item, value)
  SELECT a.id, i.value, a.id % 5 FROM score_attempt a, json_each('["1.1",
  "1.2","1.3","2.1","2.2","3.1","3.2","4.1","5.1","6.1","7.1","8.1","9.1",
  "10.1","11.1","12.1"]') i;
COMMIT;
SQL
enrolled=$(sqlite3 var/refready.db "SELECT count(*) FROM enrollment")
: > report.runs
for i in $(seq "$RUNS"); do
	line="run $i: report"
	for f in text csv json html; do
		set -- $(timed out "$R" --now 2026-11-30T20:00:00Z cohort report \
		    bench --format $f)
		echo "$f $1 $2" >> report.runs
		line="$line $f $1 s $2 KiB,"
	done
	echo "$line" >&2
done
rep() { awk -v f="$1" '$1 == f { print $2 }' report.runs | median; }
rep_kb=$(awk '{ print $3 }' report.runs | sort -n | tail -1)

cat <<MD

## Cohort import and report

\`bench/cohort.sh $RUNS $ROWS $PEOPLE\`, medians of $RUNS runs.

A Zoom-shaped attendee export of $ROWS rows ($(awk -v s="$size" 'BEGIN { printf "%.1f", s / 1048576 }') MiB, a
preamble, a BOM, CRLF, quoted names with commas, Zoom's own time format)
for $people people, a third of whom joined two or three times:

| \`cohort import\` | seconds | rows/s | peak memory |
|---|---|---|---|
| into an empty cohort ($people added) | $imp_s | $imp_rate | $imp_kb KiB |
| the same file again (0 added, $people unchanged) | $re_s | $re_rate | |

Writes go in transactions of 500 people (\`synchronous = FULL\`), so the
scheduler can write between them.  Memory grows with the people, not the
rows: the file is read in 64 KiB chunks.

\`cohort report\` on a cohort of $enrolled enrolled people, each 8 days
into the plan, with about 5 done marks each and a scorecard attempt for
half of them:

| format | seconds |
|---|---|
| text | $(rep text) |
| csv | $(rep csv) |
| json | $(rep json) |
| html | $(rep html) |

Peak memory of a report: $rep_kb KiB.
MD
