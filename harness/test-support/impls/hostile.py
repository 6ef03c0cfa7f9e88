#!/usr/bin/env python3
"""A hostile image proxy for the harness's own tests: it speaks just enough of the protocol to be
started (Initialize answers "0.2.8", Shutdown exits 0, other methods get "unknown method") and then
misbehaves the one way --mode NAME says. The socket is fd 0, or fd N with --sockfd N.

Modes:
  garbage            every reply is bytes that are not JSON
  many-fds           every reply carries 200 fds (/dev/null)
  oversized-reply    every reply is a valid envelope of 40 KiB (over the 32 KiB packet limit)
  never-replies      reads every request, answers none (exits 0 on EOF)
  close-mid-call     answers Initialize, then closes the socket on the next request without a reply
                     and stays alive for --linger SECONDS (default 0.5) before exiting 0
  fork-keeps-socket  forks at start a child that keeps the socket open for --child-seconds SECONDS
                     (default 30) after the parent exits; the child's pid is on stderr
  endless-pipe       GetManifest/GetBlob/GetConfig/GetFullConfig/GetLayerInfoPiped reply with a valid
                     value and a pipe that is written to forever (FinishPipe answers at once)
  unsolicited-reply  sends a reply before any request, and an extra one after every reply
  fd-is-socket       piped methods pass one end of a socketpair instead of a pipe
  fd-is-file         piped methods pass a regular file (open for reading) instead of a pipe
  late-extra-reply   after every reply, waits until the next request (or EOF) has arrived, then
                     sends an extra reply before reading it: a stray that any wait the client ends
                     before sending on misses, however loaded the machine
  trickle-pipe       piped methods reply with a pipe that gets 1 KiB every --trickle-ms MS (default 20)
                     for ever, and FinishPipe never answers: slow progress that never finishes
  deep-reply         every reply after Initialize's carries a value nested 10 000 deep
  close-at-start     closes the socket before reading anything and stays alive for --linger SECONDS
  terminal-escapes   every error reply, and stderr, carry terminal control: clear screen, window
                     title, an OSC 8 hyperlink, BEL, CR and NUL
  huge-reply         every error reply carries 160 KiB of error text, and Shutdown gets a 4 MiB
                     success envelope (larger than a client's receive buffer, where the kernel's
                     send buffer allows) before the exit 0
FinishPipe succeeds on the pipe ids it handed out and fails on any other.
"""
import json
import os
import select
import signal
import socket
import sys
import tempfile
import threading
import time

MODES = ["garbage", "many-fds", "oversized-reply", "never-replies", "close-mid-call", "fork-keeps-socket",
         "endless-pipe", "unsolicited-reply", "fd-is-socket", "fd-is-file", "late-extra-reply", "trickle-pipe",
         "deep-reply", "close-at-start", "terminal-escapes", "huge-reply"]
PIPED = {"GetManifest", "GetBlob", "GetConfig", "GetFullConfig", "GetLayerInfoPiped"}

args = sys.argv[1:]
mode, sockfd, linger, child_seconds, trickle_ms = None, 0, 0.5, 30.0, 20.0
while args:
    a = args.pop(0)
    if a == "--mode":
        mode = args.pop(0)
    elif a == "--sockfd":
        sockfd = int(args.pop(0))
    elif a == "--linger":
        linger = float(args.pop(0))
    elif a == "--child-seconds":
        child_seconds = float(args.pop(0))
    elif a == "--trickle-ms":
        trickle_ms = float(args.pop(0))
    else:
        sys.stderr.write(f"hostile: unknown argument {a!r}\n")
        sys.exit(2)
if mode not in MODES:
    sys.stderr.write(f"hostile: --mode must be one of {', '.join(MODES)}\n")
    sys.exit(2)

sock = socket.socket(fileno=sockfd)
kept = []  # objects whose fds must stay open while the client may use them
pipe_ids = set()  # pipe ids handed out, which FinishPipe accepts


ESCAPES = "\x1b[2J\x1b]0;owned\x07\x1b]8;;http://example.invalid/\x1b\\link\x1b]8;;\x1b\\\rFAKE PASS\x00"


def envelope(value=None, error="", pipeid=0):
    if error and mode == "terminal-escapes":
        error += ESCAPES
    if error and mode == "huge-reply":
        error += " " + "e" * (160 * 1024)
    return {"success": error == "", "value": None if error else value, "pipeid": pipeid,
            "error_code": "other" if error else "", "error": error}


replies_sent = 0


