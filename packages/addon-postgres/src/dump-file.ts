import { open, stat } from 'node:fs/promises';
import { postgresError, PostgresErrorCodes } from './errors.js';

/** `custom` and `tar` go through pg_restore, `sql` through psql. */
export type DumpFormat = 'custom' | 'tar' | 'sql';

const SNIFF_BYTES = 64 * 1024;

/** Classify the first bytes of a dump (pure; unit-tested). */
export function sniffDumpFormat(head: Uint8Array): DumpFormat | undefined {
  const buffer = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (buffer.subarray(0, 5).toString('latin1') === 'PGDMP') return 'custom';
  if (buffer.length >= 262 && buffer.subarray(257, 262).toString('latin1') === 'ustar') return 'tar';
  // Plain SQL is text: no NUL bytes, and valid UTF-8 (a cut multi-byte character at the end is fine).
  if (buffer.includes(0)) return undefined;
  const text = new TextDecoder('utf-8', { fatal: false }).decode(buffer);
  const bad = text.slice(0, -4).includes('\uFFFD');
  return bad ? undefined : 'sql';
}

/**
 * Check that `path` is a non-empty regular file in a format we can restore, before anything
 * in the database is touched.
 */
export async function inspectDumpFile(path: string): Promise<DumpFormat> {
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw postgresError({ code: PostgresErrorCodes.backupInvalid, message: `Cannot restore from ${path}: it is not a regular file.`, details: { path } });
    size = info.size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw postgresError({ code: PostgresErrorCodes.backupNotFound, message: `Cannot restore: backup file ${path} does not exist.`, cause: error, details: { path } });
    }
    throw error;
  }
  if (size === 0) {
    throw postgresError({ code: PostgresErrorCodes.backupInvalid, message: `Cannot restore from ${path}: the file is empty. Nothing was changed.`, details: { path } });
  }
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(Math.min(size, SNIFF_BYTES));
    await handle.read(head, 0, head.length, 0);
    const format = sniffDumpFormat(head);
    if (!format) {
      throw postgresError({
        code: PostgresErrorCodes.backupInvalid,
        message: `Cannot restore from ${path}: it is neither a pg_dump archive (pg_dump -Fc / -Ft) nor a plain SQL file. Nothing was changed.`,
        details: { path },
      });
    }
    return format;
  } finally {
    await handle.close();
  }
}
