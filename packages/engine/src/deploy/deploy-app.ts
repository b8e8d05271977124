import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import {
  deploymentContextSchema,
  parseOrThrow,
  selectBuilder,
  selectDeployer,
  type App,
  type BuildArtifact,
  type Deployer,
} from '@hop3/core';
import type { AppRecord } from '../apps/app-record.js';
import { AppStore } from '../apps/app-store.js';
import { deployerOf, publicUrl } from '../apps/app-context.js';
import { forApp, type EngineHost } from '../host/engine-host.js';
import { attachedServicesEnv } from '../services/attachments.js';
import { provisionDeclaredServices, removeServices, type ProvisionResult } from '../services/provision.js';
import { mergeAppEnv } from './app-env.js';
import { runBuildHook } from './build-hooks.js';
import { validateDeployRequest, type DeployRequest } from './deploy-request.js';
import { preflightDeploy } from './preflight.js';
import { rollOut } from './roll-out.js';
import { activateRelease, stageRelease } from './release-dir.js';
import { pointAtKeptLogs, snapshotAppDir, undoFirstDeploy } from './undo-first-deploy.js';
import { appendRelease } from '../releases/append-release.js';
import type { ReleaseSource } from '../releases/release-record.js';
import { ReleaseStore } from '../releases/release-store.js';
import { engineError, EngineErrorCodes } from '../errors.js';

export interface DeployResult {
  app: string;
  url: string;
  builder: string;
  deployer: string;
  artifact: BuildArtifact;
  release: number;
}

/**
 * The deploy pipeline: config → context → prebuild → builder → postbuild → services →
 * deployer → health gate → proxy → commit → state. A redeploy starts the new version beside the
 * running one and switches the proxy only once it answers; on any failure the old one keeps serving.
 */
