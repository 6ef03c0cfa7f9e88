// What one protocol version means for the proxy, read from specs/: the methods it serves (a method's
// `since` in methods.json) and whether replies carry error_code (the version's reply schema in
// versions.json). Raw JSON only: compiling the schemas would slow the executable's start-up.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import path from 'node:path';
import { DEFAULT_PROTOCOL_VERSION } from '../../config.js';
import { HarnessError } from '../../errors.js';
import { SPECS_DIR } from '../../specs/read.js';
import { envelopeHasErrorCode, historyEntryFor } from '../../specs/version-history.js';

// The version skopeo 1.20.0 speaks, and the newest this proxy implements: config.ts's, which imports nothing of the harness.
export { DEFAULT_PROTOCOL_VERSION };

interface MethodRow {
  name: string;
  since: string;
}

interface VersionRow {
  version: string;
  reply: string;
}

/** The protocol version a session speaks and what follows from it. */
export interface ProtocolProfile {
  version: string;
  /** True when the method exists at this version; a newer one is answered "unknown method". */
  serves(method: string): boolean;
  /** True from 0.2.8: every reply has the error_code key. */
  replyHasErrorCode: boolean;
  /** True from versions.json's policySince (0.2.6): opening an image checks the signature policy. */
  checksPolicy: boolean;
}

interface Tables {
  methods: MethodRow[];
  versions: VersionRow[];
  policySince: string;
}

let tables: Tables | undefined;

function readTables(): Tables {
  if (tables) return tables;
  const history = readJson('versions.json') as { protocol: VersionRow[]; policySince: string };
  tables = {
    methods: (readJson('methods.json') as { methods: MethodRow[] }).methods,
    versions: history.protocol,
    policySince: history.policySince,
  };
  return tables;
}

function readJson(name: string): unknown {
  return JSON.parse(readFileSync(path.join(SPECS_DIR, name), 'utf8'));
}

/** The profile of `version`; throws a PC_USAGE HarnessError for a version the proxy cannot speak. */
export function makeProtocolProfile(version: string = DEFAULT_PROTOCOL_VERSION): ProtocolProfile {
  const { methods, versions, policySince } = readTables();
  if (!/^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/.test(version)) throw new HarnessError('PC_USAGE', `protocol version ${JSON.stringify(version)} is not x.y.z`);
  const oldest = versions[0]?.version ?? DEFAULT_PROTOCOL_VERSION;
  const entry = historyEntryFor(versions, version);
  if (entry === undefined || semver.gt(version, DEFAULT_PROTOCOL_VERSION)) {
    throw new HarnessError('PC_USAGE', `protocol version ${version} is outside what the reference proxy speaks (${oldest} to ${DEFAULT_PROTOCOL_VERSION})`);
  }
  const served = new Set(methods.filter((m) => semver.gte(version, m.since)).map((m) => m.name));
  return {
    version,
    serves: (method) => served.has(method),
    replyHasErrorCode: envelopeHasErrorCode(readJson(entry.reply)),
    checksPolicy: semver.gte(version, policySince),
  };
}
