import { chmod, chown, lstat, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface PrivateDirOptions {
  /** Default 0o700: only the owner enters. */
  mode?: number;
  /** Give the directory to this account (as root, for a process that drops to it). */
  owner?: { uid: number; gid: number } | null;
}

/**
 * Create `path` (parents with the usual mode) and give it exactly `mode` and `owner`, also when it
 * already existed with another mode: directories that hold an app's env, logs or credentials.
 * A symbolic link is refused rather than followed (root must never chmod/chown through one).
 */
export async function ensurePrivateDir(path: string, options: PrivateDirOptions = {}): Promise<void> {
  const mode = options.mode ?? 0o700;
  await mkdir(dirname(path), { recursive: true });
  try {
    await mkdir(path, { mode: mode & 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const stats = await lstat(path);
    if (!stats.isDirectory()) {
      throw Object.assign(new Error(`${path} exists but is not a directory`), { code: 'ENOTDIR', path });
    }
  }
  if (options.owner) await chown(path, options.owner.uid, options.owner.gid);
  await chmod(path, mode);
}
