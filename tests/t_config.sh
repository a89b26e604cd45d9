# t_config.sh - the configuration file: defaults, discovery, and every
# kind of mistake reported as FILE:LINE:COLUMN with exit 2.
. "$TOP/tests/lib.sh"

begin "no file at all: built-in defaults are a valid configuration"
run "$R" config check
status_is 0
out_has '^configuration OK$'
end

begin "a typo'd key: FILE:LINE:COLUMN, a suggestion, exit 2"
printf '{\n  "db": "x.db",\n  "mial": {"url": "smtp://a"}\n}\n' > typo.json
run "$R" -c typo.json config check
status_is 2
err_has "^typo\.json:3:3: unknown key 'mial' \(did you mean 'mail'\?\)$"
end

begin "a typo'd nested key points at the key"
printf '{"mail": {\n    "conections": 2}}\n' > nested.json
run "$R" -c nested.json config check
status_is 2
err_has "^nested\.json:2:5: unknown key 'mail\.conections' \(did you mean 'mail\.connections'\?\)"
end

begin "every problem in the file is reported, each at its value"
cat > many.json <<'JSON'
{
  "mail": {"rate": "fast", "tls": "maybe", "url": "ftp://x",
           "connections": 0},
  "schedule": {"tz": "America/New_Yrok", "send_at": "25:00",
               "stale_after_hours": 12.5},
  "http": "127.0.0.1:8080",
  "base_url": "example.com"
}
JSON
run "$R" -c many.json config check
status_is 2
err_has '^many\.json:2:20: mail\.rate: expected an integer, found a string$'
err_has "^many\.json:2:35: mail\.tls: unknown TLS policy 'maybe'"
err_has "^many\.json:2:51: mail\.url: bad mail URL 'ftp://x'"
err_has '^many\.json:3:27: mail\.connections: must be from 1 to 64$'
err_has "^many\.json:4:22: schedule\.tz: unknown time zone 'America/New_Yrok'; did you mean 'America/New_York'\?$"
err_has "^many\.json:4:53: schedule\.send_at: bad time of day '25:00'"
err_has '^many\.json:5:37: schedule\.stale_after_hours: expected an integer, found a number$'
err_has '^many\.json:6:11: http: expected an object, found a string$'
err_has "^many\.json:7:15: base_url: bad URL 'example\.com'"
err_has "^refready: config check: 9 problems in 'many\.json'$"
end

begin "invalid JSON: jansson's line and column, exit 2"
printf '{"db": "x.db",\n "mail": {"url": "smtp://a",}\n}\n' > broken.json
run "$R" -c broken.json config check
status_is 2
err_has "^broken\.json:2:29: "
end

begin "a bad configuration stops any command, with the refready: prefix"
run "$R" -c broken.json init
status_is 2
err_has "^refready: broken\.json:2:29: "
[ ! -e var/refready.db ] || fail "init ran with a broken configuration"
end

begin "a dotted key is not the nested key, nor a way round duplicates"
printf '{"mail": {"url": "smtp://a:1"},\n "mail.url": "smtp://b:2"}\n' > dotted.json
run "$R" -c dotted.json config check
status_is 2
err_has "^dotted\.json:2:2: unknown key 'mail\.url'"
end

begin "a port with white space in it is refused"
printf '{"http": {"listen": "127.0.0.1:\\t8080"}}\n' > tab.json
run "$R" -c tab.json config check
status_is 2
err_has "http\.listen: bad address"
end

begin "duplicate keys are refused"
printf '{"db": "a.db",\n "db": "b.db"}\n' > dup.json
run "$R" -c dup.json config check
status_is 2
err_has "^dup\.json:2:.*duplicate"
end

begin "a file that is not an object is refused"
printf '[1, 2]\n' > array.json
run "$R" -c array.json config check
status_is 2
err_has '^array\.json:1:1: expected an object at the top, found an array$'
end

begin "a missing file is an error naming it"
run "$R" -c nowhere.json config check
status_is 2
err_has '^nowhere\.json: cannot read: No such file or directory$'
end

begin "REFREADY_CONFIG and ./refready.json are found without -c"
printf '{"mail": {"rate": 0}}\n' > env.json
REFREADY_CONFIG=env.json run "$R" config check
status_is 2
err_has '^env\.json:1:19: mail\.rate: must be from 1 to 1000000$'
printf '{"mail": {"rate": -1}}\n' > refready.json
run "$R" config check
status_is 2
err_has '^refready\.json:1:19: '
rm refready.json
end

