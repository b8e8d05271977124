import { definePlugin, type ServiceDescriptor, type StrategyDescriptor } from '@hop3/core';
import { emperorStatus, ensureEmperor, stopEmperor } from './emperor.js';
import { preflightUwsgi } from './preflight.js';
import { UwsgiDeployer } from './uwsgi-deployer.js';

// The public surface: the strategy, its settings, the process-title convention (how to find an
// app's processes in `ps`: `<tag>/<app>:<kind>:`) and the error codes.
export { UwsgiDeployer, ACCEPTED_ARTIFACT_KINDS } from './uwsgi-deployer.js';
export { readDeployerSettings, readAppTuning, processTagOf, SYSTEM_EMPEROR_UNIT, type DeployerSettings, type AppTuning } from './settings.js';
export { processPrefix } from './processes.js';
export { UwsgiErrorCodes, type UwsgiErrorCode } from './errors.js';

export const uwsgiDeployer: StrategyDescriptor<'deployer'> = {
  name: 'uwsgi',
  description: 'Runs Python (WSGI), web and background workers as uWSGI vassals, with zero-downtime redeploys',
  create: (context, artifact, runtime) => new UwsgiDeployer(context, artifact, runtime),
  preflight: preflightUwsgi,
};

/** `hop3 server start|stop|status`: the emperor (in system mode through systemd where it is PID 1). */
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
