import type { Command, CommandIO } from '../io/command.js';
import { parseCommandArgs, requirePositional } from '../io/args.js';
import { printJson } from '../io/output.js';
import { createHost } from '../host/create-host.js';
import { AppStore } from '../host/app-store.js';
import { deployerOf, proxyOf, publicUrl } from '../host/app-context.js';
import type { AppRecord } from '../host/app-record.js';
import type { Host } from '../host/create-host.js';
import { passHealthGate } from '../pipeline/health-gate.js';
import { servesHttp, startTimeoutSeconds } from '../pipeline/roll-out.js';
import { loadAppConfig, type AppState, type Deployer, type DeploymentInfo } from '@hop3/core';

type Action = 'start' | 'stop' | 'restart';

/** Run start/restart; a deployer without them deploys again (and so says where the app answers). */
async function startProcesses(action: 'start' | 'restart', deployer: Deployer): Promise<DeploymentInfo | undefined> {
  const method = action === 'start' ? deployer.start : deployer.restart;
  if (!method) return deployer.deploy();
  await method.call(deployer);
  return undefined;
}

/**
 * After start/restart: wait, like a deploy, until the app answers on its own port (failing with
 * its log lines), then point the proxy at where it runs now (a start may bring processes back on
 * other ports). Returns the record to save, state `running`.
 */
async function answeringRecord(host: Host, record: AppRecord, deployer: Deployer, started: DeploymentInfo | undefined): Promise<AppRecord> {
  const config = await loadAppConfig(record.app.paths.src);
  const deployment = started ?? (await deployer.getStatus?.())?.deployment ?? record.deployment;
  let updated: AppRecord = { ...record, app: { ...record.app, state: 'running' } };
  delete updated.app.errorMessage;
  if (deployment === null) return updated;
  await passHealthGate({
    info: deployment,
    healthcheck: config.healthcheck,
    timeoutSeconds: startTimeoutSeconds(host, config),
    logDir: record.app.paths.log,
    appName: record.app.name,
  });
  if (servesHttp(deployment) && JSON.stringify(deployment) !== JSON.stringify(record.deployment)) {
    updated = { ...updated, deployment };
    const proxy = await proxyOf(host, updated, config);
    await proxy.setup();
    updated.url = publicUrl(host, updated, proxy);
  }
  return updated;
}

async function runAction(action: Action, args: readonly string[], io: CommandIO): Promise<number> {
  const { values, positionals } = parseCommandArgs(args, {}, ['app']);
  const name = requirePositional(positionals, 0, 'app');
  const host = await createHost(io);
  const store = new AppStore(host.layout);
  const state = await store.withAppLock(name, async () => {
    const record = await store.require(name);
    const deployer = await deployerOf(host, record);
    if (action === 'stop') {
      await deployer.stop();
      await store.write({ ...record, app: { ...record.app, state: 'stopped' } });
      return 'stopped' satisfies AppState;
    }
    const started = await startProcesses(action, deployer);
    try {
      await store.write(await answeringRecord(host, record, deployer, started));
    } catch (error) {
      // Started but not answering: say so in the record (status measures the rest).
      await store.write({ ...record, app: { ...record.app, state: 'failed', errorMessage: (error as Error).message } });
      throw error;
    }
    return 'running' satisfies AppState;
  });
  if (values.json) printJson(io, { app: name, action, state });
  else io.stdout(`${name}: ${state}\n`);
  return 0;
}

function lifecycle(action: Action, summary: string): Command {
  return { summary, usage: `hop3 ${action} <app> [--json]`, run: (args, io) => runAction(action, args, io) };
}

export const startCommand = lifecycle('start', "Start an app's processes; returns once the app answers (or fails with its log).");
export const stopCommand = lifecycle('stop', "Stop an app's processes (the proxy keeps its config and answers 502).");
export const restartCommand = lifecycle('restart', "Restart an app's processes; returns once the app answers again (or fails with its log).");
