// What proxy-conformance needs beyond Node, in one table: README's prerequisites, docs/ci.md's apt
// list and action.yml's install step name the same set (prerequisites.test.ts reads all three).
// zstd is not among them: fixtures are compressed in JavaScript and WebAssembly.

/** What a prerequisite is for: a run (the command a user types) or the project's own `npm test`. */
export type PrerequisiteUse = 'run' | 'test';

export interface Prerequisite {
  name: string;
  use: PrerequisiteUse;
  /** What goes wrong without it, in a few words. */
  why: string;
  /** Package names: Debian/Ubuntu, and Fedora (null: Fedora has none). */
  debian: string[];
  fedora: string[] | null;
  /** How `doctor` finds it. */
  probe: Probe;
}

export type Probe =
  | { kind: 'command'; command: string; versionArgs: string[] }
  | { kind: 'debian-packages'; packages: string[] }
  | { kind: 'debian-source'; sourcePackage: string };

export const PREREQUISITES: readonly Prerequisite[] = [
  {
    name: 'skopeo',
    use: 'run',
    why: 'the implementation checked by default; without it and without --impl, the built-in reference proxy is checked',
    debian: ['skopeo'],
    fedora: ['skopeo'],
    probe: { kind: 'command', command: 'skopeo', versionArgs: ['--version'] },
  },
  {
    name: 'docker-registry',
    use: 'run',
    why: 'the registry the registry/* cases fetch from; without it they fail in CI, and --no-registry makes them n/a',
    debian: ['docker-registry'],
    // Fedora's distribution registry is /usr/bin/registry: pass it with --registry-bin.
    fedora: ['docker-distribution'],
    probe: { kind: 'command', command: 'docker-registry', versionArgs: ['--version'] },
  },
  {
    name: 'Go toolchain',
    use: 'test',
    why: "npm test builds skopeo's own Go proxy client test",
    debian: ['golang-go'],
    fedora: ['golang'],
    probe: { kind: 'command', command: 'go', versionArgs: ['version'] },
  },
  {
    name: 'dpkg-source',
    use: 'test',
    why: "unpacks skopeo's Debian source package for that client test",
    debian: ['dpkg-dev'],
    fedora: null,
    probe: { kind: 'command', command: 'dpkg-source', versionArgs: ['--version'] },
  },
  {
    name: "skopeo's Debian source package",
    use: 'test',
    why: 'apt-get source skopeo needs a deb-src line for a suite that has skopeo',
    debian: [],
    fedora: null,
    probe: { kind: 'debian-source', sourcePackage: 'skopeo' },
  },
  {
    name: 'Debian Go libraries',
    use: 'test',
    why: 'the client test builds against them in GOPATH mode',
    debian: ['golang-github-containers-image-dev', 'golang-gopkg-check.v1-dev', 'golang-github-opencontainers-image-spec-dev'],
    fedora: null,
    probe: { kind: 'debian-packages', packages: ['golang-github-containers-image-dev', 'golang-gopkg-check.v1-dev', 'golang-github-opencontainers-image-spec-dev'] },
  },
];

/** The install lines for a set of prerequisites, one per system that has them. */
export function installLines(items: readonly Prerequisite[]): { debian: string | null; fedora: string | null } {
  const debian = items.flatMap((p) => p.debian);
  const fedora = items.flatMap((p) => p.fedora ?? []);
  const needsSource = items.some((p) => p.probe.kind === 'debian-source');
  const apt = debian.length > 0 ? `sudo apt-get install -y ${debian.join(' ')}` : '';
  const src = needsSource ? 'add a deb-src line for your suite (e.g. `Types: deb deb-src` in /etc/apt/sources.list.d/debian.sources), then sudo apt-get update' : '';
  return {
    debian: [src, apt].filter(Boolean).join('; ') || null,
    fedora: fedora.length > 0 ? `sudo dnf install -y ${fedora.join(' ')}` : null,
  };
}
