#!/usr/bin/env python3
"""The floor any client pays: a minimal raw client of the image proxy protocol (socketpair,
send/recv_fds, a reader thread overlapping FinishPipe), timing the same operations as the
harness benchmark. Usage: raw-client.py IMAGE_REF BLOB_DIGEST BLOB_SIZE PAIRS BLOB_RUNS -- ARGV...
Prints one JSON object."""
import hashlib, json, os, signal, socket, statistics, subprocess, sys, threading, time

ref, digest, size, pairs, blob_runs = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
argv = sys.argv[sys.argv.index("--") + 1:]
ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
proc = subprocess.Popen(argv, stdin=theirs, restore_signals=True)
theirs.close()
ours.settimeout(30)


def call(method, args):
    ours.send(json.dumps({"method": method, "args": args}).encode())
    data, fds, _, _ = socket.recv_fds(ours, 65536, 4)
    reply = json.loads(data)
    if not reply["success"]:
        raise SystemExit(f"{method} failed: {reply['error']}")
    return reply, fds


call("Initialize", [])
for _ in range(200):  # untimed warm-up, as the harness client does
    call("CloseImage", [call("OpenImage", [ref])[0]["value"]])
rtts = []
for _ in range(pairs):
    t0 = time.perf_counter()
    reply, _ = call("OpenImage", [ref])
    call("CloseImage", [reply["value"]])
    rtts.append((time.perf_counter() - t0) * 1e6)

image_id = call("OpenImage", [ref])[0]["value"]
seconds = []
for _ in range(blob_runs):
    t0 = time.perf_counter()
    reply, fds = call("GetBlob", [image_id, digest, size])
    result = {}

    def drain(fd=fds[0]):
        h, n = hashlib.sha256(), 0
        while True:
            chunk = os.read(fd, 1 << 20)
            if not chunk:
                break
            h.update(chunk)
            n += len(chunk)
        os.close(fd)
        result.update(n=n, digest="sha256:" + h.hexdigest())

    reader = threading.Thread(target=drain)
    reader.start()
    call("FinishPipe", [reply["pipeid"]])
    reader.join()
    if result["n"] != size or result["digest"] != digest:
        raise SystemExit(f"blob mismatch: {result}")
    seconds.append(time.perf_counter() - t0)

ours.send(json.dumps({"method": "Shutdown", "args": []}).encode())
proc.wait(timeout=10)
print(json.dumps({"pairMedianUs": statistics.median(rtts), "blobMedianS": statistics.median(seconds), "blobBytes": size}))
