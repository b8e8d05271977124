import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

/**
 * GET through 127.0.0.1 with an explicit Host header (*.localhost need not resolve here).
 * Each request opens its own connection (`agent: false`): Node's default agent keeps
 * connections alive, and a graceful nginx reload closes idle ones, racing the next request on
 * them ("socket hang up"). Browsers and curl retry such a request on a new connection; Node's
 * client does not, so reusing connections would measure the client, not the deploy.
 */
export function httpGet(port: number, host: string, path = '/', timeoutMs = 5000): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host }, timeout: timeoutMs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
