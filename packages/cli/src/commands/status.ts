import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { createHost } from '../host/create-host.js';
import { AppStore } from '../host/app-store.js';
import { deployerOf } from '../host/app-context.js';

export const statusCommand: Command = {
  summary: "Show an app's state, processes and URL (checked against the real processes).",
  usage: 'hop3 status <app> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['app']);
    const name = requirePositional(positionals, 0, 'app');
    const host = await createHost(io);
    const record = await new AppStore(host.layout).require(name);
    const deployer = await deployerOf(host, record);
    const running = await deployer.checkStatus();
    const details = (await deployer.getStatus?.()) ?? { running, processes: record.app.scaling };
    const status = {
      app: name,
      state: record.app.state,
      running,
      processes: details.processes,
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
      io.stdout(`${name}: ${running ? 'running' : 'not running'} (state ${status.state}, release ${status.release})\nprocesses: ${processes}\nurl: ${status.url ?? '-'}\n`);
    }
    return 0;
  },
};
