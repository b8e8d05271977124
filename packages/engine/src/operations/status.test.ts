import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../create-engine.js';
import { createFakeWorld, fakePlugin, FAKE_PROXY, type FakeWorld } from '../test-support/fake-plugins.js';

// `status` against the proxy: processes that came back on their own on another port (as Swarm
// restarts a crashed task) serve, but not through a proxy that still sends to the old port.

let dir: string;
let world: FakeWorld;
let elsewhere: FakeWorld;
let engine: Engine;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hop3-status-'));
  const source = join(dir, 'demo');
  await mkdir(source);
  await writeFile(join(source, 'Procfile'), 'web: serve --port $PORT\n');
  [world, elsewhere] = await Promise.all([createFakeWorld(), createFakeWorld()]);
  engine = await createEngine({
    root: join(dir, 'root'),
    env: { HOP3_PROXY: FAKE_PROXY, HOP3_START_TIMEOUT: '10' },
    plugins: { plugins: [fakePlugin(world)], discover: false },
  });
  await engine.deploy({ sourceDir: source, appName: 'demo' });
});

afterEach(async () => {
  await Promise.all([world.close(), elsewhere.close()]);
  await rm(dir, { recursive: true, force: true });
});

describe('status and the proxy', () => {
  it('is running when the deployer answers where the proxy sends', async () => {
    world.movedTo = world.port;
    const status = await engine.status({ app: 'demo' });
    expect(status.status).toBe('running');
    expect(status.proxy).toEqual({ backends: [`127.0.0.1:${world.port}`], live: [`127.0.0.1:${world.port}`], missed: [] });
  });

  it('is unreachable when a request through the proxy does not get to the app (proxy down, or its 502)', async () => {
    world.proxyProbe = { ok: false, detail: 'fake proxy does not answer', fix: 'Run "hop3 server start".' };
    const down = await engine.status({ app: 'demo' });
    expect(down.status).toBe('unreachable');
    expect(down.proxyProbe).toEqual(world.proxyProbe);
    world.proxyProbe = { ok: true, detail: 'fake proxy answers 200' };
    expect((await engine.status({ app: 'demo' })).status).toBe('running');
  });

  it('does not probe the proxy for an app whose processes are down', async () => {
    world.proxyProbe = { ok: false, detail: 'fake proxy answers 502' };
    world.healthStatus = 500; // its web process no longer serves
    const status = await engine.status({ app: 'demo' });
    expect(status.proxyProbe).toBeNull();
    expect(status.status).not.toBe('unreachable');
  });

  it('claims nothing about the proxy when the deployer does not say where it answers', async () => {
    const status = await engine.status({ app: 'demo' });
    expect(status.status).toBe('running');
    expect(status.proxy).toBeNull();
  });

  it('is unreachable, naming both ports, when the processes came back on a port the proxy does not send to; start points the proxy there', async () => {
    world.movedTo = elsewhere.port;
    const status = await engine.status({ app: 'demo' });
    expect(status.running).toBe(true); // the processes themselves answer
    expect(status.status).toBe('unreachable');
    expect(status.proxy).toEqual({ backends: [`127.0.0.1:${world.port}`], live: [`127.0.0.1:${elsewhere.port}`], missed: [`127.0.0.1:${elsewhere.port}`] });

    const mark = world.journal.length;
    await engine.start({ app: 'demo' });
    expect(world.journal.slice(mark)).toContain(`proxy setup 127.0.0.1:${elsewhere.port}`);
    const after = await engine.status({ app: 'demo' });
    expect(after.status).toBe('running');
    expect(after.proxy?.missed).toEqual([]);
  });

  it('server start points the proxy at a running app that came back on another port, once, and leaves a stopped app alone', async () => {
    world.movedTo = elsewhere.port;
    const mark = world.journal.length;
    expect((await engine.server.start()).repointed).toEqual([{ app: 'demo', endpoints: [`127.0.0.1:${elsewhere.port}`] }]);
    expect(world.journal.slice(mark)).toContain(`proxy setup 127.0.0.1:${elsewhere.port}`);
    expect((await engine.status({ app: 'demo' })).status).toBe('running');
    expect((await engine.server.start()).repointed).toEqual([]);

    await engine.stop({ app: 'demo' });
    world.movedTo = world.port;
    expect((await engine.server.start()).repointed).toEqual([]);
    expect((await engine.server.status()).repointed).toBeUndefined();
  });

  it('server start reports an app it could not point the proxy at, with the error, and leaves the proxy as it was', async () => {
    world.movedTo = elsewhere.port;
    elsewhere.healthStatus = 500; // what answers on the new port is broken: the health gate fails
    const impatient = await createEngine({ root: join(dir, 'root'), env: { HOP3_PROXY: FAKE_PROXY, HOP3_START_TIMEOUT: '1' }, plugins: { plugins: [fakePlugin(world)], discover: false } });
    const mark = world.journal.length;
    const [failed] = (await impatient.server.start()).repointed ?? [];
    expect(failed).toMatchObject({ app: 'demo', error: { code: 'HOP3_HEALTH_GATE_FAILED', message: expect.any(String) } });
    expect(world.journal.slice(mark).filter((entry) => entry.startsWith('proxy setup'))).toEqual([]);
  });
});
