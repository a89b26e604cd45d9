# check_ics.py FILE [todos] - parses a calendar with python-icalendar,
# which does not raise on bad lines but lists them in each component's
# .errors, and prints what the tests compare: one line per item.
import sys
from icalendar import Calendar

data = open(sys.argv[1], "rb").read()
cal = Calendar.from_ical(data)
problems = 0
for c in cal.walk():
    for e in c.errors:
        print("error in %s: %s" % (c.name, e))
        problems += 1
for k in ("METHOD", "X-WR-CALNAME", "REFRESH-INTERVAL", "X-PUBLISHED-TTL",
          "PRODID", "VERSION"):
    if cal.get(k) is None:
        print("missing %s" % k)
        problems += 1
for c in cal.walk():
    if c.name == "VEVENT":
        d = c.decoded("DTSTART")
        print("VEVENT %s %s seq=%s stamp=%s %s" % (c["UID"], d.isoformat(),
              c.get("SEQUENCE"), c.decoded("DTSTAMP").isoformat(),
              str(c["SUMMARY"])))
        if type(d).__name__ != "date":
            print("error: DTSTART is not a date")
            problems += 1
        if "/p/" not in str(c["DESCRIPTION"]) or "/p/" not in str(c["URL"]):
            print("error: no page link")
            problems += 1
    elif c.name == "VTODO":
        print("VTODO %s due=%s status=%s completed=%s" % (c["UID"],
              c.decoded("DUE").isoformat(), c["STATUS"],
              "yes" if c.get("COMPLETED") else "no"))
print("problems: %d" % problems)
sys.exit(1 if problems else 0)
