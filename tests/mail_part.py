"""tests/mail_part.py - prints one part of a message as a mail client
shows it (decoded), for the shell tests to grep.

    python3 tests/mail_part.py plain|html|subject|message-id FILE
"""
import email
import email.policy
import sys

what, path = sys.argv[1], sys.argv[2]
msg = email.message_from_bytes(open(path, "rb").read(),
                               policy=email.policy.default)
if what == "subject":
    print(str(msg["Subject"]))
elif what == "message-id":
    print(str(msg["Message-ID"]).strip("<>"))
else:
    sys.stdout.write(msg.get_body((what,)).get_content()
                     .replace("\r\n", "\n"))
