import { describe, expect, it } from 'vitest';
import { envPrefixFor, newAttachment } from './attachments.js';

describe('newAttachment', () => {
  it('leaves the first service of a type unprefixed', () => {
    expect(newAttachment([], 'redis', 'cache')).toEqual({ type: 'redis', name: 'cache' });
  });

  it('prefixes a second service of the same type with its name', () => {
    const existing = [{ type: 'redis', name: 'cache' }];
    expect(newAttachment(existing, 'redis', 'sessions-store')).toEqual({ type: 'redis', name: 'sessions-store', prefix: 'SESSIONS_STORE_' });
  });

  it('returns the existing attachment when attaching the same service again', () => {
    const existing = [{ type: 'redis', name: 'a' }, { type: 'redis', name: 'b', prefix: 'B_' }];
    expect(newAttachment(existing, 'redis', 'b')).toEqual({ type: 'redis', name: 'b', prefix: 'B_' });
  });

  it('does not prefix a service whose type is new to the app', () => {
    expect(newAttachment([{ type: 'redis', name: 'cache' }], 'postgres', 'db')).toEqual({ type: 'postgres', name: 'db' });
    expect(envPrefixFor('my-db')).toBe('MY_DB_');
  });
});
