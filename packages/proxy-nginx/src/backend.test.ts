import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { resolveBackend } from './backend.js';
import { NginxErrorCodes } from './errors.js';

describe('resolveBackend', () => {
  it('maps a unix socket to uwsgi', () => {
    expect(resolveBackend('app', { protocol: 'unix', address: '/home/hop3/run/app.sock', port: null })).toEqual({ kind: 'uwsgi', app: 'app', socket: '/home/hop3/run/app.sock' });
    expect(resolveBackend('app', { protocol: 'unix', address: 'unix:/run/a.sock', port: null })).toMatchObject({ socket: '/run/a.sock' });
  });

  it('maps http to an upstream with every instance', () => {
    const spec = resolveBackend('my-app', {
      protocol: 'http',
      address: '127.0.0.1',
      port: 5000,
      upstreams: [
        { address: '127.0.0.1', port: 5001 },
        { address: '::1', port: 5002 },
        { address: '127.0.0.1', port: 5000 },
      ],
    });
    expect(spec).toEqual({ kind: 'http', app: 'my-app', scheme: 'http', upstream: 'hop3_app_my_app', servers: ['127.0.0.1:5000', '127.0.0.1:5001', '[::1]:5002'] });
  });

  it('accepts host:port in the address when the port is null', () => {
    expect(resolveBackend('a', { protocol: 'http', address: 'localhost:8000', port: null })).toMatchObject({ servers: ['localhost:8000'] });
  });

  it('has no backend for static apps', () => {
    expect(resolveBackend('a', { protocol: 'static', address: '/srv', port: null })).toEqual({ kind: 'none', app: 'a' });
  });

  it.each([
    [{ protocol: 'tcp', address: '127.0.0.1', port: 5432 }, 'tcp'],
    [{ protocol: 'http', address: '127.0.0.1', port: null }, 'port'],
    [{ protocol: 'http', address: 'evil; include /etc/passwd', port: 80 }, 'not an IP address'],
    [{ protocol: 'unix', address: 'relative.sock', port: null }, 'absolute'],
    [{ protocol: 'unix', address: '/run/a;b.sock', port: null }, 'absolute'],
  ] as const)('rejects %j', (backend, words) => {
    try {
      resolveBackend('a', backend);
    } catch (error) {
      expect(hasErrorCode(error, NginxErrorCodes.unsupportedBackend)).toBe(true);
      expect((error as Error).message).toContain(words);
      return;
    }
    throw new Error('expected a failure');
  });
});
