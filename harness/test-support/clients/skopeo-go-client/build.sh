#!/usr/bin/env bash
# Builds skopeo's own Go proxy client test, unchanged but for its image constant, from Debian's source
# package and Debian's Go libraries alone (GOPATH mode), into OUT/proxy.test. A real client nobody
# here wrote, for the client mode to judge. Needs a deb-src line for the running suite, golang-go,
# golang-github-containers-image-dev, golang-gopkg-check.v1-dev and
# golang-github-opencontainers-image-spec-dev (.ci/run installs them).
set -euo pipefail
out=${1:?usage: build.sh OUT_DIR}
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
# Every step names the command that failed and prints its output: a silent exit 100 from apt-get says nothing.
step() {
  local output status=0
  output=$("$@" 2>&1) || status=$?
  if ((status != 0)); then
    printf 'build.sh: `%s` failed (exit %d) in %s:\n%s\n' "$*" "$status" "$PWD" "$output" >&2
    exit 1
  fi
}
(cd "$work" && step apt-get source --download-only skopeo && step dpkg-source -x --no-check ./skopeo_*.dsc src)
gopath="$work/gopath"
pkg="$gopath/src/proxyclient"
mkdir -p "$pkg" "$gopath/src/github.com/containers/image"
# Debian installs containers/image without the /v5 its import paths carry.
ln -s /usr/share/gocode/src/github.com/containers/image "$gopath/src/github.com/containers/image/v5"
cp "$work/src/integration/proxy_test.go" "$pkg/"
cp "$here/support_test.go.txt" "$pkg/support_test.go"
# The one change: the test's registry image constant becomes the image the case serves.
sed -i 's#^const knownNotManifestListedImage_x8664 = .*#var knownNotManifestListedImage_x8664 = os.Getenv("PC_IMAGE")#' "$pkg/proxy_test.go"
grep -q 'os.Getenv("PC_IMAGE")' "$pkg/proxy_test.go" || { echo "build.sh: the image constant was not found in proxy_test.go" >&2; exit 1; }
# GOCACHE (when set: the tests keep one in the build cache) holds Go's compiled packages by the hash of
# their inputs, so the test is linked from Debian's sources each time without compiling them all again.
(cd "$pkg" && GO111MODULE=off GOPATH="$gopath:/usr/share/gocode" GOCACHE="${GOCACHE:-$work/cache}" step go test -c -o "$out/proxy.test" .)
echo "$out/proxy.test"
