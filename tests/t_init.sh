# t_init.sh - `refready init`: the database and the URL secret, idempotent,
# and a database from a newer version refused.
. "$TOP/tests/lib.sh"

begin "init creates the database (WAL, current schema) and a 0600 secret"
run "$R" init
status_is 0
out_has '^database var/refready\.db: created \(schema version [0-9]+\)$'
out_has '^secret var/secret: created \(mode 0600\)$'
equal "$(sqlite3 var/refready.db 'PRAGMA journal_mode')" wal "journal_mode"
v=$(sqlite3 var/refready.db 'PRAGMA user_version')
[ "$v" -ge 1 ] || fail "user_version is $v"
equal "$(stat -c %a var/secret)" 600 "secret mode"
equal "$(stat -c %a var/refready.db)" 600 "database mode"
grep -Eq '^[0-9a-f]{64}$' var/secret || fail "secret is not 64 hex digits"
end

begin "init again is a no-op: one database, same secret, same schema"
cp var/secret secret.before
tables_before=$(sqlite3 var/refready.db .tables)
run "$R" init
status_is 0
out_has '^database var/refready\.db: up to date'
out_has '^secret var/secret: present$'
cmp -s var/secret secret.before || fail "the secret changed"
equal "$(sqlite3 var/refready.db .tables)" "$tables_before" "tables"
equal "$(ls var | grep -c '\.db$')" 1 "database files"
end

begin "the schema has every table of the product"
for t in person cohort registration attendance enrollment pause delivery \
    task score_attempt score_answer token suppression suppression_log bounce \
    followon delivery_attempt signup consent score_summary api_key \
    outbox hook_delivery; do
	sqlite3 var/refready.db .tables | tr -s ' ' '\n' | grep -qx "$t" ||
	    fail "no table $t"
done
end

