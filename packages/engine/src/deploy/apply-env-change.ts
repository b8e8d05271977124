import { loadAppConfig } from '@hop3/core';
import type { AppRecord } from '../apps/app-record.js';
import type { AppStore } from '../apps/app-store.js';
import { contextOf, deployerOf } from '../apps/app-context.js';
import type { EngineHost } from '../host/engine-host.js';
import { attachedServicesEnv } from '../services/attachments.js';
import { mergeAppEnv } from './app-env.js';
import { preflightDeploy } from './preflight.js';
import { rollOut } from './roll-out.js';

/**
 * Save a new user env (or attachment list) and, when the app is running, roll it out: the
 * processes are started again with the new environment, without downtime.
 */
export async function applyEnvChange(
  host: EngineHost,
  store: AppStore,
  record: AppRecord,
  userEnv: Record<string, string>,
  attachments = record.attachments,
): Promise<{ record: AppRecord; restarted: boolean }> {
  const config = await loadAppConfig(record.app.paths.src);
  const env = mergeAppEnv({ config, services: await attachedServicesEnv(host, attachments), user: userEnv });
  let updated: AppRecord = { ...record, userEnv, attachments, app: { ...record.app, env }, configVersion: record.configVersion + 1 };
  // The strategies refuse values they cannot use (uWSGI's, nginx's settings) before anything changes.
  await preflightDeploy(host, { app: updated.app, config, deployer: record.app.runtime, action: 'change the environment of' });
  const running = record.app.state === 'running' && record.app.runtime !== null;
  if (running) {
    const context = await contextOf(updated, config);
    updated = await rollOut(host, updated, config, await deployerOf(host, updated, context));
  }
  await store.write(updated);
  return { record: updated, restarted: running };
}
