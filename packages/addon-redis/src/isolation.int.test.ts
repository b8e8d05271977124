import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAddon } from './redis-addon.js';
import { createTestRuntime, requirePrograms, type TestRuntime } from '@hop3/testkit';
import { withClient } from './test-support/redis-data.js';

describe('two redis services are isolated (real redis-server)', () => {
  let runtime: TestRuntime;
  let a: RedisAddon;
  let b: RedisAddon;
  let urlA: string;
  let urlB: string;
  let detailsA: Record<string, string>;
  let detailsB: Record<string, string>;

  beforeAll(async () => {
    requirePrograms(['redis-server', 'redis-check-rdb'], 'apt-get install redis-server');
    runtime = await createTestRuntime({ env: { HOP3_REDIS_PORTS: '16500-16549' }, prefix: 'hop3-redis-' });
    a = new RedisAddon('app-a', runtime);
    b = new RedisAddon('app-b', runtime);
    await Promise.all([a.create(), b.create()]);
    detailsA = await a.getConnectionDetails();
    detailsB = await b.getConnectionDetails();
    urlA = detailsA.REDIS_URL!;
    urlB = detailsB.REDIS_URL!;
  });

  afterAll(async () => {
    await Promise.all([a?.destroy(), b?.destroy()]);
    await runtime?.cleanup();
  });

  it('gives each its own port and password', () => {
    expect(detailsA.REDIS_PORT).not.toBe(detailsB.REDIS_PORT);
    expect(detailsA.REDIS_PASSWORD).not.toBe(detailsB.REDIS_PASSWORD);
  });

  it("does not accept A's password on B's port", async () => {
    const crossed = `redis://default:${detailsA.REDIS_PASSWORD}@127.0.0.1:${detailsB.REDIS_PORT}/0`;
    await expect(withClient(crossed, (client) => client.ping())).rejects.toThrow(/WRONGPASS/);
  });

  it("keeps B's keys invisible from A, even to KEYS and FLUSHALL", async () => {
    await withClient(urlB, (client) => client.set('secret:of-b', 'b-only'));
    await withClient(urlA, async (client) => {
      expect(await client.keys('*')).toEqual([]);
      expect(await client.exists('secret:of-b')).toBe(0);
      await client.flushAll();
    });
    await withClient(urlB, async (client) => expect((await client.get('secret:of-b'))?.toString()).toBe('b-only'));
  });

  it('backs up and restores one without touching the other', async () => {
    await withClient(urlA, (client) => client.set('k', 'a-1'));
    const backupA = await a.backup();
    await withClient(urlA, (client) => client.set('k', 'a-2'));
    await withClient(urlB, (client) => client.set('k', 'b-1'));
    await a.restore(backupA);
    await withClient(urlA, async (client) => expect((await client.get('k'))?.toString()).toBe('a-1'));
    await withClient(urlB, async (client) => expect((await client.get('k'))?.toString()).toBe('b-1'));
  });

  it('destroying one leaves the other running', async () => {
    await a.destroy();
    expect(await a.isRunning()).toBe(false);
    expect(await b.isRunning()).toBe(true);
    await withClient(urlB, async (client) => expect((await client.get('secret:of-b'))?.toString()).toBe('b-only'));
  });
});
