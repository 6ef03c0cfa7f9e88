// A deadline under a parent signal that is cleared when the wait ends: AbortSignal.timeout would
// leave one live timer behind per request, which a tight request loop cannot afford.

export interface Deadline {
  signal: AbortSignal;
  clear(): void;
}

export function makeDeadline(parent: AbortSignal, timeoutMs: number): Deadline {
  const controller = new AbortController();
  const onParentAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onParentAbort, { once: true });
  const timer = setTimeout(() => {
    controller.abort(new DOMException(`deadline of ${timeoutMs} ms passed`, 'TimeoutError'));
  }, timeoutMs);
  return {
    signal: controller.signal,
    clear() {
      clearTimeout(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}
