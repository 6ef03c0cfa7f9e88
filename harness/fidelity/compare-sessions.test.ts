// Two sessions of one case compared as the fidelity role compares them: what may differ between
// any two runs is normalised away, and every other difference is named, up to a change of path.
import { describe, expect, test } from 'vitest';
import type { TranscriptEvent } from '../protocol/transcript.js';
import { compareSessions, differInTransients } from './compare-sessions.js';
import { normaliseText, observeSession, shapeOf } from './observed-session.js';

type Event = TranscriptEvent extends infer E ? (E extends unknown ? Omit<E, 't'> : never) : never;

const send = (method: string, args: unknown[] = []): Event => ({ event: 'send', len: 0, text: JSON.stringify({ method, args }), fds: 0 });
const reply = (fields: Record<string, unknown>, fds: string[] = []): Event => ({
  event: 'recv',
  len: 0,
  text: JSON.stringify({ success: true, value: null, pipeid: 0, error_code: '', error: '', ...fields }),
  fds,
  truncated: false,
});
const session = (...events: Event[]) => observeSession(events.map((e) => ({ t: 0, ...e }) as TranscriptEvent));

describe('normaliseText', () => {
  test('replaces temp paths, loopback ports, digests, ids and containers/image\'s timings and byte counts', () => {
    expect(normaliseText('open /tmp/proxy-conformance-abc/layout/index.json: no such file')).toBe('open <temp>: no such file');
    expect(normaliseText('read tcp 127.0.0.1:41234->127.0.0.1:5000: reset')).toBe('read tcp 127.0.0.1:<port>->127.0.0.1:<port>: reset');
    expect(normaliseText(`blob sha256:${'a'.repeat(64)} not found`)).toBe('blob sha256:<digest> not found');
    expect(normaliseText('no image 17')).toBe('no image <n>');
    expect(normaliseText('(heuristic tuning data: total 200000 @1954.276 ms, last retry 100000 @79.187 ms, last progress @ 0.032 ms): unexpected EOF')).toBe(
      '(heuristic tuning data: total <bytes> @<t> ms, last retry <bytes> @<t> ms, last progress @<t> ms): unexpected EOF',
    );
  });

  test('keeps what is the implementation\'s own: words, sizes, other paths', () => {
    expect(normaliseText('open /nonexistent/layout: no such file or directory')).toBe('open /nonexistent/layout: no such file or directory');
  });
});

describe('shapeOf', () => {
  test('tells types, keys, zero from other numbers and the empty string from others', () => {
    expect(shapeOf([{ digest: 'sha256:x', size: 3, media_type: 'm' }])).toBe('[{digest:string,media_type:string,size:number}]');
    expect(shapeOf(0)).not.toBe(shapeOf(1));
    expect(shapeOf('')).not.toBe(shapeOf('x'));
    expect(shapeOf(null)).toBe('null');
  });
});

