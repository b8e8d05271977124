import type { Command } from '../io/command.js';
import { parseCommandArgs } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson, table } from '../io/output.js';
import { sourceText } from './source-text.js';

export const appsCommand: Command = {
  summary: 'List the deployed apps (an app whose state file cannot be read is listed as "damaged").',
  usage: 'hop3 apps [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {}, []);
    const apps = await (await openEngine(io, { json: values.json === true })).apps(); // reads state only: no plugin is loaded
    if (values.json) {
      printJson(io, { apps });
    } else if (apps.length === 0) {
      io.stdout('No apps yet. Deploy one with "hop3 deploy <dir>".\n');
    } else {
      io.stdout(table([['NAME', 'STATE', 'RELEASE', 'SOURCE', 'URL'], ...apps.map((a) => [a.name, a.state, a.release === null ? '-' : String(a.release), sourceText(a.source), a.url ?? ('stateFile' in a ? a.stateFile : '-')])]));
      const damaged = apps.filter((a) => a.state === 'damaged');
      if (damaged.length > 0) io.stderr(`${damaged.map((a) => `${a.name}: damaged state file; "hop3 status ${a.name}" says how to recover`).join('\n')}\n`);
    }
    return 0;
  },
};
