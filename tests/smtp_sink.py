"""tests/smtp_sink.py - a real SMTP server on 127.0.0.1 for the tests.

Run with Debian's Python (/usr/bin/python3), which has python3-aiosmtpd:

    /usr/bin/python3 tests/smtp_sink.py DIR [MODE]

It picks a free port, writes it to DIR/port, and stores each accepted
message as DIR/msg-N.eml with its envelope in DIR/msg-N.env.  It also
logs every EHLO (one per connection) to DIR/ehlo.log.  The test stops it
by its PID.

MODE decides how it answers, to exercise the client's failure paths:
  ok          250 for every message (the default)
  451         451 4.3.0 at RCPT: a temporary failure
  550         550 5.1.1 at RCPT: a permanent failure
  421         421 and closes the connection at MAIL FROM
  drop        takes the whole message, then closes without a final reply
  flaky       451 for the first message of each connection, then 250
  452         452 4.2.2 at RCPT: mailbox full, temporary
  454         454 4.7.0 Throttling failure at MAIL FROM (as SES says it)
  554         554 5.7.1 after the data: rejected for good
  stall       takes the data, then never answers (past the client's
              timeout)
  slow        takes the data and answers 250 after 2 seconds
  ctl         550 at RCPT with control characters in the text (ESC, DEL),
              as a hostile or broken server might send
  greet554    greets with 554 5.3.2 and closes: refuses the session
  authreq     530 5.7.0 at MAIL FROM unless the client logged in
  mail550     550 5.7.1 at MAIL FROM: the sender is refused
  block       the same 554 5.7.1 "sender rejected" at every RCPT: a
              policy block on the sender, not on the recipients
  dead        550 5.1.1 at RCPT for an address whose local part starts
              with "dead", 250 for the others: one dead mailbox among
              live ones (t_relay.sh, behind Postfix)
It always offers AUTH PLAIN and LOGIN (without TLS): user "plan",
password "secret" log in; anything else gets 535 5.7.8.
A file DIR/mode, when present, overrides MODE at each message, so a test
can change the server's behaviour while it runs.
"""
import asyncio
import os
import socket
import sys

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and
          auth_data.login == b"plan" and auth_data.password == b"secret")
    # handled=False: aiosmtpd answers 235 or 535 itself
    return AuthResult(success=ok, handled=False)


class SinkSMTP(SMTP):
    """aiosmtpd has no hook for the greeting: this one can refuse it."""

    async def _handle_client(self):
        if self.event_handler.mode() == "greet554":
            await self.push("554 5.3.2 not accepting mail here")
            self.transport.close()
            return
        await super()._handle_client()


class SinkController(Controller):
    def factory(self):
        return SinkSMTP(self.handler, **self.SMTP_kwargs)


class Sink:
    def __init__(self, folder, mode):
        self.folder = folder
        self.default = mode
        self.count = 0

    def mode(self):
        try:
            with open(os.path.join(self.folder, "mode")) as f:
                return f.read().strip() or self.default
        except FileNotFoundError:
            return self.default

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        with open(os.path.join(self.folder, "ehlo.log"), "a") as f:
            f.write(hostname + "\n")
        session.host_name = hostname
        return responses

    async def handle_MAIL(self, server, session, envelope, address, options):
        if self.mode() == "authreq" and not session.authenticated:
            return "530 5.7.0 Authentication required"
        if self.mode() == "mail550":
            return "550 5.7.1 Sender address rejected: not owned by user"
        if self.mode() == "421":
            await server.push("421 4.7.0 closing the connection")
            server.transport.close()
            return "421 4.7.0 closing the connection"
        if self.mode() == "454":
            return "454 4.7.0 Throttling failure: Maximum sending rate exceeded"
        envelope.mail_from = address
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope, address, options):
        mode = self.mode()
        if mode == "451":
            return "451 4.3.0 try again later"
        if mode == "452":
            return "452 4.2.2 mailbox full"
        if mode == "550" or (mode == "dead" and
                             address.lower().startswith("dead")):
            # as real servers do, the reply names the address
            return "550 5.1.1 <%s>: no such mailbox" % address
        if mode == "block":
            # a refusal of the sender, given at RCPT: alike for everyone
            return ("554 5.7.1 <%s>: Sender address rejected: "
                    "Access denied" % envelope.mail_from)
        if mode == "ctl":
            return "550 5.1.1 \x1b[2J\x1b]0;owned\x07gone\x7f"
        if mode == "flaky" and not getattr(session, "flaked", False):
            session.flaked = True
            return "451 4.3.0 slow down"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        mode = self.mode()
        if mode == "drop":
            server.transport.close()
            return "250 never seen"
        if mode == "554":
            return "554 5.7.1 message rejected"
        if mode == "stall":
            await asyncio.sleep(3600)
        if mode == "slow":
            await asyncio.sleep(2)
        self.count += 1
        base = os.path.join(self.folder, "msg-%d" % self.count)
        with open(base + ".eml.tmp", "wb") as f:
            f.write(envelope.original_content)
        os.rename(base + ".eml.tmp", base + ".eml")
        with open(base + ".env", "w") as f:
            f.write("%s\n%s\n" % (envelope.mail_from,
                                  " ".join(envelope.rcpt_tos)))
        return "250 2.0.0 Ok: queued as %d" % self.count


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def main():
    folder = sys.argv[1]
    mode = sys.argv[2] if len(sys.argv) > 2 else "ok"
    os.makedirs(folder, exist_ok=True)
    port = int(os.environ.get("SINK_PORT", "0")) or free_port()
    ctl = SinkController(Sink(folder, mode), hostname="127.0.0.1",
                         port=port, decode_data=False, enable_SMTPUTF8=True,
                         authenticator=authenticator,
                         auth_require_tls=False)
    ctl.start()
    with open(os.path.join(folder, "port.tmp"), "w") as f:
        f.write(str(port))
    os.rename(os.path.join(folder, "port.tmp"), os.path.join(folder, "port"))
    try:
        asyncio.get_event_loop().run_forever()
    except KeyboardInterrupt:
        pass
    finally:
        ctl.stop()


if __name__ == "__main__":
    main()
