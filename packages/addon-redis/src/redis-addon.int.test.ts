import { createServer, type Server } from 'node:net';
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import plugin from './index.js';
import { RedisAddon } from './redis-addon.js';
import { RedisErrorCodes } from './errors.js';
import { listRedisServices } from './list-services.js';
import { canBind } from './allocate-port.js';
import { createTestRuntime, requirePrograms, type TestRuntime } from '@hop3/testkit';
import { withClient } from './test-support/redis-data.js';

async function addonFromPlugin(name: string, runtime: TestRuntime): Promise<RedisAddon> {
  const entries = await plugin.hooks.getAddons();
  const entry = entries.find((e) => e.name === 'redis');
  if (!entry || !('create' in entry)) throw new Error('plugin has no redis addon descriptor');
  return (await entry.create(name, runtime)) as RedisAddon;
}

describe('redis addon lifecycle (real redis-server)', () => {
  let runtime: TestRuntime;
  let addon: RedisAddon;
  let details: Record<string, string>;
  const serviceDir = () => join(runtime.layout.addonDir('redis'), 'cache');

  beforeAll(async () => {
    requirePrograms(['redis-server', 'redis-check-rdb'], 'apt-get install redis-server');
    runtime = await createTestRuntime({ env: { HOP3_REDIS_PORTS: '16400-16449' }, prefix: 'hop3-redis-' });
    addon = await addonFromPlugin('cache', runtime);
  });

  afterAll(async () => {
    await addon?.destroy();
    await runtime?.cleanup();
  });

  it('creates a running service; a second create changes nothing', async () => {
    await addon.create();
    expect(await addon.isRunning()).toBe(true);
    details = await addon.getConnectionDetails();
    const pid = (await addon.info()).pid;
    const configBefore = await stat(join(serviceDir(), 'redis.conf'));
    const stateBefore = await readFile(join(serviceDir(), 'service.json'), 'utf8');

    await addon.create();
    expect(await addon.getConnectionDetails()).toEqual(details);
    expect((await addon.info()).pid).toBe(pid);
    expect((await stat(join(serviceDir(), 'redis.conf'))).mtimeMs).toBe(configBefore.mtimeMs);
    expect(await readFile(join(serviceDir(), 'service.json'), 'utf8')).toBe(stateBefore);
  });

  it('hands out a URL that works, on 127.0.0.1 with a long random password', async () => {
    const port = Number(details.REDIS_PORT);
    expect(port).toBeGreaterThanOrEqual(16400);
    expect(port).toBeLessThanOrEqual(16449);
    expect(details.REDIS_HOST).toBe('127.0.0.1');
    expect(details.REDIS_PASSWORD!.length).toBeGreaterThanOrEqual(32);
    expect(details.REDIS_URL).toBe(`redis://default:${details.REDIS_PASSWORD}@127.0.0.1:${port}/0`);
    await withClient(details.REDIS_URL!, async (client) => {
      await client.set('hello', 'world');
      expect((await client.get('hello'))?.toString()).toBe('world');
    });
  });

  it('keeps its files private: dir 0700, config and secrets 0600', async () => {
    expect((await stat(serviceDir())).mode & 0o777).toBe(0o700);
    expect((await stat(join(serviceDir(), 'data'))).mode & 0o777).toBe(0o700);
    expect((await stat(join(serviceDir(), 'redis.conf'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(serviceDir(), 'service.json'))).mode & 0o777).toBe(0o600);
    const config = await readFile(join(serviceDir(), 'redis.conf'), 'utf8');
    expect(config).toMatch(/^bind 127\.0\.0\.1$/m);
    expect(config).toMatch(/^protected-mode yes$/m);
    expect(config).toMatch(/^appendonly no$/m);
  });

  it('refuses clients without the password', async () => {
    await expect(withClient(`redis://127.0.0.1:${details.REDIS_PORT}/0`, (client) => client.get('hello'))).rejects.toThrow(/NOAUTH|auth/i);
    await expect(withClient(`redis://default:wrong-password@127.0.0.1:${details.REDIS_PORT}/0`, (client) => client.get('hello'))).rejects.toThrow(/WRONGPASS/);
  });

  it('reports status, version, keys, memory and port, and never the password', async () => {
    const info = await addon.info();
    expect(info).toMatchObject({ type: 'redis', service: 'cache', status: 'running', port: Number(details.REDIS_PORT), keys: 1 });
    expect(String(info.version)).toMatch(/^\d+\.\d+\.\d+$/);
    expect(info.usedMemoryBytes).toBeGreaterThan(0);
    expect(JSON.stringify(info)).not.toContain(details.REDIS_PASSWORD);
  });

  it('keeps the password off the process command line', async () => {
    const pid = Number((await addon.info()).pid);
    const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    expect(cmdline).toMatch(/redis-server/);
    expect(cmdline).not.toContain(details.REDIS_PASSWORD);
  });

  it('stops (twice in a row) keeping the data, and starts again on the next use', async () => {
    await addon.stop();
    await addon.stop();
    expect(await addon.isRunning()).toBe(false);
    expect(await canBind(Number(details.REDIS_PORT))).toBe(true);
    expect(await readdir(serviceDir())).not.toContain('redis.pid');

    const again = await addon.getConnectionDetails();
    expect(again).toEqual(details);
    expect(await addon.isRunning()).toBe(true);
    await withClient(details.REDIS_URL!, async (client) => expect((await client.get('hello'))?.toString()).toBe('world'));

    await addon.stop();
    // info() measures and starts nothing.
    expect((await addon.info()).status).toBe('stopped');
    expect(await addon.isRunning()).toBe(false);
    await addon.start();
    expect((await addon.info()).status).toBe('running');
    await addon.stop();
    await addon.backup();
    expect(await addon.isRunning()).toBe(true);
  });

  it('start is idempotent', async () => {
    await addon.start();
    await addon.start();
    expect(await addon.isRunning()).toBe(true);
  });

  it('lists services without secrets', async () => {
    const services = await listRedisServices(runtime);
    expect(services).toEqual([expect.objectContaining({ name: 'cache', port: Number(details.REDIS_PORT), running: true })]);
    expect(JSON.stringify(services)).not.toContain(details.REDIS_PASSWORD);
    const [service] = await plugin.hooks.getServices();
    expect(await service!.status(runtime)).toMatchObject({ running: true, services: [{ name: 'cache', running: true }] });
  });

  it('says why a server will not start, with its log, and no password', async () => {
    await addon.stop();
    // Something else takes the port while the service is stopped.
    const squatter: Server = createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => squatter.listen(Number(details.REDIS_PORT), '127.0.0.1', resolve));
    try {
      const error = await addon.start().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toMatchObject({ code: RedisErrorCodes.startFailed });
      expect((error as Error).message).toMatch(/Address already in use/);
      expect((error as Error).message).not.toContain(details.REDIS_PASSWORD);
      // Stopping a service whose port a stranger holds returns at once: nothing of ours runs.
      const started = performance.now();
      await addon.stop();
      expect(performance.now() - started).toBeLessThan(5_000);
    } finally {
      await new Promise<void>((resolve) => squatter.close(() => resolve()));
    }
    await addon.start();
    expect(await addon.isRunning()).toBe(true);
  });

  it('destroys (twice in a row): server stopped, files gone, backups kept', async () => {
    const backup = await addon.backup();
    await addon.destroy();
    await addon.destroy();
    expect(await canBind(Number(details.REDIS_PORT))).toBe(true);
    await expect(stat(serviceDir())).rejects.toMatchObject({ code: 'ENOENT' });
    expect((await stat(backup)).size).toBeGreaterThan(0);
    expect(await addon.info()).toEqual({ type: 'redis', service: 'cache', status: 'not_created' });
    await expect(addon.getConnectionDetails()).rejects.toMatchObject({ code: RedisErrorCodes.notCreated });
    expect(await listRedisServices(runtime)).toEqual([]);
  });

  it('never logged the password', () => {
    expect(runtime.lines.length).toBeGreaterThan(0);
    for (const line of runtime.lines) expect(line).not.toContain(details.REDIS_PASSWORD);
  });
});

