import { describe, expect, it } from 'vitest';
import { leakedSecrets, secretsOf } from './secrets.js';

describe('secretsOf', () => {
  it('takes values of secret-named keys and passwords inside URLs, not hosts or ports', () => {
    const secrets = secretsOf({
      REDIS_URL: 'redis://default:s3cr%2Ft-pass@127.0.0.1:6379/0',
      REDIS_PASSWORD: 's3cr/t-pass',
      REDIS_HOST: '127.0.0.1',
      REDIS_PORT: '6379',
      API_TOKEN: 'tok-123456',
    });
    expect(secrets).toEqual(expect.arrayContaining(['s3cr/t-pass', 's3cr%2Ft-pass', 'tok-123456', 'redis://default:s3cr%2Ft-pass@127.0.0.1:6379/0']));
    expect(secrets).not.toContain('127.0.0.1');
    expect(secrets).not.toContain('6379');
  });

  it('leaves out short values, which would match by accident', () => {
    expect(secretsOf({ DB_PASSWORD: 'abc' })).toEqual([]);
  });
});

describe('leakedSecrets', () => {
  it('names the secrets found in a text', () => {
    expect(leakedSecrets('connected with hunter22 to db', ['hunter22', 'other-secret'])).toEqual(['hunter22']);
    expect(leakedSecrets('nothing here', ['hunter22'])).toEqual([]);
  });
});
