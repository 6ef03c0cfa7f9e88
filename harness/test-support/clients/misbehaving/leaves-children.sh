#!/bin/sh
# A client that fetches the image and exits 0, leaving a child behind ($1 names it for the test).
sh -c 'sleep 1000; :' "$1" &
python3 "$(dirname "$0")/../reference-client.py"
