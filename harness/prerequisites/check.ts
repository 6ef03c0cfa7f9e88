// Looks for each prerequisite on this machine: a command on PATH and its version, Debian packages
// installed, a source package apt can fetch. Every probe is bounded and never throws.
import { execa } from 'execa';
import { findOnPath } from '../launch/resolve-impl.js';
import type { Prerequisite, Probe } from './prerequisites.js';

const PROBE_TIMEOUT_MS = 15_000;

export interface Finding {
  prerequisite: Prerequisite;
  found: boolean;
  /** What was found (a path and version), or what is missing. */
  detail: string;
}

export async function checkPrerequisites(items: readonly Prerequisite[], searchPath = process.env.PATH ?? ''): Promise<Finding[]> {
  return Promise.all(items.map(async (prerequisite) => ({ prerequisite, ...(await probe(prerequisite.probe, searchPath)) })));
}

async function probe(p: Probe, searchPath: string): Promise<{ found: boolean; detail: string }> {
  switch (p.kind) {
    case 'command': {
      const file = findOnPath(p.command, searchPath);
      if (file === null) return { found: false, detail: `${p.command} is not on PATH` };
      const version = await firstLine(file, p.versionArgs, searchPath);
      return { found: true, detail: `${file}${version ? `: ${version}` : ''}` };
    }
    case 'debian-packages': {
      if (findOnPath('dpkg-query', searchPath) === null) return { found: false, detail: 'not a Debian system (no dpkg-query)' };
      const missing: string[] = [];
      const versions: string[] = [];
      for (const pkg of p.packages) {
        const version = await firstLine('dpkg-query', ['-W', '-f=${Status} ${Version}', pkg], searchPath);
        if (version?.startsWith('install ok installed ')) versions.push(`${pkg} ${version.split(' ').at(-1)}`);
        else missing.push(pkg);
      }
      return missing.length === 0 ? { found: true, detail: versions.join(', ') } : { found: false, detail: `not installed: ${missing.join(', ')}` };
    }
    case 'debian-source': {
      if (findOnPath('apt-cache', searchPath) === null) return { found: false, detail: 'not a Debian system (no apt-cache)' };
      const version = await firstLine('apt-cache', ['showsrc', '--only-source', p.sourcePackage], searchPath, /^Version: /);
      return version ? { found: true, detail: `apt-get source ${p.sourcePackage} finds ${version.replace(/^Version: /, '')}` } : { found: false, detail: `no deb-src line lists ${p.sourcePackage}` };
    }
  }
}

/** The first line of a command's output (or the first matching `pick`), null when it fails or says nothing. */
async function firstLine(file: string, args: string[], searchPath: string, pick?: RegExp): Promise<string | null> {
  const result = await execa(file, args, { reject: false, timeout: PROBE_TIMEOUT_MS, env: { PATH: searchPath }, stdin: 'ignore' });
  if (result.exitCode !== 0) return null;
  const lines = `${result.stdout}\n${result.stderr}`.split('\n').map((l) => l.trim()).filter(Boolean);
  return (pick ? lines.find((l) => pick.test(l)) : lines[0]) ?? null;
}
