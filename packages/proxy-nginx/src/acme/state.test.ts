import { mkdir, stat, writeFile } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTempDir, failure, type TempDir } from '@hop3/testkit';
import { NginxErrorCodes } from '../errors.js';
import { acmePaths, acmeStateFile } from './paths.js';
import { listAcmeApps, readAcmeState, removeAcmeState, writeAcmeState, type AcmeState } from './state.js';

let temp: TempDir;
beforeEach(async () => {
  temp = await createTempDir('hop3-acme-state-');
});
afterEach(() => temp.cleanup());

const state: AcmeState = {
  version: 1,
  app: 'shop',
  names: ['shop.example.com'],
  directoryUrl: 'https://acme.example.com/dir',
  issuedAt: '2026-06-01T00:00:00.000Z',
  lastAttempt: { at: '2026-06-02T00:00:00.000Z', action: 'renew', ok: false, error: 'shop.example.com: connection refused' },
};

describe('ACME state', () => {
  it('round-trips, private (file 0600 in a 0700 dir), and lists the apps on ACME', async () => {
    expect(await readAcmeState(temp.path, 'shop')).toBeUndefined();
    await writeAcmeState(temp.path, state);
    expect(await readAcmeState(temp.path, 'shop')).toEqual(state);
    expect((await stat(acmeStateFile(temp.path, 'shop'))).mode & 0o777).toBe(0o600);
    expect((await stat(acmePaths(temp.path).dir)).mode & 0o777).toBe(0o700);
    await writeAcmeState(temp.path, { ...state, app: 'blog' });
    expect(await listAcmeApps(temp.path)).toEqual(['blog', 'shop']);
    await removeAcmeState(temp.path, 'shop');
    expect(await listAcmeApps(temp.path)).toEqual(['blog']);
  });

  it('a damaged file is a coded error that says how to recover', async () => {
    await mkdir(acmePaths(temp.path).stateDir, { recursive: true });
    await writeFile(acmeStateFile(temp.path, 'shop'), '{"version": 1, "app": "shop"');
    const error = await failure(readAcmeState(temp.path, 'shop'));
    expect(error.code).toBe(NginxErrorCodes.acmeStateCorrupt);
    expect(error.message).toMatch(/run "hop3 certs issue shop"/);
  });
});
