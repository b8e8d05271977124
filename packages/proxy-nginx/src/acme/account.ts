import { randomBytes } from 'node:crypto';
import { link, open, readFile, rm } from 'node:fs/promises';
import { ensurePrivateDir } from '@hop3/kit';
import type { AcmeLibrary } from './client.js';
import type { AcmePaths } from './paths.js';

/**
 * The ACME account key (ECDSA P-256): created once under HOP3_ROOT/acme (dir 0700, file 0600)
 * and reused for every order, so the account's history and rate limits stay one account's.
 * Two processes creating it at once agree on one key: the file appears with link(), which
 * fails when it already exists.
 */
export async function loadOrCreateAccountKey(acme: AcmeLibrary, paths: AcmePaths): Promise<{ key: Buffer; created: boolean }> {
  await ensurePrivateDir(paths.dir);
  const existing = await readFile(paths.accountKey).catch(() => null);
  if (existing !== null) return { key: existing, created: false };
  const key = await acme.crypto.createPrivateEcdsaKey('P-256');
  const temp = `${paths.accountKey}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(key);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temp, paths.accountKey);
    return { key, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return { key: await readFile(paths.accountKey), created: false };
  } finally {
    await rm(temp, { force: true });
  }
}
