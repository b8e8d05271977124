import { connect } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { isPortOpen } from '@hop3/kit';
import { startPrivatePostgres, type PrivatePostgres } from './private-postgres.js';
import { startPrivateRedis, type PrivateRedis } from './private-redis.js';

/** Send raw RESP commands and collect the replies (no client library needed). */
function resp(port: number, commands: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      if (answer.split('\r\n').length > commands.length) socket.end();
    });
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
    socket.write(commands.map((c) => `${c}\r\n`).join(''));
  });
}

describe('startPrivateRedis (real redis-server)', () => {
  let redis: PrivateRedis | undefined;
  afterAll(async () => redis?.destroy());

  it('answers on loopback with its password only, and is gone after destroy()', async () => {
    redis = await startPrivateRedis();
    expect(redis.url).toBe(`redis://default:${redis.password}@127.0.0.1:${redis.port}/0`);
    expect(await resp(redis.port, ['PING'])).toMatch(/^-NOAUTH/);
    expect(await resp(redis.port, [`AUTH default ${redis.password}`, 'PING'])).toBe('+OK\r\n+PONG\r\n');
    await redis.destroy();
    await redis.destroy();
    expect(await isPortOpen(redis.port, '127.0.0.1')).toBe(false);
  });
});

describe('startPrivatePostgres (real PostgreSQL)', () => {
  let cluster: PrivatePostgres | undefined;
  afterAll(async () => cluster?.destroy());

  it('listens on its own loopback port and stops for good on destroy()', async () => {
    cluster = await startPrivatePostgres();
    expect(cluster.adminUrl).toMatch(new RegExp(`^postgres://postgres:.+@127\\.0\\.0\\.1:${cluster.port}/postgres$`));
    expect(await isPortOpen(cluster.port, '127.0.0.1')).toBe(true);
    await cluster.destroy();
    await cluster.destroy();
    expect(await isPortOpen(cluster.port, '127.0.0.1')).toBe(false);
  });
});
