import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson, table } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

const ACTIONS = ['start', 'stop', 'status'] as const;

export const serverCommand: Command = {
  summary: 'Start, stop or show the services plugins run for hop3 (the embedded nginx and uWSGI emperor).',
  usage: 'hop3 server start|stop|status [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['action']);
    const action = requirePositional(positionals, 0, 'action');
    if (!(ACTIONS as readonly string[]).includes(action)) throw new UsageError(`unknown server action "${action}" (start, stop, status)`);
    const engine = await openEngine(io, { json: values.json === true });
    const { services } = await engine.server[action as (typeof ACTIONS)[number]]();
    if (values.json) printJson(io, { services });
    else io.stdout(table([['SERVICE', 'RUNNING', 'PID'], ...services.map((s) => [s.name, s.running ? 'yes' : 'no', String(s.pid ?? '-')])]));
    return 0;
  },
};