begin "a password file readable by others is refused"
printf 'secret\n' > pw
chmod 644 pw
printf '{"mail": {"url": "smtp://127.0.0.1:25", "tls": "none", "username": "u",\n  "password_file": "pw", "postal_address": "1 Main St"}}\n' > auth.json
run "$R" -c auth.json config check
status_is 2
err_has "^auth\.json:2:20: mail\.password_file: 'pw' is readable by group or others"
chmod 600 pw
run "$R" -c auth.json config check
status_is 0
out_has '^configuration OK$'
end

begin "SMTP without mail.postal_address is refused: every email's footer needs it"
printf '{"mail": {"url": "smtp://127.0.0.1:25",\n  "tls": "none"}}\n' > nopostal.json
run "$R" -c nopostal.json config check
status_is 2
err_has '^nopostal\.json:1:18: mail\.postal_address: required when mail goes out over SMTP: the footer of every email must give the sender.s postal address \(US CAN-SPAM\)$'
run "$R" -c nopostal.json tick
status_is 2
printf '{"mail": {"url": "maildir:var/m"}}\n' > maildir.json
run "$R" -c maildir.json config check
status_is 0
end

begin "a username without a password file is refused"
printf '{"mail": {"username": "u"}}\n' > user.json
run "$R" -c user.json config check
status_is 2
err_has 'mail\.username: is set but mail\.password_file is not'
end

begin "smtps:// with TLS turned off is refused"
printf '{"mail": {"url": "smtps://mail.example.org", "tls": "none"}}\n' > tls.json
run "$R" -c tls.json config check
status_is 2
err_has 'mail\.tls: smtps:// is always TLS'
end

begin "a login over smtp:// with TLS optional is refused: a stripped STARTTLS exposes it"
printf 'secret\n' > pw2
chmod 600 pw2
cat > try.json <<'JSON'
{"mail": {"url": "smtp://mail.example.org:587",
          "username": "plan", "password_file": "pw2", "postal_address": "1 Main St"}}
JSON
run "$R" -c try.json config check
status_is 2
err_has "^try\.json:2:23: mail\.username: the password would cross the network in clear to 'mail\.example\.org': mail\.tls \"try\" \(the default for smtp://\) sends it unencrypted when STARTTLS is missing or stripped"
err_has '^refready: config check: 1 problem in'
sed 's/"username"/"tls": "try", "username"/' try.json > try2.json
run "$R" -c try2.json config check
status_is 2
err_has '^try2\.json:2:37: mail\.username: .*: mail\.tls "try" sends it unencrypted when STARTTLS is missing or stripped; set mail\.tls to "required" or use smtps://$'
end

begin "a login with TLS off is refused unless the relay is on loopback"
for url in smtp://mail.example.org:25 smtp://192.0.2.7 'smtp://[2001:db8::1]:25' \
    smtp://127.0.0.1.example.org smtp://localhostx; do
	printf '{"mail": {"url": "%s", "tls": "none",\n  "username": "plan", "password_file": "pw2", "postal_address": "1 Main St"}}\n' "$url" > none.json
	run "$R" -c none.json config check
	status_is 2
	err_has '^none\.json:2:15: mail\.username: the password would cross the network in clear to .*mail\.tls is "none" and the host is not a loopback address'
done
for url in smtp://127.0.0.1:2525 smtp://127.8.9.10 'smtp://[::1]:25' \
    smtp://localhost:25 smtp://LOCALHOST; do
	printf '{"mail": {"url": "%s", "tls": "none",\n  "username": "plan", "password_file": "pw2", "postal_address": "1 Main St"}}\n' "$url" > none.json
	run "$R" -c none.json config check
	status_is 0
	out_has '^configuration OK$'
done
end

begin "a login with TLS \"try\" is refused even on loopback"
printf '{"mail": {"url": "smtp://127.0.0.1:2525", "tls": "try",\n  "username": "plan", "password_file": "pw2", "postal_address": "1 Main St"}}\n' > trylo.json
run "$R" -c trylo.json config check
status_is 2
err_has '^trylo\.json:2:15: mail\.username: .*mail\.tls "try" sends it unencrypted when STARTTLS is missing or stripped'
end

