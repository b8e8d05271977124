import type { Command, CommandIO } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { createHost } from '../host/create-host.js';
import { AppStore } from '../host/app-store.js';
import { deployerOf } from '../host/app-context.js';
import type { AppState } from '@hop3/core';

type Action = 'start' | 'stop' | 'restart';

async function runAction(action: Action, args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, ['app']);
  const name = requirePositional(positionals, 0, 'app');
  const host = await createHost(io);
  const store = new AppStore(host.layout);
  const state = await store.withAppLock(name, async () => {
    const record = await store.require(name);
    const deployer = await deployerOf(host, record);
    if (action === 'stop') {
      await deployer.stop();
    } else if (action === 'start') {
      await (deployer.start ? deployer.start() : deployer.deploy());
    } else {
      await (deployer.restart ? deployer.restart() : deployer.deploy());
    }
    const next: AppState = action === 'stop' ? 'stopped' : 'running';
    await store.write({ ...record, app: { ...record.app, state: next } });
    return next;
  });
  if (values.json) printJson(io, { app: name, action, state });
  else io.stdout(`${name}: ${state}\n`);
  return 0;
}

function lifecycle(action: Action, summary: string): Command {
  return { summary, usage: `hop3 ${action} <app> [--json]`, run: (args, io) => runAction(action, args, io) };
}

export const startCommand = lifecycle('start', "Start an app's processes.");
export const stopCommand = lifecycle('stop', "Stop an app's processes (the proxy keeps its config and answers 502).");
export const restartCommand = lifecycle('restart', "Restart an app's processes.");
