import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '@hop3/core';
import { createEngine } from './create-engine.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-engine-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('createEngine', () => {
  it('creates a missing root 0700 at the first change, never on a read, and refuses a bad host setting naming it', async () => {
    const root = join(dir, 'root');
    const engine = await createEngine({ root, env: {}, plugins: { discover: false } });
    expect(engine.root).toBe(root);
    expect(await engine.apps()).toEqual([]);
    await expect(stat(root)).rejects.toMatchObject({ code: 'ENOENT' });
    await expect(engine.destroy({ app: 'nope' })).rejects.toMatchObject({ code: 'HOP3_APP_NOT_FOUND' });
    expect((await stat(root)).mode & 0o777).toBe(0o700);
    await expect(createEngine({ root, env: { HOP3_START_TIMEOUT: 'abc' } })).rejects.toMatchObject({ code: 'HOP3_INVALID_INPUT', message: expect.stringContaining('HOP3_START_TIMEOUT') });
  });

  it('lists apps and refuses an unknown app without loading any plugin', async () => {
    const engine = await createEngine({ root: join(dir, 'lazy'), env: {}, plugins: { plugins: ['hop3-plugin-that-does-not-exist'], discover: false } });
    expect(await engine.apps()).toEqual([]);
    await expect(engine.logs({ app: 'nope' })).rejects.toMatchObject({ code: 'HOP3_APP_NOT_FOUND' });
    expect(engine.report).toBeNull();
  });

  it('loads exactly the plugin set it is given, once', async () => {
    const plugin = definePlugin({ name: 'hop3-plugin-fake', apiVersion: 1, hooks: { getServices: () => [{ name: 'fake', start() {}, stop() {}, status: () => ({ running: true, pid: 7 }) }] } });
    const engine = await createEngine({ root: join(dir, 'set'), env: {}, plugins: { plugins: [plugin], discover: false } });
    const report = await engine.loadPlugins();
    expect(report.loaded.map((p) => p.name)).toEqual(['hop3-plugin-fake']);
    expect(engine.report).toBe(report);
    expect(await engine.server.status()).toEqual({ services: [{ name: 'fake', running: true, pid: 7 }] });
  });
});
