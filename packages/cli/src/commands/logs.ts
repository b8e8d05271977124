import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createLayout, resolveHop3Root } from '@hop3/core';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';
import { AppStore } from '../host/app-store.js';

export const logsCommand: Command = {
  summary: "Show the last lines of each of an app's logs (workers and builds).",
  usage: 'hop3 logs <app> [--lines N] [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, { lines: { type: 'string', short: 'n', default: '50' } }, ['app']);
    const name = requirePositional(positionals, 0, 'app');
    const count = Number(values.lines);
    if (!Number.isInteger(count) || count <= 0) throw new UsageError(`--lines must be a positive number, got "${values.lines}"`);
    const record = await new AppStore(createLayout(resolveHop3Root({ env: io.env }))).require(name);
    const dir = record.app.paths.log;
    const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.log')).sort();
    const logs: Record<string, string[]> = {};
    for (const file of files) {
      const text = await readFile(join(dir, file), 'utf8');
      logs[file] = text.split('\n').filter((line) => line !== '').slice(-count);
    }
    if (values.json) {
      printJson(io, { app: name, logs });
    } else if (files.length === 0) {
      io.stdout(`No logs yet in ${dir}\n`);
    } else {
      for (const [file, lines] of Object.entries(logs)) io.stdout(`==> ${file} <==\n${lines.join('\n')}\n\n`);
    }
    return 0;
  },
};
