import type { Command } from '../io/command.js';
import { parseCommandArgs } from '../io/args.js';
import { printJson, table } from '../io/output.js';
import { createLayout, resolveHop3Root } from '@hop3/core';
import { AppStore } from '../host/app-store.js';

export const appsCommand: Command = {
  summary: 'List the deployed apps (an app whose state file cannot be read is listed as "damaged").',
  usage: 'hop3 apps [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {}, []);
    // Reading state needs no plugins.
    const entries = await new AppStore(createLayout(resolveHop3Root({ env: io.env }))).listAll();
    const apps = entries.map((entry) =>
      'record' in entry
        ? { name: entry.name, state: entry.record.app.state, url: entry.record.url, runtime: entry.record.app.runtime, release: entry.record.release }
        : { name: entry.name, state: 'damaged' as const, url: null, runtime: null, release: null, stateFile: entry.damaged.path, problem: entry.damaged.message },
    );
    if (values.json) {
      printJson(io, { apps });
    } else if (apps.length === 0) {
      io.stdout('No apps yet. Deploy one with "hop3 deploy <dir>".\n');
    } else {
      io.stdout(table([['NAME', 'STATE', 'RELEASE', 'URL'], ...apps.map((a) => [a.name, a.state, a.release === null ? '-' : String(a.release), a.url ?? ('stateFile' in a && a.stateFile !== undefined ? a.stateFile : '-')])]));
      const damaged = apps.filter((a) => a.state === 'damaged');
      if (damaged.length > 0) io.stderr(`${damaged.map((a) => `${a.name}: damaged state file; "hop3 status ${a.name}" says how to recover`).join('\n')}\n`);
    }
    return 0;
  },
};
