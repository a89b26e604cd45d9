# t_spam.sh - mail that filters trust: every message refready sends scores
# at most 0.5 with SpamAssassin's local rules (`spamassassin -L -t`, no
# network tests).  The 30 lessons are built for one person through the
# Maildir transport, which writes exactly the bytes SMTP sends, with the
# operator's two other kinds of mail (a resend, and a test send with
# "[test] " before its subject), and each is scored; the worst score and
# its rules are printed.
#
# spamassassin takes about a second to start, so the messages are scored
# by one process each, several at a time; the whole test stays well under
# a minute on two cores.
. "$TOP/tests/lib.sh"
LIMIT=0.5
HOME=$T			# spamassassin keeps its preferences under ~
export HOME
if ! command -v spamassassin >/dev/null 2>&1; then
	echo "not ok 1 - spamassassin is not installed (make deps installs it)"
	exit 1
fi
jobs=$(nproc 2>/dev/null || echo 2)

cat > c.json <<JSON
{"curriculum": "$TOP/curriculum", "base_url": "https://plan.example.org",
 "mail": {"url": "maildir:var/mail",
          "from": "Referral-Ready Plan <plan@example.org>",
          "postal_address": "1 Main Street, Springfield, IL 62701"}}
JSON
export REFREADY_CONFIG=c.json
"$R" init -q >/dev/null
"$R" --now 2026-12-04T15:00:00Z enroll sam.reyes@example.org \
    --name 'Sam Reyes' --tz America/Chicago --pacing daily \
    --start 2026-12-07 >/dev/null

# score DIR: spamassassin's report for every file in DIR, as DIR.sa/NAME
score() {
	mkdir -p "$1.sa"
	ls "$1" | xargs -P "$jobs" -I{} sh -c \
	    'spamassassin -L -t < "$1/$2" > "$1.sa/$2" 2>/dev/null' sh "$1" {}
}
# points FILE: the score spamassassin gave the message reported in FILE
points() {
	sed -n 's/^X-Spam-Status: [A-Za-z]*, score=\(-*[0-9.]*\) .*/\1/p' "$1" |
	    head -n 1
}
# rules FILE: the rules that scored, "RULE (points)", on one line
rules() {
	awk '
	/^ pts rule name/ { table = 1; next }
	table && /^$/ { exit }
	table && $2 ~ /^[A-Z0-9_]+$/ && $1 ~ /^-?[0-9.]+$/ {
		out = out (out == "" ? "" : ", ") $2 " (" $1 ")"
	}
	END { print out }' "$1"
}

begin "every day's lesson is written to the Maildir: 30 messages"
# 34 days: Dec 24, 25, 31 and Jan 1 are holidays, no plan days
for d in $(seq 0 33); do
	day=$(date -u -d "2026-12-07 +$d days" +%Y-%m-%d)
	"$R" --now "${day}T13:00:00Z" tick >/dev/null 2>tick.err ||
	    fail "tick on $day: $(cat tick.err)"
done
equal "$(ls var/mail/new | wc -l)" 30 "messages"
end

begin "a resend and a test send are written too: 32 messages"
"$R" --now 2027-01-06T15:00:00Z resend sam.reyes@example.org 14 >/dev/null \
    2>resend.err || fail "resend: $(cat resend.err)"
"$R" --now 2027-01-06T15:00:00Z preview 14 --email sam.reyes@example.org \
    --send-to qa@example.net >/dev/null 2>preview.err ||
    fail "preview --send-to: $(cat preview.err)"
equal "$(ls var/mail/new | wc -l)" 32 "messages"
equal "$(grep -l '^Subject: \[test\] Day 14 of 30' var/mail/new/* | wc -l)" 1 "test sends"
equal "$(grep -l '^Message-ID: <rr\.1\.14r1\.' var/mail/new/* | wc -l)" 1 "resends"
end

begin "each keeps the unsubscribe link and the postal address in both parts"
/usr/bin/python3 - var/mail/new/* <<'PY' > parts.txt || fail "$(cat parts.txt)"
import email, email.policy, sys
bad = []
for f in sys.argv[1:]:
    m = email.message_from_bytes(open(f, "rb").read(),
                                 policy=email.policy.default)
    for kind in ("plain", "html"):
        body = m.get_body((kind,)).get_content()
        for want in ("https://plan.example.org/unsubscribe/",
                     "1 Main Street, Springfield, IL 62701"):
            if want not in body:
                bad.append("%s %s: no %s" % (m["Subject"], kind, want))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
end

score var/mail/new
worst= wscore=-100
for f in var/mail/new.sa/*; do
	s=$(points "$f")
	[ -n "$s" ] || { worst=$f wscore=unknown; break; }
	if awk -v a="$s" -v b="$wscore" 'BEGIN { exit !(a > b) }'; then
		worst=$f wscore=$s
	fi
done
wday=$(sed -n 's/^Subject: \(\[test\] \)*\(Day [0-9]*\) of .*/\1\2/p' "$worst" |
    head -n 1)
echo "# worst: $wday, $wscore: $(rules "$worst")"

begin "every message scores at most $LIMIT (worst: $wday, $wscore)"
equal "$(ls var/mail/new.sa | wc -l)" 32 "messages scored"
for f in var/mail/new.sa/*; do
	s=$(points "$f")
	subj=$(sed -n 's/^Subject: //p' "$f" | head -n 1)
	if [ -z "$s" ]; then
		fail "$subj: no score from spamassassin"
	elif ! awk -v a="$s" -v l="$LIMIT" 'BEGIN { exit !(a <= l) }'; then
		fail "$subj: $s: $(rules "$f")"
	fi
done
end

# The check itself must be able to fail: the footer wording that scored
# 1.0 before (END_FUTURE_EMAILS) is put back into one message.
begin "the same check catches a spammy unsubscribe line"
mkdir control
f=$(ls var/mail/new | head -n 1)
sed 's/^Unsubscribe: /Stop these emails: /' "var/mail/new/$f" > "control/$f"
grep -q '^Stop these emails: ' "control/$f" || fail "no footer line to change"
score control
s=$(points "control.sa/$f")
awk -v a="${s:-0}" -v l="$LIMIT" 'BEGIN { exit !(a > l) }' ||
    fail "scored ${s:-nothing}, expected more than $LIMIT"
grep -q 'END_FUTURE_EMAILS' "control.sa/$f" || fail "END_FUTURE_EMAILS not hit"
end

finish
