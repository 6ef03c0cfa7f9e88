#!/usr/bin/env python3
"""A tiny image proxy for the harness's own tests: serves oci:DIR:TAG over the socket on fd 0 (or
--sockfd N), protocol 0.2.3 subset, and can be told to misbehave with --fault NAME so that each
check is shown to fail. Faults: wrong-manifest-byte, wrong-manifest-digest, truncated-blob,
version-not-semver, image-id-zero, finish-pipe-value, shutdown-exit-1, eof-exit-1, ignore-eof, and
for the reply invariants: pipeid-without-fd, error-with-fd, fd-is-socket, empty-error, extra-key,
write-end-passed, config-not-golden. --eof-log FILE appends a line (the pid) to FILE when the socket
reaches EOF, so that a test can wait for that moment instead of guessing it."""
import json, os, signal, socket, sys, threading

signal.signal(signal.SIGPIPE, signal.SIG_DFL)
args = sys.argv[1:]
faults = set()
sockfd = 0
eof_log = None
while args:
    a = args.pop(0)
    if a == "--fault":
        faults.add(args.pop(0))
    elif a == "--sockfd":
        sockfd = int(args.pop(0))
    elif a == "--eof-log":
        eof_log = args.pop(0)
sock = socket.socket(fileno=sockfd)
images, pipes, kept = {}, {}, []
next_id = 1


def reply(value=None, error="", fds=(), pipeid=0):
    body = {"success": error == "", "value": None if error else value, "pipeid": pipeid, "error": error}
    if error and "empty-error" in faults:
        body["error"] = ""
    if "extra-key" in faults:
        body["id"] = 1
    if error and "error-with-fd" in faults:
        r, w = os.pipe()
        fds = [r]
    if fds and "pipeid-without-fd" in faults:
        fds = ()
    if fds and "fd-is-socket" in faults:
        kept.append(socket.socketpair())
        fds = [kept[-1][0].fileno()]
    socket.send_fds(sock, [json.dumps(body).encode()], list(fds)) if fds else sock.send(json.dumps(body).encode())


def start_pipe(data):
    r, w = os.pipe()
    def writer():
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(w, view):]
        except BrokenPipeError:
            pass
    t = threading.Thread(target=writer)
    t.start()
    pipes[w] = t
    return r, w


def send_piped(value, data):
    r, w = start_pipe(data)
    reply(value, fds=[w if "write-end-passed" in faults else r], pipeid=w)
    os.close(r)


def layout_of(ref):
    if not ref.startswith("oci:"):
        raise ValueError(f"unsupported reference {ref}")
    path, _, tag = ref[4:].rpartition(":")
    index = json.load(open(os.path.join(path, "index.json")))
    for m in index["manifests"]:
        if m.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag:
            return path, m["digest"]
    raise ValueError(f'no descriptor found for reference "{tag}"')


def blob(path, digest):
    algo, _, hexpart = digest.partition(":")
    return open(os.path.join(path, "blobs", algo, hexpart), "rb").read()


while True:
    data = sock.recv(32768)
    if not data:
        if eof_log is not None:
            with open(eof_log, "a") as log:
                log.write(f"{os.getpid()}\n")
        if "eof-exit-1" in faults:
            sys.exit(1)
        if "ignore-eof" in faults:
            signal.pause()
        sys.exit(0)
    req = json.loads(data)
    method, a = req.get("method"), req.get("args") or []
    try:
        if method == "Initialize":
            reply("0.2" if "version-not-semver" in faults else "0.2.3")
        elif method == "Shutdown":
            sys.exit(1 if "shutdown-exit-1" in faults else 0)
        elif method == "OpenImage":
            images[next_id] = layout_of(a[0])
            if "image-id-zero" in faults:  # answer 0 but keep serving it, so only the id check fails
                images[0] = images[next_id]
            reply(0 if "image-id-zero" in faults else next_id)
            next_id += 1
        elif method == "CloseImage":
            images.pop(int(a[0]))
            reply(None)
        elif method == "GetManifest":
            path, digest = images[int(a[0])]
            body = blob(path, digest)
            if "wrong-manifest-byte" in faults:
                body = body[:10] + bytes([body[10] ^ 1]) + body[11:]
            value = "sha256:" + "0" * 64 if "wrong-manifest-digest" in faults else digest
            send_piped(value, body)
        elif method == "GetFullConfig":
            path, digest = images[int(a[0])]
            config = json.loads(blob(path, json.loads(blob(path, digest))["config"]["digest"]))
            if "config-not-golden" in faults:
                config["architecture"] = "s390x"
            send_piped(None, json.dumps(config).encode())
        elif method == "GetBlob":
            path, _ = images[int(a[0])]
            body = blob(path, a[1])
            if "truncated-blob" in faults:
                body = body[:-1]
            send_piped(len(body) if "truncated-blob" not in faults else a[2], body)
        elif method == "FinishPipe":
            w = int(a[0])
            pipes.pop(w).join()
            os.close(w)
            reply("done" if "finish-pipe-value" in faults else None)
        else:
            reply(error=f"unknown method: {method}")
    except Exception as e:  # a request error is a reply, never a crash
        reply(error=str(e) or type(e).__name__)
