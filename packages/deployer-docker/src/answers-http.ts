import { request } from 'node:http';

/**
 * True when something answers HTTP on 127.0.0.1:`port` within `timeoutMs` (any status). A
 * published port alone proves nothing: docker's proxy accepts connections even when the app
 * inside does not listen.
 */
export function answersHttp(port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', method: 'GET', timeout: timeoutMs, headers: { connection: 'close' } }, (res) => {
      res.resume();
      resolve(true);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}
