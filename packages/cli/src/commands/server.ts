import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson, table } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';
import { createHost } from '../host/create-host.js';

export const serverCommand: Command = {
  summary: 'Start, stop or show the services plugins run for hop3 (the embedded nginx and uWSGI emperor).',
  usage: 'hop3 server start|stop|status [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['action']);
    const action = requirePositional(positionals, 0, 'action');
    if (!['start', 'stop', 'status'].includes(action)) throw new UsageError(`unknown server action "${action}" (start, stop, status)`);
    const host = await createHost(io);
    const services = await host.manager.getServices();
    const results = [];
    for (const service of services) {
      if (action === 'start') await service.start(host.runtime);
      if (action === 'stop') await service.stop(host.runtime);
      results.push({ name: service.name, ...(await service.status(host.runtime)) });
    }
    if (values.json) printJson(io, { services: results });
    else io.stdout(table([['SERVICE', 'RUNNING', 'PID'], ...results.map((r) => [r.name, r.running ? 'yes' : 'no', String(r.pid ?? '-')])]));
    return 0;
  },
};
