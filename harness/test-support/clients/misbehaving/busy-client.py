#!/usr/bin/env python3
"""A client for the harness's own tests that never finishes: it starts its proxy as a client would
(`skopeo experimental-image-proxy`, found through PC_PROXY) and sends Initialize every --every-ms MS
(default 20), reading each reply, for ever; with --stop-after N it goes quiet after N requests and
waits for ever. The first keeps progressing, the second stalls: neither exits. With --start-busy-ms MS
it first spins on the CPU for MS of wall time, as a client slow to start on a loaded machine would."""
import os, shutil, socket, subprocess, sys, time

args = sys.argv[1:]
every_ms, stop_after, start_busy_ms = 20.0, None, 0.0
while args:
    a = args.pop(0)
    if a == "--every-ms":
        every_ms = float(args.pop(0))
    elif a == "--start-busy-ms":
        start_busy_ms = float(args.pop(0))
    elif a == "--stop-after":
        stop_after = int(args.pop(0))
    else:
        sys.exit(f"busy-client: unknown argument {a!r}")

spin_until = time.monotonic() + start_busy_ms / 1000
while time.monotonic() < spin_until:
    pass

command = os.environ.get("PC_PROXY") or shutil.which("skopeo")
if command is None:
    sys.exit("busy-client: no skopeo on PATH")
ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
proxy = subprocess.Popen([command, "experimental-image-proxy"], stdin=theirs)
theirs.close()
sent = 0
while stop_after is None or sent < stop_after:
    ours.send(b'{"method":"Initialize","args":[]}')
    sent += 1
    ours.recv(65536)
    time.sleep(every_ms / 1000)
while True:
    time.sleep(3600)
