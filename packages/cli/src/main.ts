import { isAbort, isHop3Error } from '@hop3/core';
import { COMMANDS } from './commands/registry.js';
import { defaultIO, type CommandIO } from './io/command.js';

/** Run one `hop3` command line and return the exit code. Usable as a library entry point. */
export async function main(argv: readonly string[], io: CommandIO = defaultIO()): Promise<number> {
  const [name, ...args] = argv;
  const load = name === undefined ? undefined : COMMANDS[name];
  if (load === undefined) {
    io.stderr(`hop3: unknown command "${name ?? ''}". Run "hop3 --help" for the list of commands.\n`);
    return 2;
  }
  const command = await load();
  if (args.includes('--help') || args.includes('-h')) {
    io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
    return 0;
  }
  const json = args.includes('--json');
  try {
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, io, json, command.usage);
  }
}

function reportError(error: unknown, io: CommandIO, json: boolean, usage: string): number {
  const code = isHop3Error(error) ? error.code : 'HOP3_INTERNAL';
  const message = error instanceof Error ? error.message : String(error);
  if (json) io.stdout(`${JSON.stringify({ error: { code, message } }, null, 2)}\n`);
  if (code === 'HOP3_USAGE') {
    io.stderr(`hop3: ${message}\nUsage: ${usage}\n`);
    return 2;
  }
  io.stderr(`hop3: ${message}\n`);
  if (!isHop3Error(error) && io.env.HOP3_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
  if (!isHop3Error(error)) io.stderr('(this is a bug in hop3 or a plugin; set HOP3_DEBUG=1 for the stack trace)\n');
  return isAbort(error) ? error.exitCode : 1;
}
