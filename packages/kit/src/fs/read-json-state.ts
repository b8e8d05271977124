import { readFile } from 'node:fs/promises';
import { Hop3Error } from '@hop3/core';
import { KitErrorCodes } from '../errors.js';

/** The part of a zod schema this helper needs (kit does not depend on zod). */
export interface StateSchema<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }> } };
}

export interface ReadJsonStateOptions {
  /** What the file is, for the message: `the state file of app "blog"`. */
  what: string;
  /** How the user recovers, for the message: `run "hop3 destroy blog --yes", or restore the file from a backup`. */
  recovery: string;
  /** The error code, from the caller's own code map (default kit's `HOP3_STATE_CORRUPT`). */
  code?: string;
}

/**
 * Read a JSON state file through `schema`. A missing file is `undefined`; a file that cannot be
 * read, is not JSON (a disk that filled up mid-write) or does not fit the schema is one coded
 * error naming the file and how to recover. The parser's own message is not kept: it quotes
 * the file's text, and state files may hold secrets.
 */
export async function readJsonState<T>(path: string, schema: StateSchema<T>, options: ReadJsonStateOptions): Promise<T | undefined> {
  const code = options.code ?? KitErrorCodes.stateCorrupt;
  const damaged = (why: string, details: Record<string, unknown> = {}): Hop3Error =>
    new Hop3Error({
      code,
      message: `${capitalize(options.what)} is damaged (${why}): ${path}. To recover, ${options.recovery}.`,
      details: { path, ...details },
    });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code;
    if (errno === 'ENOENT') return undefined;
    if (errno === 'EISDIR') throw damaged('it is a directory, not a file');
    throw new Hop3Error({ code, message: `Cannot read ${options.what} ${path}: ${(error as Error).message}`, cause: error, details: { path } });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw damaged(text.trim() === '' ? 'it is empty' : 'it is not complete JSON, e.g. cut short by a full disk', { bytes: Buffer.byteLength(text) });
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? '' : ` at ${issue.path.map(String).join('.')}`;
    throw damaged(`unexpected content${where}: ${issue?.message ?? 'does not match'}`);
  }
  return parsed.data;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
