// System mode without systemd (as on these machines): hop3's supervisor keeps a real uWSGI
// emperor running. Everything lives under a private HOP3_ROOT; no port, no /etc.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLayout, type StrategyRuntime } from '@hop3/core';
import { isProcessAlive, waitUntil } from '@hop3/kit';
import { recordingLogger, requirePrograms } from '@hop3/testkit';
import { emperorPid, emperorStatus, ensureEmperor, stopEmperor } from './emperor.js';
import { supervisorPid, supervisorPidFile } from './emperor-supervisor.js';
import { readDeployerSettings } from './settings.js';

let root: string;
let runtime: StrategyRuntime;

/** Live supervisors of this root (by their pid file argument), from /proc. */
async function supervisorsOfThisRoot(): Promise<number[]> {
  const file = supervisorPidFile(readDeployerSettings(runtime));
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').catch(() => '');
    if (cmdline.includes('emperor-supervisor') && cmdline.includes(file)) found.push(Number(entry));
  }
  return found;
}

beforeAll(async () => {
  requirePrograms(['uwsgi']);
  root = await mkdtemp(join(tmpdir(), 'hop3-emperor-sup-'));
  runtime = { layout: createLayout(root), env: { HOP3_SERVICES: 'system' }, log: recordingLogger() };
});

afterAll(async () => {
  await stopEmperor(runtime).catch(() => undefined);
  if (root) await rm(root, { recursive: true, force: true });
});

describe('the system-mode emperor without systemd', () => {
  it('is started under hop3\'s supervisor, and status says so', async () => {
    const pid = await ensureEmperor(runtime);
    expect(pid).not.toBeNull();
    const supervisor = await supervisorPid(readDeployerSettings(runtime));
    expect(supervisor).not.toBeNull();
    expect(await emperorStatus(runtime)).toMatchObject({ running: true, pid, mode: 'system', supervisor });
    expect(await ensureEmperor(runtime)).toBe(pid); // idempotent
    expect(await supervisorsOfThisRoot()).toEqual([supervisor]);
  });

  it('comes back by itself when the emperor is killed, without a second supervisor', async () => {
    const settings = readDeployerSettings(runtime);
    const before = (await emperorPid(settings)) as number;
    process.kill(before, 'SIGKILL');
    await waitUntil(async () => {
      const now = await emperorPid(settings);
      return now !== null && now !== before;
    }, { timeoutMs: 15_000, intervalMs: 100, description: 'the supervisor to restart the emperor' });
    expect(await supervisorsOfThisRoot()).toHaveLength(1);
    expect(await readFile(settings.emperorLog, 'utf8')).toContain('restarting it in');
    // A command racing the restart waits for it instead of starting another supervisor.
    process.kill((await emperorPid(settings)) as number, 'SIGKILL');
    const pid = await ensureEmperor(runtime);
    expect(pid).not.toBeNull();
    expect(await supervisorsOfThisRoot()).toHaveLength(1);
  });

  it('stop stops the supervisor and the emperor, and it stays stopped', async () => {
    const settings = readDeployerSettings(runtime);
    const [supervisor] = await supervisorsOfThisRoot();
    const emperor = (await emperorPid(settings)) as number;
    await stopEmperor(runtime);
    expect(isProcessAlive(supervisor as number)).toBe(false);
    expect(isProcessAlive(emperor)).toBe(false);
    expect(existsSync(supervisorPidFile(settings))).toBe(false);
    await new Promise((r) => setTimeout(r, 2500)); // longer than a restart delay: nothing comes back
    expect(await emperorPid(settings)).toBeNull();
    expect(await emperorStatus(runtime)).toMatchObject({ running: false, pid: null, supervisor: null });
    await stopEmperor(runtime); // idempotent
  });
});
