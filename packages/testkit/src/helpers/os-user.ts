import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The ids of a local system account for tests that need a non-root user (default `hop3test`),
 * created when missing (needs root). Tests that start a server which refuses root (initdb) use it.
 */
export async function ensureOsUser(name = 'hop3test'): Promise<{ uid: number; gid: number }> {
  const lookup = async () => {
    const uid = Number((await run('id', ['-u', name])).stdout.trim());
    const gid = Number((await run('id', ['-g', name])).stdout.trim());
    return { uid, gid };
  };
  try {
    return await lookup();
  } catch {
    // useradd exits 9 when a parallel test created the user first: look it up again.
    await run('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '--user-group', name]).catch(() => undefined);
    return lookup();
  }
}
