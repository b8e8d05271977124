import type { ReleaseEntry } from '@hop3/engine';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson, table } from '../io/output.js';
import { sourceText } from './source-text.js';

function what(release: ReleaseEntry): string {
  return release.action === 'rollback' ? `rollback to ${release.rollbackOf}` : 'deploy';
}

export const releasesCommand: Command = {
  summary: "List an app's numbered releases, newest first: source (commit or dir), builder, config version, outcome, and which can be rolled back to.",
  usage: 'hop3 releases <app> [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['app']);
    const app = requirePositional(positionals, 0, 'app');
    const result = await (await openEngine(io, { json: values.json === true })).releases({ app }); // state only: no plugin is loaded
    if (values.json) {
      printJson(io, result);
      return 0;
    }
    const rows = result.releases.map((r) => [
      `${r.live ? '*' : ' '}${r.number}`,
      r.createdAt.replace('T', ' ').slice(0, 19),
      what(r),
      sourceText(r.source),
      r.builder ?? '-',
      String(r.configVersion),
      r.outcome === 'failed' ? 'failed' : r.live ? 'live' : r.canRollBack ? 'can roll back' : 'gone',
    ]);
    io.stdout(table([['  #', 'WHEN (UTC)', 'WHAT', 'SOURCE', 'BUILDER', 'CONFIG', 'STATUS'], ...rows]));
    return 0;
  },
};
