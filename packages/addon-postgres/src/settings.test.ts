import { describe, expect, it } from 'vitest';
import { readSettings } from './settings.js';

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
  it('reads HOP3_POSTGRES_BIN_DIR', () => {
    expect(readSettings({ HOP3_POSTGRES_BIN_DIR: '/opt/pg/bin' }).binDir).toBe('/opt/pg/bin');
  });
  it('refuses a bad port or host', () => {
    expect(() => readSettings({ HOP3_POSTGRES_PORT: 'abc' })).toThrow(/HOP3_POSTGRES_PORT/);
    expect(() => readSettings({ HOP3_POSTGRES_HOST: 'a b' })).toThrow(/HOP3_POSTGRES_HOST/);
  });
});
