import { describe, expect, it } from 'vitest';
import { deploymentInfoOf } from './deployment-info.js';
import type { GenerationRecord, VassalRecord } from './state.js';

const generation = (vassals: VassalRecord[]): GenerationRecord => ({ generation: 3, committed: true, sourcePath: '/apps/shop/releases/3', vassals });
const vassal = (kind: string, ordinal: number, port: number | null, socket: string | null = null): VassalRecord => ({
  kind,
  ordinal,
  port,
  socket,
  file: `shop_${kind}.${ordinal}.g3.ini`,
});

describe('deploymentInfoOf', () => {
  it('points the proxy at the wsgi socket, with the http port for health checks', () => {
    const info = deploymentInfoOf(generation([vassal('wsgi', 1, 9001, '/run/shop_wsgi.g3.sock'), vassal('worker', 1, null)]), { wsgi: 'app:app', worker: 'x' });
    expect(info).toEqual({ protocol: 'unix', address: '/run/shop_wsgi.g3.sock', port: 9001 });
  });

  it('balances over every web process, in ordinal order', () => {
    const info = deploymentInfoOf(generation([vassal('web', 2, 9102), vassal('web', 1, 9101), vassal('web', 3, 9103)]), { web: 'node s.js' });
    expect(info).toEqual({
      protocol: 'http',
      address: '127.0.0.1',
      port: 9101,
      upstreams: [
        { address: '127.0.0.1', port: 9102 },
        { address: '127.0.0.1', port: 9103 },
      ],
    });
  });

  it('serves static-only apps from their files, and has no target for background workers only', () => {
    expect(deploymentInfoOf(generation([]), { static: 'public' })).toEqual({ protocol: 'static', address: '/apps/shop/releases/3', port: null });
    expect(deploymentInfoOf(generation([vassal('worker', 1, null)]), { worker: 'x' })).toEqual({ protocol: 'tcp', address: '127.0.0.1', port: null });
  });

  it('names the log of the process that answers when given the log dir', () => {
    const workers = { wsgi: 'app:app', worker: 'x' };
    const info = deploymentInfoOf(generation([vassal('worker', 1, null), vassal('wsgi', 1, 9001, '/run/shop_wsgi.g3.sock')]), workers, '/apps/shop/log');
    expect(info.logFile).toBe('/apps/shop/log/wsgi.1.log');
    const web = deploymentInfoOf(generation([vassal('web', 2, 9002), vassal('web', 1, 9001)]), { web: 'node s.js' }, '/apps/shop/log');
    expect(web.logFile).toBe('/apps/shop/log/web.1.log');
    expect(deploymentInfoOf(generation([vassal('worker', 1, null)]), { worker: 'x' }, '/apps/shop/log').logFile).toBeUndefined();
  });
});
