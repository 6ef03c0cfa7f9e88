#!/usr/bin/env python3
"""The reference client of the client-mode contract: fetches PC_IMAGE through `skopeo
experimental-image-proxy` (found on PATH, or PC_PROXY) and writes what it got to PC_OUT: `manifest`,
`config`, `blobs/sha256/<hex>`. Exit 0 means "I got it"; non-zero with a message on stderr means "I
detected a failure". It is what a careful client library does: reads each payload while FinishPipe is
in flight, verifies every digest and size, cross-checks the layer info, releases every fd, uses only
the methods its proxy's version offers, keeps a deadline on every wait, closes images, says Shutdown
and reaps the proxy.

`--proxy-flag FLAG` (repeatable) passes a skopeo global flag, e.g. `--insecure-policy`. `--list-breaks`
lists the deviations; `--break NAME` (repeatable; `A+B` for two at once) makes it deviate, each a broken
client that a client case must catch: no-finish-pipe, finish-before-read, ignores-digest, ignores-size,
no-verification, keeps-pipe-fds, keeps-proxy-socket, raw-blob-on-old, finish-raw-blob, two-in-flight,
no-shutdown, ignores-raw-error-pipe, no-deadline, no-message, swallows-errors, oversized-request,
wrong-image-id, and two that crash where they should report: traceback-on-error (an uncaught exception,
Python's traceback on stderr) and aborts-on-error (death by SIGABRT).

`--oversize BYTES` sets how far oversized-request pads its OpenImage (default 40960; the send buffer
is raised to fit). `--get-blob-only` makes a limited, not a broken, client: it fetches every blob with
GetBlob and never calls GetRawBlob or GetLayerInfo(Piped), as a client written for 0.2.0 would."""
import fcntl, hashlib, json, os, select, shutil, signal, socket, subprocess, sys, termios, threading, time

BREAKS = {
    "no-finish-pipe", "finish-before-read", "ignores-digest", "ignores-size", "keeps-pipe-fds",
    "keeps-proxy-socket", "raw-blob-on-old", "finish-raw-blob", "two-in-flight", "no-shutdown",
    "ignores-raw-error-pipe", "no-deadline", "no-message", "no-verification", "swallows-errors",
    "oversized-request", "wrong-image-id", "traceback-on-error", "aborts-on-error",
}
# Deviations that only show together (each alone is caught elsewhere or is harmless there).
COMBINED = {"raw-blob-on-old+swallows-errors"}
broken = set()
proxy_flags = []  # skopeo global flags the client passes (e.g. --insecure-policy), before the subcommand
oversize = 40960  # oversized-request's padding
get_blob_only = False
argv = sys.argv[1:]
while argv:
    arg = argv.pop(0)
    if arg == "--break" and argv and (argv[0] in BREAKS or argv[0] in COMBINED):
        broken.update(argv.pop(0).split("+"))
    elif arg == "--list-breaks":
        print("\n".join(sorted(BREAKS | COMBINED)))
        sys.exit(0)
    elif arg == "--proxy-flag" and argv:
        proxy_flags.append(argv.pop(0))
    elif arg == "--oversize" and argv and argv[0].isdigit():
        oversize = int(argv.pop(0))
    elif arg == "--get-blob-only":
        get_blob_only = True
    else:
        sys.exit(f"reference-client: unknown argument {arg!r}")

DEADLINE = None if "no-deadline" in broken else float(os.environ.get("PC_CLIENT_TIMEOUT", "10"))
kept_fds = []  # what keeps-pipe-fds never closes


class Failure(Exception):
    pass


def vtuple(version):
    return tuple(int(p) for p in version.split("-")[0].split("."))


