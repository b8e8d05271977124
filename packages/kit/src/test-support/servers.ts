import { createServer as createHttpServer, type RequestListener, type Server as HttpServer } from 'node:http';
import { createServer as createTcpServer, type Server } from 'node:net';

/** Test helper: a server on 127.0.0.1 at `port` (0 = any); resolves with the bound port. */
export async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server has no address');
  return address.port;
}

export function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export function tcpServer(): Server {
  return createTcpServer((socket) => socket.end());
}

export function httpServer(handler: RequestListener): HttpServer {
  const server = createHttpServer(handler);
  server.keepAliveTimeout = 1; // let close() finish promptly in tests
  return server;
}
