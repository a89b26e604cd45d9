# tests/people.sh - sourced by the tests and benchmarks that need many
# people at once, faster than N `refready enroll`s:
#
#	bulk_people DB N ZONE DUE
#
# writes people p1..pN@example.org, each with a daily plan starting
# 2026-12-07 at 07:00 in ZONE, day 1 due at DUE (UTC, RFC 3339, which
# must be 07:00 in ZONE on that day).
bulk_people() {
	sqlite3 "$1" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $2)
INSERT INTO person (id, email, name, created_at)
  SELECT i, 'p' || i || '@example.org', 'Person ' || i, 0 FROM n;
INSERT INTO enrollment (person_id, tz, send_at, start_date, pacing,
  next_day, next_due_at, created_at, updated_at)
  SELECT id, '$3', '07:00', '2026-12-07', 'daily', 1,
    strftime('%s', '$4'), 0, 0 FROM person;
COMMIT;
SQL
}
