#!/bin/sh
# A client that fetches the image, then never exits.
python3 "$(dirname "$0")/../reference-client.py" && exec sleep 1000
