// Which instance of an index or manifest list the proxy serves: containers/image's WantedPlatforms
// (the host's OS, architecture and CPU variant, or the --override-* choices) and its two
// ChooseInstance rules (OCI: best platform rank, then zstd, then position; Docker: first match).
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { goQuoteQ } from '../go/quote.js';
import type { InstanceEntry } from './manifest.js';
import { MIME } from './manifest.js';
import { ProxyError } from '../proxy-error.js';

export interface Platform {
  os: string;
  architecture: string;
  variant: string;
}

export interface PlatformOverrides {
  os?: string;
  architecture?: string;
  variant?: string;
}

/** Go's GOARCH for Node's process.arch. */
export function hostArchitecture(arch: string = process.arch): string {
  const map: Record<string, string> = {
    x64: 'amd64',
    ia32: '386',
    arm: 'arm',
    arm64: 'arm64',
    ppc64: os.endianness() === 'LE' ? 'ppc64le' : 'ppc64',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
    mips: 'mips',
    mipsel: 'mipsle',
  };
  return map[arch] ?? arch;
}

/** Go's GOOS for Node's process.platform. */
function hostOs(platform: string = process.platform): string {
  return platform === 'win32' ? 'windows' : platform;
}

/** containers/image's getCPUVariant: only ARM has one, read from /proc/cpuinfo. */
function hostCpuVariant(arch: string, goos: string): string {
  if (arch !== 'arm' && arch !== 'arm64') return '';
  if (goos !== 'linux') return arch === 'arm64' ? 'v8' : 'v7';
  let cpuinfo = '';
  try {
    cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
  } catch {
    return '';
  }
  const field = (name: string) =>
    cpuinfo
      .split('\n')
      .map((line) => line.split(':'))
      .find(([key]) => key?.trim().toLowerCase() === name)?.[1]
      ?.trim() ?? '';
  let variant = field('cpu architecture').toLowerCase();
  if (variant === '') return '';
  if (arch === 'arm' && variant === '7' && field('model name').toLowerCase().startsWith('armv6-compatible')) variant = '6';
  if (['8', 'aarch64'].includes(variant)) return 'v8';
  if (['7', '7m', '?(12)', '?(13)', '?(14)', '?(15)', '?(16)', '?(17)'].includes(variant)) return 'v7';
  if (['6', '6tej'].includes(variant)) return 'v6';
  if (['5', '5t', '5te', '5tej'].includes(variant)) return 'v5';
  if (['4', '4t'].includes(variant)) return 'v4';
  if (variant === '3') return 'v3';
  return 'unknown';
}

/** Known variants, most capable first; architectures without variants have no entry. */
const COMPATIBILITY: Record<string, string[]> = {
  arm: ['v8', 'v7', 'v6', 'v5'],
  arm64: ['v8'],
};

/** WantedPlatforms: the most wanted first; its first entry names the platform in errors. */
export function wantedPlatforms(overrides: PlatformOverrides = {}): Platform[] {
  const goos = overrides.os ?? hostOs();
  let arch = hostArchitecture();
  let variant = '';
  // The variant is detected only for the host's own architecture.
  if (overrides.architecture !== undefined && overrides.architecture !== '') arch = overrides.architecture;
  else variant = hostCpuVariant(arch, hostOs());
  if (overrides.variant !== undefined && overrides.variant !== '') variant = overrides.variant;
  let variants: string[];
  if (variant !== '') {
    const order = COMPATIBILITY[arch];
    const at = order ? order.indexOf(variant) : -1;
    variants = [...(order && at !== -1 ? order.slice(at) : [variant]), ''];
  } else {
    variants = ['', ...(COMPATIBILITY[arch] ?? [])];
  }
  return variants.map((v) => ({ os: goos, architecture: arch, variant: v }));
}

function matches(image: Platform | null, wanted: Platform): boolean {
  return image !== null && image.architecture === wanted.architecture && image.os === wanted.os && image.variant === wanted.variant;
}

/** ChooseInstance for an OCI index or a Docker manifest list; throws skopeo's "no image found". */
export function chooseInstance(entries: InstanceEntry[], listMimeType: string, wanted: Platform[]): string {
  const first = wanted[0] as Platform;
  const describe = `architecture ${goQuoteQ(first.architecture)}, variant ${goQuoteQ(first.variant)}, OS ${goQuoteQ(first.os)}`;
  if (listMimeType === MIME.schema2List) {
    for (const w of wanted) {
      const hit = entries.find((e) => matches(e.platform, w));
      if (hit) return hit.digest;
    }
    throw new ProxyError(`no image found in manifest list for ${describe}`);
  }
  let best: { rank: number; zstd: boolean; position: number; digest: string } | null = null;
  entries.forEach((entry, position) => {
    // An instance without a platform is a candidate of the lowest rank; one with a platform
    // nobody wants is none.
    const rank = entry.platform === null ? Number.MAX_SAFE_INTEGER : wanted.findIndex((w) => matches(entry.platform, w));
    if (rank === -1) return;
    const candidate = { rank, zstd: entry.zstd, position, digest: entry.digest };
    // Lower platform rank wins; on a tie a zstd instance wins (gzip is not preferred); then position.
    const better = best === null || candidate.rank < best.rank || (candidate.rank === best.rank && candidate.zstd && !best.zstd);
    if (better) best = candidate;
  });
  if (best === null) throw new ProxyError(`no image found in image index for ${describe}`);
  return (best as { digest: string }).digest;
}
