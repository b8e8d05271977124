import { detectOS, type ServiceStatus, type SetupOptions, type SetupPlan } from '@hop3/core';
import type { EngineHost } from '../host/engine-host.js';
import { repointApps, type RepointedApp } from './repoint-apps.js';

export interface ServerStatus {
  /** Each service the plugins run for Hop3 (the embedded nginx, the uWSGI emperor), measured after the action. */
  services: Array<{ name: string } & ServiceStatus>;
  /** `start` only: the running apps the proxy missed (back on other ports) and was pointed at again. */
  repointed?: RepointedApp[];
}

/**
 * Start, stop or measure every service the loaded plugins run for Hop3. `start` then points the
 * proxy at running apps that came back on other ports (after a reboot, docker starts containers
 * on new random ports), so that one command brings the server's apps back.
 */
export async function controlServer(host: EngineHost, action: 'start' | 'stop' | 'status'): Promise<ServerStatus> {
  const results: ServerStatus['services'] = [];
  for (const service of await host.manager.getServices()) {
    if (action === 'start') await service.start(host.runtime);
    if (action === 'stop') await service.stop(host.runtime);
    results.push({ name: service.name, ...(await service.status(host.runtime)) });
  }
  return action === 'start' ? { services: results, repointed: await repointApps(host) } : { services: results };
}

export interface SetupInput {
  /** Package groups to install (base, nginx, uwsgi, python, postgres, redis, docker); default all. */
  groups?: readonly string[];
}

export interface SetupPlanResult {
  os: { name: string; displayName: string };
  /** What setup would change; nothing is changed to find out. */
  plan: SetupPlan;
}

function setupOptions(input: SetupInput): SetupOptions {
  return input.groups === undefined ? {} : { groups: [...input.groups] };
}

/** What provisioning this server would do, through the detected OS plugin (no root needed). */
export async function planSetup(host: EngineHost, input: SetupInput): Promise<SetupPlanResult> {
  const os = await detectOS(host.manager, host.runtime);
  const plan = os.planSetup ? await os.planSetup(setupOptions(input)) : { os: os.displayName };
  return { os: { name: os.name, displayName: os.displayName }, plan };
}

/** Provision this server through the detected OS plugin (it needs root; the OS plugin says so). */
export async function runSetup(host: EngineHost, input: SetupInput): Promise<{ os: { name: string; displayName: string }; result: unknown }> {
  const os = await detectOS(host.manager, host.runtime);
  return { os: { name: os.name, displayName: os.displayName }, result: await os.setupServer(setupOptions(input)) };
}
