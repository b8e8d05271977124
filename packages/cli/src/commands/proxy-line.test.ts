import { describe, expect, it } from 'vitest';
import { proxyLine } from './proxy-line.js';

describe('proxyLine', () => {
  it('names the ports and the fix when the proxy misses every endpoint, or some', () => {
    expect(proxyLine('demo', { backends: ['127.0.0.1:1'], live: ['127.0.0.1:2'], missed: ['127.0.0.1:2'] })).toBe(
      'proxy: sends to 127.0.0.1:1, where the app no longer answers; it answers on 127.0.0.1:2. Run "hop3 start demo" to point it there.',
    );
    expect(proxyLine('demo', { backends: ['127.0.0.1:1'], live: ['127.0.0.1:1', '127.0.0.1:2'], missed: ['127.0.0.1:2'] })).toBe(
      'proxy: does not send to 127.0.0.1:2, where the app also answers. Run "hop3 start demo" to point it there.',
    );
  });

  it('says what a request through the proxy got, and the fix, when it did not reach the app', () => {
    const down = { ok: false, detail: 'nginx does not answer on http://127.0.0.1:8080/ (ECONNREFUSED)', fix: 'Run "hop3 server start".' };
    expect(proxyLine('demo', { backends: ['127.0.0.1:1'], live: ['127.0.0.1:1'], missed: [] }, down)).toBe(
      'proxy: nginx does not answer on http://127.0.0.1:8080/ (ECONNREFUSED). Run "hop3 server start".',
    );
    expect(proxyLine('demo', null, { ok: true, detail: 'nginx answers 200 for demo.localhost' })).toBeNull();
  });

  it('says nothing when the proxy reaches every endpoint or nothing is known', () => {
    expect(proxyLine('demo', { backends: ['127.0.0.1:1'], live: ['127.0.0.1:1'], missed: [] })).toBeNull();
    expect(proxyLine('demo', null)).toBeNull();
  });
});
