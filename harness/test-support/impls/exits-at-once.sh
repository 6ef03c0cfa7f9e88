#!/bin/sh
# An implementation that dies before reading anything.
echo "mini: cannot start: no configuration" >&2
exit 7
