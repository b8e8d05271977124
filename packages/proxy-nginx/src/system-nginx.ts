import { readFile, rm } from 'node:fs/promises';
import type { Logger } from '@hop3/core';
import { isPortOpen, isProcessAlive, readPidFile, runCommand, systemdIsInit, waitUntil, writeFileAtomic } from '@hop3/kit';
import { nginxError, NginxErrorCodes } from './errors.js';
import { diagnosticLines, signalNginx, testNginxConfig } from './nginx-command.js';
import { childProcesses } from './processes.js';
import { waitForReloadedWorkers } from './reload-wait.js';
import type { NginxServer } from './server.js';

const TIMEOUT_MS = 10_000;

export interface SystemNginxOptions {
  /** Whether systemd is PID 1 (default: measured). */
  systemdIsInit?: boolean;
}

export interface SystemNginxStatus {
  /** The master named by the pid file is alive AND the HTTP port accepts connections. */
  running: boolean;
  pid: number | null;
  /** Whether 127.0.0.1:<httpPort> accepts connections (measured, whoever listens). */
  answers: boolean;
  /** Whether `hop3 server start` started this master (so `hop3 server stop` may stop it). */
  startedByHop3: boolean;
  /** Whether nginx's configuration includes Hop3's sites dir (`nginx -T`); null when nginx could not say. */
  includesSites: boolean | null;
}

async function succeeds(command: string, args: string[]): Promise<boolean> {
  try {
    const result = await runCommand(command, args, { allowFailure: true, timeoutMs: TIMEOUT_MS });
    return result.exitCode === 0;
  } catch {
    return false; // program missing or timed out
  }
}

