import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceNames } from './names.js';
import { SecretStore, generatePassword } from './secrets.js';

describe('generatePassword', () => {
  it('is at least 32 url-safe characters and random', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(generatePassword()).not.toBe(password);
  });
});

describe('SecretStore', () => {
  let dir: string;
  let store: SecretStore;
  const names = serviceNames('app-db');
  const secret = { service: 'app-db', database: 'hop3_app_db', role: 'hop3_app_db', password: generatePassword(), createdAt: '2026-01-01T00:00:00.000Z' };

  beforeAll(async () => {
    dir = join(await mkdtemp(join(tmpdir(), 'hop3-secrets-')), 'addons', 'postgres');
    store = new SecretStore(dir);
  });
  afterAll(async () => {
    await rm(join(dir, '..', '..'), { recursive: true, force: true });
  });

  it('reads nothing before a write', async () => {
    expect(await store.read(names)).toBeUndefined();
  });
  it('writes a 0600 file in a 0700 directory and reads it back', async () => {
    await store.write(secret);
    expect((await stat(store.pathFor('app-db'))).mode & 0o777).toBe(0o600);
    expect((await stat(dir)).mode & 0o777).toBe(0o700);
    expect(await store.read(names)).toEqual(secret);
  });
  it('tightens a file whose mode was loosened', async () => {
    await chmod(store.pathFor('app-db'), 0o644);
    await store.read(names);
    expect((await stat(store.pathFor('app-db'))).mode & 0o777).toBe(0o600);
  });
  it('refuses a damaged file without quoting its contents', async () => {
    await writeFile(store.pathFor('app-db'), `{"password": "${secret.password}", oops`);
    const error = await store.read(names).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HOP3_STATE_CORRUPT' });
    expect(JSON.stringify(error) + String((error as Error).message)).not.toContain(secret.password);
  });
  it('refuses a file for another database', async () => {
    await writeFile(store.pathFor('app-db'), JSON.stringify({ ...secret, database: 'postgres' }));
    await expect(store.read(names)).rejects.toMatchObject({ code: 'HOP3_STATE_CORRUPT' });
  });
  it('removes the file, twice in a row', async () => {
    await store.remove('app-db');
    await store.remove('app-db');
    await expect(readFile(store.pathFor('app-db'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
