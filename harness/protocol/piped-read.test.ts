import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import * as native from '../native.js';
import { OwnedFd } from '../transport/owned-fd.js';
import { readPiped, readPipePair } from './piped-read.js';
import { Transcript } from './transcript.js';
import { Progress } from '../transport/progress.js';

function sha256(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** A pipe holding `data`, its write end left open to the test. */
function pipeWith(data: string): { read: OwnedFd; write: OwnedFd } {
  const [r, w] = native.pipe();
  if (data.length > 0) native.write(w, Buffer.from(data));
  return { read: new OwnedFd(r), write: new OwnedFd(w) };
}

function payloadEvents(transcript: Transcript): unknown[] {
  return transcript.events.filter((e) => e.event === 'payload');
}

describe('readPiped', () => {
  test('the session signal (Ctrl-C) ends a read whose writer never closes at once, not at its deadline', async () => {
    const { read, write } = pipeWith('x');
    const session = new AbortController();
    let finishes = 0;
    // The interrupt comes once the first byte is in: the read is then surely waiting for more.
    const progress = new Progress();
    progress.watch(() => session.abort(new Error('interrupted by SIGINT')));
    const result = await readPiped(read, {
      order: 'to-eof-first',
      pipeid: 3,
      finish: async () => {
        finishes += 1;
      },
      transcript: new Transcript(),
      // Far beyond the test's own timeout: only the signal can end this read.
      timeoutMs: 3_600_000,
      progress,
      signal: session.signal,
    });
    expect(result.payload).toMatchObject({ end: 'aborted', bytes: 1 });
    expect(finishes).toBe(0);
    expect(read.fd).toBe(-1);
    write.close();
  });

  test('a concurrent read reaches EOF when FinishPipe releases the write end, records the payload and closes the pipe', async () => {
    const { read, write } = pipeWith('manifest');
    const transcript = new Transcript();
    const result = await readPiped(read, {
      order: 'concurrent',
      pipeid: 7,
      finish: async () => {
        write.close();
        return 'finished';
      },
      transcript,
      timeoutMs: 2000,
      keepUpTo: 1024,
    });
    expect(result.problem).toBeNull();
    expect(result.finish).toBe('finished');
    expect(result.payload).toMatchObject({ end: 'eof', bytes: 8, sha256: sha256(Buffer.from('manifest')) });
    expect(result.payload.data?.toString()).toBe('manifest');
    expect(payloadEvents(transcript)).toEqual([expect.objectContaining({ pipeid: 7, bytes: 8, end: 'eof' })]);
    expect(read.fd).toBe(-1);
  });

  test('a to-eof-first read whose writer holds on is a no-eof problem, never sends FinishPipe and records nothing', async () => {
    const { read, write } = pipeWith('x');
    const transcript = new Transcript();
    let finished = false;
    const result = await readPiped(read, {
      order: 'to-eof-first',
      pipeid: 1,
      finish: async () => {
        finished = true;
      },
      transcript,
      timeoutMs: 50,
    });
    expect(result).toMatchObject({ problem: 'no-eof', finish: null, payload: { end: 'aborted', bytes: 1 } });
    expect(finished).toBe(false);
    expect(payloadEvents(transcript)).toEqual([]);
    write.close();
  });

  test('finish-first sends FinishPipe before the read starts, and the read deadline starts with the read', async () => {
    const { read, write } = pipeWith('abc');
    const order: string[] = [];
    const result = await readPiped(read, {
      order: 'finish-first',
      pipeid: 1,
      finish: async () => {
        order.push('finish');
        await new Promise((r) => setTimeout(r, 150));
        write.close();
      },
      transcript: new Transcript(),
      timeoutMs: 100,
    });
    expect(order).toEqual(['finish']);
    expect(result.problem).toBeNull();
    expect(result.payload).toMatchObject({ end: 'eof', bytes: 3 });
  });

  test('close-unread closes the read end before FinishPipe and reads nothing', async () => {
    const { read, write } = pipeWith('abc');
    let openAtFinish: number | null = null;
    const result = await readPiped(read, {
      order: 'close-unread',
      pipeid: 1,
      finish: async () => {
        openAtFinish = read.fd;
      },
      transcript: new Transcript(),
      timeoutMs: 100,
    });
    expect(openAtFinish).toBe(-1);
    expect(result).toMatchObject({ payload: null, problem: null });
    expect(() => native.write(write.fd, Buffer.from('x'))).toThrow(expect.objectContaining({ code: 'EPIPE' }));
    write.close();
  });

  test('a partial read stops after its bytes, closes, then finishes; a deadline before them is no problem', async () => {
    const { read, write } = pipeWith('abcdef');
    const result = await readPiped(read, { order: 'partial', pipeid: 1, bytes: 2, finish: async () => read.fd, transcript: new Transcript(), timeoutMs: 100 });
    expect(result).toMatchObject({ problem: null, finish: -1, payload: { end: 'stopped', bytes: 2 } });
    write.close();

    const short = pipeWith('a');
    const transcript = new Transcript();
    const slow = await readPiped(short.read, { order: 'partial', pipeid: 2, bytes: 5, finish: async () => null, transcript, timeoutMs: 50 });
    expect(slow).toMatchObject({ problem: null, payload: { end: 'aborted', bytes: 1 } });
    expect(payloadEvents(transcript)).toEqual([expect.objectContaining({ pipeid: 2, end: 'aborted' })]);
    short.write.close();
  });

  test('no-finish reads to EOF without FinishPipe and leaves the read end open to its owner', async () => {
    const { read, write } = pipeWith('abc');
    write.close();
    let finished = false;
    const result = await readPiped(read, {
      order: 'no-finish',
      pipeid: 1,
      finish: async () => {
        finished = true;
      },
      transcript: new Transcript(),
      timeoutMs: 1000,
    });
    expect(result).toMatchObject({ problem: null, finish: null, payload: { end: 'eof', bytes: 3 } });
    expect(finished).toBe(false);
    expect(read.fd).toBeGreaterThanOrEqual(0);
    read.close();
  });

  test('a payload past the limit is a limit problem and is not recorded', async () => {
    const { read, write } = pipeWith('0123456789');
    const transcript = new Transcript();
    const result = await readPiped(read, {
      order: 'concurrent',
      pipeid: 1,
      finish: async () => null,
      transcript,
      timeoutMs: 1000,
      limit: 4,
    });
    expect(result).toMatchObject({ problem: 'limit', payload: { end: 'limit', bytes: 4 } });
    expect(payloadEvents(transcript)).toEqual([]);
    write.close();
  });

  test('a FinishPipe that throws stops the read, closes the pipe and passes the throw on', async () => {
    const { read, write } = pipeWith('');
    await expect(
      readPiped(read, {
        order: 'concurrent',
        pipeid: 1,
        finish: async () => {
          throw new Error('verdict');
        },
        transcript: new Transcript(),
        timeoutMs: 5000,
      }),
    ).rejects.toThrow('verdict');
    expect(read.fd).toBe(-1);
    write.close();
  });
});

describe('readPipePair', () => {
  test('reads the data and error pipes together and closes both', async () => {
    const data = pipeWith('layer bytes');
    const error = pipeWith('');
    data.write.close();
    error.write.close();
    const result = await readPipePair(data.read, error.read, { timeoutMs: 1000, keepDataUpTo: 1024 });
    expect(result.problem).toBeNull();
    expect(result.data?.data?.toString()).toBe('layer bytes');
    expect(result.error).toMatchObject({ end: 'eof', bytes: 0 });
    expect([data.read.fd, error.read.fd]).toEqual([-1, -1]);
  });

  test('closing the data pipe early leaves no data result, and an error pipe that never ends is a no-eof problem', async () => {
    const data = pipeWith('abcdef');
    const error = pipeWith('{"code":"EPIPE"');
    const result = await readPipePair(data.read, error.read, { timeoutMs: 50, closeDataAfter: 2 });
    expect(result).toMatchObject({ data: null, problem: 'no-eof', error: { end: 'aborted' } });
    expect(result.error.data?.toString()).toBe('{"code":"EPIPE"');
    data.write.close();
    error.write.close();
  });
});
