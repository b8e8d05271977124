import { cliError, CliErrorCodes } from '../errors.js';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson } from '../io/output.js';

export const destroyCommand: Command = {
  summary: "Remove an app: its processes, proxy config, releases, venv, logs and state. Its data/ dir is kept, and so are the named volumes of a compose or swarm app unless --volumes is given. Also removes what a failed deploy left, even without a readable app.json.",
  usage: 'hop3 destroy <app> --yes [--volumes] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { yes: { type: 'boolean', default: false }, volumes: { type: 'boolean', default: false } }, ['app']);
    const app = requirePositional(positionals, 0, 'app');
    const engine = await openEngine(io, { json: values.json === true });
    // An unknown app is said before asking to confirm.
    await engine.destroy({ app, dryRun: true });
    if (!values.yes) throw cliError({ code: CliErrorCodes.notConfirmed, message: `This removes "${app}" for good (data/ is kept). Run again with --yes to confirm.` });
    const result = await engine.destroy({ app, volumes: values.volumes === true });
    if (values.json) printJson(io, result);
    else io.stdout(`${app}: destroyed (kept ${result.kept})\n`);
    return 0;
  },
};
