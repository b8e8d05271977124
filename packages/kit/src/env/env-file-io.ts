import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from '../fs/write-file-atomic.js';
import { parseEnvFile } from './parse-env-file.js';
import { serializeEnvFile } from './serialize-env-file.js';

export interface WriteEnvOptions {
  /** File mode (default 0o600: env files hold secrets). */
  mode?: number;
}

/** Read and parse an env file; a missing file is an empty record. */
export async function readEnvFile(path: string): Promise<Record<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  return parseEnvFile(text, { source: path });
}

/** Write `record` atomically (validated first, so a bad entry leaves the old file untouched). */
export async function writeEnvFile(path: string, record: Readonly<Record<string, string>>, options: WriteEnvOptions = {}): Promise<void> {
  const text = serializeEnvFile(record);
  await writeFileAtomic(path, text, { mode: options.mode ?? 0o600 });
}
