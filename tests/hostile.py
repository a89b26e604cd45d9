#!/usr/bin/python3
# tests/hostile.py - one malformed or abusive HTTP conversation with the
# daemon on 127.0.0.1:PORT, over a raw socket so nothing tidies the bytes
# on the way.  Used by t_hostile.sh:
#
#   hostile.py PORT raw < BYTES    send the bytes, print the status code
#                                  of the answer, or "closed" if the
#                                  server hung up without one
#   hostile.py PORT slow SECONDS   trickle a request one byte a second
#                                  while timing /healthz; prints the
#                                  slowest /healthz in milliseconds
#   hostile.py PORT idle N         open N connections that send nothing,
#                                  then time /healthz; prints N opened and
#                                  the milliseconds
#   hostile.py PORT halfopen N FROM
#                                  open N connections from address FROM,
#                                  each with half a request, then time
#                                  /healthz from 127.0.0.1; prints how many
#                                  the server kept open and the ms
#   hostile.py PORT nth N FROM     open N-1 half requests from FROM, then
#                                  one more; prints how many of the first
#                                  are open and "open" or "closed" for
#                                  the last
#   hostile.py PORT spread A N     N half requests from each of A
#                                  addresses 127.0.1.1, 127.0.1.2, ...;
#                                  prints how many are open and the ms of
#                                  /healthz from 127.0.0.1
#   hostile.py PORT deadline FROM  three connections from FROM: silent,
#                                  trickling a header byte every 2 s, and
#                                  idle after one complete request; prints
#                                  the seconds until the server closed
#                                  each ("open" after 25 s)
#
# Exits 0 when the conversation happened, 1 on a local failure.
import resource
import select
import socket
import sys
import threading
import time

HOST = "127.0.0.1"
HALF = b"GET /healthz HTTP/1.1\r\nHost: x\r\n"   # no blank line: unfinished


def status_of(data):
    if not data:
        return "closed"
    line = data.split(b"\r\n", 1)[0].split()
    if len(line) >= 2 and line[0].startswith(b"HTTP/") and line[1].isdigit():
        return line[1].decode()
    return "junk:" + repr(data[:40])


def exchange(port, payload, timeout=10):
    s = socket.create_connection((HOST, port), timeout=timeout)
    try:
        try:
            s.sendall(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass                        # it hung up on us: read what came
        data = b""
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                data += b
                if b"\r\n\r\n" in data and not data.startswith(b"HTTP/1.1 1"):
                    break
        except ConnectionResetError:
            pass
        return data
    finally:
        s.close()


def healthz_ms(port):
    t0 = time.monotonic()
    try:
        data = exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                        b"Connection: close\r\n\r\n", timeout=10)
    except OSError:                     # refused, reset or timed out
        return None
    ms = int((time.monotonic() - t0) * 1000)
    if status_of(data) != "200":
        return None
    return ms


def slow(port, seconds):
    req = b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
    s = socket.create_connection((HOST, port), timeout=30)
    stop = threading.Event()

    def trickle():
        for c in req[:seconds]:
            if stop.is_set():
                return
            s.sendall(bytes([c]))
            time.sleep(1)

    t = threading.Thread(target=trickle)
    t.start()
    worst = 0
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        ms = healthz_ms(port)
        if ms is None:
            print("healthz-failed")
            stop.set()
            t.join()
            return 1
        worst = max(worst, ms)
        time.sleep(0.2)
    t.join()
    s.close()
    print(worst)
    return 0


def idle(port, n):
    socks = []
    for _ in range(n):
        socks.append(socket.create_connection((HOST, port), timeout=10))
    time.sleep(0.5)
    ms = healthz_ms(port)
    print(len(socks), "healthz-failed" if ms is None else ms)
    for s in socks:
        s.close()
    return 0


def more_files():
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def half_request(port, src):
    s = socket.create_connection((HOST, port), timeout=10,
                                 source_address=(src, 0))
    try:
        s.sendall(HALF)
    except OSError:
        pass                            # refused and closed already
    return s


def is_open(s):
    """True while the server has neither closed nor answered s."""
    try:
        r, _, _ = select.select([s], [], [], 0)
        return not r
    except (OSError, ValueError):
        return False


def halfopen(port, n, src):
    socks = [half_request(port, src) for _ in range(n)]
    time.sleep(0.5)
    kept = sum(is_open(s) for s in socks)
    ms = healthz_ms(port)
    print(kept, "healthz-failed" if ms is None else ms)
    for s in socks:
        s.close()
    return 0


def nth(port, n, src):
    socks = [half_request(port, src) for _ in range(n - 1)]
    time.sleep(0.5)
    kept = sum(is_open(s) for s in socks)
    last = half_request(port, src)
    time.sleep(0.5)
    print(kept, "open" if is_open(last) else "closed")
    for s in socks + [last]:
        s.close()
    return 0


def spread(port, addrs, n):
    socks = []
    for a in range(addrs):
        src = "127.0.1.%d" % (a + 1)
        socks += [half_request(port, src) for _ in range(n)]
    time.sleep(1)
    kept = sum(is_open(s) for s in socks)
    ms = healthz_ms(port)
    print(kept, "healthz-failed" if ms is None else ms)
    for s in socks:
        s.close()
    return 0


def closed_after(s, t0, trickle, out, i):
    """Seconds from t0 until the server closes s, trickling if asked."""
    end = t0 + 25
    while time.monotonic() < end:
        r, _, _ = select.select([s], [], [], 2 if trickle else 0.2)
        if r:
            try:
                if not s.recv(65536):
                    break
            except OSError:
                break
            continue                    # an answer: read on to the close
        if trickle:
            try:
                s.sendall(b"X")
            except OSError:
                break
    else:
        out[i] = "open"
        return
    out[i] = "%.1f" % (time.monotonic() - t0)


def deadline(port, src):
    silent = socket.create_connection((HOST, port), source_address=(src, 0))
    t0 = time.monotonic()
    slow = half_request(port, src)
    slow.sendall(b"X-Slow: ")
    kept = socket.create_connection((HOST, port), source_address=(src, 0))
    kept.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    out = [None] * 3
    ts = [threading.Thread(target=closed_after, args=(c, t0, tr, out, i))
          for i, (c, tr) in enumerate([(silent, False), (slow, True),
                                       (kept, False)])]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    print(" ".join(out))
    return 0


def main():
    port, what = int(sys.argv[1]), sys.argv[2]
    arg = sys.argv[3] if len(sys.argv) > 3 else "0"
    if what == "raw":
        print(status_of(exchange(port, sys.stdin.buffer.read())))
        return 0
    if what == "slow":
        return slow(port, int(arg))
    if what == "idle":
        return idle(port, int(arg))
    more_files()
    # let the server see the previous run's connections close first
    time.sleep(0.5)
    if what == "halfopen":
        return halfopen(port, int(arg), sys.argv[4])
    if what == "nth":
        return nth(port, int(arg), sys.argv[4])
    if what == "spread":
        return spread(port, int(arg), int(sys.argv[4]))
    if what == "deadline":
        return deadline(port, arg)
    return 1


sys.exit(main())
