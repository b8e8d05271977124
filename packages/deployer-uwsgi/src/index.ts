import { definePlugin, type ServiceDescriptor, type StrategyDescriptor } from '@hop3/core';
import { emperorStatus, ensureEmperor, stopEmperor } from './emperor.js';
import { preflightUwsgi } from './preflight.js';
import { UwsgiDeployer } from './uwsgi-deployer.js';

export { UwsgiDeployer, ACCEPTED_ARTIFACT_KINDS } from './uwsgi-deployer.js';
export { UwsgiErrorCodes, type UwsgiErrorCode } from './errors.js';
export { preflightUwsgi } from './preflight.js';
export { toUwsgiCron, type UwsgiCron } from './cron.js';
export { envLine, daemonCommand, wsgiModule, iniValue } from './ini-values.js';
export { workerEnv, envLines } from './worker-env.js';
export { renderVassal, type VassalInput } from './render-vassal.js';
export { applyDeltas, applyAbsolute, currentCounts, resolveKind, type Counts } from './scaling.js';
export { readState, statePath, type DeployState, type GenerationRecord, type VassalRecord } from './state.js';
export { readDeployerSettings, readAppTuning, processTagOf, DEFAULT_SYSTEM_VASSALS_DIR, type DeployerSettings, type AppTuning } from './settings.js';
export { ensureEmperor, stopEmperor, emperorStatus } from './emperor.js';
export { findProcesses, processPrefix, type ProcessEntry } from './processes.js';
export { workerFamily, processKinds, type WorkerFamily } from './workers.js';
export { vassalFileName } from './vassal-files.js';

export const uwsgiDeployer: StrategyDescriptor<'deployer'> = {
  name: 'uwsgi',
  description: 'Runs Python (WSGI), web and background workers as uWSGI vassals, with zero-downtime redeploys',
  create: (context, artifact, runtime) => new UwsgiDeployer(context, artifact, runtime),
  preflight: preflightUwsgi,
};

/** `hop3 server start|stop|status`: the embedded emperor (a no-op in system mode). */
export const uwsgiService: ServiceDescriptor = {
  name: 'uwsgi',
  description: 'The uWSGI emperor that runs app vassals',
  start: async (runtime) => {
    await ensureEmperor(runtime);
  },
  stop: (runtime) => stopEmperor(runtime),
  status: (runtime) => emperorStatus(runtime),
};

export default definePlugin({
  name: 'hop3-plugin-deployer-uwsgi',
  apiVersion: 1,
  hooks: {
    getDeployers: () => [uwsgiDeployer],
    getServices: () => [uwsgiService],
  },
});
