import { describe, expect, it } from 'vitest';
import { networkOf } from './network-mode.js';

describe('networkOf', () => {
  it('auto: the host network when the env names a loopback service, else the bridge', () => {
    expect(networkOf(undefined, { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' })).toBe('host');
    expect(networkOf('auto', { REDIS_URL: 'redis://default:x@localhost:6379/0' })).toBe('host');
    expect(networkOf(undefined, { DATABASE_URL: 'postgres://u:p@db.internal:5432/db', NAME: '127.0.0.1' })).toBe('bridge');
    expect(networkOf(undefined, {})).toBe('bridge');
  });

  it('an explicit setting wins', () => {
    expect(networkOf('bridge', { DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/db' })).toBe('bridge');
    expect(networkOf('host', {})).toBe('host');
  });
});
