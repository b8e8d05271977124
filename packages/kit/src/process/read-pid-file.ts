import { readFile } from 'node:fs/promises';

const ABSENT = new Set(['ENOENT', 'ENOTDIR', 'EISDIR']);

/**
 * The pid stored in a pid file, or null when the file is missing, empty or holds anything but
 * a positive integer (surrounding blanks and a trailing newline are fine). Other read errors
 * (such as EACCES) are thrown: "cannot tell" is not "not running".
 */
export async function readPidFile(path: string): Promise<number | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (ABSENT.has((error as NodeJS.ErrnoException).code ?? '')) return null;
    throw error;
  }
  const trimmed = text.trim();
  if (!/^\d{1,10}$/.test(trimmed)) return null;
  const pid = Number(trimmed);
  return pid > 0 && pid <= 2 ** 31 - 1 ? pid : null;
}