def send(body, fds=()):
    global replies_sent
    data = body if isinstance(body, bytes) else json.dumps(body, separators=(",", ":")).encode()
    if mode == "garbage":
        data = b"\xff\xfe not json \x00 {"
    elif mode == "deep-reply" and replies_sent > 0:
        # Every reply after Initialize's carries a value nested 10 000 deep (20 KB, within one packet).
        data = b'{"success":true,"value":' + b"[" * 10000 + b"]" * 10000 + b',"pipeid":0,"error_code":"","error":""}'
    elif mode == "oversized-reply":
        padded = dict(body, value="x" * (40 * 1024)) if isinstance(body, dict) else body
        data = json.dumps(padded, separators=(",", ":")).encode()
    if mode == "many-fds":
        nulls = [os.open("/dev/null", os.O_RDONLY) for _ in range(200)]
        fds = list(fds) + nulls
    if fds:
        socket.send_fds(sock, [data], list(fds))
    else:
        sock.send(data)
    replies_sent += 1
    if mode == "many-fds":
        for fd in nulls:
            os.close(fd)
    if mode == "unsolicited-reply":
        sock.send(json.dumps(envelope("unsolicited")).encode())
    if mode == "late-extra-reply":
        select.select([sock], [], [], 60)
        try:
            sock.send(json.dumps(envelope("late")).encode())
        except OSError:
            pass  # the client closed its end: there is no one left to see the stray


def endless_writer(w):
    chunk = b"\0" * 65536
    try:
        while True:
            os.write(w, chunk)
    except OSError:
        pass
    finally:
        os.close(w)


def trickle_writer(w):
    try:
        while True:
            os.write(w, b"\0" * 1024)
            time.sleep(trickle_ms / 1000)
    except OSError:
        pass
    finally:
        os.close(w)


def piped_reply(method):
    if mode in ("endless-pipe", "trickle-pipe"):
        r, w = os.pipe()
        writer = endless_writer if mode == "endless-pipe" else trickle_writer
        threading.Thread(target=writer, args=(w,), daemon=True).start()
        pipe_ids.add(w)
        # The value is valid (a blob says it is 1 GiB), so that only the payload is wrong and gets read.
        value = {"GetBlob": 1 << 30, "GetManifest": "sha256:" + "0" * 64}.get(method)
        send(envelope(value, pipeid=w), [r])
        os.close(r)
    elif mode == "fd-is-socket":
        pair = socket.socketpair()
        kept.append(pair)
        pipe_ids.add(pair[1].fileno())
        send(envelope(None, pipeid=pair[1].fileno()), [pair[0].fileno()])
    elif mode == "fd-is-file":
        f = tempfile.TemporaryFile()
        f.write(b'{"schemaVersion":2}')
        f.seek(0)
        kept.append(f)
        pipe_ids.add(f.fileno())
        send(envelope(None, pipeid=f.fileno()), [f.fileno()])
    else:
        send(envelope(error="unknown method"))


if mode == "fork-keeps-socket":
    child = os.fork()
    if child == 0:
        # The child holds the inherited socket, but not the parent's stdout/stderr: a launcher that
        # waits for those to close must still see the parent exit.
        devnull = os.open("/dev/null", os.O_RDWR)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        time.sleep(child_seconds)
        os._exit(0)
    sys.stderr.write(f"hostile: child {child} keeps the socket open\n")
    sys.stderr.flush()

if mode == "unsolicited-reply":
    sock.send(json.dumps(envelope("before any request")).encode())
if mode == "terminal-escapes":
    sys.stderr.write("starting" + ESCAPES + "\n")
    sys.stderr.flush()
if mode == "huge-reply":
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
if mode == "close-at-start":
    sock.close()
    time.sleep(linger)
    sys.exit(0)

initialized = False
while True:
    data = sock.recv(32768)
    if not data:
        sys.exit(0)
    if mode == "never-replies":
        continue
    try:
        request = json.loads(data)
        method = request.get("method") if isinstance(request, dict) else None
    except ValueError:
        method = None
    if method == "Shutdown":
        if mode == "huge-reply":
            # The kernel caps the send buffer (net.core.wmem_max): the largest of these that fits is sent.
            for size in (4 << 20, 3 << 19, 200 << 10):
                try:
                    sock.send(json.dumps(envelope(None), separators=(",", ":")).encode()[:-1] + f',"padding":"{"x" * size}"}}'.encode())
                    break
                except OSError:
                    pass
        sys.exit(0)
    if mode == "close-mid-call" and initialized:
        sock.close()
        time.sleep(linger)
        sys.exit(0)
    if method == "Initialize":
        initialized = True
        send(envelope("0.2.8"))
    elif method == "OpenImage":
        send(envelope(1))
    elif method == "FinishPipe" and mode == "trickle-pipe":
        continue
    elif method == "FinishPipe":
        ids = (request.get("args") or [None]) if isinstance(request, dict) else [None]
        send(envelope(None) if ids and ids[0] in pipe_ids else envelope(error=f"unknown pipe {ids[0] if ids else None}"))
    elif method in PIPED:
        piped_reply(method)
    else:
        send(envelope(error=f"unknown method: {method}"))
