// Tests wait on the event itself: poll a condition until it holds. The test's own timeout bounds the
// wait, never a clock of this machine's speed.
export async function waitUntil(event: () => boolean | Promise<boolean>): Promise<void> {
  while (!(await event())) await new Promise((r) => setTimeout(r, 50));
}