begin "'what is due before T' is answered by an index"
plan=$(sqlite3 var/refready.db "EXPLAIN QUERY PLAN SELECT id FROM enrollment
    WHERE state = 'active' AND next_due_at IS NOT NULL AND next_due_at <= 5")
echo "$plan" | grep -q 'USING INDEX enrollment_due' ||
    fail "plan: $plan"
# in ledger_claim's words: the index's condition, spelt the same way
plan=$(sqlite3 var/refready.db "EXPLAIN QUERY PLAN SELECT enrollment_id
    FROM delivery WHERE (state = 'pending' OR state = 'sending' OR
    state = 'retry') AND next_try_at <= 5")
echo "$plan" | grep -q 'USING INDEX delivery_todo' ||
    fail "plan: $plan"
end

begin "the webhook sender's claim is answered by its indexes, in outbox_claim's words"
plan=$(sqlite3 var/refready.db "EXPLAIN QUERY PLAN SELECT d.event_id
    FROM hook_delivery d JOIN outbox o ON o.id = d.event_id
    WHERE d.endpoint = 'u' AND (d.state = 'pending' OR d.state = 'sending'
    OR d.state = 'retry') AND d.next_try_at <= 5 AND NOT EXISTS (SELECT 1
    FROM hook_delivery e WHERE e.endpoint = 'u' AND e.person_id = d.person_id
    AND e.event_id < d.event_id AND (e.state = 'pending' OR
    e.state = 'sending' OR e.state = 'retry'))
    ORDER BY d.next_try_at, d.event_id LIMIT 16")
echo "$plan" | grep -q 'USING INDEX hook_todo' || fail "plan: $plan"
echo "$plan" | grep -q 'USING INDEX hook_order' || fail "plan: $plan"
end

begin "the schema enforces one open enrollment per person and valid states"
db=var/refready.db
sqlite3 $db "INSERT INTO person (email, created_at) VALUES ('a@x.org', 0);
  INSERT INTO enrollment (person_id, tz, send_at, start_date, pacing,
    created_at, updated_at) VALUES (1, 'UTC', '07:00', '2026-12-07',
    'daily', 0, 0);" 2>/dev/null || fail "first enrollment refused"
sqlite3 $db "INSERT INTO enrollment (person_id, tz, send_at, start_date,
    pacing, created_at, updated_at) VALUES (1, 'UTC', '07:00',
    '2026-12-08', 'daily', 0, 0);" 2>/dev/null &&
    fail "a second open enrollment was accepted"
sqlite3 $db "UPDATE enrollment SET state = 'lost'" 2>/dev/null &&
    fail "an unknown state was accepted"
sqlite3 $db "PRAGMA foreign_keys = ON; INSERT INTO delivery (enrollment_id,
    day, state, due_at, next_try_at, updated_at) VALUES (99, 1, 'pending',
    0, 0, 0)" 2>/dev/null && fail "a ledger row without its enrollment"
end

# schema11 DB: DB as schema 11 had it: no webhook outbox
schema11() {
	sqlite3 "$1" "DROP TABLE hook_delivery; DROP TABLE outbox;
	  PRAGMA user_version = 11"
}

# schema10 DB: DB as schema 10 had it: no API keys
schema10() {
	schema11 "$1"
	sqlite3 "$1" "DROP TABLE api_key; PRAGMA user_version = 10"
}

# schema9 DB: DB as schema 9 had it: nobody forgotten, no score sums
schema9() {
	schema10 "$1"
	sqlite3 "$1" "ALTER TABLE person DROP COLUMN forgotten_at;
	  DROP TABLE score_summary; PRAGMA user_version = 9"
}

# schema8 DB: DB as schema 8 had it: no public signup (cohort.signup, the
# signup and consent tables)
schema8() {
	schema9 "$1"
	sqlite3 "$1" "DROP TABLE signup; DROP TABLE consent;
	  ALTER TABLE cohort DROP COLUMN signup; PRAGMA user_version = 8"
}

# schema7 DB: DB as schema 7 had it: no resumed pauses, no webinar
# SEQUENCE, no attempt log
schema7() {
	schema8 "$1"
	sqlite3 "$1" "ALTER TABLE pause DROP COLUMN resumed_at;
	  ALTER TABLE cohort DROP COLUMN sequence;
	  ALTER TABLE cohort DROP COLUMN modified_at;
	  DROP TABLE delivery_attempt; PRAGMA user_version = 7"
}

# schema6 DB: DB as schema 6 had it: no follow-on opt-ins
schema6() {
	schema7 "$1"
	sqlite3 "$1" "DROP TABLE followon; PRAGMA user_version = 6"
}

# schema5 DB: DB as schema 5 had it: no webinar title or links (its
# ledger's wider CHECKs change nothing the upgrades read)
schema5() {
	schema6 "$1"
	sqlite3 "$1" "ALTER TABLE cohort DROP COLUMN title;
	  ALTER TABLE cohort DROP COLUMN join_url;
	  ALTER TABLE cohort DROP COLUMN replay_url; PRAGMA user_version = 5"
}

# schema4 DB: DB as schema 4 had it: no plan dates, no skipped dates
schema4() {
	schema5 "$1"
	sqlite3 "$1" "ALTER TABLE task DROP COLUMN date;
	  ALTER TABLE cohort DROP COLUMN skip_dates; DROP TABLE plan_rules;
	  PRAGMA user_version = 4"
}

# schema3_ledger DB: DB's ledger as schemas 2 and 3 had it, one row per
# (enrollment, day), for the upgrades below
schema3_ledger() {
	schema4 "$1"
	sqlite3 "$1" "DROP TABLE delivery;
	  CREATE TABLE delivery (
	    enrollment_id INTEGER NOT NULL REFERENCES enrollment(id)
	      ON DELETE CASCADE,
	    day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 30),
	    state TEXT NOT NULL CHECK (state = 'pending' OR state = 'sending'
	      OR state = 'sent' OR state = 'retry' OR state = 'failed' OR
	      state = 'skipped'),
	    due_at INTEGER NOT NULL, next_try_at INTEGER NOT NULL,
	    attempts INTEGER NOT NULL DEFAULT 0, last_reply TEXT,
	    message_id TEXT, sent_at INTEGER,
	    maybe_dup INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL,
	    PRIMARY KEY (enrollment_id, day)) WITHOUT ROWID;
	  CREATE INDEX delivery_todo ON delivery(next_try_at)
	    WHERE state = 'pending' OR state = 'sending' OR state = 'retry';"
}

begin "a schema 1 database is upgraded: its ledger kept, checked, indexed"
cp var/refready.db old.db
schema3_ledger old.db
sqlite3 old.db "INSERT INTO person (id, email, created_at) VALUES (7, 'o@x.org', 0);
  INSERT INTO enrollment (id, person_id, tz, send_at, start_date, pacing,
    created_at, updated_at) VALUES (7, 7, 'UTC', '07:00', '2026-01-05',
    'daily', 0, 0);
  INSERT INTO delivery (enrollment_id, day, state, due_at, next_try_at,
    updated_at) VALUES (7, 1, 'retry', 0, 60, 0), (7, 2, 'sent', 0, 0, 0);
  DROP INDEX delivery_todo;
  CREATE INDEX delivery_todo ON delivery(next_try_at)
    WHERE state IN ('pending', 'sending', 'retry');
  DROP TABLE suppression; DROP TABLE suppression_log; DROP TABLE bounce;
  PRAGMA user_version = 1"
