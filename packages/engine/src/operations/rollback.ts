import { deploymentContextSchema, getDeployerByName, loadAppConfig, parseOrThrow } from '@hop3/core';
import type { AppRecord } from '../apps/app-record.js';
import { AppStore } from '../apps/app-store.js';
import { publicUrl } from '../apps/app-context.js';
import { mergeAppEnv } from '../deploy/app-env.js';
import { retirePreviousRuntime } from '../deploy/deploy-app.js';
import { activateRelease } from '../deploy/release-dir.js';
import { rollOut } from '../deploy/roll-out.js';
import { engineError, EngineErrorCodes } from '../errors.js';
import { forApp, type EngineHost } from '../host/engine-host.js';
import { appendRelease } from '../releases/append-release.js';
import type { ReleaseRecord } from '../releases/release-record.js';
import { ReleaseStore } from '../releases/release-store.js';
import { attachedServicesEnv } from '../services/attachments.js';
import { isRunnable } from './releases.js';

export interface RollbackInput {
  app: string;
  /** The release to put back (default: the newest one before the live one that went live and is kept). */
  release?: number;
  /** Also put back the user env that release ran with (default: the current config is kept). */
  withConfig?: boolean;
}

export interface RollbackResult {
  app: string;
  /** The new release number the rollback was recorded as. */
  release: number;
  /** The release whose code and artifact now run. */
  rolledBackTo: number;
  url: string;
}

/** The release to roll back to: the one asked for, or the newest kept one before the live one (other code). */
function pickTarget(releases: readonly ReleaseRecord[], record: AppRecord, wanted: number | undefined): ReleaseRecord {
  const app = record.app.name;
  if (wanted !== undefined) {
    const target = releases.find((r) => r.number === wanted);
    const why =
      target === undefined
        ? 'there is no such release (or retention removed it)'
        : target.number === record.release
          ? 'it is the live release'
          : target.outcome === 'failed'
            ? 'it failed and never went live'
            : !isRunnable(target)
              ? 'its code or artifact is no longer kept'
              : null;
    if (why === null) return target!;
    throw engineError({
      message: `Cannot roll "${app}" back to release ${wanted}: ${why}. "hop3 releases ${app}" lists the releases that can be rolled back to.`,
      code: EngineErrorCodes.releaseNotFound,
      details: { app, release: wanted },
    });
  }
  const liveDir = releases.find((r) => r.number === record.release)?.dir ?? record.app.paths.src;
  const target = [...releases].reverse().find((r) => r.number < record.release && r.dir !== liveDir && isRunnable(r));
  if (target !== undefined) return target;
  throw engineError({
    message: `"${app}" has no earlier release to roll back to (release ${record.release} is live). "hop3 releases ${app}" lists what is kept.`,
    code: EngineErrorCodes.noPreviousRelease,
    details: { app },
  });
}

/**
 * Put back a kept release's code and artifact without building: the same roll-out as a deploy
 * (beside the running version, health gate, proxy switch, then the old one retires), recorded
 * as a new release "rollback to N". The current config is kept unless `withConfig`.
 */
export async function rollbackApp(engine: EngineHost, input: RollbackInput): Promise<RollbackResult> {
  const host = forApp(engine, input.app);
  const store = new AppStore(host.layout);
  return store.withAppLock(input.app, async () => {
    const record = await store.require(input.app);
    const history = new ReleaseStore(host.layout, input.app);
    const releases = await history.read(record);
    const target = pickTarget(releases, record, input.release);
    const number = ReleaseStore.nextNumber(releases, record);
    const dir = target.dir!;
    const config = await loadAppConfig(dir);
    const userEnv = input.withConfig === true ? target.userEnv : record.userEnv;
    const configVersion = input.withConfig === true ? record.configVersion + 1 : record.configVersion;
    const env = mergeAppEnv({ config, services: await attachedServicesEnv(host, record.attachments), user: userEnv });
    const app = { ...record.app, paths: { ...record.app.paths, src: dir }, env, builder: target.builder };
    const base: AppRecord = { ...record, app, artifact: target.artifact, release: number, userEnv, source: target.source, configVersion };
    const context = parseOrThrow(deploymentContextSchema, { appName: app.name, sourcePath: dir, appConfig: config, app }, 'deployment context');

    host.emit({ type: 'rollback:start', app: input.app, release: number, target: target.number });
    const fields = {
      number,
      createdAt: new Date().toISOString(),
      action: 'rollback' as const,
      rollbackOf: target.number,
      source: target.source,
      dir,
      builder: target.builder,
      deployer: target.deployer,
      artifact: target.artifact,
      configVersion,
      userEnv,
    };
    const deployer = await getDeployerByName(host.manager, target.deployer!, context, target.artifact!, host.runtime);
    let live: AppRecord;
    try {
      live = await rollOut(host, base, config, deployer);
    } catch (error) {
      await appendRelease(host, input.app, record, { ...fields, outcome: 'failed', error: (error as Error).message }).catch(() => undefined);
      throw error;
    }
    await retirePreviousRuntime(host, record, deployer);
    await activateRelease(host.layout.app(input.app), dir);
    await store.write(live);
    await appendRelease(host, input.app, record, { ...fields, outcome: 'succeeded' });
    const url = live.url ?? publicUrl(host, live);
    host.emit({ type: 'rollback:done', app: input.app, release: number, target: target.number, url });
    return { app: input.app, release: number, rolledBackTo: target.number, url };
  });
}
