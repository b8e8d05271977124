import { createServer } from 'node:net';
import { RedisErrorCodes, redisError } from './errors.js';

/** True when nothing listens on 127.0.0.1:`port` right now (we can bind it). */
export function canBind(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * A port in `range` that no other service has claimed and that is free now. Starts at a
 * random point of the range so two hosts (or test runs) creating services at the same moment
 * rarely pick the same one.
 */
export async function allocatePort(
  range: { first: number; last: number },
  taken: ReadonlySet<number>,
  random: () => number = Math.random,
): Promise<number> {
  const size = range.last - range.first + 1;
  const offset = Math.floor(random() * size);
  for (let i = 0; i < size; i++) {
    const port = range.first + ((offset + i) % size);
    if (taken.has(port)) continue;
    if (await canBind(port)) return port;
  }
  throw redisError({
    code: RedisErrorCodes.noFreePort,
    message: `No free port for a redis service in ${range.first}-${range.last}; widen HOP3_REDIS_PORTS`,
    details: { range },
  });
}
