#!/usr/bin/env python3
"""Runs the command in its arguments after leaving a daemon behind: a sleeper forked twice, in a
session of its own (setsid), its fds on /dev/null, out of reach of the process-group sweep. It
appends its pid to the file $PC_DAEMON_PIDS (one line each) before the command starts, so a test
knows it. As an implementation: --impl leaves-daemon.py --impl-arg=mini-proxy.py; as a client:
client -- leaves-daemon.py reference-client.py."""
import os, sys

ready_r, ready_w = os.pipe()
if os.fork() == 0:
    os.close(ready_r)
    os.setsid()
    if os.fork() == 0:
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        with open(os.environ["PC_DAEMON_PIDS"], "a") as log:
            log.write(f"{os.getpid()}\n")
        os.write(ready_w, b"x")
        os.close(ready_w)
        os.execvp("sleep", ["sleep", "3600"])
    os._exit(0)
os.close(ready_w)
os.read(ready_r, 1)
os.close(ready_r)
os.wait()
command = sys.argv[1:]
if command[0].endswith(".py"):
    command = [sys.executable, *command]
os.execvp(command[0], command)
