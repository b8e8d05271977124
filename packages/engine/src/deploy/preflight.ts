import {
  Abort,
  PENDING_BACKEND,
  createProxy,
  deploymentContextSchema,
  isAbort,
  isHop3Error,
  parseOrThrow,
  preflightDeployers,
  selectBuilder,
  type App,
  type AppConfig,
} from '@hop3/core';
import { proxyName } from '../apps/app-context.js';
import type { EngineHost } from '../host/engine-host.js';

/** Kinds the proxy puts behind a site (an app with only background workers gets none). */
const PROXIED_KINDS = ['wsgi', 'web', 'static'];

export interface PreflightInput {
  /** The app as it will be deployed, with `paths.src` at the source dir being deployed. */
  app: App;
  config: AppConfig;
  /** The deployer the app runs on now, if any: only its preflight runs. */
  deployer: string | null;
  /** What is refused, for the message (default `deploy`): `change the config of`. */
  action?: string;
  /** Also check that a builder accepts the source (a deploy; not a config change). */
  checkBuilder?: boolean;
}

/**
 * Ask every strategy the deploy will involve to refuse bad input before anything is built or
 * written: each deployer that could be chosen (settings it owns) and the proxy (hostnames, also
 * against other apps, settings, static dirs). A refusal is bad input: exit code 2, its own code.
 */
export async function preflightDeploy(host: EngineHost, input: PreflightInput): Promise<void> {
  const { app, config } = input;
  try {
    const context = parseOrThrow(deploymentContextSchema, { appName: app.name, sourcePath: app.paths.src, appConfig: config, app }, 'deployment context');
    await preflightDeployers(host.manager, context, host.runtime, input.deployer ?? undefined);
    // A source no builder accepts (an empty dir, a broken package.json) is refused before it is
    // copied, naming the user's files. A prebuild hook may create the files builders look for.
    if (input.checkBuilder === true && (config.hooks.prebuild ?? []).length === 0) await (await selectBuilder(host.manager, context, host.runtime)).preflight?.();
    if (PROXIED_KINDS.some((kind) => config.workers[kind] !== undefined)) {
      const proxy = await createProxy(host.manager, proxyName(host), { app, env: app.env, workers: config.workers, backend: PENDING_BACKEND, static: config.static, tls: config.tls }, host.runtime);
      // Build hooks may create a static dir (collectstatic, npm run build): setup() checks it then.
      const buildMayCreateFiles = Object.values(config.hooks).some((commands) => commands !== undefined && commands.length > 0);
      await proxy.preflight?.({ buildMayCreateFiles });
    }
  } catch (error) {
    if (!isHop3Error(error) || (isAbort(error) && error.exitCode === 2)) throw error;
    throw new Abort(`Cannot ${input.action ?? 'deploy'} "${app.name}": ${error.message}`, { code: error.code, exitCode: 2, cause: error, details: error.details });
  }
}
