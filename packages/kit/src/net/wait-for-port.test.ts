import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { findFreePort } from './find-free-port.js';
import { waitForPort, waitForPortClosed } from './wait-for-port.js';
import { close, listen, tcpServer } from '../test-support/servers.js';
import { failure } from '../test-support/failure.js';


describe('waitForPort', () => {
  it('waits for a server that starts late', async () => {
    const port = await findFreePort();
    const server = tcpServer();
    const started = performance.now();
    setTimeout(() => void listen(server, port), 300);
    await waitForPort(port, { timeoutMs: 5_000, intervalMs: 50 });
    expect(performance.now() - started).toBeGreaterThanOrEqual(250);
    await close(server);
  });

  it('throws HOP3_TIMEOUT naming the address', async () => {
    const port = await findFreePort();
    const error = await failure(waitForPort(port, { timeoutMs: 300, intervalMs: 50 }));
    expect(hasErrorCode(error, 'HOP3_TIMEOUT')).toBe(true);
    expect(error.message).toContain(`127.0.0.1:${port}`);
  });
});

describe('waitForPortClosed', () => {
  it('waits for a server to stop', async () => {
    const server = tcpServer();
    const port = await listen(server);
    setTimeout(() => void close(server), 200);
    await waitForPortClosed(port, { timeoutMs: 5_000, intervalMs: 50 });
    expect(server.listening).toBe(false);
  });

  it('throws HOP3_TIMEOUT while the port stays open', async () => {
    const server = tcpServer();
    const port = await listen(server);
    const error = await failure(waitForPortClosed(port, { timeoutMs: 300, intervalMs: 50 }));
    expect(hasErrorCode(error, 'HOP3_TIMEOUT')).toBe(true);
    expect(error.message).toContain('stop accepting');
    await close(server);
  });
});
