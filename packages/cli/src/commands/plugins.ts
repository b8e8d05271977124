import type { LoadReport } from '@hop3/core';
import type { Command, CommandIO } from '../io/command.js';
import { parseCommandArgs } from '../io/args.js';
import { printJson } from '../io/output.js';
import { openEngine } from '../io/open-engine.js';

function printHuman(io: CommandIO, report: LoadReport): void {
  if (report.loaded.length === 0) io.stdout('No plugins loaded.\n');
  for (const plugin of report.loaded) {
    io.stdout(`${plugin.name}@${plugin.version ?? '?'}  (${plugin.source})\n`);
    for (const [kind, names] of Object.entries(plugin.strategies)) {
      if (names.length > 0) io.stdout(`  ${kind.padEnd(9)} ${names.join(', ')}\n`);
    }
  }
  if (report.skipped.length > 0) {
    io.stdout('\nSkipped:\n');
    for (const item of report.skipped) io.stdout(`  ${item.name}: ${item.reason}\n`);
  }
  if (report.failed.length > 0) {
    io.stdout('\nFailed:\n');
    for (const item of report.failed) io.stdout(`  ${item.name} [${item.phase}]: ${item.error.message}\n`);
  }
  for (const conflict of report.conflicts) io.stdout(`\nConflict: ${conflict.message}\n`);
  for (const duplicate of report.duplicates) io.stdout(`\nDuplicate: ${duplicate.name} (${duplicate.paths.join(' and ')})\n`);
}

export const pluginsCommand: Command = {
  summary: 'List the plugins hop3 finds from the current directory, their strategies, and what was skipped or failed.',
  usage: 'hop3 plugins [--json]',
  async run(args, io) {
    const { values } = parseCommandArgs(args, {}, []);
    const report = await (await openEngine(io, { json: values.json === true })).loadPlugins();
    if (values.json) {
      printJson(io, {
        plugins: report.loaded,
        skipped: report.skipped,
        failed: report.failed,
        duplicates: report.duplicates,
        conflicts: report.conflicts,
        timings: report.timings,
      });
    } else {
      printHuman(io, report);
    }
    // Plugins that failed are reported, not fatal: the others still work.
    return 0;
  },
};
