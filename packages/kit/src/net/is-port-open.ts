export interface PortCheckOptions {
  /** Give up on one connection attempt after this many milliseconds (default 500). */
  timeoutMs?: number;
}

/**
 * True when something accepts TCP connections on `host:port`. Never throws: a refused,
 * reset or timed-out connection (or an invalid port) is simply `false`.
 */
export async function isPortOpen(port: number, host = '127.0.0.1', options: PortCheckOptions = {}): Promise<boolean> {
  if (!Number.isInteger(port) || port <= 0 || port > 65_535) return false;
  const { connect } = await import('node:net'); // on first use: commands that open no socket never load net
  return new Promise((resolve) => {
    const socket = connect({ port, host });
    const done = (open: boolean): void => {
      socket.removeAllListeners();
      socket.on('error', () => undefined);
      socket.destroy();
      resolve(open);
    };
    socket.setTimeout(Math.ceil(options.timeoutMs ?? 500), () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
