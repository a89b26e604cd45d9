# notify_listen.py SOCKET LOG - stands in for systemd: receives sd_notify
# datagrams on the unix socket SOCKET and appends each to LOG.
import os, socket, sys

path, log = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
while True:
    msg = s.recv(4096).decode()
    with open(log, "a") as f:
        f.write(msg.replace("\n", " ") + "\n")
