import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisAddon } from './redis-addon.js';
import { createTestRuntime, requirePrograms, type TestRuntime } from '@hop3/testkit';

const run = promisify(execFile);

/** True when `python3 -c "import redis"` works: Python's client is optional on this machine. */
async function pythonRedisAvailable(): Promise<boolean> {
  try {
    await run('python3', ['-c', 'import redis']);
    return true;
  } catch {
    return false;
  }
}

// REDIS_URL must work as is with the clients apps use: redis-cli (Debian 12 ships 7.0, which
// sends an empty user name for `redis://:PASSWORD@…` and gets WRONGPASS), node's `redis` and
// `ioredis`, and Python's `redis` when it is installed.
describe('REDIS_URL with the standard clients (real redis-server)', () => {
  let runtime: TestRuntime;
  let addon: RedisAddon;
  let url: string;

  beforeAll(async () => {
    requirePrograms(['redis-server', 'redis-check-rdb'], 'apt-get install redis-server');
    runtime = await createTestRuntime({ env: { HOP3_REDIS_PORTS: '16550-16569' }, prefix: 'hop3-redis-' });
    addon = new RedisAddon('clients', runtime);
    await addon.create();
    url = (await addon.getConnectionDetails()).REDIS_URL!;
  });

  afterAll(async () => {
    await addon?.destroy();
    await runtime?.cleanup();
  });

  it('redis-cli -u', async () => {
    const { stdout } = await run('redis-cli', ['--no-auth-warning', '-u', url, 'ping']);
    expect(stdout.trim()).toBe('PONG');
    const { stdout: written } = await run('redis-cli', ['--no-auth-warning', '-u', url, 'set', 'from-cli', 'yes']);
    expect(written.trim()).toBe('OK');
  });

  it('node redis', async () => {
    const client = createClient({ url, socket: { reconnectStrategy: false } });
    client.on('error', () => undefined);
    await client.connect();
    try {
      expect(await client.ping()).toBe('PONG');
      expect(await client.get('from-cli')).toBe('yes');
    } finally {
      client.destroy();
    }
  });

  it('ioredis', async () => {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => undefined);
    await client.connect();
    try {
      expect(await client.ping()).toBe('PONG');
      expect(await client.get('from-cli')).toBe('yes');
    } finally {
      client.disconnect();
    }
  });

  it('python redis, when installed', async () => {
    if (!(await pythonRedisAvailable())) return; // optional: python3-redis is not a hop3 requirement
    const script = 'import os, redis; r = redis.Redis.from_url(os.environ["URL"]); print(r.ping(), r.get("from-cli").decode())';
    const { stdout } = await run('python3', ['-c', script], { env: { ...process.env, URL: url } });
    expect(stdout.trim()).toBe('True yes');
  });
});
