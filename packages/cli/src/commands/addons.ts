import { resolve } from 'node:path';
import type { Engine } from '@hop3/engine';
import { cliError, CliErrorCodes } from '../errors.js';
import type { Command, CommandIO } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson, table } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

type Values = { json?: boolean; yes?: boolean; app?: string };
type Handler = (engine: Engine, positionals: string[], values: Values, io: CommandIO) => Promise<unknown>;

/** What each subcommand takes after its name (the rest take one service <name>). */
const ADDON_POSITIONALS: Record<string, readonly string[]> = { create: ['type', 'name'], restore: ['name', 'file'], list: [] };

const named = (positionals: readonly string[]) => ({ name: requirePositional([positionals[0] ?? ''], 0, 'name') });

function appOption(values: Values, action: 'attach' | 'detach'): string {
  if (!values.app) throw new UsageError(`usage: hop3 addons ${action} <name> --app <app>`);
  return values.app;
}

const handlers: Record<string, Handler> = {
  async create(engine, [type, name]) {
    if (!type || !name) throw new UsageError('usage: hop3 addons create <type> <name>');
    return engine.addons.create({ type, name });
  },
  async destroy(engine, positionals, values) {
    const { name } = named(positionals);
    // What destroy would refuse (no such service, still attached) comes before asking to confirm.
    await engine.addons.destroy({ name, dryRun: true });
    if (!values.yes) throw cliError({ code: CliErrorCodes.notConfirmed, message: `This deletes "${name}" and all its data. Run again with --yes to confirm.` });
    return engine.addons.destroy({ name });
  },
  info: (engine, positionals) => engine.addons.info(named(positionals)),
  list: async (engine) => ({ services: await engine.addons.list() }),
  backup: (engine, positionals) => engine.addons.backup(named(positionals)),
  async restore(engine, [name, file], _values, io) {
    if (!name || !file) throw new UsageError('usage: hop3 addons restore <name> <file>');
    return engine.addons.restore({ name, file: resolve(io.cwd, file) });
  },
  env: (engine, positionals) => engine.addons.env(named(positionals)),
  start: (engine, positionals) => engine.addons.start(named(positionals)),
  stop: (engine, positionals) => engine.addons.stop(named(positionals)),
  attach: (engine, positionals, values) => engine.addons.attach({ ...named(positionals), app: appOption(values, 'attach') }),
  detach: (engine, positionals, values) => engine.addons.detach({ ...named(positionals), app: appOption(values, 'detach') }),
};

function printHuman(io: CommandIO, sub: string, result: unknown): void {
  if (sub === 'list') {
    const { services } = result as { services: { name: string; type: string; createdAt: string }[] };
    io.stdout(services.length === 0 ? 'No services yet. Create one with "hop3 addons create <type> <name>".\n' : table([['NAME', 'TYPE', 'CREATED'], ...services.map((s) => [s.name, s.type, s.createdAt])]));
  } else if (sub === 'env') {
    for (const [k, v] of Object.entries(result as Record<string, string>)) io.stdout(`${k}=${v}\n`);
  } else {
    for (const [k, v] of Object.entries(result as Record<string, unknown>)) io.stdout(`${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}\n`);
  }
}

export const addonsCommand: Command = {
  summary: 'Backing services (databases, caches): create, attach to apps, back up and restore.',
  usage:
    'hop3 addons create <type> <name> | destroy <name> --yes | info <name> | list | backup <name> | restore <name> <file> | env <name> | attach <name> --app <app> | detach <name> --app <app> | start|stop <name>  [--json]',
  async run(args, io) {
    const [sub, ...rest] = args;
    const handler = sub === undefined ? undefined : handlers[sub];
    if (!handler) throw new UsageError(`unknown addons subcommand "${sub ?? ''}" (${Object.keys(handlers).join(', ')})`);
    const { values, positionals } = parseCommandArgs(rest, { yes: { type: 'boolean', default: false }, app: { type: 'string' } }, ADDON_POSITIONALS[sub!] ?? ['name']);
    const engine = await openEngine(io, { json: values.json === true });
    const result = await handler(engine, positionals, values as Values, io);
    if (values.json) printJson(io, result);
    else printHuman(io, sub!, result);
    return 0;
  },
};
