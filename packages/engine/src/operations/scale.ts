import { loadAppConfig, type Deployer } from '@hop3/core';
import { deployerOf, proxyOf } from '../apps/app-context.js';
import type { AppRecord } from '../apps/app-record.js';
import { AppStore } from '../apps/app-store.js';
import type { EngineHost } from '../host/engine-host.js';
import { engineError, EngineErrorCodes } from '../errors.js';

export interface ScaleInput {
  app: string;
  /** Kind → count to set (`{ web: 2 }`). */
  absolute?: Record<string, number>;
  /** Kind → change of its count (`{ worker: +1 }`). */
  deltas?: Record<string, number>;
}

export interface ScaleResult {
  app: string;
  /** Process counts per kind once the change is applied. */
  processes: Record<string, number>;
}

/** Undo a scale whose later step failed (the proxy update): back to the counts before it. */
async function restoreCounts(deployer: Deployer, before: Record<string, number>, deltas: Record<string, number>): Promise<void> {
  try {
    if (deployer.scaleTo) {
      await deployer.scaleTo(before);
    } else {
      await deployer.scale(Object.fromEntries(Object.entries(deltas).map(([kind, n]) => [kind, -n])));
    }
  } catch {
    // The original error says what went wrong; status shows what runs now.
  }
}

/**
 * Change how many processes each kind runs, under the app's lock. The deployer checks every
 * kind and count before it changes anything; a failed proxy update restores the old counts.
 */
export async function scaleApp(host: EngineHost, input: ScaleInput): Promise<ScaleResult> {
  const absolute = input.absolute ?? {};
  const deltas = input.deltas ?? {};
  if (Object.keys(absolute).length === 0 && Object.keys(deltas).length === 0) {
    throw engineError({ message: 'Say what to scale, e.g. { absolute: { web: 2 } } or { deltas: { worker: 1 } }.', code: EngineErrorCodes.invalidInput });
  }
  const store = new AppStore(host.layout);
  const processes = await store.withAppLock(input.app, async () => {
    const record = await store.require(input.app);
    const deployer = await deployerOf(host, record);
    if (Object.keys(absolute).length > 0 && !deployer.scaleTo) {
      throw engineError({
        code: EngineErrorCodes.invalidInput,
        message: `The "${deployer.name}" deployer cannot set absolute counts; use KIND=+N or KIND=-N.`,
        details: { deployer: deployer.name },
      });
    }
    const before = (await deployer.getStatus?.())?.processes ?? record.app.scaling;
    let changed = false;
    try {
      if (Object.keys(absolute).length > 0) {
        await deployer.scaleTo?.(absolute);
        changed = true;
      }
      if (Object.keys(deltas).length > 0) {
        await deployer.scale(deltas);
        changed = true;
      }
      const status = await deployer.getStatus?.();
      const counts = status?.processes ?? record.app.scaling;
      let updated: AppRecord = { ...record, app: { ...record.app, scaling: counts } };
      // More or fewer `web` processes means other upstream ports: tell the proxy.
      const deployment = status?.deployment;
      if (deployment && JSON.stringify(deployment) !== JSON.stringify(record.deployment)) {
        updated = { ...updated, deployment };
        host.emit({ type: 'proxy:switch', app: input.app });
        await (await proxyOf(host, updated, await loadAppConfig(record.app.paths.src))).setup();
      }
      await store.write(updated);
      return counts;
    } catch (error) {
      // Nothing half-applied: put the processes back as they were before this call.
      if (changed) await restoreCounts(deployer, before, deltas);
      throw error;
    }
  });
  return { app: input.app, processes };
}
