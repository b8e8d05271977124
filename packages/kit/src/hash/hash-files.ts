import type { Hash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize, sep } from 'node:path';
import { kitError, KitErrorCodes } from '../errors.js';

interface Entry {
  /** What goes into the digest: the path as given (sha256Files) or relative to dir (hashFiles). */
  name: string;
  path: string;
}

async function readIfPresent(path: string): Promise<Buffer | undefined> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'EISDIR') {
      throw kitError({
        code: KitErrorCodes.invalidInput,
        message: `Cannot hash ${path}: it is a directory; list the files inside it instead`,
        cause: error,
        details: { path },
      });
    }
    throw error;
  }
}

/** Length-prefixed fields so that no two different inputs feed the hash the same bytes. */
function field(hash: Hash, data: string | Buffer): void {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  hash.update(`${bytes.length}:`);
  hash.update(bytes);
}

async function digest(entries: Entry[]): Promise<string> {
  const unique = [...new Map(entries.map((entry) => [entry.name, entry])).values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const contents = await Promise.all(unique.map((entry) => readIfPresent(entry.path)));
  const { createHash } = await import('node:crypto'); // on first use: read-only commands never load crypto
  const hash = createHash('sha256');
  hash.update('hop3-files-v1\n');
  unique.forEach((entry, index) => {
    const content = contents[index];
    field(hash, entry.name);
    if (content === undefined) {
      hash.update('absent\n');
    } else {
      hash.update('present\n');
      field(hash, content);
    }
  });
  return hash.digest('hex');
}

/**
 * SHA-256 (hex) over the names and contents of `paths`. Order and duplicates do not matter; a
 * missing file counts as "absent" (so creating it changes the digest). The names are part of
 * the digest, so prefer {@link hashFiles} when the directory may move.
 */
export async function sha256Files(paths: readonly string[]): Promise<string> {
  return digest(paths.map((path) => ({ name: path, path })));
}

/**
 * SHA-256 (hex) over files of `dir` named relative to it (`requirements.txt`, `pyproject.toml`)
 * — the same digest wherever `dir` lives, for "dependencies unchanged, skip the install".
 * Paths must stay inside `dir`.
 */
export async function hashFiles(dir: string, relativePaths: readonly string[]): Promise<string> {
  const entries = relativePaths.map((relative) => {
    const name = normalize(relative).split(sep).join('/');
    if (relative === '' || isAbsolute(relative) || name === '..' || name.startsWith('../')) {
      throw kitError({
        code: KitErrorCodes.invalidInput,
        message: `Cannot hash ${JSON.stringify(relative)}: give a path relative to ${dir} that stays inside it`,
        details: { dir, path: relative },
      });
    }
    return { name, path: join(dir, name) };
  });
  return digest(entries);
}
