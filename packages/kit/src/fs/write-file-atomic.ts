import { mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Only the owner reads and writes a file unless the caller says otherwise. */
export const DEFAULT_MODE = 0o600;

export interface AtomicWriteOptions {
  /**
   * File mode, applied exactly (whatever the umask) before the file becomes visible. Default
   * 0o600: hop3's files often hold an app's env or a credential, so readable by others is opt-in
   * (e.g. 0o644 for a config another service reads).
   */
  mode?: number;
  /** Create the parent directory if missing (default true). */
  mkdirs?: boolean;
}

/**
 * Write `data` to `path` so readers see either the old file or the whole new one: write a
 * temporary file beside it, fsync, then rename over the target.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  if (options.mkdirs ?? true) await mkdir(dir, { recursive: true });
  const { randomBytes } = await import('node:crypto'); // on first use: read-only commands never load crypto
  const temp = join(dir, `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const mode = options.mode ?? DEFAULT_MODE;
  const handle = await open(temp, 'wx', mode & 0o600);
  try {
    await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    await rename(temp, path);
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}

/** Write JSON (pretty, trailing newline) atomically. */
export async function writeJsonAtomic(path: string, value: unknown, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFileAtomic(path, `${JSON.stringify(value, null, 2)}\n`, options);
}
