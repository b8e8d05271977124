import type { LoadReport } from '@hop3/core';
import type { Engine, PluginInstallResult, PluginSettings } from '@hop3/engine';
import type { Command, CommandIO } from '../io/command.js';
import { checkPositionalCount, parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { openEngine } from '../io/open-engine.js';
import { UsageError } from '../io/usage-error.js';

function strategyLines(strategies: Record<string, string[]>, io: CommandIO): void {
  for (const [kind, names] of Object.entries(strategies)) {
    if (names.length > 0) io.stdout(`  ${kind.padEnd(9)} ${names.join(', ')}\n`);
  }
}

function printReport(io: CommandIO, report: LoadReport, settings: PluginSettings): void {
  if (report.loaded.length === 0) io.stdout('No plugins loaded.\n');
  for (const plugin of report.loaded) {
    io.stdout(`${plugin.name}@${plugin.version ?? '?'}  (${plugin.source}, ${plugin.path})\n`);
    strategyLines(plugin.strategies, io);
  }
  if (report.skipped.length > 0) {
    io.stdout('\nSkipped:\n');
    for (const item of report.skipped) io.stdout(`  ${item.name}: ${item.reason}\n`);
  }
  if (report.failed.length > 0) {
    io.stdout('\nFailed:\n');
    for (const item of report.failed) io.stdout(`  ${item.name} [${item.phase}]: ${item.error.message}\n`);
  }
  if (report.warnings.length > 0) {
    io.stdout('\nWarnings:\n');
    for (const item of report.warnings) io.stdout(`  ${item.name}: ${item.message}\n`);
  }
  for (const conflict of report.conflicts) io.stdout(`\nConflict: ${conflict.message}\n`);
  for (const duplicate of report.duplicates) io.stdout(`\nDuplicate: ${duplicate.name} (${duplicate.paths.join(' and ')})\n`);
  const preferences = Object.entries(settings.prefer);
  if (preferences.length > 0) io.stdout(`\nPreferred: ${preferences.map(([ref, plugin]) => `${ref} → ${plugin}`).join(', ')}\n`);
}

async function list(args: readonly string[], io: CommandIO): Promise<number> {
  const { values } = parseCommandArgs(args, { strict: { type: 'boolean', default: false } }, []);
  // A diagnostic: every plugin module is imported, so import errors show here (other commands
  // import a plugin only when they use one of its strategies).
  const engine = await openEngine(io, { json: values.json === true, importAll: true });
  const report = await engine.loadPlugins();
  const settings = await engine.plugins.settings();
  if (values.json) {
    printJson(io, {
      plugins: report.loaded,
      skipped: report.skipped,
      failed: report.failed,
      warnings: report.warnings,
      duplicates: report.duplicates,
      conflicts: report.conflicts,
      disabled: settings.disabled,
      prefer: settings.prefer,
      timings: report.timings,
    });
  } else {
    printReport(io, report, settings);
  }
  // Failed plugins are reported, not fatal (the others still work); --strict is for scripts and CI.
  return values.strict && report.failed.length > 0 ? 1 : 0;
}

function printInstalled(io: CommandIO, result: PluginInstallResult): void {
  io.stdout(`Installed ${result.name}@${result.version ?? '?'} in ${result.path}\n`);
  strategyLines(result.strategies, io);
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
}

type Action = (engine: Engine, positionals: string[], io: CommandIO, force: boolean) => Promise<unknown>;

/** `hop3 plugins <action> …`: what each takes (`force`: it accepts --force), and what it does. */
const ACTIONS: Record<string, { positionals: readonly string[]; force?: true; run: Action; print: (io: CommandIO, result: never) => void }> = {
  install: {
    positionals: ['package|path|tarball'],
    run: (engine, [spec], io) => engine.plugins.install({ spec: spec!, cwd: io.cwd }),
    print: printInstalled,
  },
  uninstall: {
    positionals: ['name'],
    force: true,
    run: (engine, [name], _io, force) => engine.plugins.uninstall({ name: name!, force }),
    print: (io, result: { name: string }) => io.stdout(`Uninstalled ${result.name}\n`),
  },
  disable: {
    positionals: ['name'],
    force: true,
    run: (engine, [name], _io, force) => engine.plugins.disable({ name: name!, force }),
    print: (io, settings: PluginSettings) => io.stdout(`Disabled. Disabled plugins: ${settings.disabled.join(', ')}\n`),
  },
  enable: {
    positionals: ['name'],
    run: (engine, [name]) => engine.plugins.enable({ name: name! }),
    print: (io, settings: PluginSettings) => io.stdout(`Enabled. Disabled plugins: ${settings.disabled.join(', ') || '(none)'}\n`),
  },
  prefer: {
    positionals: ['kind:strategy', 'plugin'],
    run: (engine, [strategy, plugin]) => engine.plugins.prefer({ strategy: strategy!, plugin: plugin === '--clear' ? null : plugin! }),
    print: (io, settings: PluginSettings) => {
      const entries = Object.entries(settings.prefer);
      io.stdout(`Preferences: ${entries.length > 0 ? entries.map(([ref, plugin]) => `${ref} → ${plugin}`).join(', ') : '(none)'}\n`);
    },
  },
};

export const pluginsCommand: Command = {
  summary: 'List the plugins (their strategies, what was skipped or failed, conflicts); install, uninstall, disable, enable or prefer one.',
  usage:
    'hop3 plugins [--json] [--strict]\n' +
    '       hop3 plugins install <npm-name|dir|tarball.tgz>\n' +
    '       hop3 plugins uninstall <name> [--force]\n' +
    '       hop3 plugins disable <name> [--force] | enable <name>\n' +
    '       hop3 plugins prefer <kind>:<strategy> <plugin>|--clear',
  async run(args, io) {
    const [first, ...rest] = args;
    const action = first !== undefined && Object.hasOwn(ACTIONS, first) ? ACTIONS[first]! : undefined;
    if (action === undefined) {
      if (first !== undefined && !first.startsWith('-')) {
        throw new UsageError(`unknown plugins action "${first}": use install, uninstall, disable, enable or prefer (or no action to list)`);
      }
      return list(args, io);
    }
    // `--clear` is a value of `prefer`, not an option.
    const clear = first === 'prefer' && rest.includes('--clear');
    const { values, positionals } = parseCommandArgs(rest.filter((arg) => !(clear && arg === '--clear')), action.force ? { force: { type: 'boolean', default: false } } : {}, action.positionals);
    if (clear) positionals.push('--clear');
    checkPositionalCount(positionals, action.positionals);
    action.positionals.forEach((name, index) => requirePositional(positionals, index, name));
    const engine = await openEngine(io, { json: values.json === true });
    const result = await action.run(engine, positionals, io, (values as { force?: boolean }).force === true);
    if (values.json) printJson(io, result);
    else action.print(io, result as never);
    return 0;
  },
};
