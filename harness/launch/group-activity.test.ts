// The probe tells a process group at work (on the CPU, or waiting for it) from one asleep.
import { execa } from 'execa';
import { describe, expect, test } from 'vitest';
import { waitUntil } from '../test-support/wait-until.js';
import { groupActivityProbe } from './group-activity.js';

function startInGroup(command: string) {
  // detached: the shell leads a process group of its own, as a spawned client does.
  return execa('sh', ['-c', command], { detached: true, reject: false });
}

describe('groupActivityProbe', () => {
  test('a group spinning on the CPU is at work at every call', async () => {
    const child = startInGroup('while :; do :; done');
    try {
      const ran = groupActivityProbe(child.pid as number);
      for (let i = 0; i < 5; i++) expect(ran()).toBe(true);
    } finally {
      child.kill('SIGKILL');
      await child;
    }
  });

  test('a group asleep is not, once what it did starting is behind it; a group gone is not either', async () => {
    const child = startInGroup('exec sleep 1000');
    try {
      const ran = groupActivityProbe(child.pid as number);
      // Its start-up may show at the first calls; once it sleeps, nothing changes between two calls.
      await waitUntil(() => !ran());
      expect(ran()).toBe(false);
      expect(ran()).toBe(false);
    } finally {
      child.kill('SIGKILL');
      await child;
    }
    expect(groupActivityProbe(child.pid as number)()).toBe(false);
  });
});
