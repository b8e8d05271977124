// Small helpers shared by the benchmarks.
import { createServer } from 'node:net';

/** The median of a list of numbers (NaN for an empty list). */
export function median(values) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A free loopback port (the kernel picks it; closed again before use). */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** `count` distinct free loopback ports. */
export async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * The environment of a benchmark's own hop3: a private HOP3_ROOT, free loopback ports, the
 * embedded nginx and uWSGI, first-party plugins only, and pip without a package index.
 */
export async function privateHop3Env(root, extra = {}) {
  const [http, https] = await freePorts(2);
  return {
    ...process.env,
    HOP3_ROOT: root,
    HOP3_HTTP_PORT: String(http),
    HOP3_HTTPS_PORT: String(https),
    HOP3_DISCOVER: '0',
    HOP3_SERVICES: 'embedded',
    PIP_NO_INDEX: '1',
    PIP_CONFIG_FILE: '/dev/null',
    ...extra,
  };
}
