import { describe, expect, it } from 'vitest';
import { buildDatabaseUrl, describeServer, libpqEnv, parsePostgresUrl } from './connection.js';

describe('buildDatabaseUrl', () => {
  it('builds postgres://user:password@host:port/db', () => {
    expect(buildDatabaseUrl({ host: '127.0.0.1', port: 5432, user: 'hop3_app', password: 'pw', database: 'hop3_app' })).toBe(
      'postgres://hop3_app:pw@127.0.0.1:5432/hop3_app',
    );
  });
  it('url-encodes every part', () => {
    const url = buildDatabaseUrl({ host: 'db.local', port: 6543, user: 'u@x', password: 'p:/@?#%', database: 'd b' });
    expect(url).toBe('postgres://u%40x:p%3A%2F%40%3F%23%25@db.local:6543/d%20b');
    const parsed = new URL(url);
    expect(decodeURIComponent(parsed.password)).toBe('p:/@?#%');
  });
  it('writes a socket directory percent-encoded in the host part', () => {
    expect(buildDatabaseUrl({ host: '/var/run/postgresql', port: 5432, user: 'u', password: 'p', database: 'd' })).toBe(
      'postgres://u:p@%2Fvar%2Frun%2Fpostgresql:5432/d',
    );
  });
  it('brackets IPv6 addresses', () => {
    expect(buildDatabaseUrl({ host: '::1', port: 5432, user: 'u', password: 'p', database: 'd' })).toBe('postgres://u:p@[::1]:5432/d');
  });
  it('round-trips through parsePostgresUrl', () => {
    const info = { host: '/tmp/sock dir', port: 5433, user: 'hop3_x', password: 'a/b+c=', database: 'hop3_x' };
    expect(parsePostgresUrl(buildDatabaseUrl(info))).toEqual(info);
  });
});

describe('parsePostgresUrl', () => {
  it('reads user, password, host, port and database', () => {
    expect(parsePostgresUrl('postgresql://admin:s%40cret@10.0.0.5:6000/maint')).toEqual({
      host: '10.0.0.5',
      port: 6000,
      user: 'admin',
      password: 's@cret',
      database: 'maint',
    });
  });
  it('defaults to the local socket, port 5432, role and database postgres', () => {
    expect(parsePostgresUrl('postgres://')).toEqual({ host: '/var/run/postgresql', port: 5432, user: 'postgres', password: undefined, database: 'postgres' });
  });
  it('accepts a socket directory as ?host=', () => {
    expect(parsePostgresUrl('postgres:///postgres?host=/run/pg&port=5499').host).toBe('/run/pg');
    expect(parsePostgresUrl('postgres:///postgres?host=/run/pg&port=5499').port).toBe(5499);
  });
  it('refuses other schemes and bad ports without echoing the URL (it may hold a password)', () => {
    expect(() => parsePostgresUrl('mysql://root:hunter2@x/db')).toThrow(/HOP3_POSTGRES_ADMIN_URL is not a usable/);
    try {
      parsePostgresUrl('mysql://root:hunter2@x/db');
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('hunter2');
      expect((error as { code: string }).code).toBe('HOP3_POSTGRES_INVALID_SETTING');
    }
    expect(() => parsePostgresUrl('not a url')).toThrow(/cannot be parsed/);
    for (const url of ['postgres://postgres:SEKRIT%zz@127.0.0.1:5432/postgres', 'postgres://us%er@h/db', 'postgres://u@h/d%b']) {
      const error = (() => {
        try {
          return parsePostgresUrl(url);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toMatchObject({ code: 'HOP3_POSTGRES_INVALID_SETTING', message: expect.stringMatching(/%25/) });
      expect(String((error as Error).message)).not.toContain('SEKRIT');
    }
  });
});

describe('libpqEnv', () => {
  it('passes every connection setting as PG* variables and blanks redirecting ones', () => {
    const env = libpqEnv({ host: 'h', port: 1, user: 'u', password: 'p', database: 'd' });
    expect(env).toMatchObject({ PGHOST: 'h', PGPORT: '1', PGUSER: 'u', PGPASSWORD: 'p', PGDATABASE: 'd' });
    expect(env).toHaveProperty('PGSERVICE', undefined);
    expect(env).toHaveProperty('PGPASSFILE', undefined);
  });
});

describe('describeServer', () => {
  it('names the socket file or host:port', () => {
    expect(describeServer({ host: '/var/run/postgresql', port: 5432 })).toBe('/var/run/postgresql/.s.PGSQL.5432');
    expect(describeServer({ host: '127.0.0.1', port: 5432 })).toBe('127.0.0.1:5432');
  });
});
