// The `skopeo` stand-in a client finds first on its PATH during a client run: it answers --help and
// --version itself, and for `experimental-image-proxy` hands its protocol socket to the harness over
// the connect-back socket, then lives until the harness says how the served session ended.
import { setTimeout as sleep } from 'node:timers/promises';
import * as native from '../../native.js';
import { PacketSocket } from '../../transport/packet-socket.js';
import { formatShimHelp, parseShimArgs } from './shim-args.js';
import { SHIM_PROTOCOL_ENV, SHIM_SOCKET_ENV, SHIM_VERSION_ENV, type ShimBye, type ShimExit, type ShimHello } from './shim-protocol.js';

/** skopeo's exit code for a fatal error (its logrus `level=fatal` exits 1). */
const FATAL = 1;
/**
 * How long, once told to exit, the stand-in watches whether its client is leaving without it. Short,
 * because a client that waits for its proxy waits this long for every session; so a client that goes
 * on running for longer than this after its socket closed, and only then exits unwaiting, goes unseen.
 */
const ORPHAN_WATCH_STEPS = 3;
const ORPHAN_WATCH_STEP_MS = 10;

async function main(): Promise<number> {
  const argv = process.argv.slice(2);
  const command = parseShimArgs(argv);
  const protocol = process.env[SHIM_PROTOCOL_ENV] ?? '0.2.8';
  if (command.kind === 'help') {
    process.stdout.write(formatShimHelp(command.subcommand, protocol));
    return 0;
  }
  if (command.kind === 'version') {
    process.stdout.write(`skopeo version ${process.env[SHIM_VERSION_ENV] ?? 'unknown'}\n`);
    return 0;
  }
  const socketPath = process.env[SHIM_SOCKET_ENV];
  if (socketPath === undefined) {
    process.stderr.write(`skopeo (proxy-conformance stand-in): ${SHIM_SOCKET_ENV} is not set; this program only runs under \`proxy-conformance client\`\n`);
    return FATAL;
  }
  const fd = native.socket();
  native.connect(fd, socketPath);
  const harness = new PacketSocket(fd);
  const socketFd = command.kind === 'proxy' ? command.sockfd : null;
  const hello: ShimHello = {
    argv,
    pid: process.pid,
    ppid: process.ppid,
    socketFd,
    refused: command.kind === 'refused' ? command.message : null,
  };
  await harness.send(Buffer.from(JSON.stringify(hello)), socketFd === null ? [] : [socketFd]);
  if (command.kind === 'refused') {
    process.stderr.write(`time="${new Date().toISOString()}" level=fatal msg="${command.message}"\n`);
    harness.close();
    return FATAL;
  }
  // The harness now holds the only server end: ours must go, or the client never sees EOF.
  if (socketFd !== null) native.close(socketFd);
  const reply = await harness.receive();
  if (reply.kind === 'eof') {
    harness.close();
    return FATAL;
  }
  // Whether the client still waits for us: a client that is itself exiting leaves us orphaned within moments.
  for (let i = 0; i < ORPHAN_WATCH_STEPS && process.ppid === hello.ppid; i++) await sleep(ORPHAN_WATCH_STEP_MS);
  const bye: ShimBye = { ppid: process.ppid };
  await harness.send(Buffer.from(JSON.stringify(bye))).catch(() => {});
  harness.close();
  return (JSON.parse(reply.data.toString('utf8')) as ShimExit).exitCode;
}

process.exitCode = await main().catch((error: unknown) => {
  process.stderr.write(`skopeo (proxy-conformance stand-in): ${(error as Error).message}\n`);
  return FATAL;
});
