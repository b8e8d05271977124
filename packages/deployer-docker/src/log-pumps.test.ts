import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isProcessAlive, waitForProcessExit } from '@hop3/kit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { stopLogPumps } from './log-pumps.js';

// Stand-ins with a pump's command line (`node … log-pump.mjs DOCKER CONTAINER …`) that only wait:
// what is tested is which processes are stopped, not the copying.
function spawnIdle(args: readonly string[]): ChildProcess {
  return spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', ...args], { stdio: 'ignore' });
}

describe('stopLogPumps', () => {
  let pumpDir: string;
  const children: ChildProcess[] = [];

  beforeEach(async () => {
    pumpDir = await mkdtemp(join(tmpdir(), 'hop3-pumps-'));
  });

  afterEach(async () => {
    for (const child of children.splice(0)) child.kill('SIGKILL');
    await rm(pumpDir, { recursive: true, force: true });
  });

  async function started(container: string, args: readonly string[]): Promise<number> {
    const child = spawnIdle(args);
    children.push(child);
    await writeFile(join(pumpDir, `${container}.pid`), `${child.pid}\n`);
    return child.pid!;
  }

  it('stops each pump named by a pid file, waits for it and removes its files, so the directory can go', async () => {
    const first = await started('app-web-1', ['/opt/hop3/log-pump.mjs', 'docker', 'app-web-1', '/x.log', '/x.since']);
    const second = await started('app-worker-1', ['/opt/hop3/log-pump.mjs', 'docker', 'app-worker-1', '/y.log', '/y.since']);
    await writeFile(join(pumpDir, 'app-web-1.since'), '2026-12-01T00:00:00Z\n');

    await stopLogPumps(pumpDir);

    expect(isProcessAlive(first)).toBe(false);
    expect(isProcessAlive(second)).toBe(false);
    expect(await readdir(pumpDir)).toEqual([]);
  });

  it('with container names, stops those pumps only', async () => {
    const removed = await started('app-web-1', ['/opt/hop3/log-pump.mjs', 'docker', 'app-web-1', '/x.log', '/x.since']);
    const kept = await started('app-web-2', ['/opt/hop3/log-pump.mjs', 'docker', 'app-web-2', '/y.log', '/y.since']);

    await stopLogPumps(pumpDir, ['app-web-1']);

    expect(isProcessAlive(removed)).toBe(false);
    expect(isProcessAlive(kept)).toBe(true);
    expect(await readdir(pumpDir)).toEqual(['app-web-2.pid']);
  });

  it('leaves alone a process that took a pid file\'s pid but is not that container\'s pump', async () => {
    const stranger = await started('app-web-1', ['/usr/bin/something-else', 'app-web-1']);
    const otherPump = await started('app-web-2', ['/opt/hop3/log-pump.mjs', 'docker', 'app-web-9', '/x.log', '/x.since']);

    await stopLogPumps(pumpDir);

    expect(isProcessAlive(stranger)).toBe(true);
    expect(isProcessAlive(otherPump)).toBe(true);
  });

  it('does nothing for a missing directory, a stale pid or a damaged pid file', async () => {
    await expect(stopLogPumps(join(pumpDir, 'absent'))).resolves.toBeUndefined();
    const gone = spawnIdle([]);
    const pid = gone.pid!;
    gone.kill('SIGKILL');
    await waitForProcessExit(pid, { timeoutMs: 5_000 });
    await writeFile(join(pumpDir, 'a.pid'), `${pid}\n`);
    await writeFile(join(pumpDir, 'b.pid'), 'not a pid\n');

    await expect(stopLogPumps(pumpDir)).resolves.toBeUndefined();
    expect(await readdir(pumpDir)).toEqual([]);
  });
});
