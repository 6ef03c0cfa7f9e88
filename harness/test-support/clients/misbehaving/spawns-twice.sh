#!/bin/sh
# A client that fetches the image twice, each time through a proxy of its own.
here=$(dirname "$0")
python3 "$here/../reference-client.py" && rm -rf "$PC_OUT"/* && python3 "$here/../reference-client.py"
