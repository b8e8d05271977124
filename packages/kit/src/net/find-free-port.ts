/**
 * A TCP port that is free on `host` right now: bind port 0, read what the kernel chose, close.
 * Another process may take it before you bind it yourself, so bind soon after.
 */
export async function findFreePort(host = '127.0.0.1'): Promise<number> {
  const { createServer } = await import('node:net'); // on first use: commands that open no socket never load net
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ port: 0, host, exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}
