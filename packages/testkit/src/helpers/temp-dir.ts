import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A directory of a test's own under the OS temp dir. */
export interface TempDir {
  readonly path: string;
  /** `join(path, ...parts)`. */
  join(...parts: string[]): string;
  /** Remove it and everything in it. Idempotent. */
  cleanup(): Promise<void>;
}

/** A fresh empty directory (`/tmp/<prefix>XXXXXX`), removed by `cleanup()`. */
export async function createTempDir(prefix = 'hop3-test-'): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  return {
    path,
    join: (...parts) => join(path, ...parts),
    cleanup: () => rm(path, { recursive: true, force: true }),
  };
}
