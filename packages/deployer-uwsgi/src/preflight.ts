import type { DeploymentContext, StrategyRuntime } from '@hop3/core';
import { socketPath } from './generation-plan.js';
import { envLine, wsgiModule } from './ini-values.js';
import { readAppTuning, readDeployerSettings } from './settings.js';
import { readState } from './state.js';
import { processKinds, workerFamily } from './workers.js';

/**
 * What deploy() would refuse, checked before the host builds anything: the server settings
 * (HOP3_UWSGI_*), the app's UWSGI_* knobs, every env value as an ini line, the wsgi module path,
 * and the socket path length under this HOP3_ROOT. Reads the app's state, writes nothing.
 */
export async function preflightUwsgi(context: DeploymentContext, runtime: StrategyRuntime): Promise<void> {
  const settings = readDeployerSettings(runtime);
  const env = context.app?.env ?? context.appConfig.env;
  readAppTuning(env);
  for (const [key, value] of Object.entries(env)) if (!key.startsWith('UWSGI_')) envLine(key, value);
  const workers = context.appConfig.workers;
  const next = (await readState(runtime.layout.app(context.appName).root)).lastGeneration + 1;
  for (const kind of processKinds(workers)) {
    if (workerFamily(kind) !== 'wsgi') continue;
    wsgiModule(workers[kind] as string);
    socketPath(settings, context.appName, kind, next);
  }
}
