import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { findFreePort } from './find-free-port.js';
import { waitForHttp } from './wait-for-http.js';
import { close, httpServer, listen } from '../test-support/servers.js';
import { failure } from '../test-support/failure.js';


describe('waitForHttp', () => {
  it('waits until the server answers and returns status and body', async () => {
    const port = await findFreePort();
    const server = httpServer((_req, res) => res.end('hello'));
    setTimeout(() => void listen(server, port), 300);
    const answer = await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 5_000, intervalMs: 50 });
    expect(answer).toEqual({ status: 200, body: 'hello' });
    await close(server);
  });

  it('keeps polling while the status is not accepted', async () => {
    let calls = 0;
    const server = httpServer((_req, res) => {
      calls += 1;
      res.statusCode = calls < 3 ? 502 : 204;
      res.end();
    });
    const port = await listen(server);
    const answer = await waitForHttp(`http://127.0.0.1:${port}/health`, { timeoutMs: 5_000, intervalMs: 20 });
    expect(answer.status).toBe(204);
    expect(calls).toBe(3);
    await close(server);
  });

  it('does not follow redirects', async () => {
    const server = httpServer((_req, res) => {
      res.writeHead(301, { location: 'http://192.0.2.1/' });
      res.end();
    });
    const port = await listen(server);
    const started = performance.now();
    const answer = await waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 10_000 });
    expect(answer.status).toBe(301);
    expect(performance.now() - started).toBeLessThan(3_000); // the first request was enough
    await close(server);
  });

  it('throws HOP3_TIMEOUT with the last status when never accepted', async () => {
    const server = httpServer((_req, res) => {
      res.statusCode = 404;
      res.end('nope');
    });
    const port = await listen(server);
    // 3 s, not 0.3: on a loaded machine the first request alone can take longer than that.
    const error = await failure(waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 3_000, intervalMs: 50, accept: (s) => s === 200 }));
    expect(hasErrorCode(error, 'HOP3_TIMEOUT')).toBe(true);
    expect(error.message).toContain(`http://127.0.0.1:${port}/`);
    expect(error.message).toContain('HTTP 404');
    await close(server);
  });

  it('bounds each request so a hanging server cannot stall past the deadline', async () => {
    const server = httpServer(() => undefined); // never answers
    const port = await listen(server);
    const started = performance.now();
    const error = await failure(waitForHttp(`http://127.0.0.1:${port}/`, { timeoutMs: 400, requestTimeoutMs: 150 }));
    expect(hasErrorCode(error, 'HOP3_TIMEOUT')).toBe(true);
    expect(performance.now() - started).toBeLessThan(3_000);
    server.closeAllConnections();
    await close(server);
  });
});
