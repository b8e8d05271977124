import { rm } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Logger } from '@hop3/core';
import { isPortOpen, isProcessAlive, readPidFile, runCommand, waitForPort, waitUntil } from '@hop3/kit';
import { nginxError, NginxErrorCodes } from './errors.js';
import { diagnosticLines, signalNginx } from './nginx-command.js';
import { childProcesses } from './processes.js';
import { waitForReloadedWorkers } from './reload-wait.js';
import type { NginxServer } from './server.js';

export interface EmbeddedStatus {
  running: boolean;
  pid: number | null;
  httpPort: number;
  httpsPort: number;
  config: string | null;
}

/** Is the private nginx running? Never throws. */
export async function embeddedStatus(server: NginxServer): Promise<EmbeddedStatus> {
  const pid = await readPidFile(server.pidFile);
  const running = pid !== null && isProcessAlive(pid);
  return { running, pid: running ? pid : null, httpPort: server.httpPort, httpsPort: server.httpsPort, config: server.mainConfig };
}

/** Start the private nginx (the configuration must already be written and tested). */
export async function startEmbedded(server: NginxServer, log: Logger): Promise<number> {
  for (const port of [server.httpPort, server.httpsPort]) {
    if (await isPortOpen(port)) {
      throw nginxError({
        code: NginxErrorCodes.startFailed,
        message: `Cannot start the embedded nginx: 127.0.0.1:${port} is already in use. Stop what listens there, or choose other ports with HOP3_HTTP_PORT / HOP3_HTTPS_PORT.`,
        details: { port },
      });
    }
  }
  // A pid file left by a crashed nginx would make the next `-s reload` signal a stranger.
  await rm(server.pidFile, { force: true });
  const result = await runCommand(server.bin, server.selectArgs, { allowFailure: true, timeoutMs: 30_000 });
  if (result.exitCode !== 0) {
    const lines = diagnosticLines(result.stderr);
    throw nginxError({
      code: NginxErrorCodes.startFailed,
      message: `The embedded nginx did not start (exit ${result.exitCode}):\n${(lines.length > 0 ? lines : [result.stderr.trim()]).map((line) => `  ${line}`).join('\n')}`,
      details: { exitCode: result.exitCode, messages: lines, config: server.mainConfig },
    });
  }
  await waitUntil(async () => (await readPidFile(server.pidFile)) !== null, { description: `nginx to write ${server.pidFile}`, timeoutMs: 10_000, intervalMs: 25 });
  await waitForPort(server.httpPort, { host: '127.0.0.1', timeoutMs: 10_000 });
  const pid = (await readPidFile(server.pidFile)) ?? 0;
  log.info(`nginx started (pid ${pid}) on 127.0.0.1:${server.httpPort} and https 127.0.0.1:${server.httpsPort}`);
  return pid;
}

/**
 * Graceful reload that returns once the new configuration is live: after the signal, nginx
 * starts new workers and retires the old ones, so wait until none of the old workers is left.
 */
export async function reloadEmbedded(server: NginxServer, log: Logger): Promise<void> {
  const { running, pid } = await embeddedStatus(server);
  if (!running || pid === null) {
    await startEmbedded(server, log);
    return;
  }
  const started = performance.now();
  const oldWorkers = await childProcesses(pid);
  const result = await signalNginx(server, 'reload', { allowFailure: true });
  if (result.exitCode !== 0) {
    throw nginxError({
      code: NginxErrorCodes.reloadFailed,
      message: `nginx refused to reload:\n${diagnosticLines(result.stderr).map((l) => `  ${l}`).join('\n')}`,
      details: { messages: diagnosticLines(result.stderr) },
    });
  }
  await waitForReloadedWorkers(pid, oldWorkers, log);
  log.debug(`nginx reloaded in ${Math.round(performance.now() - started)} ms`);
}

/** Graceful stop (`-s quit`), then wait for the pid file to vanish and the port to close. Idempotent. */
export async function stopEmbedded(server: NginxServer, log: Logger): Promise<boolean> {
  const { running, pid } = await embeddedStatus(server);
  if (!running || pid === null) {
    await rm(server.pidFile, { force: true });
    return false;
  }
  await signalNginx(server, 'quit', { allowFailure: true });
  const gone = async (): Promise<boolean> => (await readPidFile(server.pidFile)) === null && !(await isPortOpen(server.httpPort));
  try {
    await waitUntil(gone, { description: 'nginx to quit', timeoutMs: 15_000, intervalMs: 50 });
  } catch {
    log.warn(`nginx (pid ${pid}) did not quit gracefully; terminating it`);
    try {
      process.kill(pid, 'SIGTERM');
    } catch {
      // already gone
    }
    await sleep(500);
    if (isProcessAlive(pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    await rm(server.pidFile, { force: true });
    if (await isPortOpen(server.httpPort)) {
      throw nginxError({ code: NginxErrorCodes.stopFailed, message: `nginx (pid ${pid}) did not stop: 127.0.0.1:${server.httpPort} is still open`, details: { pid } });
    }
  }
  log.info(`nginx stopped (pid ${pid})`);
  return true;
}
