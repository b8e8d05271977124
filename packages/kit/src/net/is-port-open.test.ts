import { describe, expect, it } from 'vitest';
import { findFreePort } from './find-free-port.js';
import { isPortOpen } from './is-port-open.js';
import { close, listen, tcpServer } from '../test-support/servers.js';

describe('isPortOpen', () => {
  it('is true while a server listens and false after it closes', async () => {
    const server = tcpServer();
    const port = await listen(server);
    expect(await isPortOpen(port, '127.0.0.1')).toBe(true);
    await close(server);
    expect(await isPortOpen(port, '127.0.0.1')).toBe(false);
  });

  it('never throws on nonsense', async () => {
    expect(await isPortOpen(0)).toBe(false);
    expect(await isPortOpen(70_000)).toBe(false);
    expect(await isPortOpen(await findFreePort(), 'hop3-no-such-host.invalid')).toBe(false);
  });
});
