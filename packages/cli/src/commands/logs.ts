import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

export const logsCommand: Command = {
  summary: "Show the last lines of each of an app's logs (workers and builds).",
  usage: 'hop3 logs <app> [--lines N] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { lines: { type: 'string', short: 'n', default: '50' } }, ['app']);
    const app = requirePositional(positionals, 0, 'app');
    const lines = Number(values.lines);
    if (!Number.isInteger(lines) || lines <= 0) throw new UsageError(`--lines must be a positive number, got "${values.lines}"`);
    const { dir, logs } = await (await openEngine(io, { json: values.json === true })).logs({ app, lines }); // reads files only: no plugin is loaded
    if (values.json) {
      printJson(io, { app, logs });
    } else if (Object.keys(logs).length === 0) {
      io.stdout(`No logs yet in ${dir}\n`);
    } else {
      for (const [file, fileLines] of Object.entries(logs)) io.stdout(`==> ${file} <==\n${fileLines.join('\n')}\n\n`);
    }
    return 0;
  },
};
