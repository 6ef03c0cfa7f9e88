#!/usr/bin/env python3
"""Reads Debian package metadata for .ci/build-skopeo. Two subcommands:

  archive                 print "URI<TAB>SIGNED-BY" of the machine's own Debian archive entry
                          (the one serving its running codename), read from its apt sources
  closure SOURCES VERSION PACKAGES
                          print the Go library packages needed to build a source package: the
                          golang *-dev packages reachable from its Build-Depends through Depends.
                          SOURCES is `apt-cache showsrc NAME` output (the stanza of VERSION is used), PACKAGES is
                          `apt-cache dumpavail` output (both from the private apt configuration).

Python's standard library only: the script runs before anything else is installed.
"""
import glob
import os
import re
import sys


def fail(msg):
    print(f"debian-archive.py: {msg}", file=sys.stderr)
    sys.exit(1)


def stanzas(text):
    """deb822 stanzas as dicts (continuation lines joined with newlines)."""
    for block in re.split(r"\n\s*\n", text):
        fields, key = {}, None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line[:1] in (" ", "\t") and key:
                fields[key] += "\n" + line.strip()
            elif ":" in line:
                key, _, value = line.partition(":")
                key = key.strip()
                fields[key] = value.strip()
        if fields:
            yield fields


def codename():
    with open("/etc/os-release") as f:
        for line in f:
            if line.startswith("VERSION_CODENAME="):
                return line.split("=", 1)[1].strip().strip('"')
    fail("no VERSION_CODENAME in /etc/os-release")


def archive():
    """The machine's apt entry whose suites include its own codename: the main archive, not
    security or a third-party repository."""
    name = codename()
    entries = []
    for path in sorted(glob.glob("/etc/apt/sources.list.d/*.sources")):
        with open(path) as f:
            for s in stanzas(f.read()):
                if s.get("Enabled", "yes").lower() == "no":
                    continue
                if "deb" not in s.get("Types", "").split():
                    continue
                for uri in s.get("URIs", "").split():
                    entries.append((uri, s.get("Suites", "").split(), s.get("Signed-By", "")))
    lists = ["/etc/apt/sources.list"] + sorted(glob.glob("/etc/apt/sources.list.d/*.list"))
    for path in lists:
        if not os.path.exists(path):
            continue
        with open(path) as f:
            for line in f:
                m = re.match(r"^\s*deb\s+(?:\[([^\]]*)\]\s+)?(\S+)\s+(\S+)", line)
                if not m:
                    continue
                opts = dict(o.split("=", 1) for o in (m.group(1) or "").split() if "=" in o)
                entries.append((m.group(2), [m.group(3)], opts.get("signed-by", "")))
    for uri, suites, signed_by in entries:
        if name in suites:
            print(f"{uri.rstrip('/')}\t{signed_by}")
            return
    fail(f"no apt source on this machine serves its codename {name!r}: cannot tell which archive to use")


def relations(field):
    """A Depends-like field as a list of groups of alternative package names (versions, arch
    qualifiers and build profiles dropped)."""
    groups = []
    for group in field.split(","):
        alts = []
        for alt in group.split("|"):
            alt = re.sub(r"\([^)]*\)|\[[^\]]*\]|<[^>]*>", "", alt).strip()
            alt = alt.split(":")[0]
            if alt:
                alts.append(alt)
        if alts:
            groups.append(alts)
    return groups


def _order(c):
    if c == "~":
        return -1
    if c.isalpha():
        return ord(c)
    return ord(c) + 256 if c else 0


def _cmp_part(a, b):
    """dpkg's comparison of an upstream version or revision."""
    while a or b:
        na = re.match(r"^[^\d]*", a).group(0)
        nb = re.match(r"^[^\d]*", b).group(0)
        for i in range(max(len(na), len(nb))):
            ca, cb = _order(na[i] if i < len(na) else ""), _order(nb[i] if i < len(nb) else "")
            if ca != cb:
                return -1 if ca < cb else 1
        a, b = a[len(na):], b[len(nb):]
        da = re.match(r"^\d*", a).group(0)
        db = re.match(r"^\d*", b).group(0)
        if int(da or 0) != int(db or 0):
            return -1 if int(da or 0) < int(db or 0) else 1
        a, b = a[len(da):], b[len(db):]
    return 0


