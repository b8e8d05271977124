import { chmod, lstat, mkdir, realpath } from 'node:fs/promises';
import { dirname } from 'node:path';
import { engineError, EngineErrorCodes } from '../errors.js';

/**
 * Create HOP3_ROOT 0700 when it is missing: it holds every app's env, logs and credentials. An
 * existing root keeps its owner and group bits (`hop3 setup` makes /home/hop3 0750 so a system
 * nginx in the group can reach static files and sockets) but loses any access for others,
 * which older versions granted (0755).
 */
export async function ensureHop3Root(root: string): Promise<void> {
  let stats = await lstat(root).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (stats === null) {
    await mkdir(dirname(root), { recursive: true });
    await mkdir(root, { mode: 0o700 }).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    await chmod(root, 0o700);
    return;
  }
  if (stats.isSymbolicLink()) stats = await lstat(await realpath(root));
  if (!stats.isDirectory()) {
    throw engineError({ message: `HOP3_ROOT (${root}) is not a directory. Point HOP3_ROOT at a directory, or move the file away.`, code: EngineErrorCodes.rootNotADirectory });
  }
  const mine = stats.uid === process.getuid?.() || process.getuid?.() === 0;
  if ((stats.mode & 0o007) !== 0 && mine) await chmod(root, stats.mode & 0o770);
}
