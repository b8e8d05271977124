import { mkdir, readdir, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '@hop3/kit';

/** `<app>_<kind>.<n>.g<gen>.ini`: app names cannot contain `_`, so one app never matches another. */
export function vassalFileName(app: string, kind: string, ordinal: number, generation: number): string {
  return `${app}_${kind}.${ordinal}.g${generation}.ini`;
}

export function isAppVassal(app: string, file: string): boolean {
  return file.startsWith(`${app}_`) && file.endsWith('.ini');
}

/**
 * Write the vassal to the available dir, then to the watched dir, each atomically (a temporary
 * `.…tmp` file the emperor ignores, renamed into place), so the emperor never reads a
 * half-written file. A vassal holds the app's env (its secrets): both copies are 0600 from
 * their first byte, and the available dir (ours alone) is 0700.
 */
export async function installVassal(availableDir: string, vassalsDir: string, file: string, text: string): Promise<void> {
  await ensurePrivateDir(availableDir);
  await writeFileAtomic(join(availableDir, file), text, { mode: 0o600 });
  await mkdir(vassalsDir, { recursive: true });
  await writeFileAtomic(join(vassalsDir, file), text, { mode: 0o600 });
}

/** Remove from the watched dir (the emperor stops the vassal) and, with `available`, for good. */
export async function removeVassal(vassalsDir: string, file: string, availableDir?: string): Promise<void> {
  await rm(join(vassalsDir, file), { force: true });
  if (availableDir !== undefined) await rm(join(availableDir, file), { force: true });
}

export async function listAppVassals(dir: string, app: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((file) => isAppVassal(app, file)).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Touch a vassal so the emperor reloads it; the mtime always moves forward by at least 1 s. */
export async function touchVassal(vassalsDir: string, file: string): Promise<boolean> {
  const path = join(vassalsDir, file);
  try {
    const { mtimeMs } = await stat(path);
    const when = new Date(Math.max(Date.now(), mtimeMs + 1000));
    await utimes(path, when, when);
    return true;
  } catch {
    return false;
  }
}
