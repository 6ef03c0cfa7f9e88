import { mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shardOf } from '../../run/select.js';
import { loadSuite } from '../../run/suite.js';
import { CLIENT_CASES } from '../../client/cases/index.js';
import { scratchDir } from '../../test-support/scratch-dir.js';
import { makeListCommand, type ListedCase } from './list.js';
import { makeProgram } from '../program.js';

const suite = loadSuite();
const cwd = scratchDir('list-command-test');

interface Listed {
  code: number;
  lines: string[];
  errors: string;
}

/** Runs `proxy-conformance list ARGS` on a fake io rooted at `dir`. */
async function list(args: string[], dir = cwd): Promise<Listed> {
  const result: Listed = { code: -1, lines: [], errors: '' };
  const command = makeListCommand({
    out: { write: (s) => void result.lines.push(s) },
    err: { write: (s) => void (result.errors += s) },
    signal: new AbortController().signal,
    setExitCode: (c) => void (result.code = c),
    cwd: dir,
  });
  await command.parseAsync(args, { from: 'user' });
  return result;
}

describe('list', () => {
  it('prints every case, one aligned line each, then the count', async () => {
    const { code, lines } = await list([]);
    expect(code).toBe(0);
    expect(lines).toHaveLength(suite.length + 1);
    expect(lines.at(-1)).toBe(`${suite.length} cases (of ${suite.length})`);
    const first = suite[0]!;
    expect(lines[0]).toMatch(new RegExp(`^${first.id} +${first.level} +>=${first.since} +${first.tags.join(',')} +${first.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(new Set(lines.slice(0, -1).map((l) => l.indexOf(' MUST ') >= 0 ? l.indexOf(' MUST ') : l.search(/ (SHOULD|INFO) /)))).toHaveProperty('size', 1);
  });

  it('lists the client role\'s cases with --role client, both with --role all, and refuses another role', async () => {
    const client = await list(['--role', 'client']);
    expect(client.lines.at(-1)).toBe(`${CLIENT_CASES.length} cases (of ${CLIENT_CASES.length})`);
    expect(client.lines.slice(0, -1).every((l) => l.startsWith('client/'))).toBe(true);
    const all = await list(['--role', 'all', '--run', 'client/integrity/**', '--run', 'getblob/layers']);
    expect(all.lines.at(-1)).toBe(`${1 + CLIENT_CASES.filter((c) => c.id.startsWith('client/integrity/')).length} cases (of ${suite.length + CLIENT_CASES.length})`);
    const bad = await list(['--role', 'proxy']);
    expect(bad.code).toBe(2);
    expect(bad.errors).toContain('--role takes server, client or all, not "proxy"');
  });

  it('shows an upper version bound as an exclusive semver range', async () => {
    const { lines } = await list(['--run', 'rawblob/before-0.2.8-unknown']);
    expect(lines[0]).toMatch(/^rawblob\/before-0\.2\.8-unknown +MUST +>=0\.2\.1 <0\.2\.8 +rawblob,version-gate +GetRawBlob on an implementation older/);
    expect(lines.at(-1)).toBe(`1 case (of ${suite.length})`);
  });

  it('selects by --run, --skip and --level as a run does', async () => {
    const { lines } = await list(['--run', 'getblob', '--run', 'lifecycle/**', '--skip', 'lifecycle/eof-exit', '--level', 'SHOULD']);
    const ids = lines.slice(0, -1).map((l) => l.split(' ')[0]);
    const expected = suite.filter((c) => /^(getblob|lifecycle)\//.test(c.id) && c.id !== 'lifecycle/eof-exit' && c.level !== 'INFO').map((c) => c.id);
    expect(ids).toEqual(expected);
    expect(lines.at(-1)).toBe(`${expected.length} cases (of ${suite.length})`);
  });

  it('prints shards that together list the suite exactly once', async () => {
    const shards = await Promise.all([1, 2, 3].map((i) => list(['--shard', `${i}/3`, '--json'])));
    const ids = shards.flatMap((s) => (JSON.parse(s.lines.join('\n')) as ListedCase[]).map((c) => c.id));
    expect(ids.sort()).toEqual(suite.map((c) => c.id).sort());
  });

  it('prints JSON: id, title, level, since, until when set, tags and reference', async () => {
    const { code, lines } = await list(['--json', '--level', 'MUST']);
    expect(code).toBe(0);
    const cases = JSON.parse(lines.join('\n')) as ListedCase[];
    const must = suite.filter((c) => c.level === 'MUST');
    expect(cases).toHaveLength(must.length);
    const old = cases.find((c) => c.id === 'rawblob/before-0.2.8-unknown');
    expect(old).toEqual({
      id: 'rawblob/before-0.2.8-unknown',
      title: 'GetRawBlob on an implementation older than 0.2.8 fails cleanly',
      level: 'MUST',
      since: '0.2.1',
      until: '0.2.8',
      tags: ['rawblob', 'version-gate'],
      reference: 'version history: GetRawBlob added in 0.2.8',
    });
    expect(cases.find((c) => c.until === undefined)).not.toHaveProperty('until');
  });

  it('reads --run patterns from an @FILE list', async () => {
    writeFileSync(path.join(cwd, 'picked.txt'), '# two groups\ngetblob\n\nrawblob/before-0.2.8-unknown\n');
    const { lines } = await list(['--run', '@picked.txt', '--json']);
    const ids = (JSON.parse(lines.join('\n')) as ListedCase[]).map((c) => c.id);
    expect(ids).toContain('rawblob/before-0.2.8-unknown');
    expect(ids.every((id) => id.startsWith('getblob/') || id === 'rawblob/before-0.2.8-unknown')).toBe(true);
  });

  it('takes run, skip and level from the config file, and the command line wins', async () => {
    const dir = mkdtempSync(path.join(cwd, 'project-'));
    writeFileSync(path.join(dir, 'proxy-conformance.config.json'), JSON.stringify({ run: ['rawblob'], level: 'MUST' }));
    const fromFile = JSON.parse((await list(['--json'], dir)).lines.join('\n')) as ListedCase[];
    expect(fromFile.length).toBeGreaterThan(0);
    expect(fromFile.every((c) => c.id.startsWith('rawblob/') && c.level === 'MUST')).toBe(true);
    const overridden = JSON.parse((await list(['--json', '--run', 'getblob', '--level', 'INFO'], dir)).lines.join('\n')) as ListedCase[];
    expect(overridden.map((c) => c.id)).toEqual(suite.filter((c) => c.id.startsWith('getblob/')).map((c) => c.id));
  });

  it('answers a pattern that matches nothing, a missing list and a bad config with exit 2 and one line', async () => {
    const none = await list(['--run', 'no-such-group']);
    expect(none.code).toBe(2);
    expect(none.errors).toBe('list: --run no-such-group matches no case (see `proxy-conformance list`)');
    const missing = await list(['--skip', '@absent.txt']);
    expect(missing.code).toBe(2);
    expect(missing.errors).toBe('list: cannot read the pattern list @absent.txt: no such file');
    writeFileSync(path.join(cwd, 'bad.json'), JSON.stringify({ levle: 'MUST' }));
    const bad = await list(['--config', 'bad.json']);
    expect(bad.code).toBe(2);
    expect(bad.errors).toContain('$ must NOT have additional properties ("levle")');
  });

  it('refuses a bad --shard or --level while parsing, naming the option', async () => {
    await expect(list(['--shard', '5/4'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
    await expect(list(['--level', 'MAY'])).rejects.toMatchObject({ code: 'commander.invalidArgument', message: expect.stringContaining('takes MUST, SHOULD or INFO, not "MAY"') });
  });

  it('works as a subcommand of the main program, with selection flags before or after its name', async () => {
    const lines: string[] = [];
    let code = -1;
    const io = { out: { write: (s: string) => void lines.push(s) }, err: { write: (s: string) => void lines.push(s) }, signal: new AbortController().signal, setExitCode: (c: number) => void (code = c), cwd };
    const program = await makeProgram(io);
    await program.parseAsync(['--level', 'must', '--shard', '1/2', 'list', '--run', 'getblob', '--json'], { from: 'user' });
    expect(code).toBe(0);
    const ids = (JSON.parse(lines.join('\n')) as ListedCase[]).map((c) => c.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).toEqual(suite.filter((c) => c.id.startsWith('getblob/') && c.level === 'MUST' && shardOf(c.id, 2) === 1).map((c) => c.id));
  });
});
