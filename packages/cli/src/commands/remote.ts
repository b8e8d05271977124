import { addRemote } from '@hop3/engine';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

export const remoteCommand: Command = {
  summary: "Client mode: add a hop3 server as a git remote of the app's repository; then `hop3 -r NAME deploy` pushes and `hop3 -r NAME logs|status|config…` run over SSH (with one hop3 remote, -r is not needed).",
  usage: 'hop3 remote add <name> <user@host[:port]> [--app NAME] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { app: { type: 'string' } }, ['action', 'name', 'target']);
    const action = requirePositional(positionals, 0, 'action');
    if (action !== 'add') throw new UsageError(`unknown action "${action}": use add (git remote -v lists the remotes)`);
    const remote = await addRemote(io.cwd, {
      name: requirePositional(positionals, 1, 'name'),
      target: requirePositional(positionals, 2, 'user@host[:port]'),
      ...(values.app === undefined ? {} : { app: values.app }),
    });
    if (values.json) printJson(io, remote);
    else io.stdout(`Added hop3 remote "${remote.name}" (${remote.url}): "hop3 -r ${remote.name} deploy" pushes HEAD and deploys "${remote.app}"\n`);
    return 0;
  },
};
