import { createHash } from 'node:crypto';
import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A sha256 of the source tree (paths, file bytes and link targets, in name order), recorded as
 * the image's `hop3.source` label: two releases built from the same source carry the same one.
 */
export async function sourceHash(dir: string): Promise<string> {
  const hash = createHash('sha256');
  async function walk(relative: string): Promise<void> {
    const entries = (await readdir(join(dir, relative), { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const path = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) {
        hash.update(`d:${path}\0`);
        await walk(path);
      } else if (entry.isSymbolicLink()) {
        hash.update(`l:${path}\0${await readlink(join(dir, path))}\0`);
      } else if (entry.isFile()) {
        const bytes = await readFile(join(dir, path));
        hash.update(`f:${path}\0${bytes.length}\0`);
        hash.update(bytes);
      }
    }
  }
  await walk('');
  return hash.digest('hex').slice(0, 16);
}