class Proxy:
    def __init__(self):
        command = os.environ.get("PC_PROXY") or shutil.which("skopeo")
        if command is None:
            raise Failure("no skopeo on PATH")
        self.sock, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.sock.settimeout(DEADLINE)
        self.process = subprocess.Popen([command, *proxy_flags, "experimental-image-proxy"], stdin=theirs)
        if "keeps-proxy-socket" in broken:
            self.kept = theirs
        else:
            theirs.close()

    def send(self, method, args):
        try:
            self.sock.send(json.dumps({"method": method, "args": args}).encode())
        except OSError as error:
            raise Failure(f"the connection to the proxy failed sending {method}: {error}")

    def wait_until_requests_read(self):
        unread = bytearray(4)
        while True:
            fcntl.ioctl(self.sock.fileno(), termios.TIOCOUTQ, unread)
            if int.from_bytes(unread, sys.byteorder) == 0:
                return
            select.select([], [], [], 0.01)

    def receive(self, method):
        try:
            data, fds, _flags, _addr = socket.recv_fds(self.sock, 1 << 20, 2)
        except socket.timeout:
            raise Failure(f"no reply to {method} within {DEADLINE} s")
        except OSError as error:
            raise Failure(f"the connection to the proxy failed waiting for {method}: {error}")
        if not data:
            raise Failure(f"the proxy closed the connection before replying to {method}")
        reply = json.loads(data)
        if not reply.get("success"):
            for fd in fds:
                os.close(fd)
            failure = Failure(f"{method} failed: {reply.get('error')} ({reply.get('error_code', 'no error_code')})")
            failure.retryable = reply.get("error_code") == "retryable"
            raise failure
        return reply, fds

    def call(self, method, *args):
        self.send(method, list(args))
        try:
            return self.receive(method)
        except Failure as failure:
            # A retryable failure of a blob request is tried once more.
            if not getattr(failure, "retryable", False) or method not in ("GetBlob", "GetRawBlob") or "swallows-errors" in broken:
                raise
        self.send(method, list(args))
        return self.receive(method)

    def close(self, abandoning=False):
        if "no-shutdown" in broken:
            # Leaves without a word and without reaping: the proxy is orphaned with the socket still open.
            return
        try:
            self.send("Shutdown", [])
        except Failure:
            pass  # a proxy that is already gone needs no Shutdown; it is reaped below
        self.sock.close()
        if not abandoning:
            # After a fetch that went well, the proxy is reaped without a deadline of its own: one that
            # exits slowly on a loaded machine is not this client's failure, and one that never exits
            # is bounded by the harness that runs this client.
            self.process.wait()
            return
        # Leaving after a failure, perhaps a proxy that stalled: it gets the client's deadline, then is killed.
        try:
            self.process.wait(timeout=DEADLINE)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def read_all(fd, sink):
    """Reads fd to EOF, with a deadline on each wait for data."""
    while True:
        ready, _, _ = select.select([fd], [], [], DEADLINE)
        if not ready:
            raise Failure(f"no data on a payload pipe within {DEADLINE} s")
        chunk = os.read(fd, 1 << 16)
        if not chunk:
            return
        sink.append(chunk)


def release(fd):
    if "keeps-pipe-fds" in broken:
        kept_fds.append(fd)
    else:
        os.close(fd)


def fetch_piped(proxy, method, *args):
    """A one-pipe method: the payload is read while FinishPipe is in flight (the write end closes only then)."""
    reply, fds = proxy.call(method, *args)
    if len(fds) != 1 or reply["pipeid"] == 0:
        raise Failure(f"{method} passed {len(fds)} fds with pipeid {reply['pipeid']}")
    fd, chunks, errors = fds[0], [], []
    if "no-finish-pipe" in broken:
        read_all(fd, chunks)
        release(fd)
        return reply, b"".join(chunks)
    if "finish-before-read" in broken:
        proxy.call("FinishPipe", reply["pipeid"])
        read_all(fd, chunks)
        release(fd)
        return reply, b"".join(chunks)

    def reader():
        try:
            read_all(fd, chunks)
        except (Failure, OSError) as failure:
            # OSError: the fd was closed under a reader still waiting after the deadline (EBADF).
            errors.append(failure)

    thread = threading.Thread(target=reader, daemon=True)
    thread.start()
    proxy.call("FinishPipe", reply["pipeid"])
    thread.join(DEADLINE)
    release(fd)
    if thread.is_alive():
        raise Failure(f"the {method} pipe did not reach EOF after FinishPipe")
    if errors:
        raise errors[0]
    return reply, b"".join(chunks)


def fetch_raw(proxy, digest):
    """GetRawBlob: data and error pipes, no FinishPipe; the error pipe says how the transfer ended."""
    reply, fds = proxy.call("GetRawBlob", proxy.image, digest)
    if len(fds) != 2:
        raise Failure(f"GetRawBlob passed {len(fds)} fds, expected a data and an error pipe")
    data, error = [], []
    read_all(fds[0], data)
    read_all(fds[1], error)
    release(fds[0])
    release(fds[1])
    if "finish-raw-blob" in broken:
        proxy.call("FinishPipe", reply["pipeid"])
    if error and "ignores-raw-error-pipe" not in broken:
        report = json.loads(b"".join(error))
        raise Failure(f"GetRawBlob {digest}: {report.get('code')}: {report.get('message')}")
    return b"".join(data)


def verify(what, payload, digest, size):
    if "no-verification" in broken:
        return
    if "ignores-digest" not in broken and "sha256:" + hashlib.sha256(payload).hexdigest() != digest:
        raise Failure(f"{what}: digest mismatch (expected {digest})")
    if "ignores-size" not in broken and size is not None and size >= 0 and len(payload) != size:
        raise Failure(f"{what}: {len(payload)} bytes, expected {size}")


