// Go's encoding/json scanner: the whole input is checked before anything is decoded, and the first
// invalid byte is reported with the scanner's exact message ("invalid character 'x' after top-level
// value", "unexpected end of JSON input", "exceeded max depth" past 10000 levels).
import { quoteRune } from './quote.js';

export class GoSyntaxError extends Error {
  override readonly name = 'GoSyntaxError';
}

/** Go's nesting limit (maxNestingDepth in encoding/json's scanner). */
const MAX_NESTING_DEPTH = 10000;

const enum Ctx {
  ObjectKey,
  ObjectValue,
  ArrayValue,
}

type State = (c: number) => void;

export function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

/** Go's quoteChar: how the scanner names an offending byte ('x', '\'', '"', '\x01', 'ï'). */
function quoteChar(c: number): string {
  if (c === 0x27) return `'\\''`;
  if (c === 0x22) return `'"'`;
  return `'${quoteRune(c)}'`;
}

/**
 * Go's scanner as a state machine over bytes: throws GoSyntaxError with Go's message at the first
 * invalid byte. With `firstValueOnly` it stops after one top-level value (json.Decoder), and reports
 * a value cut short as "unexpected EOF" and empty input as "EOF".
 */
export function checkValid(data: Uint8Array, options: { firstValueOnly?: boolean } = {}): number {
  const stack: Ctx[] = [];
  let endTop = false;
  let step: State;
  const fail = (c: number, context: string): never => {
    throw new GoSyntaxError(`invalid character ${quoteChar(c)} ${context}`);
  };
  const push = (c: number, ctx: Ctx, next: State): void => {
    stack.push(ctx);
    if (stack.length > MAX_NESTING_DEPTH) fail(c, 'exceeded max depth');
    step = next;
  };
  const beginValueOrEmpty: State = (c) => {
    if (isSpace(c)) return;
    if (c === 0x5d) return endValue(c);
    beginValue(c);
  };
  const beginValue: State = (c) => {
    if (isSpace(c)) return;
    switch (c) {
      case 0x7b:
        return push(c, Ctx.ObjectKey, beginStringOrEmpty);
      case 0x5b:
        return push(c, Ctx.ArrayValue, beginValueOrEmpty);
      case 0x22:
        step = inString;
        return;
      case 0x2d:
        step = neg;
        return;
      case 0x30:
        step = zero;
        return;
      case 0x74:
        step = literal('true', 1);
        return;
      case 0x66:
        step = literal('false', 1);
        return;
      case 0x6e:
        step = literal('null', 1);
        return;
    }
    if (c >= 0x31 && c <= 0x39) {
      step = one;
      return;
    }
    fail(c, 'looking for beginning of value');
  };
  const beginStringOrEmpty: State = (c) => {
    if (isSpace(c)) return;
    if (c === 0x7d) {
      stack[stack.length - 1] = Ctx.ObjectValue;
      return endValue(c);
    }
    beginString(c);
  };
  const beginString: State = (c) => {
    if (isSpace(c)) return;
    if (c === 0x22) {
      step = inString;
      return;
    }
    fail(c, 'looking for beginning of object key string');
  };
  const endValue: State = (c) => {
    const n = stack.length;
    if (n === 0) {
      step = endTopState;
      endTop = true;
      return endTopState(c);
    }
    if (isSpace(c)) {
      step = endValue;
      return;
    }
    switch (stack[n - 1]) {
      case Ctx.ObjectKey:
        if (c === 0x3a) {
          stack[n - 1] = Ctx.ObjectValue;
          step = beginValue;
          return;
        }
        return fail(c, 'after object key');
      case Ctx.ObjectValue:
        if (c === 0x2c) {
          stack[n - 1] = Ctx.ObjectKey;
          step = beginString;
          return;
        }
        if (c === 0x7d) return pop();
        return fail(c, 'after object key:value pair');
      default:
        if (c === 0x2c) {
          step = beginValue;
          return;
        }
        if (c === 0x5d) return pop();
        return fail(c, 'after array element');
    }
  };
  const pop = (): void => {
    stack.pop();
    if (stack.length === 0) {
      step = endTopState;
      endTop = true;
    } else step = endValue;
  };
  const endTopState: State = (c) => {
    if (!isSpace(c)) fail(c, 'after top-level value');
  };
  const inString: State = (c) => {
    if (c === 0x22) {
      step = endValue;
      return;
    }
    if (c === 0x5c) {
      step = inStringEsc;
      return;
    }
    if (c < 0x20) fail(c, 'in string literal');
  };
  const inStringEsc: State = (c) => {
    if ([0x62, 0x66, 0x6e, 0x72, 0x74, 0x5c, 0x2f, 0x22].includes(c)) {
      step = inString;
      return;
    }
    if (c === 0x75) {
      step = inStringEscU(0);
      return;
    }
    fail(c, 'in string escape code');
  };
  const inStringEscU =
    (seen: number): State =>
    (c) => {
      const hex = (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
      if (!hex) return fail(c, 'in \\u hexadecimal character escape');
      step = seen === 3 ? inString : inStringEscU(seen + 1);
    };
  const neg: State = (c) => {
    if (c === 0x30) {
      step = zero;
      return;
    }
    if (c >= 0x31 && c <= 0x39) {
      step = one;
      return;
    }
    fail(c, 'in numeric literal');
  };
  const one: State = (c) => {
    if (c >= 0x30 && c <= 0x39) return;
    zero(c);
  };
  const zero: State = (c) => {
    if (c === 0x2e) {
      step = dot;
      return;
    }
    if (c === 0x65 || c === 0x45) {
      step = exp;
      return;
    }
    endValue(c);
  };
  const dot: State = (c) => {
    if (c >= 0x30 && c <= 0x39) {
      step = dot0;
      return;
    }
    fail(c, 'after decimal point in numeric literal');
  };
  const dot0: State = (c) => {
    if (c >= 0x30 && c <= 0x39) return;
    if (c === 0x65 || c === 0x45) {
      step = exp;
      return;
    }
    endValue(c);
  };
  const exp: State = (c) => {
    if (c === 0x2b || c === 0x2d) {
      step = expSign;
      return;
    }
    expSign(c);
  };
  const expSign: State = (c) => {
    if (c >= 0x30 && c <= 0x39) {
      step = exp0;
      return;
    }
    fail(c, 'in exponent of numeric literal');
  };
  const exp0: State = (c) => {
    if (c >= 0x30 && c <= 0x39) return;
    endValue(c);
  };
  const literal =
    (word: string, at: number): State =>
    (c) => {
      const want = word.charCodeAt(at);
      if (c !== want) return fail(c, `in literal ${word} (expecting ${quoteChar(want)})`);
      step = at + 1 === word.length ? endValue : literal(word, at + 1);
    };

  step = beginValue;
  let started = false;
  for (let i = 0; i < data.length; i++) {
    const c = data[i] as number;
    if (!started && !isSpace(c)) started = true;
    step(c);
    if (options.firstValueOnly && endTop) return i + 1;
  }
  // Go's scanner.eof(): one more space settles a number at the very end, or names what was cut.
  if (!endTop) step(0x20);
  if (options.firstValueOnly && !endTop) throw new GoSyntaxError(started ? 'unexpected EOF' : 'EOF');
  if (!endTop) throw new GoSyntaxError('unexpected end of JSON input');
  return data.length;
}