run "$R" --db old.db init
status_is 0
out_has "^database old\.db: upgraded from schema version 1 to [0-9]+$"
equal "$(sqlite3 old.db "SELECT group_concat(day || state) FROM delivery")" \
    "1retry,2sent" "ledger rows"
equal "$(sqlite3 old.db "SELECT count(*) FROM delivery INDEXED BY delivery_todo
    WHERE (state = 'pending' OR state = 'sending' OR state = 'retry')
    AND next_try_at <= 60")" 1 "rows to do through the index"
equal "$(sqlite3 old.db 'PRAGMA integrity_check')" ok "integrity"
equal "$(sqlite3 old.db 'PRAGMA foreign_key_check')" "" "foreign keys"
sqlite3 old.db "UPDATE delivery SET state = 'lost' WHERE day = 1" 2>/dev/null &&
    fail "an unknown ledger state was accepted after the upgrade"
sqlite3 old.db "PRAGMA foreign_keys = ON; DELETE FROM enrollment WHERE id = 7"
equal "$(sqlite3 old.db 'SELECT count(*) FROM delivery')" 0 \
    "ledger rows deleted with their enrollment"
end

begin "a schema 2 database is upgraded: enrollments kept with their children, the unsubscribed suppressed"
fresh() { rm -f "$1"; "$R" --db "$1" init -q >/dev/null; }
fresh two.db
schema3_ledger two.db
sqlite3 two.db "DROP TABLE suppression; DROP TABLE suppression_log; DROP TABLE bounce;
  INSERT INTO person (id, email, created_at) VALUES (1, 'u@x.org', 0), (2, 'a@x.org', 0);
  INSERT INTO enrollment (id, person_id, state, tz, send_at, start_date,
    pacing, created_at, updated_at) VALUES
    (1, 1, 'unsubscribed', 'UTC', '07:00', '2026-01-05', 'daily', 0, 1767600000),
    (2, 2, 'active', 'UTC', '07:00', '2026-01-05', 'daily', 0, 0);
  INSERT INTO delivery (enrollment_id, day, state, due_at, next_try_at,
    updated_at) VALUES (1, 1, 'sent', 0, 0, 0), (2, 1, 'sent', 0, 0, 0);
  INSERT INTO task (enrollment_id, day, done, sequence, modified_at)
    VALUES (2, 1, 1, 1, 0);
  PRAGMA user_version = 2"
run "$R" --db two.db init
status_is 0
out_has "^database two\.db: upgraded from schema version 2 to [0-9]+$"
equal "$(sqlite3 two.db "SELECT group_concat(id || state) FROM enrollment")" "1unsubscribed,2active" "enrollments"
equal "$(sqlite3 two.db "SELECT count(*) FROM delivery")" 2 "ledger rows"
equal "$(sqlite3 two.db "SELECT count(*) FROM task")" 1 "done marks"
equal "$(sqlite3 two.db "SELECT email, reason, since FROM suppression")" "u@x.org|unsubscribed|1767600000" "suppression"
equal "$(sqlite3 two.db 'PRAGMA foreign_key_check')" "" "foreign keys"
sqlite3 two.db "UPDATE enrollment SET state = 'bounced' WHERE id = 2" ||
    fail "'bounced' refused"
sqlite3 two.db "UPDATE enrollment SET state = 'lost' WHERE id = 2" 2>/dev/null &&
    fail "an unknown state was accepted after the upgrade"
sqlite3 two.db "PRAGMA foreign_keys = ON; DELETE FROM enrollment WHERE id = 2"
equal "$(sqlite3 two.db 'SELECT count(*) FROM delivery')" 1 \
    "ledger rows deleted with their enrollment"
end

begin "a schema 3 database is upgraded: every ledger row a lesson, keyed by its day, still indexed"
fresh three.db
schema3_ledger three.db
sqlite3 three.db "INSERT INTO person (id, email, created_at) VALUES (1, 'a@x.org', 0);
  INSERT INTO enrollment (id, person_id, tz, send_at, start_date, pacing,
    created_at, updated_at) VALUES (1, 1, 'UTC', '07:00', '2026-01-05',
    'daily', 0, 0);
  INSERT INTO delivery (enrollment_id, day, state, due_at, next_try_at,
    attempts, last_reply, message_id, sent_at, maybe_dup, updated_at)
    VALUES (1, 1, 'sent', 10, 10, 1, '250 ok', 'rr.1.1.x@x', 11, 1, 12),
    (1, 2, 'retry', 20, 80, 2, '451 later', NULL, NULL, 0, 21);
  PRAGMA user_version = 3"
