import { describe, expect, it } from 'vitest';
import { isSecretEnvName, secretValues } from './secret-values.js';

describe('secret env values', () => {
  it('knows secret-looking names', () => {
    for (const name of ['API_TOKEN', 'SECRET_KEY', 'DB_PASSWORD', 'DATABASE_URL', 'aws_secret', 'GOOGLE_CREDENTIALS']) expect(isSecretEnvName(name)).toBe(true);
    for (const name of ['PORT', 'DEBUG', 'WEB_CONCURRENCY', 'KEYBOARD', 'URLS']) expect(isSecretEnvName(name)).toBe(false);
  });

  it('gives the values to mask, not short ones', () => {
    expect(secretValues({ API_TOKEN: 'tok_leak999', DEBUG: 'tok_visible', SHORT_KEY: 'ab', REDIS_URL: 'redis://:pw@127.0.0.1:6379' })).toEqual(['tok_leak999', 'redis://:pw@127.0.0.1:6379']);
  });
});
