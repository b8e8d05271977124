import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { createHost } from '../host/create-host.js';
import { AppStore } from '../host/app-store.js';
import { deployerOf } from '../host/app-context.js';
import { overallState, workerLines } from './status-summary.js';

export const statusCommand: Command = {
  summary: "Show an app's measured state (each worker up, restarting, crashed…, with its log when not up), processes and URL.",
  usage: 'hop3 status <app> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['app']);
    const name = requirePositional(positionals, 0, 'app');
    const host = await createHost(io);
    const record = await new AppStore(host.layout).require(name);
    const deployer = await deployerOf(host, record);
    // Measured by the deployer (never the state last recorded): one measurement serves both.
    const details = (await deployer.getStatus?.()) ?? { running: await deployer.checkStatus(), processes: record.app.scaling };
    const running = details.running;
    const overall = overallState(running, details.workers);
    const status = {
      app: name,
      status: overall,
      state: record.app.state,
      running,
      processes: details.processes,
      workers: details.workers,
      url: record.url,
      release: record.release,
      runtime: record.app.runtime,
      builder: record.app.builder,
      backend: record.deployment,
    };
    if (values.json) {
      printJson(io, status);
    } else {
      const processes = Object.entries(status.processes).map(([kind, n]) => `${kind}=${n}`).join(' ') || '-';
      const workers = details.workers && details.workers.length > 0 ? `workers:\n${workerLines(details.workers).join('\n')}\n` : '';
      io.stdout(`${name}: ${overall} (state ${status.state}, release ${status.release})\nprocesses: ${processes}\n${workers}url: ${status.url ?? '-'}\n`);
    }
    return 0;
  },
};
