import { describe, expect, it } from 'vitest';
import { toPostgresError } from './errors.js';

const server = { host: '127.0.0.1', port: 5999, user: 'postgres', password: 'adminpw', database: 'postgres' };
const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('toPostgresError', () => {
  it('maps refused connections to HOP3_POSTGRES_UNAVAILABLE with how to start the server', () => {
    const error = toPostgresError(withCode('connect ECONNREFUSED 127.0.0.1:5999', 'ECONNREFUSED'), server, 'create x', []);
    expect(error.code).toBe('HOP3_POSTGRES_UNAVAILABLE');
    expect(error.message).toMatch(/127\.0\.0\.1:5999.*create x.*pg_ctlcluster 15 main start/);
  });
  it('maps a missing socket and a starting server to unavailable too', () => {
    expect(toPostgresError(withCode('connect ENOENT /run/x/.s.PGSQL.5432', 'ENOENT'), { ...server, host: '/run/x' }, 'a', []).code).toBe('HOP3_POSTGRES_UNAVAILABLE');
    expect(toPostgresError(withCode('the database system is starting up', '57P03'), server, 'a', []).code).toBe('HOP3_POSTGRES_UNAVAILABLE');
  });
  it('maps authentication failures to HOP3_POSTGRES_AUTH_FAILED naming the role', () => {
    const error = toPostgresError(withCode('password authentication failed for user "postgres"', '28P01'), server, 'a', []);
    expect(error.code).toBe('HOP3_POSTGRES_AUTH_FAILED');
    expect(error.message).toContain('role "postgres"');
  });
  it('keeps the SQLSTATE of other failures and masks secrets', () => {
    const error = toPostgresError(withCode(`syntax error near 'hunter2'`, '42601'), server, 'a', ['hunter2']);
    expect(error.code).toBe('HOP3_POSTGRES_QUERY_FAILED');
    expect(error.details.sqlstate).toBe('42601');
    expect(error.message).not.toContain('hunter2');
  });
});
