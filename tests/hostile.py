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
#
# Exits 0 when the conversation happened, 1 on a local failure.
import socket
import sys
import threading
import time

HOST = "127.0.0.1"


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
    data = exchange(port, b"GET /healthz HTTP/1.1\r\nHost: x\r\n"
                    b"Connection: close\r\n\r\n", timeout=10)
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
    return 1


sys.exit(main())