async function markerPid(server: NginxServer): Promise<number | null> {
  const text = await readFile(server.startedMarker, 'utf8').catch(() => null);
  const pid = Number(text?.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : null;
}

/**
 * Whether the system nginx reads Hop3's sites: `nginx -T` names every file it loaded, and the
 * shared file in the sites dir must be one of them. Without `hop3 setup`'s include, apps would
 * deploy "fine" and never be served. Null when nginx could not dump its configuration.
 */
export async function sitesIncluded(server: NginxServer): Promise<boolean | null> {
  const result = await runCommand(server.bin, [...server.selectArgs, '-T'], { allowFailure: true, timeoutMs: TIMEOUT_MS }).catch(() => null);
  if (result === null || result.exitCode !== 0) return null;
  return result.stdout.includes(`# configuration file ${server.commonConfig}:`);
}

/** The warning when nginx does not read the sites dir (see `sitesIncluded`). */
export function notIncludedWarning(server: NginxServer): string {
  return `The system nginx does not include ${server.sitesDir}/*.conf, so it serves none of the apps: run "hop3 setup" as root (it writes /etc/nginx/conf.d/hop3.conf), or include that dir in nginx's http block yourself.`;
}

/** The process side of the status: pid alive, port answering, started by hop3. */
async function measure(server: NginxServer): Promise<Omit<SystemNginxStatus, 'includesSites'>> {
  const pid = await readPidFile(server.pidFile).catch(() => null);
  const alive = pid !== null && isProcessAlive(pid);
  const answers = await isPortOpen(server.httpPort);
  const marker = await markerPid(server);
  return { running: alive && answers, pid: alive ? pid : null, answers, startedByHop3: alive && marker === pid };
}

/** Measured: the pid file's master is alive, the HTTP port answers, the sites are included. Never throws. */
export async function systemNginxStatus(server: NginxServer): Promise<SystemNginxStatus> {
  return { ...(await measure(server)), includesSites: await sitesIncluded(server) };
}

/**
 * Start the system nginx when it is not running: `systemctl start nginx` where systemd is PID 1,
 * else the nginx program itself (it daemonizes with the distribution's /etc/nginx/nginx.conf).
 * The configuration is tested first, and a port held by another program is reported, not fought.
 */
export async function startSystemNginx(server: NginxServer, log: Logger, options: SystemNginxOptions = {}): Promise<void> {
  const before = await measure(server);
  if (before.pid === null && before.answers) {
    throw nginxError({
      code: NginxErrorCodes.startFailed,
      message: `Cannot start the system nginx: port ${server.httpPort} is already taken by another program. Stop it (see "ss -ltnp"), then run "hop3 server start" again.`,
      details: { port: server.httpPort },
    });
  }
  if ((await sitesIncluded(server)) === false) log.warn(notIncludedWarning(server));
  if (before.running) return;
  const test = await testNginxConfig(server);
  if (!test.ok) {
    throw nginxError({
      code: NginxErrorCodes.configInvalid,
      message: `The system nginx configuration is invalid, so nginx was not started:\n${test.messages.map((l) => `  ${l}`).join('\n')}`,
      details: { messages: test.messages },
    });
  }
  const systemd = options.systemdIsInit ?? systemdIsInit();
  const [command, args] = systemd ? ['systemctl', ['start', 'nginx']] : [server.bin, server.selectArgs];
  // A pid file left by a crashed nginx would make the next `-s reload` signal a stranger.
  if (!systemd && before.pid === null) await rm(server.pidFile, { force: true });
  const result = await runCommand(command, args, { allowFailure: true, timeoutMs: 30_000 }).catch((error: Error) => ({ exitCode: -1, stderr: error.message }));
  if (result.exitCode !== 0) {
    const lines = diagnosticLines(result.stderr);
    throw nginxError({
      code: NginxErrorCodes.startFailed,
      message: `The system nginx did not start (${[command, ...args].join(' ')} exited ${result.exitCode}):\n${(lines.length > 0 ? lines : [result.stderr.trim()]).map((l) => `  ${l}`).join('\n')}`,
      details: { exitCode: result.exitCode, messages: lines },
    });
  }
  let pid: number | null = null;
  await waitUntil(async () => (pid = (await measure(server)).pid) !== null && (await isPortOpen(server.httpPort)), {
    description: `the system nginx to write ${server.pidFile} and answer on port ${server.httpPort}`,
    timeoutMs: 15_000,
    intervalMs: 50,
  });
  if (!systemd) await writeFileAtomic(server.startedMarker, `${pid}\n`, { mode: 0o644 });
  log.info(`Started the system nginx (pid ${pid}, ${systemd ? 'systemctl' : 'nginx'}) on port ${server.httpPort}`);
}

/**
 * Stop the system nginx only when `hop3 server start` started it (without systemd): a system
 * service someone else runs is left alone. Returns whether it was stopped. Idempotent.
 */
export async function stopSystemNginx(server: NginxServer, log: Logger): Promise<boolean> {
  const status = await measure(server);
  if (status.pid === null) {
    await rm(server.startedMarker, { force: true });
    return false;
  }
  if (!status.startedByHop3) {
    log.info('The system nginx was not started by "hop3 server start": left running (stop it with your service manager or "nginx -s quit")');
    return false;
  }
  const pid = status.pid;
  await signalNginx(server, 'quit', { allowFailure: true });
  try {
    await waitUntil(async () => !isProcessAlive(pid) || ((await readPidFile(server.pidFile)) === null && !(await isPortOpen(server.httpPort))), {
      description: 'the system nginx to quit',
      timeoutMs: 15_000,
      intervalMs: 50,
    });
  } catch (error) {
    throw nginxError({ code: NginxErrorCodes.stopFailed, message: `The system nginx (pid ${pid}) did not quit within 15 s.`, details: { pid }, cause: error });
  }
  await rm(server.startedMarker, { force: true });
  log.info(`Stopped the system nginx (pid ${pid})`);
  return true;
}

/**
 * Reload the system nginx through whatever manages it: supervisord (when it knows an `nginx`
 * program; HUP is graceful, unlike restart), systemd (only when it is PID 1), else nginx's own
 * signal. Returns once new workers serve the new configuration, with the method that worked,
 * or null (nginx not running: the config is in place and will be read when it starts).
 */
export async function reloadSystemNginx(server: NginxServer, log: Logger, options: SystemNginxOptions = {}): Promise<string | null> {
  const pid = await readPidFile(server.pidFile).catch(() => null);
  const master = pid !== null && isProcessAlive(pid) ? pid : null;
  const oldWorkers = master === null ? [] : await childProcesses(master);
  const method = await sendReload(server, options);
  if (method === null) {
    log.warn(
      'Could not reload the system nginx (is it running?). The configuration is installed and tested; ' +
        'start it with "hop3 server start", or run "systemctl reload nginx" / "nginx -s reload" as root.',
    );
    return null;
  }
  if (master !== null && oldWorkers.length > 0) await waitForReloadedWorkers(master, oldWorkers, log);
  if ((await sitesIncluded(server)) === false) log.warn(notIncludedWarning(server));
  return method;
}

async function sendReload(server: NginxServer, options: SystemNginxOptions): Promise<string | null> {
  if (await succeeds('supervisorctl', ['status', 'nginx'])) {
    if (await succeeds('supervisorctl', ['signal', 'HUP', 'nginx'])) return 'supervisorctl';
  }
  const systemd = options.systemdIsInit ?? systemdIsInit();
  if (systemd && (await succeeds('systemctl', ['reload', 'nginx']))) return 'systemctl';
  const result = await signalNginx(server, 'reload', { allowFailure: true }).catch(() => null);
  return result?.exitCode === 0 ? 'nginx -s reload' : null;
}
