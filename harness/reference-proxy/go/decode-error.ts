// A type or value error from decoding JSON into a Go type, worded as encoding/json words it.
export class GoDecodeError extends Error {
  override readonly name = 'GoDecodeError';
}
