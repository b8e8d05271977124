import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { allocatePort } from './allocate-port.js';
import { RedisErrorCodes } from './errors.js';

describe('allocatePort', () => {
  it('skips ports other services claimed and ports in use', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const busyPort = (busy.address() as { port: number }).port;
    try {
      // A three-port window: the busy port, one claimed by a stopped service, one free.
      const range = { first: busyPort, last: busyPort + 2 };
      const port = await allocatePort(range, new Set([busyPort + 1]), () => 0);
      expect(port).toBe(busyPort + 2);
    } finally {
      await new Promise<void>((resolve) => busy.close(() => resolve()));
    }
  });

  it('fails with a hint when the range is exhausted', async () => {
    await expect(allocatePort({ first: 20000, last: 20001 }, new Set([20000, 20001]))).rejects.toMatchObject({
      code: RedisErrorCodes.noFreePort,
      message: expect.stringContaining('HOP3_REDIS_PORTS'),
    });
  });
});