run "$R" --db three.db init
status_is 0
out_has "^database three\.db: upgraded from schema version 3 to [0-9]+$"
equal "$(sqlite3 three.db "SELECT group_concat(enrollment_id || kind || key || '/' || day || state || due_at || '/' || next_try_at || '/' || attempts || last_reply || COALESCE(message_id, '-') || COALESCE(sent_at, '-') || maybe_dup || '/' || updated_at, ',') FROM delivery")" \
    "1lesson1/1sent10/10/1250 okrr.1.1.x@x111/12,1lesson2/2retry20/80/2451 later--0/21" "ledger rows, every column"
plan=$(sqlite3 three.db "EXPLAIN QUERY PLAN SELECT enrollment_id
    FROM delivery WHERE (state = 'pending' OR state = 'sending' OR
    state = 'retry') AND next_try_at <= 5")
echo "$plan" | grep -q 'USING INDEX delivery_todo' || fail "to-do plan: $plan"
equal "$(sqlite3 three.db "SELECT count(*) FROM delivery INDEXED BY delivery_todo
    WHERE (state = 'pending' OR state = 'sending' OR state = 'retry')
    AND next_try_at <= 80")" 1 "rows to do through the index"
# a person's lessons are a range of the primary key, not a scan
plan=$(sqlite3 three.db "EXPLAIN QUERY PLAN SELECT day, state FROM delivery
    WHERE enrollment_id = 1 AND kind = 'lesson'")
echo "$plan" | grep -q 'USING PRIMARY KEY (enrollment_id=? AND kind=?)' ||
    fail "lessons plan: $plan"
sqlite3 three.db "INSERT INTO delivery (enrollment_id, kind, key, day, state,
    due_at, next_try_at, updated_at) VALUES (1, 'resend', 1, 1, 'pending',
    0, 0, 0), (1, 'resend', 2, 1, 'pending', 0, 0, 0)" ||
    fail "two resends of day 1 refused"
sqlite3 three.db "INSERT INTO delivery (enrollment_id, kind, key, day, state,
    due_at, next_try_at, updated_at) VALUES (1, 'lesson', 3, 4, 'pending',
    0, 0, 0)" 2>/dev/null && fail "a lesson keyed by another day"
sqlite3 three.db "INSERT INTO delivery (enrollment_id, kind, key, day, state,
    due_at, next_try_at, updated_at) VALUES (1, 'welcome', 1, 1, 'pending',
    0, 0, 0)" 2>/dev/null && fail "an unknown kind"
equal "$(sqlite3 three.db 'PRAGMA integrity_check')" ok "integrity"
equal "$(sqlite3 three.db 'PRAGMA foreign_key_check')" "" "foreign keys"
end

begin "a schema 4 database is upgraded: the first pass dates the queued days by their due times, and they keep those dates"
fresh four.db
schema4 four.db
# days 1 and 2 went out on Dec 24 and 25 before holidays were skipped
sqlite3 four.db "INSERT INTO person (id, email, created_at) VALUES (1, 'a@x.org', 0);
  INSERT INTO enrollment (id, person_id, tz, send_at, start_date, pacing,
    next_day, next_due_at, created_at, updated_at) VALUES (1, 1, 'UTC',
    '07:00', '2026-12-24', 'daily', 3, 1798268400, 0, 0);
  INSERT INTO delivery (enrollment_id, kind, key, day, state, due_at,
    next_try_at, sent_at, updated_at) VALUES
    (1, 'lesson', 1, 1, 'sent', 1798095600, 0, 1798095600, 0),
    (1, 'lesson', 2, 2, 'sent', 1798182000, 0, 1798182000, 0);
  WITH RECURSIVE n(d) AS (SELECT 1 UNION ALL SELECT d + 1 FROM n WHERE d < 30)
  INSERT INTO task (enrollment_id, day, sequence, modified_at)
    SELECT 1, d, 1, 0 FROM n;"
run "$R" --db four.db init
status_is 0
out_has "^database four\.db: upgraded from schema version 4 to [0-9]+$"
printf '{"curriculum": "%s/curriculum"}\n' "$TOP" > cur.json
"$R" -c cur.json --db four.db --now 2026-12-26T06:00:00Z tick >/dev/null ||
    fail "tick after the upgrade"
