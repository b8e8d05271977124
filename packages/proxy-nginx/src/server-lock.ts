import { withLock } from '@hop3/kit';
import type { NginxServer } from './server.js';

/**
 * Run `fn` holding the nginx lock: every write-test-reload sequence goes through it, so no
 * `nginx -t` ever sees another app's file before that file has passed its own test. Long
 * timeout: a peer may be generating a certificate or waiting for nginx to start.
 */
export function withServerLock<T>(server: NginxServer, fn: () => Promise<T>): Promise<T> {
  return withLock(server.lockFile, fn, { timeoutMs: 120_000 });
}
