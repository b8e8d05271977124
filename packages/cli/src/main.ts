import { COMMANDS } from './commands/registry.js';
import { defaultIO, type CommandIO } from './io/command.js';
import { mayRunRemotely } from './io/local-only.js';
import { reportError } from './io/report-error.js';
import { UsageError } from './io/usage-error.js';

const TOP_USAGE = 'hop3 <command> [options] (hop3 --help lists the commands)';

/** Run one `hop3` command line and return the exit code. Usable as a library entry point. */
export async function main(givenArgv: readonly string[], given: CommandIO = defaultIO()): Promise<number> {
  const json = givenArgv.includes('--json');
  // A script reads --json output: no live progress on stderr either.
  const io = json ? { ...given, interactive: false } : given;
  // `hop3 --json <command> …`: a global option before the command goes after it.
  let argv = givenArgv[0] === '--json' ? [...givenArgv.slice(givenArgv.findIndex((arg) => arg !== '--json')), '--json'] : givenArgv;
  // Client mode: -r NAME (or the only hop3 remote of this repository) runs the command on that
  // server. Checked only for commands that can run there: the others never load the client.
  if (mayRunRemotely(argv, (command) => Object.hasOwn(COMMANDS, command))) {
    try {
      const { chooseRemote, runOnRemote } = await import('./io/remote-run.js');
      const remote = chooseRemote(argv, io.cwd);
      if (remote.name !== null) return await runOnRemote(remote.name, remote.argv, io);
      argv = remote.argv;
    } catch (error) {
      return reportError(error, io, { json, usage: TOP_USAGE });
    }
  }
  const [name, ...args] = argv;
  const load = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    const problem = name === undefined || name.startsWith('-') ? 'missing <command>' : `unknown command "${name}"`;
    return reportError(new UsageError(`${problem}. Run "hop3 --help" for the list of commands.`), io, { json, usage: TOP_USAGE });
  }
  let usage: string | undefined;
  try {
    const command = await load();
    usage = command.usage;
    if (args.includes('--help') || args.includes('-h')) {
      io.stdout(`${command.summary}\n\nUsage: ${command.usage}\n`);
      return 0;
    }
    return await command.run(args, io);
  } catch (error) {
    return reportError(error, io, { json, usage });
  }
}