run "$R" --db four.db --now 2026-12-26T06:00:00Z status a@x.org --json
/usr/bin/python3 - .out <<'PY' || fail "dates after the upgrade: $(grep -o '"date": "[0-9-]*"' .out | head -5 | tr '\n' ' ')"
import json, sys
days = json.load(open(sys.argv[1]))["days"]
# the sent days stay on the holidays; day 3 moves past Dec 31 and Jan 1
assert [x["date"] for x in days[:2]] == ["2026-12-24", "2026-12-25"]
assert days[2]["date"] == "2026-12-26", days[2]
assert days[6]["date"] == "2026-12-30", days[6]
assert days[7]["date"] == "2027-01-02", days[7]
PY
equal "$(sqlite3 four.db "SELECT group_concat(day || ':' || date || ':' || sequence, ' ') FROM task WHERE day IN (1, 2, 7, 8)")" \
    "1:2026-12-24:1 2:2026-12-25:1 7:2026-12-30:1 8:2027-01-02:2" "plan dates and sequences"
end

begin "a schema 7 database is upgraded: its pauses still hold, its webinars at SEQUENCE 0, an empty attempt log"
fresh six.db
schema7 six.db
sqlite3 six.db "INSERT INTO person (id, email, created_at) VALUES (1, 'a@x.org', 0);
  INSERT INTO cohort (id, name, webinar_at, webinar_tz, start_date,
    created_at, title) VALUES (1, 'c', 0, 'UTC', '2026-12-07', 0, 'T');
  INSERT INTO enrollment (id, person_id, tz, send_at, start_date, pacing,
    created_at, updated_at) VALUES (1, 1, 'UTC', '07:00', '2026-12-07',
    'daily', 0, 0);
  INSERT INTO pause VALUES (1, '2026-12-08', '2026-12-10')"
run "$R" --db six.db init
status_is 0
out_has "^database six\.db: upgraded from schema version 7 to [0-9]+$"
equal "$(sqlite3 six.db "SELECT title, sequence, ifnull(modified_at, '-') FROM cohort")" \
    "T|0|-" "the cohort"
equal "$(sqlite3 six.db "SELECT until_date, ifnull(resumed_at, '-') FROM pause")" \
    "2026-12-10|-" "the pause"
equal "$(sqlite3 six.db "SELECT count(*) FROM delivery_attempt")" 0 "attempts"
run "$R" --db six.db --now 2026-12-08T12:00:00Z status a@x.org --json
out_has '"paused_until": "2026-12-10"'
end

begin "a schema 10 database gains the API keys' table, and a key works on it"
fresh ten.db
schema10 ten.db
run "$R" --db ten.db init
status_is 0
out_has "^database ten\.db: upgraded from schema version 10 to [0-9]+$"
run "$R" --db ten.db apikey create crm
status_is 0
out_has '^rr_'
equal "$(sqlite3 ten.db "SELECT name || ':' || length(hash) FROM api_key")" "crm:32" "key row"
sqlite3 ten.db "INSERT INTO api_key (name, hash, created_at) VALUES ('x', x'00', 0)" 2>/dev/null &&
    fail "a hash of the wrong length"
end

begin "a schema 11 database is upgraded: the outbox is added, empty"
"$R" --db eleven.db init -q >/dev/null
schema11 eleven.db
run "$R" --db eleven.db init
status_is 0
out_has "^database eleven\.db: upgraded from schema version 11 to [0-9]+$"
equal "$(sqlite3 eleven.db 'SELECT count(*) FROM outbox')" 0 "events"
equal "$(sqlite3 eleven.db 'PRAGMA integrity_check')" ok "integrity"
end

begin "a database from a newer refready is refused, exit 1"
cp var/refready.db newer.db
sqlite3 newer.db 'PRAGMA user_version = 999'
run "$R" --db newer.db init
status_is 1
err_has "^refready: db: 'newer\.db' has schema version 999, newer than this program's [0-9]+; upgrade refready$"
equal "$(sqlite3 newer.db 'PRAGMA user_version')" 999 "user_version"
end

begin "a secret others can read is refused"
chmod 644 var/secret
run "$R" init
status_is 1
err_has "^refready: secret: 'var/secret' must be a regular file only its owner can read"
chmod 600 var/secret
end

begin "a folder that cannot be created is reported, exit 1"
: > notadir
run "$R" --db notadir/x.db init
status_is 1
err_has "^refready: db: cannot create the folder of 'notadir/x\.db'"
end

finish
