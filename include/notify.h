/*
 * notify.h - telling systemd how the service is doing (sd_notify(3)'s
 * protocol: one datagram of "KEY=VALUE" lines to $NOTIFY_SOCKET).
 *
 * A few lines of our own instead of libsystemd: the protocol is stable
 * and tiny, and the daemon then runs the same with or without systemd.
 */
#ifndef REFREADY_NOTIFY_H
#define REFREADY_NOTIFY_H

/* sends state ("READY=1", "STOPPING=1", ...); a no-op without systemd */
void	notify(const char *state);

#endif
