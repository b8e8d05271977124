import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson } from '../io/output.js';
import { certificateLines } from './certs.js';
import { proxyLine } from './proxy-line.js';
import { sourceText } from './source-text.js';
import { workerLines } from './worker-lines.js';

export const statusCommand: Command = {
  summary: "Show an app's measured state (each worker up, restarting, crashed…, with its log when not up), processes and URL.",
  usage: 'hop3 status <app> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['app']);
    const name = requirePositional(positionals, 0, 'app');
    const status = await (await openEngine(io, { json: values.json === true })).status({ app: name });
    if (values.json) {
      printJson(io, status);
    } else {
      const processes = Object.entries(status.processes).map(([kind, n]) => `${kind}=${n}`).join(' ') || '-';
      const workers = status.workers && status.workers.length > 0 ? `workers:\n${workerLines(status.workers).join('\n')}\n` : '';
      const certificate = status.certificate === null ? '' : `${certificateLines(status.certificate).join('\n')}\n`;
      const proxy = proxyLine(name, status.proxy, status.proxyProbe);
      io.stdout(`${name}: ${status.status} (state ${status.state}, release ${status.release}, ${sourceText(status.source)})\nprocesses: ${processes}\n${workers}url: ${status.url ?? '-'}\n${proxy === null ? '' : `${proxy}\n`}${certificate}`);
    }
    return 0;
  },
};
