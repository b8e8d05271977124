import { Abort, loadAppConfig, type Deployer } from '@hop3/core';
import type { AppRecord } from '../host/app-record.js';
import type { Command } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { UsageError } from '../io/usage-error.js';
import { createHost } from '../host/create-host.js';
import { AppStore } from '../host/app-store.js';
import { deployerOf, proxyOf } from '../host/app-context.js';

export interface ScaleRequest {
  absolute: Record<string, number>;
  deltas: Record<string, number>;
}

/** `web=2` sets a count, `worker=+1` / `worker=-1` change it. */
export function parseScaleArgs(items: readonly string[]): ScaleRequest {
  if (items.length === 0) throw new UsageError('say what to scale, e.g. "web=2" or "worker=+1"');
  const request: ScaleRequest = { absolute: {}, deltas: {} };
  for (const item of items) {
    const match = /^([a-z][a-z0-9_-]*)=([+-]?)(\d+)$/.exec(item);
    if (!match) throw new UsageError(`"${item}" is not KIND=N, KIND=+N or KIND=-N (e.g. web=2)`);
    const [, kind, sign, digits] = match as unknown as [string, string, string, string];
    if (kind in request.absolute || kind in request.deltas) throw new UsageError(`"${kind}" is named twice: give one count per kind`);
    const n = Number(digits);
    if (sign === '') request.absolute[kind] = n;
    else request.deltas[kind] = sign === '-' ? -n : n;
  }
  return request;
}

/** Undo a scale whose later step failed (the proxy update): back to the counts before it. */
async function restoreCounts(deployer: Deployer, before: Record<string, number>, request: ScaleRequest): Promise<void> {
  try {
    if (deployer.scaleTo) {
      await deployer.scaleTo(before);
    } else {
      await deployer.scale(Object.fromEntries(Object.entries(request.deltas).map(([kind, n]) => [kind, -n])));
    }
  } catch {
    // The original error says what went wrong; `hop3 status` shows what runs now.
  }
}

export const scaleCommand: Command = {
  summary: 'Set how many processes each worker kind runs (web=2, worker=+1, worker=-1).',
  usage: 'hop3 scale <app> KIND=N… [--json]',
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, {}, ['app', 'KIND=N…']);
    const name = requirePositional(positionals, 0, 'app');
    const request = parseScaleArgs(positionals.slice(1));
    const host = await createHost(io);
    const store = new AppStore(host.layout);
    const processes = await store.withAppLock(name, async () => {
      const record = await store.require(name);
      const deployer = await deployerOf(host, record);
      if (Object.keys(request.absolute).length > 0 && !deployer.scaleTo) {
        throw new Abort(`The "${deployer.name}" deployer cannot set absolute counts; use KIND=+N or KIND=-N.`);
      }
      const before = (await deployer.getStatus?.())?.processes ?? record.app.scaling;
      let changed = false;
      try {
        // The deployer checks every kind and count before it changes anything.
        if (Object.keys(request.absolute).length > 0) {
          await deployer.scaleTo?.(request.absolute);
          changed = true;
        }
        if (Object.keys(request.deltas).length > 0) {
          await deployer.scale(request.deltas);
          changed = true;
        }
        const status = await deployer.getStatus?.();
        const counts = status?.processes ?? record.app.scaling;
        let updated: AppRecord = { ...record, app: { ...record.app, scaling: counts } };
        // More or fewer `web` processes means other upstream ports: tell the proxy.
        const deployment = status?.deployment;
        if (deployment && JSON.stringify(deployment) !== JSON.stringify(record.deployment)) {
          updated = { ...updated, deployment };
          await (await proxyOf(host, updated, await loadAppConfig(record.app.paths.src))).setup();
        }
        await store.write(updated);
        return counts;
      } catch (error) {
        // Nothing half-applied: put the processes back as they were before this command.
        if (changed) await restoreCounts(deployer, before, request);
        throw error;
      }
    });
    if (values.json) printJson(io, { app: name, processes });
    else io.stdout(`${name}: ${Object.entries(processes).map(([k, n]) => `${k}=${n}`).join(' ')}\n`);
    return 0;
  },
};