export async function deployApp(engine: EngineHost, request: DeployRequest): Promise<DeployResult> {
  const valid = await validateDeployRequest(request);
  const { signal } = request;
  // Between steps: an interrupted deploy goes no further, and is undone like a failed one.
  const checkpoint = () => {
    if (signal?.aborted) throw interruptedError(valid.appName, signal);
  };
  const host = forApp(engine, valid.appName);
  const store = new AppStore(host.layout);
  return store.withAppLock(valid.appName, async () => {
    const previous = await store.read(valid.appName);
    const paths = host.layout.app(valid.appName);
    // Numbers are never reused: failed releases are recorded too.
    const release = ReleaseStore.nextNumber(await new ReleaseStore(host.layout, valid.appName).read(previous), previous);
    const source: ReleaseSource = valid.source ?? { kind: 'dir', path: valid.sourceDir };
    const configVersion = (previous?.configVersion ?? 0) + (Object.keys(valid.env).length > 0 ? 1 : 0);

    const userEnv = { ...(previous?.userEnv ?? {}), ...valid.env };
    const appAt = (src: string, env: Record<string, string>): App => ({
      name: valid.appName,
      paths: { root: paths.root, src, venv: paths.venv, log: paths.log, data: paths.data },
      port: previous?.app.port ?? null,
      hostnames: valid.hostnames ?? previous?.app.hostnames ?? [],
      env,
      runtime: previous?.app.runtime ?? null,
      builder: null,
      state: previous?.app.state ?? 'new',
      scaling: previous?.app.scaling ?? {},
      createdAt: previous?.app.createdAt ?? new Date().toISOString(),
    });

    // Nothing is written before every strategy involved has had its say on the input.
    const knownServicesEnv = await attachedServicesEnv(host, previous?.attachments ?? []);
    await preflightDeploy(host, {
      app: appAt(valid.sourceDir, mergeAppEnv({ config: valid.config, services: knownServicesEnv, user: userEnv })),
      config: valid.config,
      deployer: previous?.app.runtime ?? null,
      checkBuilder: true,
    });

    host.emit({ type: 'deploy:start', app: valid.appName, release, sourceDir: valid.sourceDir });
    const before = previous === null ? await snapshotAppDir(paths.root) : [];
    let createdServices: ProvisionResult['created'] = [];
    let releaseDir: string | undefined;
    let deployer: Deployer | undefined;
    let app = appAt(valid.sourceDir, {});
    let builderName: string | null = null;
    let artifact: BuildArtifact | null = null;
    let live: AppRecord;
    try {
      checkpoint();
      const provisioned = await provisionDeclaredServices(host, valid.appName, valid.config.addons, previous?.attachments ?? []);
      createdServices = provisioned.created;
      const attachments = provisioned.attachments;
      const env = mergeAppEnv({ config: valid.config, services: await attachedServicesEnv(host, attachments), user: userEnv });

      host.emit({ type: 'release:stage', app: valid.appName, release, sourceDir: valid.sourceDir });
      await Promise.all([paths.log, paths.data].map((dir) => mkdir(dir, { recursive: true })));
      releaseDir = await stageRelease(valid.sourceDir, paths, release);
      app = appAt(releaseDir, env);
      const context = parseOrThrow(
        deploymentContextSchema,
        { appName: app.name, sourcePath: releaseDir, appConfig: valid.config, app },
        'deployment context',
      );
      // Hooks get the environment of the app's processes (its toolchain first on PATH).
      const hooks = { app: app.name, appEnv: env, home: paths.root, cwd: releaseDir, logFile: join(paths.log, 'build.log') };

      checkpoint();
      await runBuildHook('prebuild', valid.config.hooks.prebuild, hooks, previous?.artifact);
      checkpoint();
      const builder = await selectBuilder(host.manager, context, host.runtime);
      builderName = builder.name;
      host.emit({ type: 'build:start', app: app.name, builder: builder.name });
      artifact = await builder.build();
      checkpoint();
      await runBuildHook('postbuild', valid.config.hooks.postbuild, hooks, artifact);
      await runBuildHook('prerun', valid.config.hooks.prerun, hooks, artifact);
      checkpoint();

      deployer = await selectDeployer(host.manager, context, artifact, host.runtime);
      const base: AppRecord = {
        version: 1,
        app: { ...app, builder: builder.name },
        release,
        artifact,
        deployment: previous?.deployment ?? null,
        userEnv,
        attachments,
        url: previous?.url ?? null,
        source,
        configVersion,
        deployerPlugin: previous?.deployerPlugin ?? null,
      };
      live = await rollOut(host, base, valid.config, deployer, signal);
    } catch (caught) {
      // A step that failed because of the interruption (a wait cut short, a build killed by the
      // same Ctrl-C) is reported as the interruption.
      const error = signal?.aborted ? interruptedError(valid.appName, signal, caught) : caught;
      // rollOut has already undone a started version; the previous release never stopped serving.
      if (releaseDir !== undefined) await discardRelease(releaseDir);
      if (previous === null) pointAtKeptLogs(error, paths.log, await undoFirstDeploy(host, app, deployer, before));
      await removeServices(host, valid.appName, createdServices);
      // A failed first deploy leaves no app, so no history; a failed redeploy is recorded.
      if (previous !== null) {
        const failed = { ...releaseFields(release, source, configVersion, userEnv), dir: null, builder: builderName, deployer: deployer?.name ?? null, artifact };
        await appendRelease(host, valid.appName, previous, { ...failed, outcome: 'failed', error: (error as Error).message }).catch((recordError: unknown) => {
          host.log.warn(`Could not record the failed release ${release} of "${valid.appName}": ${(recordError as Error).message}`);
        });
      }
      throw error;
    }

    await retirePreviousRuntime(host, previous, deployer);
    await activateRelease(paths, releaseDir);
    await store.write(live);
    await appendRelease(host, valid.appName, previous, {
      ...releaseFields(release, source, configVersion, userEnv),
      dir: releaseDir,
      builder: live.app.builder,
      deployer: deployer.name,
      artifact: live.artifact,
      outcome: 'succeeded',
    });
    const url = live.url ?? publicUrl(host, live);
    host.emit({ type: 'deploy:done', app: valid.appName, release, url });
    return { app: valid.appName, url, builder: live.app.builder ?? '', deployer: deployer.name, artifact: live.artifact!, release };
  });
}

function interruptedError(app: string, signal: AbortSignal, step?: unknown) {
  return engineError({
    code: EngineErrorCodes.interrupted,
    message: `The deploy of "${app}" was interrupted; what it had started was undone${signal.reason instanceof Error ? ` (${signal.reason.message})` : ''}.`,
    cause: step ?? signal.reason,
  });
}

/** What every release record of a deploy holds, whatever its outcome. */
function releaseFields(number: number, source: ReleaseSource, configVersion: number, userEnv: Record<string, string>) {
  return { number, createdAt: new Date().toISOString(), action: 'deploy' as const, source, configVersion, userEnv };
}

async function discardRelease(releaseDir: string): Promise<void> {
  await rm(releaseDir, { recursive: true, force: true });
}

/** When the new release runs on another deployer, stop the old one's processes. */
export async function retirePreviousRuntime(host: EngineHost, previous: AppRecord | null, current: Deployer): Promise<void> {
  if (previous === null || previous.app.runtime === null || previous.app.runtime === current.name) return;
  try {
    const old = await deployerOf(host, previous);
    await old.stop();
  } catch (error) {
    throw engineError({
      message: `The new release runs, but stopping the previous one (${previous.app.runtime}) failed: ${(error as Error).message}`,
      code: EngineErrorCodes.retireFailed,
      cause: error,
    });
  }
}
