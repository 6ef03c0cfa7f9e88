#!/bin/sh
# An implementation that takes SLOW_START_SECONDS (default 2) to start before it reads its socket,
# as an interpreter can on a loaded machine, then serves as mini-proxy.py does.
sleep "${SLOW_START_SECONDS:-2}"
exec python3 "$(dirname "$0")/mini-proxy.py" "$@"