def main():
    image, out = os.environ["PC_IMAGE"], os.environ["PC_OUT"]
    proxy = Proxy()
    try:
        version, _ = proxy.call("Initialize")
        version = vtuple(version["value"])
        if "oversized-request" in broken:
            # Padding past the proxy's 32 KiB read (40 KiB by default), so the request arrives cut short;
            # the send buffer is raised so that even a megabyte leaves as one packet.
            try:  # past net.core.wmem_max when privileged (SO_SNDBUFFORCE is 32 on Linux)
                proxy.sock.setsockopt(socket.SOL_SOCKET, getattr(socket, "SO_SNDBUFFORCE", 32), oversize + 65536)
            except OSError:
                proxy.sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, oversize + 65536)
            proxy.sock.send(json.dumps({"method": "OpenImage", "args": [image], "padding": "x" * oversize}).encode())
            reply, _ = proxy.receive("OpenImage")
        else:
            reply, _ = proxy.call("OpenImage", image)
        proxy.image = reply["value"]
        reply, manifest_bytes = fetch_piped(proxy, "GetManifest", proxy.image)
        verify("the manifest", manifest_bytes, reply["value"], None)
        manifest = json.loads(manifest_bytes)
        with open(os.path.join(out, "manifest"), "wb") as f:
            f.write(manifest_bytes)
        config = manifest["config"]
        reply, config_bytes = fetch_piped(proxy, "GetBlob", proxy.image, config["digest"], config["size"])
        verify("the config", config_bytes, config["digest"], config["size"])
        with open(os.path.join(out, "config"), "wb") as f:
            f.write(config_bytes)
        layers = manifest["layers"]
        if get_blob_only:
            info = None
        elif version >= (0, 2, 7):
            _, info = fetch_piped(proxy, "GetLayerInfoPiped", proxy.image)
            info = json.loads(info)
        elif version >= (0, 2, 5):
            info = proxy.call("GetLayerInfo", proxy.image)[0]["value"]
        else:
            info = None
        sized = "ignores-size" not in broken
        if info is not None and [(l["digest"], sized and l["size"]) for l in info] != [(l["digest"], sized and l["size"]) for l in layers]:
            raise Failure("the layer info does not match the manifest's layers")
        os.makedirs(os.path.join(out, "blobs", "sha256"), exist_ok=True)
        raw = (version >= (0, 2, 8) or "raw-blob-on-old" in broken) and not get_blob_only
        for layer in layers:
            if raw:
                blob = fetch_raw(proxy, layer["digest"])
            else:
                reply, blob = fetch_piped(proxy, "GetBlob", proxy.image, layer["digest"], layer["size"])
            verify(f"layer {layer['digest']}", blob, layer["digest"], layer["size"])
            with open(os.path.join(out, "blobs", "sha256", layer["digest"].split(":", 1)[1]), "wb") as f:
                f.write(blob)
        if "two-in-flight" in broken:
            proxy.send("CloseImage", [proxy.image])
            proxy.send("Initialize", [])
            # Reads CloseImage's reply only once the proxy has taken both requests off the socket, so
            # that the second one was plainly sent before the first one's reply was read.
            proxy.wait_until_requests_read()
            proxy.receive("CloseImage")
            try:
                proxy.receive("Initialize")
            except Failure:
                pass
        else:
            proxy.call("CloseImage", proxy.image + 1 if "wrong-image-id" in broken else proxy.image)
    except BaseException:
        proxy.close(abandoning=True)
        raise
    proxy.close()
    if "no-shutdown" in broken or "keeps-pipe-fds" in broken or "keeps-proxy-socket" in broken:
        # Still around with what it kept, as a long-lived client would be, until the harness's deadline.
        time.sleep(float(os.environ.get("PC_CLIENT_LINGER", "2")))
    if "no-shutdown" in broken:
        # Gone at once: the kernel closes the socket (the session's EOF) as the process exits, so the
        # stand-in is already orphaned when it looks. Python's own teardown, slow under load, would
        # come between the two and let the stand-in's short watch end first.
        sys.stdout.flush()
        os._exit(0)


if __name__ == "__main__":
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    try:
        main()
    except Failure as failure:
        if "traceback-on-error" in broken:
            raise RuntimeError(f"unhandled: {failure}")
        if "aborts-on-error" in broken:
            os.abort()
        if "swallows-errors" in broken:
            sys.exit(0)
        if "no-message" in broken:
            sys.exit(1)
        sys.exit(f"reference-client: {failure}")