def compare_versions(a, b):
    def split(v):
        epoch, _, rest = v.rpartition(":") if ":" in v else ("0", "", v)
        upstream, _, revision = rest.rpartition("-") if "-" in rest else (rest, "", "")
        return int(epoch or 0), upstream, revision
    ea, ua, ra = split(a)
    eb, ub, rb = split(b)
    if ea != eb:
        return -1 if ea < eb else 1
    return _cmp_part(ua, ub) or _cmp_part(ra, rb)


def satisfies(version, op, wanted):
    c = compare_versions(version, wanted)
    return {"<<": c < 0, "<=": c <= 0, "=": c == 0, ">=": c >= 0, ">>": c > 0, "<": c <= 0, ">": c >= 0}[op]


def versioned(field):
    """A Conflicts/Breaks field as (name, op, version) triples (op and version None when unversioned)."""
    out = []
    for group in field.split(","):
        m = re.match(r"^\s*([^\s(:\[]+)(?::\S+)?\s*(?:\(\s*([<>=]+)\s*([^)\s]+)\s*\))?", group)
        if m and m.group(1):
            out.append((m.group(1), m.group(2), m.group(3)))
    return out


def is_go_library(name, pkg):
    """A package that carries Go source for GOPATH: Debian's golang-*-dev libraries (and any -dev
    package filed under the golang section), never the toolchain itself."""
    if not name.endswith("-dev"):
        return False
    if re.match(r"^golang-(go|src|any|doc|\d[\d.]*-.*)$", name):
        return False
    return name.startswith("golang-") or pkg.get("Section", "") == "golang"


def closure(sources_path, version, packages_path):
    with open(sources_path) as f:
        src = [s for s in stanzas(f.read()) if s.get("Version") == version]
    if not src:
        fail(f"{sources_path} holds no source stanza of version {version}")
    build_deps = relations(", ".join(src[0].get(k, "") for k in ("Build-Depends", "Build-Depends-Indep", "Build-Depends-Arch")))
    packages, provides = {}, {}
    with open(packages_path) as f:
        for p in stanzas(f.read()):
            name = p.get("Package")
            if not name:
                continue
            # dumpavail lists each package once per candidate: keep the first seen.
            packages.setdefault(name, p)
            for prov in relations(p.get("Provides", "")):
                provides.setdefault(prov[0], []).append(name)

    def real(name):
        """Package names that can satisfy NAME: itself, or what provides it."""
        out = [name] if name in packages else []
        return out + [p for p in provides.get(name, []) if p not in out]

    chosen = set()

    def clashes(a, b):
        """Whether package A conflicts with or breaks package B (at B's version). A package that
        replaces an old name provides it and breaks its older versions: not a clash with itself."""
        if a == b:
            return False
        p = packages[a]
        for name, op, version in versioned(p.get("Conflicts", "") + "," + p.get("Breaks", "")):
            if name == b and (op is None or satisfies(packages[b].get("Version", "0"), op, version)):
                return True
        return False

    def conflicts_with_chosen(name):
        return any(clashes(name, c) or clashes(c, name) for c in chosen)

    def add(name):
        chosen.add(name)

    pending = list(build_deps)
    deferred = []
    # Singletons first, alternatives after, so an alternative can prefer what is already chosen.
    while pending or deferred:
        if not pending:
            pending, deferred = deferred, []
            alternatives_round = True
        else:
            alternatives_round = False
        group = pending.pop(0)
        candidates = [r for alt in group for r in real(alt) if is_go_library(r, packages[r])]
        if not candidates:
            continue  # not a Go library (a C library, a tool, debhelper): the build does not need it
        if any(c in chosen for c in candidates):
            continue
        if len(candidates) > 1 and not alternatives_round:
            deferred.append(group)
            continue
        pick = next((c for c in candidates if not conflicts_with_chosen(c)), None)
        if pick is None:
            fail(f"every alternative of {' | '.join(group)} conflicts with a package already chosen")
        add(pick)
        pending.extend(relations(packages[pick].get("Depends", "")))
    for name in sorted(chosen):
        print(name)


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "archive":
        archive()
    elif len(sys.argv) == 5 and sys.argv[1] == "closure":
        closure(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        fail("usage: debian-archive.py archive | closure SOURCES VERSION PACKAGES")


main()
