import { copyFile, mkdir, readdir, rename, rm, stat, utimes } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '@hop3/kit';

/** `<app>_<kind>.<n>.g<gen>.ini`: app names cannot contain `_`, so one app never matches another. */
export function vassalFileName(app: string, kind: string, ordinal: number, generation: number): string {
  return `${app}_${kind}.${ordinal}.g${generation}.ini`;
}

export function isAppVassal(app: string, file: string): boolean {
  return file.startsWith(`${app}_`) && file.endsWith('.ini');
}

/**
 * Write the vassal to the available dir atomically, then put a copy in the watched dir with
 * an atomic rename, so the emperor never reads a half-written file.
 */
export async function installVassal(availableDir: string, vassalsDir: string, file: string, text: string): Promise<void> {
  await writeFileAtomic(join(availableDir, file), text);
  await mkdir(vassalsDir, { recursive: true });
  const temp = join(vassalsDir, `.${file}.${process.pid}.tmp`);
  await copyFile(join(availableDir, file), temp);
  await rename(temp, join(vassalsDir, file));
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
