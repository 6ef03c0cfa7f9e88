// `proxy-conformance reference-proxy [--sockfd N] [--fault NAME]...`: serves the protocol on the
// socket it was given, as skopeo 1.20.0 does — the peer a client library can be pointed at.
// bin/proxy-conformance.js serves it without loading the CLI; this command lists it in --help and,
// reached through the CLI, runs bin/reference-proxy.js with the same stdin and socket fd, so
// that the exit code and signals are still the proxy's own.
import type { Command } from 'commander';
import { execa, type Options } from 'execa';
import { REFERENCE_PROXY_BIN } from '../../launch/resolve-impl.js';
import { FAULTS } from '../../reference-proxy/index.js';
import { makeSubcommand, type CommandIo } from '../command-io.js';

/** The `reference-proxy` subcommand: its arguments go to the proxy unread. */
export function makeReferenceProxyCommand(io: CommandIo): Command {
  return makeSubcommand('reference-proxy', io)
    .description(`serve protocol 0.2.8 on the socket (stdin, or fd N with --sockfd N), as skopeo 1.20.0 does; --fault NAME (repeatable) injects one of ${FAULTS.length} deviations`)
    .allowUnknownOption()
    .passThroughOptions()
    .helpOption(false)
    .argument('[args...]', '--sockfd N, --fault NAME')
    .action(async (args: string[]) => {
      const sockfd = args.indexOf('--sockfd');
      const fd = sockfd >= 0 ? Number(args[sockfd + 1]) : 0;
      const stdio: Array<'inherit' | 'ignore' | number> = ['inherit', 'inherit', 'inherit'];
      if (Number.isInteger(fd) && fd > 2) {
        while (stdio.length < fd) stdio.push('ignore');
        stdio[fd] = fd;
      }
      const child = await execa(process.execPath, [REFERENCE_PROXY_BIN, ...args], { stdio: stdio as unknown as Options['stdio'], reject: false });
      io.setExitCode(child.exitCode ?? 1);
    });
}
