"""tests/check_mail.py - checks lesson emails the way a mail client reads
them, with Python's email package.

    python3 tests/check_mail.py [--subject REGEX] FILE...

Every file must be a multipart/alternative message with a UTF-8
text/plain and text/html part, the headers SPEC section 5 names, CRLF
line ends, no line over 998 octets, and no unfilled merge field.  The
subject must be a lesson's ("Day N of 30: TITLE") unless --subject gives
the pattern it must match instead (the welcome, the completion summary).  Prints
one line per problem and exits 1 if there was any.
"""
import email
import email.policy
import email.utils
import re
import sys

problems = []
subject_re = r"Day ([1-9]|[12][0-9]|30) of 30: .+"


def check(path):
    raw = open(path, "rb").read()

    def bad(what):
        problems.append("%s: %s" % (path, what))

    if b"\n" in raw.replace(b"\r\n", b""):
        bad("a line ends in a bare LF")
    if b"\r" in raw.replace(b"\r\n", b""):
        bad("a bare CR")
    for line in raw.split(b"\r\n"):
        if len(line) > 998:
            bad("a line of %d octets" % len(line))
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    for h in ("From", "To", "Subject", "Date", "Message-ID",
              "List-Unsubscribe", "List-Unsubscribe-Post"):
        if msg[h] is None:
            bad("no %s header" % h)
    if msg.defects:
        bad("defects: %r" % msg.defects)
    if not re.fullmatch(subject_re, str(msg["Subject"] or "")):
        bad("subject %r" % str(msg["Subject"]))
    if not str(msg["List-Unsubscribe"] or "").startswith("<https://"):
        bad("List-Unsubscribe %r" % str(msg["List-Unsubscribe"]))
    if str(msg["List-Unsubscribe-Post"]) != "List-Unsubscribe=One-Click":
        bad("List-Unsubscribe-Post %r" % str(msg["List-Unsubscribe-Post"]))
    if email.utils.parsedate_to_datetime(str(msg["Date"])) is None:
        bad("Date %r" % str(msg["Date"]))
    if not re.fullmatch(r"<[^<>@\s]+@[^<>@\s]+>", str(msg["Message-ID"])):
        bad("Message-ID %r" % str(msg["Message-ID"]))
    for h, v in msg.items():
        if "\n" in str(v) or "\r" in str(v):
            bad("header %s carries a line break" % h)
    if msg.get_content_type() != "multipart/alternative":
        bad("type %s" % msg.get_content_type())
        return
    parts = list(msg.iter_parts())
    types = [p.get_content_type() for p in parts]
    if types != ["text/plain", "text/html"]:
        bad("parts %r" % types)
        return
    for p in parts:
        if p.get_content_charset() != "utf-8":
            bad("%s charset %r" % (p.get_content_type(),
                                   p.get_content_charset()))
        body = p.get_content()
        if "{{" in body:
            bad("%s has an unfilled merge field" % p.get_content_type())
        unsub = str(msg["List-Unsubscribe"]).strip("<>")
        if unsub not in body:
            bad("%s has no visible unsubscribe link" % p.get_content_type())
    html = parts[1].get_content()
    if "<script" in html.lower() or "<img" in html.lower():
        bad("script or image in the HTML")


files = sys.argv[1:]
if files[:1] == ["--subject"]:
    subject_re = files[1]
    files = files[2:]
for f in files:
    try:
        check(f)
    except Exception as e:  # a parser crash is a problem too
        problems.append("%s: %r" % (f, e))
for p in problems:
    print(p)
print("checked %d messages, %d problems" % (len(files), len(problems)))
sys.exit(1 if problems else 0)
