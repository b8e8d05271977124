import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { ServiceStatus, StrategyRuntime } from '@hop3/core';
import { ensurePrivateDir, isProcessAlive, readPidFile, runCommand, stopProcess, systemdIsInit, waitUntil, withLock } from '@hop3/kit';
import { UwsgiErrorCodes, uwsgiError } from './errors.js';
import { readDeployerSettings, SYSTEM_EMPEROR_UNIT, type DeployerSettings } from './settings.js';
import { DEFAULT_PATH } from './worker-env.js';
import { startSupervisor, stopSupervisor, supervisorPid } from './emperor-supervisor.js';

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

/** The emperor's arguments, shared by the process hop3 starts and the systemd unit (which adds no --daemonize). */
export function emperorArgs(settings: Pick<DeployerSettings, 'vassalsDir' | 'emperorPidFile'>): string[] {
  // --daemonize sets the umask to 0: the pid file came out 0666, and the apps (which inherit
  // it) created world-writable files. 022, as a login shell and systemd units have it.
  return ['--emperor', settings.vassalsDir, '--emperor-pidfile', settings.emperorPidFile, '--emperor-freq', '1', '--umask', '022'];
}

/** The environment of the emperor (and so of every vassal): nothing of the host's. */
export const EMPEROR_ENV = { PATH: DEFAULT_PATH, LANG: 'C.UTF-8' } as const;

/** System mode where systemd is PID 1: the `hop3-uwsgi` unit that `hop3 setup` installed runs the emperor. */
function managedBySystemd(settings: DeployerSettings, systemd = systemdIsInit()): boolean {
  return settings.mode === 'system' && systemd;
}

async function startUnit(settings: DeployerSettings, runtime: StrategyRuntime): Promise<number | null> {
  const result = await runCommand('systemctl', ['start', SYSTEM_EMPEROR_UNIT], { allowFailure: true, timeoutMs: 30_000 });
  if (result.exitCode !== 0) {
    throw uwsgiError({
      code: UwsgiErrorCodes.emperor,
      message: `systemctl could not start ${SYSTEM_EMPEROR_UNIT} (exit ${result.exitCode}): ${result.stderr.trim()}. Run "hop3 setup" as root to install it, then "journalctl -u ${SYSTEM_EMPEROR_UNIT}".`,
      details: { unit: SYSTEM_EMPEROR_UNIT },
    });
  }
  let pid: number | null = null;
  await waitUntil(async () => (pid = await emperorPid(settings)) !== null, { timeoutMs: START_TIMEOUT_MS, intervalMs: 50, description: `${SYSTEM_EMPEROR_UNIT} to write ${settings.emperorPidFile}` });
  runtime.log.info(`Started ${SYSTEM_EMPEROR_UNIT} (pid ${pid}) watching ${settings.vassalsDir}`);
  return pid;
}

/** System mode without systemd: hop3's supervisor keeps the emperor running between commands. */
function supervised(settings: DeployerSettings, systemd = systemdIsInit()): boolean {
  return settings.mode === 'system' && !systemd;
}

async function waitForEmperor(settings: DeployerSettings, timeoutMs: number): Promise<number> {
  let cause: unknown;
  try {
    await waitUntil(async () => (await emperorPid(settings)) !== null, { timeoutMs, intervalMs: 50, description: 'the uWSGI emperor to write its pid file' });
  } catch (error) {
    cause = error;
  }
  const pid = await emperorPid(settings);
  if (pid !== null) return pid;
  throw uwsgiError({ code: UwsgiErrorCodes.emperor, message: `The uWSGI emperor did not start; see ${settings.emperorLog}.`, details: { log: settings.emperorLog }, cause });
}

/**
 * Start the emperor if it is not running: it watches the enabled dir and scans every second.
 * Embedded, it daemonizes. In system mode where systemd is PID 1, systemd runs it (the
 * `hop3-uwsgi` unit); without systemd, a supervisor hop3 starts keeps it running (restarts it if
 * it dies). It gets a minimal environment: vassals inherit it, and uWSGI expands `$(VAR)` from
 * it, so the host's own variables (secrets included) must not leak into apps.
 */