begin "a login with TLS required, or over smtps://, is fine anywhere"
printf '{"mail": {"url": "smtp://mail.example.org:587", "tls": "required",\n  "username": "plan", "password_file": "pw2", "postal_address": "1 Main St"}}\n' > req.json
run "$R" -c req.json config check
status_is 0
out_has '^configuration OK$'
printf '{"mail": {"url": "smtps://mail.example.org",\n  "username": "plan", "password_file": "pw2", "postal_address": "1 Main St"}}\n' > smtps.json
run "$R" -c smtps.json config check
status_is 0
out_has '^configuration OK$'
end

begin "the daemon refuses to start with a login that would go out in clear"
run timeout 20 "$R" -c try.json serve
status_is 2
err_has "^refready: try\.json:2:23: mail\.username: the password would cross the network in clear"
run timeout 20 "$R" -c try.json tick
status_is 2
end

begin "base_url with http:// on a public host: a warning, exit 0"
printf '{"db": "x.db",\n "base_url": "http://plan.example.org:8080/"}\n' > plain.json
run "$R" -c plain.json config check
status_is 0
err_has "^plain\.json:2:14: warning: base_url: 'http://plan\.example\.org:8080' is plain http on a host that is not loopback; .*one-click unsubscribe \(RFC 8058\) only for an https:// URL$"
err_lines 1
out_has '^configuration OK$'
# other commands do not repeat it
run "$R" -c plain.json curriculum check "$TOP/tests/data/curriculum"
status_is 0
err_lacks warning
end

begin "no warning for https:// or for http:// on loopback"
for u in https://plan.example.org http://127.0.0.1:8080 http://127.9.0.1 \
    'http://[::1]:8080' http://localhost:8080/plan; do
	printf '{"base_url": "%s"}\n' "$u" > ok.json
	run "$R" -c ok.json config check
	status_is 0
	err_lacks warning
	out_has '^configuration OK$'
done
end

begin "a warning does not hide problems: both are shown, exit 2"
printf '{"base_url": "http://example.org",\n "mail": {"rate": 0}}\n' > both.json
run "$R" -c both.json config check
status_is 2
err_has '^both\.json:1:14: warning: base_url: '
err_has '^both\.json:2:19: mail\.rate: must be from 1 to 1000000$'
err_has "^refready: config check: 1 problem in 'both\.json'$"
end

begin "the HTTP limits and http.metrics are checked, each at its value"
cat > limits.json <<'JSON'
{"http": {"per_ip_connections": 1001,
          "unlimited_from": ["127.0.0.1", "localhost", 7, "10.1.2.3/8"],
          "metrics": "private"}}
JSON
run "$R" -c limits.json config check
status_is 2
err_has '^limits\.json:1:33: http\.per_ip_connections: must be from 0 to 1000$'
err_has "^limits\.json:2:43: http\.unlimited_from\[1\]: 'localhost' is not an IPv4 or IPv6 address$"
err_has '^limits\.json:2:56: http\.unlimited_from\[2\]: expected an address, found an integer$'
err_has "^limits\.json:2:59: http\.unlimited_from\[3\]: '10\.1\.2\.3/8' is not an IPv4 or IPv6 address$"
err_has "^limits\.json:3:22: http\.metrics: unknown setting 'private' \(use loopback, public or off\)$"
printf '{"http": {"unlimited_from": "127.0.0.1"}}\n' > lim2.json
run "$R" -c lim2.json config check
status_is 2
err_has '^lim2\.json:1:29: http\.unlimited_from: expected an array of addresses, found a string$'
printf '{"http": {"per_ip_connections": 0, "unlimited_from": [],\n  "metrics": "off"}}\n' > lim3.json
run "$R" -c lim3.json config check
status_is 0
out_has '^configuration OK$'
end

begin "a complete valid file passes"
cat > good.json <<'JSON'
{
  "db": "data/r.db",
  "curriculum": "curriculum",
  "base_url": "https://plan.example.org/",
  "http": {"listen": "[::1]:8443", "per_ip_connections": 8,
           "unlimited_from": ["10.0.0.5", "2001:db8::5", "::ffff:10.0.0.6"],
           "metrics": "public"},
  "mail": {"url": "smtp://127.0.0.1:2525", "from": "Plan <plan@example.org>",
           "tls": "none", "connections": 8, "rate": 50,
           "postal_address": "1 Main St, Springfield"},
  "schedule": {"tz": "Europe/Berlin", "send_at": "06:30",
               "stale_after_hours": 6},
  "secret_file": "data/secret"
}
JSON
run "$R" -c good.json config check
status_is 0
out_has '^configuration OK$'
end

finish
