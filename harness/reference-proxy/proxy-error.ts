// An error a method replies with, carrying the 0.2.8 error_code, and Go's wording for failed system
// calls ("open /x: no such file or directory"), which skopeo passes through to the client.

export type ErrorCode = 'other' | 'EPIPE' | 'retryable';

export class ProxyError extends Error {
  override readonly name = 'ProxyError';
  constructor(
    message: string,
    readonly code: ErrorCode = 'other',
  ) {
    super(message);
  }
}

/**
 * A crash a fault emulates where a handler meets it (an unchecked JavaScript type, an uncaught
 * EPIPE): the session ends with this stderr text and exit code, and no reply.
 */
export class ProxyCrash extends Error {
  override readonly name = 'ProxyCrash';
  constructor(
    readonly stderr: string,
    readonly exitCode = 2,
  ) {
    super(stderr.split('\n')[0]);
  }
}

/** Go's syscall.Errno texts (Linux) for the errors a file or pipe can give. */
const ERRNO_TEXT: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'not a directory',
  EISDIR: 'is a directory',
  ELOOP: 'too many levels of symbolic links',
  ENAMETOOLONG: 'file name too long',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in system',
  EIO: 'input/output error',
  EPIPE: 'broken pipe',
  EBADF: 'bad file descriptor',
  ENOSPC: 'no space left on device',
  EINVAL: 'invalid argument',
  EEXIST: 'file exists',
  ENOTEMPTY: 'directory not empty',
  ENXIO: 'no such device or address',
  EROFS: 'read-only file system',
  EAGAIN: 'resource temporarily unavailable',
  ENOTSOCK: 'socket operation on non-socket',
  ECONNRESET: 'connection reset by peer',
  ENOMEM: 'cannot allocate memory',
};

export function errnoText(error: unknown): string {
  const code = (error as { code?: string }).code;
  return (code !== undefined && ERRNO_TEXT[code]) || (error as Error).message;
}

/** Go's *fs.PathError text: `op path: errno text`. */
export function pathError(op: string, path: string, error: unknown): ProxyError {
  const code = (error as { code?: string }).code;
  return new ProxyError(`${op} ${path}: ${errnoText(error)}`, code === 'EPIPE' ? 'EPIPE' : 'other');
}

/** The message skopeo gives a failed write to a payload pipe (os.Pipe names the write end `|1`). */
export function pipeWriteError(error: unknown): ProxyError {
  return pathError('write', '|1', error);
}
