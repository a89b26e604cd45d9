# t_backup.sh - `refready backup DIR` while the daemon sends: the copy is
# consistent (integrity_check ok), restored into a new folder it runs, and
# the page and feed links mailed before the backup still answer there;
# bad folders exit 2, an existing backup is never replaced (exit 1).
. "$TOP/tests/lib.sh"
. "$TOP/tests/people.sh"

N=${BACKUP_N:-3000}
PORT=$(free_port)
mkdir live && cd live || exit 2
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "http": {"listen": "127.0.0.1:$PORT"},
 "mail": {"url": "maildir:$T/live/mail", "tls": "none",
          "from": "Plan <plan@example.org>",
          "postal_address": "1 Main St, Springfield", "rate": 100000}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
bulk_people var/refready.db "$N" UTC 2026-12-07T07:00:00Z
q() { sqlite3 var/refready.db "$1"; }
NOW=2026-12-07T07:00:30Z
# one person enrolled by the command, so that their links exist (the
# rows above have no tokens); due with everyone else
"$R" --now 2026-12-07T06:00:00Z enroll --no-welcome ann@example.org --name 'Ann Lee' \
    --tz UTC --send-at 07:00 --start 2026-12-07 --pacing daily >/dev/null
"$R" --now $NOW links ann@example.org > links.txt
PAGE=$(awk '/^page:/ { print $2 }' links.txt | sed 's|^https://plan.example.org||')
FEED=$(awk '/^feed:/ { print $2 }' links.txt | sed 's|^https://plan.example.org||')

begin "backup taken while the daemon sends"
[ -n "$PAGE" ] && [ -n "$FEED" ] || fail "no links: $(cat links.txt)"
start_serve --now $NOW || fail "serve did not start"
http GET "http://127.0.0.1:$PORT$PAGE"
code_is 200
i=0
until [ "$(ls mail/new 2>/dev/null | wc -l)" -ge 100 ] || [ $i -ge 300 ]; do
	sleep 0.05; i=$((i + 1))
done
before=$(ls mail/new | wc -l)
run "$R" --now $NOW backup "$T/bk"
after=$(ls mail/new | wc -l)
status_is 0
echo "# $before lessons in the Maildir when the backup began, $after when it ended, of $N"
[ "$before" -ge 100 ] || fail "sending had not begun ($before)"
[ "$before" -lt "$N" ] || fail "sending was over before the backup ($before)"
out_has "^database $T/bk/refready-20261207T070030Z\.db: [0-9]+ pages"
out_has "^secret $T/bk/refready-20261207T070030Z\.secret: mode 0600"
out_has '^  1\. stop the daemon'
out_has '^  2\. rm -f var/refready\.db-wal var/refready\.db-shm$'
out_has "^  3\. cp $T/bk/refready-20261207T070030Z\.db var/refready\.db$"
out_has "^  4\. cp $T/bk/refready-20261207T070030Z\.secret var/secret && chmod 600 var/secret$"
out_has '^  5\. start the daemon'
equal "$(stat -c %a "$T/bk")" 700 "mode of the folder it created"
equal "$(stat -c %a "$T/bk/refready-20261207T070030Z.db")" 600 "mode of the database copy"
equal "$(stat -c %a "$T/bk/refready-20261207T070030Z.secret")" 600 "mode of the secret copy"
cmp -s var/secret "$T/bk/refready-20261207T070030Z.secret" || fail "secret copy differs"
# only the two files: no temporary file, no -wal or -shm beside the copy
equal "$(ls -A "$T/bk" | tr '\n' ' ')" "refready-20261207T070030Z.db refready-20261207T070030Z.secret " "files in the folder"
kill -TERM $SERVE_PID
wait $SERVE_PID
equal "$?" 0 "daemon's exit status after SIGTERM"
grep -q 'error' serve.log && fail "daemon logged errors: $(grep error serve.log | head -3)"
end
cd "$T" || exit 2

begin "the restored copy: integrity_check ok, a consistent part of the pass"
mkdir -p restored/var
# the restore steps as printed
cp bk/refready-20261207T070030Z.db restored/var/refready.db
cp bk/refready-20261207T070030Z.secret restored/var/secret && chmod 600 restored/var/secret
run sqlite3 restored/var/refready.db "PRAGMA integrity_check"
out_has '^ok$'
rq() { sqlite3 restored/var/refready.db "$1"; }
sent=$(rq "SELECT count(*) FROM delivery WHERE state = 'sent'")
echo "# the copy holds $sent lessons sent of $N"
equal "$(rq "SELECT count(*) FROM person")" "$((N + 1))" "people in the copy"
# a lesson recorded sent moved its person on in the same transaction
equal "$(rq "SELECT count(*) FROM enrollment WHERE next_day = 2")" \
    "$(rq "SELECT count(*) FROM delivery")" "people moved on = ledger rows"
end

begin "a daemon on the restored copy answers the old page and feed links"
PORT2=$(free_port)
cd restored || exit 2
cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "http": {"listen": "127.0.0.1:$PORT2"},
 "mail": {"url": "maildir:$T/restored/mail", "tls": "none",
          "from": "Plan <plan@example.org>",
          "postal_address": "1 Main St, Springfield", "rate": 100000}}
JSON
export REFREADY_CONFIG=c.json
PORT=$PORT2
start_serve --now $NOW || fail "serve on the copy did not start"
http GET "http://127.0.0.1:$PORT2$PAGE"
code_is 200
body_has 'Ann Lee'
http GET "http://127.0.0.1:$PORT2$FEED"
code_is 200
body_has 'BEGIN:VCALENDAR'
# a link the copy's secret did not make answers 404: the 200s are the secret's
http GET "http://127.0.0.1:$PORT2/p/AAAAAAAAAAAAAAAAAAAAAA"
code_is 404
kill -TERM $SERVE_PID
wait $SERVE_PID
cd "$T" || exit 2
end

cd live || exit 2
export REFREADY_CONFIG=c.json
begin "an existing backup is never replaced: exit 1, one line"
run "$R" --now $NOW backup "$T/bk"
status_is 1
err_has "^refready: backup: '$T/bk/refready-20261207T070030Z\.db' already exists"
err_lines 1
run "$R" --now 2026-12-07T07:00:31Z backup "$T/bk"
status_is 0
out_has 'refready-20261207T070031Z\.db'
end

begin "bad folders: exit 2, one line each"
: > afile
run "$R" backup afile
status_is 2
err_has "^refready: backup: 'afile' is not a folder$"
err_lines 1
run "$R" backup "$T/no/such/parent"
status_is 2
err_has "^refready: backup: cannot create '$T/no/such/parent': "
err_lines 1
mkdir open && chmod 777 open
run "$R" backup open
status_is 2
err_has "^refready: backup: 'open' can be written by group or others"
err_lines 1
[ -z "$(ls -A open)" ] || fail "wrote into a world-writable folder: $(ls -A open)"
run "$R" backup ''
status_is 2
err_lines 1
run "$R" backup
status_is 2
err_has 'backup: missing arguments'
end

begin "no database or no secret: exit 1, one line, nothing left in DIR"
run "$R" --db "$T/none.db" backup "$T/bk2"
status_is 1
err_has "no database at '$T/none.db'"
err_lines 1
mv var/secret secret.away
run "$R" backup "$T/bk2"
status_is 1
err_has "^refready: secret: cannot open 'var/secret'"
err_lines 1
mv secret.away var/secret
[ -z "$(ls -A "$T/bk2")" ] || fail "left behind: $(ls -A "$T/bk2")"
end
finish
