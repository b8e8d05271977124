import type { Command } from '../io/command.js';
import { parseCommandArgs } from '../io/args.js';
import { printJson, table } from '../io/output.js';
import { createLayout, resolveHop3Root } from '@hop3/core';
import { AppStore } from '../host/app-store.js';

export const appsCommand: Command = {
  summary: 'List the deployed apps.',
  usage: 'hop3 apps [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {});
    // Reading state needs no plugins.
    const records = await new AppStore(createLayout(resolveHop3Root({ env: io.env }))).list();
    const apps = records.map((r) => ({ name: r.app.name, state: r.app.state, url: r.url, runtime: r.app.runtime, release: r.release }));
    if (values.json) {
      printJson(io, { apps });
    } else if (apps.length === 0) {
      io.stdout('No apps yet. Deploy one with "hop3 deploy <dir>".\n');
    } else {
      io.stdout(table([['NAME', 'STATE', 'RELEASE', 'URL'], ...apps.map((a) => [a.name, a.state, String(a.release), a.url ?? '-'])]));
    }
    return 0;
  },
};
