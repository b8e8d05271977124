import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DockerClient } from './docker-cli.js';
import { inspectObjects, removeContainers, setRestartPolicy, stopContainers } from './docker-objects.js';

/** The retiring script: plain JavaScript shipped in src/, so it runs from the sources and from dist/ alike. */
const RETIRE = fileURLToPath(new URL('../src/retire.mjs', import.meta.url));

/**
 * Retire containers that no longer serve, after `drainSeconds`. With a drain, a detached helper
 * waits it out and then stops and removes them, so the caller (a deploy) does not wait for the
 * old release; their restart policy is turned off first, so a reboot before the helper is done
 * does not bring them back. Without a drain (or when the helper cannot start) it is done here.
 */
export async function retireContainers(client: DockerClient, names: readonly string[], drainSeconds: number, stopTimeout: number): Promise<void> {
  if (names.length === 0) return;
  // Ids, fixed now: a container created later under one of these names (a rollback to that
  // release while the helper waits or is still starting) must not be the one stopped.
  const ids = (await inspectObjects<{ Id: string }>(client, names, 'container').catch(() => [])).map((container) => container.Id);
  if (ids.length === 0) return;
  if (drainSeconds > 0) {
    await setRestartPolicy(client, ids, 'no', { ignoreMissing: true }).catch(() => undefined);
    if (spawnRetirer(client.bin, ids, drainSeconds, stopTimeout)) return;
  }
  await stopContainers(client, ids, stopTimeout).catch(() => undefined);
  await removeContainers(client, ids).catch(() => undefined);
}

function spawnRetirer(bin: string, names: readonly string[], drainSeconds: number, stopTimeout: number): boolean {
  try {
    const child = spawn(process.execPath, [RETIRE, bin, String(drainSeconds), String(stopTimeout), ...names], { detached: true, stdio: 'ignore' });
    child.on('error', () => undefined);
    child.unref();
    return child.pid !== undefined;
  } catch {
    return false;
  }
}
