import { waitUntil, type WaitOptions } from '../time/wait-until.js';
import { isPortOpen } from './is-port-open.js';

export interface WaitForPortOptions extends WaitOptions {
  /** Default 127.0.0.1. */
  host?: string;
}

const PER_TRY_TIMEOUT_MS = 500;

/** Resolve once `host:port` accepts TCP connections; `HOP3_TIMEOUT` after `timeoutMs` (default 10 s). */
export async function waitForPort(port: number, options: WaitForPortOptions = {}): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  await waitUntil((remaining) => isPortOpen(port, host, { timeoutMs: Math.max(50, Math.min(PER_TRY_TIMEOUT_MS, remaining)) }), {
    ...options,
    description: `${host}:${port} to accept connections`,
  });
}

/** Resolve once nothing accepts connections on `host:port` any more; `HOP3_TIMEOUT` otherwise. */
export async function waitForPortClosed(port: number, options: WaitForPortOptions = {}): Promise<void> {
  const host = options.host ?? '127.0.0.1';
  await waitUntil(async (remaining) => !(await isPortOpen(port, host, { timeoutMs: Math.max(50, Math.min(PER_TRY_TIMEOUT_MS, remaining)) })), {
    ...options,
    description: `${host}:${port} to stop accepting connections`,
  });
}
