import { Abort, loadAppConfig } from '@hop3/core';
import type { Command, CommandIO } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';
import { createHost } from '../host/create-host.js';
import { AppStore } from '../host/app-store.js';
import { parseAssignments, mergeAppEnv } from '../pipeline/app-env.js';
import { applyEnvChange } from '../pipeline/apply-env-change.js';
import { attachedServicesEnv } from '../services/attachments.js';

const SECRET_HINT = /(PASSWORD|SECRET|TOKEN|KEY|_URL)$/;

/** Mask values that look secret unless --reveal is given. */
function display(key: string, value: string, reveal: boolean): string {
  return reveal || !SECRET_HINT.test(key) ? value : '****';
}

async function show(args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, { reveal: { type: 'boolean', default: false } }, ['app']);
  const name = requirePositional(positionals, 0, 'app');
  const host = await createHost(io);
  const record = await new AppStore(host.layout).require(name);
  const config = await loadAppConfig(record.app.paths.src);
  const env = mergeAppEnv({ config, services: await attachedServicesEnv(host, record.attachments), user: record.userEnv });
  const shown = Object.fromEntries(Object.entries(env).sort().map(([k, v]) => [k, display(k, v, values.reveal === true)]));
  if (values.json) printJson(io, { app: name, env: shown });
  else for (const [k, v] of Object.entries(shown)) io.stdout(`${k}=${v}\n`);
  return 0;
}

async function change(kind: 'set' | 'unset', args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, ['app', kind === 'set' ? 'KEY=value…' : 'KEY…']);
  const name = requirePositional(positionals, 0, 'app');
  const items = positionals.slice(1);
  if (items.length === 0) throw new UsageError(kind === 'set' ? 'give at least one KEY=value' : 'give at least one KEY');
  const host = await createHost(io);
  const store = new AppStore(host.layout);
  const updated = await store.withAppLock(name, async () => {
    const record = await store.require(name);
    const userEnv = { ...record.userEnv };
    if (kind === 'set') {
      const parsed = parseAssignments(items);
      if (parsed.problems.length > 0) throw new Abort(`Cannot set:\n  - ${parsed.problems.join('\n  - ')}`, { code: 'HOP3_INVALID_INPUT', exitCode: 2 });
      Object.assign(userEnv, parsed.values);
    } else {
      for (const key of items) delete userEnv[key];
    }
    return applyEnvChange(host, store, record, userEnv);
  });
  const keys = kind === 'set' ? items.map((i) => i.split('=')[0]) : items;
  if (values.json) printJson(io, { app: name, [kind === 'set' ? 'set' : 'unset']: keys, restarted: updated.restarted });
  else io.stdout(`${name}: ${kind === 'set' ? 'set' : 'unset'} ${keys.join(', ')}${updated.restarted ? ' (restarted)' : ''}\n`);
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