describe('compareSessions', () => {
  const clean = session(send('Initialize'), reply({ value: '0.2.8' }), send('GetManifest', [1]), reply({ value: 'sha256:x', pipeid: 7 }, ['fifo']), { event: 'payload', pipeid: 7, bytes: 554, sha256: 'ab'.repeat(32), end: 'eof' }, { event: 'exit', code: 0, signal: null });

  test('finds nothing between sessions that differ only in pipe ids and ports', () => {
    const other = session(send('Initialize'), reply({ value: '0.2.8' }), send('GetManifest', [1]), reply({ value: 'sha256:y', pipeid: 12 }, ['fifo']), { event: 'payload', pipeid: 12, bytes: 554, sha256: 'ab'.repeat(32), end: 'eof' }, { event: 'exit', code: 0, signal: null });
    expect(compareSessions(clean, other)).toEqual([]);
  });

  test('names each field that differs: success, error_code, error text, fds, payload, exit', () => {
    const other = session(send('Initialize'), reply({ value: '0.2.8' }), send('GetManifest', [1]), reply({ success: false, error_code: 'other', error: 'boom' }), { event: 'exit', code: 1, signal: null });
    const found = compareSessions(clean, other);
    expect(found).toEqual(
      expect.arrayContaining([
        'request 2 (GetManifest): success true vs false',
        'request 2 (GetManifest): error_code "" vs "other"',
        'request 2 (GetManifest): error "" vs "boom"',
        'request 2 (GetManifest): fds ["fifo"] vs []',
        'exit: code 0 vs code 1',
      ]),
    );
    expect(found.some((d) => d.startsWith('payloads: 554 bytes'))).toBe(true);
  });

  test('stops at the first request that is not the same call: what follows is a consequence', () => {
    const other = session(send('Initialize'), reply({ value: '0.2.8' }), send('Shutdown'), { event: 'eof' });
    expect(compareSessions(clean, other)[0]).toBe('request 2: the reference sent GetManifest, the real one Shutdown (the case took another path)');
  });

  test('a reply that never came is a difference, and so is what the harness waited for', () => {
    const hung = session(send('Initialize'), reply({ value: '0.2.8' }), send('GetManifest', [1]), { event: 'timeout', waitedMs: 5000, pending: 'reply to GetManifest' });
    expect(compareSessions(clean, hung)).toEqual(expect.arrayContaining(['request 2 (GetManifest): reply received vs none', 'request 2 (GetManifest): waited in vain for nothing vs reply to GetManifest']));
    // Such a difference alone is what a slow start can make: fidelity runs the case again, patiently.
    expect(differInTransients(clean, hung)).toBe(true);
    expect(differInTransients(hung, hung)).toBe(false);
    expect(differInTransients(clean, clean)).toBe(false);
  });

  test('a retryable error on one side only is transient too; the same error code on both is not', () => {
    const failing = (code: string) => session(send('Initialize'), reply({ value: '0.2.8' }), send('OpenImage', ['docker://x']), reply({ success: false, error_code: code, error: 'boom' }));
    expect(differInTransients(clean, failing('retryable'))).toBe(true);
    expect(differInTransients(failing('other'), failing('retryable'))).toBe(true);
    expect(differInTransients(failing('retryable'), failing('retryable'))).toBe(false);
    expect(differInTransients(clean, failing('other'))).toBe(false);
  });

  test('FinishPipe of a pipe closed before its end: success and broken pipe are both skopeo\'s answers to the race; of a pipe read to its end, they differ', () => {
    const finish = (ok: boolean, read: boolean, end = 'eof') =>
      session(
        send('GetBlob', [1, 'sha256:x', 3]),
        reply({ value: 3, pipeid: 9 }, ['fifo']),
        ...(read ? [{ event: 'payload', pipeid: 9, bytes: 3, sha256: 'ab'.repeat(32), end } as Event] : []),
        send('FinishPipe', [9]),
        reply(ok ? {} : { success: false, error_code: 'EPIPE', error: 'write |1: broken pipe' }),
      );
    expect(compareSessions(finish(false, false), finish(true, false))).toEqual([]);
    expect(compareSessions(finish(false, true, 'stopped'), finish(true, true, 'stopped'))).toEqual([]);
    expect(compareSessions(finish(false, true), finish(true, true))).toContain('request 2 (FinishPipe): success false vs true');
  });

  test('a payload whose FinishPipe then failed compares by that alone: how many bytes came before a broken upstream\'s error is the network\'s timing', () => {
    const cut = (bytes: number, ok = false) =>
      session(
        send('GetBlob', [1, 'sha256:x', 4_194_304]),
        reply({ value: 4_194_304, pipeid: 9 }, ['fifo']),
        send('FinishPipe', [9]),
        { event: 'payload', pipeid: 9, bytes, sha256: bytes.toString(16).padStart(64, '0'), end: 'eof' } as Event,
        reply(ok ? {} : { success: false, error_code: 'retryable', error: 'read tcp 127.0.0.1:1->127.0.0.1:2: connection reset by peer' }),
      );
    expect(compareSessions(cut(385_024), cut(2_097_152))).toEqual([]);
    // Read whole and finished: the bytes are compared.
    expect(compareSessions(cut(4_194_304, true), cut(2_097_152, true)).some((d) => d.startsWith('payloads: 2097152 bytes') || d.startsWith('payloads: 4194304 bytes'))).toBe(true);
  });

  test('a pipe id that comes back names a new pipe: the one read in part races, the one read to EOF does not', () => {
    const twice = (first: boolean, second: boolean) =>
      session(
        send('GetBlob', [1, 'sha256:x', 9]),
        reply({ value: 9, pipeid: 19 }, ['fifo']),
        send('FinishPipe', [19]),
        reply(first ? {} : { success: false, error_code: 'EPIPE', error: 'write |1: broken pipe' }),
        { event: 'payload', pipeid: 19, bytes: 4, sha256: 'ab'.repeat(32), end: 'stopped' } as Event,
        send('GetBlob', [1, 'sha256:x', 9]),
        reply({ value: 9, pipeid: 19 }, ['fifo']),
        send('FinishPipe', [19]),
        { event: 'payload', pipeid: 19, bytes: 9, sha256: 'cd'.repeat(32), end: 'eof' } as Event,
        reply(second ? {} : { success: false, error_code: 'EPIPE', error: 'write |1: broken pipe' }),
      );
    expect(compareSessions(twice(false, true), twice(true, true))).toEqual([]);
    expect(compareSessions(twice(true, false), twice(true, true))).toContain('request 4 (FinishPipe): success false vs true');
  });
});
