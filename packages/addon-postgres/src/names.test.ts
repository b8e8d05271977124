import { describe, expect, it } from 'vitest';
import { MAX_SERVICE_NAME_LENGTH, serviceNames } from './names.js';

describe('serviceNames', () => {
  it('derives hop3_<name> with - → _ for both database and role', () => {
    expect(serviceNames('my-app-db')).toEqual({ service: 'my-app-db', database: 'hop3_my_app_db', role: 'hop3_my_app_db' });
  });
  it.each([`a'b`, 'a;b', 'a b', 'App', 'a"b', '-a', '', 'a_b', 'x'.repeat(100)])('refuses %j', (name) => {
    expect(() => serviceNames(name)).toThrow(expect.objectContaining({ code: 'HOP3_INVALID_INPUT' }));
  });
  it('accepts the longest name that fits in 63 bytes and refuses one more character', () => {
    expect(serviceNames('a'.repeat(MAX_SERVICE_NAME_LENGTH)).database).toHaveLength(63);
    expect(() => serviceNames('a'.repeat(MAX_SERVICE_NAME_LENGTH + 1))).toThrow(/at most 58 characters/);
  });
});
