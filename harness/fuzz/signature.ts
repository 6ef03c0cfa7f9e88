// When two failures are the same finding: the same verdict status and the same message once ids,
// sizes, digests, paths and quoted text are blanked. Shrinking keeps to one signature, and a run
// reports each signature once.
import type { Verdict } from '../verdicts/verdict.js';

export function signatureOf(verdict: Verdict): string {
  const message = 'message' in verdict ? verdict.message : verdict.status === 'not-applicable' ? verdict.reason : '';
  // Which payload hung or failed matters less than how: "the GetBlob payload" is "the payload".
  const blank = message
    .replace(/\bthe \w+ payload\b/g, 'the payload')
    .replace(/sha\d+:[0-9a-fA-F]+/g, 'DIGEST')
    .replace(/"(?:[^"\\]|\\.)*"/g, 'TEXT')
    .replace(/(?:\/[\w.@+-]+)+/g, 'PATH')
    .replace(/-?\d+(?:\.\d+)?(?:e[+-]?\d+)?/gi, 'N');
  return `${verdict.status}: ${blank.slice(0, 160)}`;
}

/** A file-name and case-id friendly word for a signature: its status and first method name. */
export function slugOf(verdict: Verdict): string {
  const message = 'message' in verdict ? verdict.message : '';
  const method = /\b(Initialize|OpenImageOptional|OpenImage|CloseImage|GetManifest|GetConfig|GetFullConfig|GetLayerInfoPiped|GetLayerInfo|GetBlob|GetRawBlob|FinishPipe|Shutdown)\b/.exec(message);
  const what = method?.[1] ?? (/packet/.test(message) ? 'packet' : 'session');
  return `${verdict.status}-${what.toLowerCase()}`;
}
