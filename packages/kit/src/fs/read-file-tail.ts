import { open } from 'node:fs/promises';

/**
 * The last `maxBytes` of a (possibly large) file as lines, without reading the whole file. A
 * line cut by the byte limit is dropped; a file that does not exist gives [].
 */
export async function readFileTail(path: string, maxBytes: number): Promise<string[]> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return [];
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer.toString('utf8').split(/\r?\n/);
    if (size > length) lines.shift();
    return lines;
  } finally {
    await handle.close();
  }
}
