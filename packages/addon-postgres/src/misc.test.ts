import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSettings } from './settings.js';
import { utcStamp } from './timestamp.js';
import { findPgTool } from './tools.js';
import { generatePassword } from './secrets.js';
import { mkdir, writeFile } from 'node:fs/promises';

describe('readSettings', () => {
  it('defaults to the local socket for admin work and 127.0.0.1 for apps', () => {
    const settings = readSettings({});
    expect(settings.admin).toMatchObject({ host: '/var/run/postgresql', port: 5432, user: 'postgres', database: 'postgres' });
    expect(settings.serviceHost).toBe('127.0.0.1');
    expect(settings.servicePort).toBe(5432);
  });
  it('gives apps the admin URL host and port when it is TCP', () => {
    const settings = readSettings({ HOP3_POSTGRES_ADMIN_URL: 'postgres://postgres:x@db.internal:6432/postgres' });
    expect([settings.serviceHost, settings.servicePort]).toEqual(['db.internal', 6432]);
  });
  it('lets HOP3_POSTGRES_HOST / HOP3_POSTGRES_PORT override', () => {
    const settings = readSettings({ HOP3_POSTGRES_HOST: '/run/postgresql', HOP3_POSTGRES_PORT: '5433' });
    expect([settings.serviceHost, settings.servicePort]).toEqual(['/run/postgresql', 5433]);
  });
  it('refuses a bad port or host', () => {
    expect(() => readSettings({ HOP3_POSTGRES_PORT: 'abc' })).toThrow(/HOP3_POSTGRES_PORT/);
    expect(() => readSettings({ HOP3_POSTGRES_HOST: 'a b' })).toThrow(/HOP3_POSTGRES_HOST/);
  });
});

describe('utcStamp', () => {
  it('formats like 20261124T201500Z', () => {
    expect(utcStamp(new Date('2026-11-24T20:15:00.123Z'))).toBe('20261124T201500Z');
  });
});

describe('generatePassword', () => {
  it('is at least 32 url-safe characters and random', () => {
    const password = generatePassword();
    expect(password).toMatch(/^[A-Za-z0-9_-]{32,}$/);
    expect(generatePassword()).not.toBe(password);
  });
});

describe('findPgTool', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'hop3-pgbin-'));
    for (const version of ['13', '16', '9.6']) {
      await mkdir(join(root, version, 'bin'), { recursive: true });
      await writeFile(join(root, version, 'bin', 'pg_dump'), '');
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });
  it('prefers HOP3_POSTGRES_BIN_DIR', () => {
    expect(findPgTool('psql', '/opt/pg/bin', root)).toBe('/opt/pg/bin/psql');
  });
  it('picks the newest version that has the tool', () => {
    expect(findPgTool('pg_dump', undefined, root)).toBe(join(root, '16', 'bin', 'pg_dump'));
  });
  it('falls back to PATH', () => {
    expect(findPgTool('psql', undefined, root)).toBe('psql');
    expect(findPgTool('psql', undefined, join(root, 'missing'))).toBe('psql');
  });
});
