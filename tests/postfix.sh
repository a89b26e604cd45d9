# tests/postfix.sh - a private Postfix instance, for tests/t_relay.sh and
# bench/relay.sh.  Sourced; plain sh.
#
# It runs Debian's Postfix (`postfix -c DIR start`) with its own main.cf
# and master.cf in DIR/etc, its queue, data and log in DIR: nothing of the system's
# Postfix is read, started or stopped.  It listens on 127.0.0.1:PORT only,
# relays everything to one next hop, and delivers what comes back for the
# return path's domain into the Maildir DIR/vmail/bounces/ (the facts
# behind each setting: /work/shared/reference/relay-notes.md, and the
# README's "Running with a relay" for the production equivalent).
#
#	postfix_setup DIR PORT NEXTHOP DOMAIN   write DIR/etc/main.cf, master.cf
#	postfix_start DIR                       start it; sets POSTFIX_PID
#	postfix_stop DIR                        stop it and wait for its master
#	postfix_master DIR                      the pid of its running master
#	postfix_queued DIR                      how many messages it still holds
#
# Postfix must run as root (its master opens the port and drops to the
# postfix user); every function fails with a line on stderr otherwise.

PF_SBIN=/usr/sbin
PF_DAEMONS=/usr/lib/postfix/sbin

# why this machine cannot run a private Postfix, or nothing
postfix_missing() {
	if [ ! -x $PF_SBIN/postfix ] || [ ! -x $PF_DAEMONS/master ]; then
		echo "Postfix is not installed (Debian's postfix package; make deps installs it)"
	elif [ "$(id -u)" != 0 ]; then
		echo "Postfix needs root to run (its master drops to the postfix user)"
	elif ! getent passwd postfix >/dev/null; then
		echo "there is no postfix user (a broken postfix package?)"
	fi
}

postfix_setup() {
	pf_dir=$1 pf_port=$2 pf_next=$3 pf_domain=$4
	# the configuration apart from the queue: postfix-script wants
	# everything under config_directory owned by root
	mkdir -p "$pf_dir/etc" "$pf_dir/queue" "$pf_dir/data" "$pf_dir/vmail" ||
	    return 1
	# the daemons run as postfix (or 65534 to deliver) and must reach
	# their folders: DIR and its parent (the caller's mktemp -d, 0700)
	# become searchable; the folders above are left as they are
	chmod o+x "$pf_dir" "$(dirname "$pf_dir")" || return 1
	chown postfix "$pf_dir/data" || return 1
	chown 65534:65534 "$pf_dir/vmail" || return 1
	cat > "$pf_dir/etc/main.cf" <<EOF
# a private Postfix for refready's tests and benchmarks (tests/postfix.sh)
compatibility_level = 3.6
config_directory = $pf_dir/etc
queue_directory = $pf_dir/queue
data_directory = $pf_dir/data
command_directory = $PF_SBIN
daemon_directory = $PF_DAEMONS
meta_directory = /etc/postfix
shlib_directory = /usr/lib/postfix
mail_owner = postfix
setgid_group = postdrop
# no syslog here: Postfix logs to a file of its own, through postlogd
maillog_file = $pf_dir/maillog
maillog_file_prefixes = $pf_dir
syslog_name = postfix-refready-test

myhostname = relay.refready.test
mydomain = refready.test
myorigin = \$myhostname
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
mydestination =
relay_domains =
alias_maps =
alias_database =
local_recipient_maps =
smtpd_relay_restrictions = permit_mynetworks, reject
smtpd_recipient_restrictions =
smtpd_peername_lookup = no
smtpd_banner = \$myhostname ESMTP
biff = no
append_dot_mydomain = no

# everything goes on to one next hop, without DNS or TLS
relayhost = $pf_next
smtp_tls_security_level = none
smtpd_tls_security_level = none
smtp_dns_support_level = disabled
disable_dns_lookups = yes

# what comes back to the return path lands in DIR/vmail/bounces/ (a
# Maildir: the trailing slash), owned by nobody, whatever the +TAG
virtual_mailbox_domains = $pf_domain
virtual_mailbox_base = $pf_dir/vmail
virtual_mailbox_maps = static:bounces/
virtual_uid_maps = static:65534
virtual_gid_maps = static:65534
recipient_delimiter = +
EOF
	# chroot off (5th column "n") everywhere: the queue is not laid out
	# for it; smtpd on 127.0.0.1:PORT only
	cat > "$pf_dir/etc/master.cf" <<EOF
# service type  private unpriv  chroot  wakeup  maxproc command
127.0.0.1:$pf_port inet n -       n       -       -       smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
smtp      unix  -       -       n       -       -       smtp
relay     unix  -       -       n       -       -       smtp
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
}

postfix_start() {
	pf_dir=$1
	why=$(postfix_missing)
	[ -z "$why" ] || { echo "postfix: $why" >&2; return 1; }
	if ! $PF_SBIN/postfix -c "$pf_dir/etc" start >"$pf_dir/start.log" 2>&1; then
		# a fatal error at start-up reaches only a terminal or the log
		echo "postfix: did not start:" >&2
		sed 's/^/  /' "$pf_dir/start.log" "$pf_dir/maillog" >&2 2>/dev/null
		command -v script >/dev/null 2>&1 &&
		    script -qc "$PF_SBIN/postfix -c $pf_dir/etc check" /dev/null >&2
		return 1
	fi
	i=0
	POSTFIX_PID=
	while [ $i -lt 100 ]; do
		POSTFIX_PID=$(postfix_master "$pf_dir")
		[ -n "$POSTFIX_PID" ] && break
		sleep 0.1
		i=$((i + 1))
	done
	[ -n "$POSTFIX_PID" ] || { echo "postfix: no master.pid" >&2; return 1; }
}

# the running master of the instance in DIR, or nothing: its pid file
# stays behind after a stop, so the pid counts only while that process
# still runs in DIR's queue (a reused pid is someone else's)
postfix_master() {
	m_pid=$(tr -d ' ' 2>/dev/null < "$1/queue/pid/master.pid")
	[ -n "$m_pid" ] || return 0
	m_queue=$(cd "$1/queue" 2>/dev/null && pwd -P)
	[ "$(readlink "/proc/$m_pid/cwd" 2>/dev/null)" = "$m_queue" ] &&
	    echo "$m_pid"
}

# stop by Postfix's own command, then wait (10 s at most) until the master
# is gone; only if it is still there, end it by its process id
postfix_stop() {
	pf_dir=$1
	[ -n "$(postfix_master "$pf_dir")" ] || return 0
	$PF_SBIN/postfix -c "$pf_dir/etc" stop >>"$pf_dir/start.log" 2>&1
	i=0
	while pid=$(postfix_master "$pf_dir") && [ -n "$pid" ]; do
		if [ $i -ge 100 ]; then
			echo "postfix: master $pid still there after 10 s" >&2
			kill -9 "$pid" 2>/dev/null
			return 1
		fi
		sleep 0.1
		i=$((i + 1))
	done
}

# messages still in the queue (received, waiting or deferred)
postfix_queued() {
	find "$1/queue/maildrop" "$1/queue/incoming" "$1/queue/active" \
	    "$1/queue/deferred" "$1/queue/hold" -type f 2>/dev/null | wc -l
}