export async function ensureEmperor(runtime: StrategyRuntime): Promise<number | null> {
  const settings = readDeployerSettings(runtime);
  // The vassals hold the apps' env and the emperor's log their start-up output: ours alone.
  await ensurePrivateDir(dirname(settings.emperorLog));
  await ensurePrivateDir(settings.vassalsDir);
  await Promise.all([dirname(settings.emperorPidFile), settings.socketDir].map((dir) => mkdir(dir, { recursive: true })));
  return withLock(join(dirname(settings.emperorPidFile), 'uwsgi-emperor.lock'), async () => {
    const running = await emperorPid(settings);
    if (running !== null) return running;
    if (managedBySystemd(settings)) return startUnit(settings, runtime);
    if (supervised(settings)) {
      // A live supervisor may be between two restarts of the emperor: wait for it, never start a second one.
      const supervisor = await supervisorPid(settings);
      if (supervisor === null) startSupervisor(settings, emperorArgs(settings), { ...EMPEROR_ENV }, runtime.layout.root);
      const pid = await waitForEmperor(settings, supervisor === null ? START_TIMEOUT_MS : START_TIMEOUT_MS + 30_000);
      if (supervisor === null) runtime.log.info(`Started the uWSGI emperor (pid ${pid}, kept running by hop3's supervisor) watching ${settings.vassalsDir}`);
      return pid;
    }
    try {
      await runCommand(settings.uwsgiBin, [...emperorArgs(settings), '--daemonize', settings.emperorLog], {
        extendEnv: false,
        env: { ...EMPEROR_ENV },
        cwd: runtime.layout.root,
        timeoutMs: START_TIMEOUT_MS,
      });
    } catch (error) {
      throw uwsgiError({ code: UwsgiErrorCodes.emperor, message: `Could not start the uWSGI emperor: ${(error as Error).message}. Is uwsgi installed (apt-get install uwsgi uwsgi-plugin-python3)?`, details: { log: settings.emperorLog }, cause: error });
    }
    const pid = await waitForEmperor(settings, START_TIMEOUT_MS);
    runtime.log.info(`Started the uWSGI emperor (pid ${pid}) watching ${settings.vassalsDir}`);
    return pid;
  });
}

/** Stop the emperor and every vassal with it (SIGINT: uWSGI's clean shutdown; systemctl under systemd). Idempotent. */
export async function stopEmperor(runtime: StrategyRuntime): Promise<void> {
  const settings = readDeployerSettings(runtime);
  if (managedBySystemd(settings)) {
    await runCommand('systemctl', ['stop', SYSTEM_EMPEROR_UNIT], { allowFailure: true, timeoutMs: STOP_TIMEOUT_MS + 5_000 });
    return;
  }
  // The supervisor first (it stops the emperor with SIGINT and does not restart it), then any
  // emperor left (started without one, or outliving a killed supervisor).
  await stopSupervisor(settings, STOP_TIMEOUT_MS);
  const pid = await emperorPid(settings);
  if (pid === null) return;
  await stopProcess(pid, { signal: 'SIGINT', timeoutMs: STOP_TIMEOUT_MS, killAfterMs: 20_000 });
}

export async function emperorStatus(runtime: StrategyRuntime): Promise<ServiceStatus> {
  try {
    const settings = readDeployerSettings(runtime);
    const pid = await emperorPid(settings);
    const supervisor = supervised(settings) ? await supervisorPid(settings) : null;
    const manager = managedBySystemd(settings) ? SYSTEM_EMPEROR_UNIT : supervisor !== null ? `hop3's supervisor (pid ${supervisor})` : 'hop3';
    return { running: pid !== null, pid, managed: true, mode: settings.mode, manager, supervisor, vassalsDir: settings.vassalsDir, log: settings.emperorLog };
  } catch (error) {
    return { running: false, pid: null, error: (error as Error).message };
  }
}
