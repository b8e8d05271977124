import { findFreePort } from '@hop3/kit';

/** `count` distinct TCP ports free on 127.0.0.1 right now (bind them soon: another process may take them). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await findFreePort());
  return [...ports];
}

export { findFreePort as freePort };
