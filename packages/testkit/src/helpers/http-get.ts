import { request } from 'node:http';

export interface HttpAnswer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export interface HttpGetOptions {
  /** The Host header (default `127.0.0.1`): `*.localhost` names need not resolve. */
  host?: string;
  timeoutMs?: number;
}

/**
 * GET `http://127.0.0.1:<port><path>` on a connection of its own (`agent: false`: a proxy
 * reload closes idle kept-alive connections, which Node's client would not retry).
 */
export function httpGet(port: number, path = '/', options: HttpGetOptions = {}): Promise<HttpAnswer> {
  const host = options.host ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'GET', headers: { Host: host }, timeout: options.timeoutMs ?? 5000, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`GET ${host}${path} on port ${port} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
