import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ServiceStatus, StrategyRuntime } from '@hop3/core';
import { ensurePrivateDir, isProcessAlive, readPidFile, runCommand, stopProcess, waitUntil, withLock } from '@hop3/kit';
import { UwsgiErrorCodes, uwsgiError } from './errors.js';
import { readDeployerSettings, type DeployerSettings } from './settings.js';
import { DEFAULT_PATH } from './worker-env.js';

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 30_000;

/** The pid of our emperor, or null; a stale pid file (or a pid reused by another program) is not ours. */
export async function emperorPid(settings: DeployerSettings): Promise<number | null> {
  const pid = await readPidFile(settings.emperorPidFile).catch(() => null);
  if (pid === null || !isProcessAlive(pid)) return null;
  try {
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return cmdline.includes('--emperor') ? pid : null;
  } catch {
    return pid;
  }
}

/**
 * Start the embedded emperor if it is not running: it watches the enabled dir, scans every
 * second and daemonizes. It gets a minimal environment: vassals inherit it, and uWSGI expands
 * `$(VAR)` from it, so the host's own variables (secrets included) must not leak into apps.
 */
export async function ensureEmperor(runtime: StrategyRuntime): Promise<number | null> {
  const settings = readDeployerSettings(runtime);
  if (settings.mode === 'system') return null;
  // The vassals hold the apps' env and the emperor's log their start-up output: ours alone.
  await ensurePrivateDir(dirname(settings.emperorLog));
  await ensurePrivateDir(settings.vassalsDir);
  await Promise.all([dirname(settings.emperorPidFile), settings.socketDir].map((dir) => mkdir(dir, { recursive: true })));
  return withLock(join(dirname(settings.emperorPidFile), 'uwsgi-emperor.lock'), async () => {
    const running = await emperorPid(settings);
    if (running !== null) return running;
    try {
      await runCommand(
        settings.uwsgiBin,
        ['--emperor', settings.vassalsDir, '--emperor-pidfile', settings.emperorPidFile, '--emperor-freq', '1', '--daemonize', settings.emperorLog],
        { extendEnv: false, env: { PATH: DEFAULT_PATH, LANG: 'C.UTF-8' }, cwd: runtime.layout.root, timeoutMs: START_TIMEOUT_MS },
      );
    } catch (error) {
      throw uwsgiError({ code: UwsgiErrorCodes.emperor, message: `Could not start the uWSGI emperor: ${(error as Error).message}. Is uwsgi installed (apt-get install uwsgi uwsgi-plugin-python3)?`, details: { log: settings.emperorLog }, cause: error });
    }
    let pid: number | null = null;
    try {
      await waitUntil(async () => (pid = await emperorPid(settings)) !== null, { timeoutMs: START_TIMEOUT_MS, intervalMs: 50, description: 'the uWSGI emperor to write its pid file' });
    } catch (error) {
      throw uwsgiError({ code: UwsgiErrorCodes.emperor, message: `The uWSGI emperor did not start; see ${settings.emperorLog}.`, details: { log: settings.emperorLog }, cause: error });
    }
    runtime.log.info(`Started the uWSGI emperor (pid ${pid}) watching ${settings.vassalsDir}`);
    return pid;
  });
}

/** Stop the embedded emperor and every vassal with it (SIGINT: uWSGI's clean shutdown). Idempotent. */
export async function stopEmperor(runtime: StrategyRuntime): Promise<void> {
  const settings = readDeployerSettings(runtime);
  if (settings.mode === 'system') return;
  const pid = await emperorPid(settings);
  if (pid === null) return;
  await stopProcess(pid, { signal: 'SIGINT', timeoutMs: STOP_TIMEOUT_MS, killAfterMs: 20_000 });
}

export async function emperorStatus(runtime: StrategyRuntime): Promise<ServiceStatus> {
  try {
    const settings = readDeployerSettings(runtime);
    if (settings.mode === 'system') return { running: false, pid: null, managed: false, vassalsDir: settings.vassalsDir };
    const pid = await emperorPid(settings);
    return { running: pid !== null, pid, managed: true, vassalsDir: settings.vassalsDir, log: settings.emperorLog };
  } catch (error) {
    return { running: false, pid: null, error: (error as Error).message };
  }
}
