import type { ServiceDescriptor, ServiceStatus, StrategyRuntime } from '@hop3/core';
import { isProcessAlive, readPidFile } from '@hop3/kit';
import { embeddedStatus, startEmbedded, stopEmbedded } from './embedded-nginx.js';
import { nginxError, NginxErrorCodes } from './errors.js';
import { testNginxConfig } from './nginx-command.js';
import { resolveNginxServer } from './server.js';
import { withServerLock } from './server-lock.js';
import { ensureServerFiles } from './server-files.js';

/** Start the embedded nginx if it is not running (writes and tests its configuration first). */
export async function startNginx(runtime: StrategyRuntime): Promise<void> {
  const server = resolveNginxServer(runtime);
  if (server.mode === 'system') {
    runtime.log.info('nginx is the system service here (HOP3_SERVICES=system): start it with your service manager');
    return;
  }
  await withServerLock(server, async () => {
    await ensureServerFiles(server, runtime.layout.root);
    if ((await embeddedStatus(server)).running) return;
    const test = await testNginxConfig(server);
    if (!test.ok) {
      throw nginxError({
        code: NginxErrorCodes.configInvalid,
        message: `The embedded nginx configuration is invalid:\n${test.messages.map((l) => `  ${l}`).join('\n')}`,
        details: { messages: test.messages },
      });
    }
    await startEmbedded(server, runtime.log);
  });
}

/** Stop the embedded nginx (idempotent); a system nginx is left alone. */
export async function stopNginx(runtime: StrategyRuntime): Promise<void> {
  const server = resolveNginxServer(runtime);
  if (server.mode === 'system') {
    runtime.log.info('nginx is the system service here (HOP3_SERVICES=system): not stopping it');
    return;
  }
  await withServerLock(server, () => stopEmbedded(server, runtime.log));
}

/** Whether nginx runs, its pid, mode and ports. Never throws. */
export async function nginxStatus(runtime: StrategyRuntime): Promise<ServiceStatus> {
  try {
    const server = resolveNginxServer(runtime);
    if (server.mode === 'system') {
      const pid = await readPidFile(server.pidFile);
      const running = pid !== null && isProcessAlive(pid);
      return { running, pid: running ? pid : null, mode: 'system', sitesDir: server.sitesDir, httpPort: server.httpPort, httpsPort: server.httpsPort };
    }
    return { ...(await embeddedStatus(server)), mode: 'embedded' };
  } catch (error) {
    return { running: false, pid: null, error: (error as Error).message };
  }
}

/** The `nginx` service, so `hop3 server start|stop|status` can manage the embedded nginx. */
export const nginxService: ServiceDescriptor = {
  name: 'nginx',
  description: 'Reverse proxy in front of the apps (a private nginx under HOP3_ROOT unless HOP3_SERVICES=system)',
  start: startNginx,
  stop: stopNginx,
  status: nginxStatus,
};
