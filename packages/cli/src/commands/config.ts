import { isSecretEnvName } from '@hop3/kit';
import type { Command, CommandIO } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { openEngine } from '../io/open-engine.js';
import { printJson } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';

/** Mask values that look secret unless --reveal is given. */
function display(key: string, value: string, reveal: boolean): string {
  return reveal || !isSecretEnvName(key) ? value : '****';
}

async function show(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { reveal: { type: 'boolean', default: false } }, ['app']);
  const name = requirePositional(positionals, 0, 'app');
  const { env } = await (await openEngine(io, { json: values.json === true })).config.get({ app: name });
  const shown = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, display(k, v, values.reveal === true)]));
  if (values.json) printJson(io, { app: name, env: shown });
  else for (const [k, v] of Object.entries(shown)) io.stdout(`${k}=${v}\n`);
  return 0;
}

async function change(kind: 'set' | 'unset', args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, ['app', kind === 'set' ? 'KEY=value…' : 'KEY…']);
  const app = requirePositional(positionals, 0, 'app');
  const items = positionals.slice(1);
  if (items.length === 0) throw new UsageError(kind === 'set' ? 'give at least one KEY=value' : 'give at least one KEY');
  const engine = await openEngine(io, { json: values.json === true });
  const result = kind === 'set' ? await engine.config.set({ app, env: items }) : await engine.config.unset({ app, keys: items });
  const notSet = result.notSet ?? [];
  if (values.json) printJson(io, { app, [kind]: result.keys, ...(notSet.length > 0 ? { notSet } : {}), restarted: result.restarted });
  else {
    const changed = result.keys.length > 0 ? `${kind} ${result.keys.join(', ')}` : 'nothing changed';
    const unknown = notSet.length > 0 ? ` (not set: ${notSet.join(', ')})` : '';
    io.stdout(`${app}: ${changed}${unknown}${result.restarted ? ' (restarted)' : ''}\n`);
  }
  return 0;
}

export const configCommand: Command = {
  summary: "Show or change an app's environment. A change restarts the app with the new values.",
  usage: 'hop3 config show <app> [--reveal] | config set <app> K=V… | config unset <app> K… [--json]',
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'show') return show(rest, io);
    if (sub === 'set' || sub === 'unset') return change(sub, rest, io);
    throw new UsageError(`unknown config subcommand "${sub ?? ''}" (show, set, unset)`);
  },
};