describe('redis addon input checks', () => {
  let runtime: TestRuntime;

  beforeAll(async () => {
    runtime = await createTestRuntime({ env: { HOP3_REDIS_PORTS: '16400-16449' }, prefix: 'hop3-redis-' });
  });

  afterAll(async () => {
    await runtime?.cleanup();
  });

  const badNames = ['a"b', "it's", 'a;b', 'a b', 'Upper', 'x'.repeat(100), '', '../etc', '-lead', 'a/b', 'a\nb', '$(id)'];
  for (const name of badNames) {
    it(`refuses the name ${JSON.stringify(name.length > 20 ? `${name.slice(0, 20)}…` : name)} and creates nothing`, async () => {
      await expect(addonFromPlugin(name, runtime).then((addon) => addon.create())).rejects.toMatchObject({ code: RedisErrorCodes.invalidName });
      await expect(readdir(runtime.layout.root)).resolves.toEqual([]);
    });
  }

  it('refuses a bad setting with a message saying how to fix it', () => {
    const bad = { ...runtime, env: { ...runtime.env, HOP3_REDIS_MAXMEMORY: '10 mb\nrequirepass x' } };
    expect(() => new RedisAddon('ok', bad)).toThrow(/HOP3_REDIS_MAXMEMORY.*256mb/);
  });
});
