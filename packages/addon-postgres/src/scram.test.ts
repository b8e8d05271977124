import { createHash, createHmac, pbkdf2Sync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { scramSha256Verifier } from './scram.js';

describe('scramSha256Verifier', () => {
  it('has the shape Postgres stores', () => {
    expect(scramSha256Verifier('pencil')).toMatch(/^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/);
  });
  it('is deterministic for a given salt and derives the stored key from the password', () => {
    const salt = Buffer.from('0123456789abcdef');
    const verifier = scramSha256Verifier('pencil', salt);
    expect(scramSha256Verifier('pencil', salt)).toBe(verifier);
    expect(scramSha256Verifier('pencil2', salt)).not.toBe(verifier);
    const salted = pbkdf2Sync('pencil', salt, 4096, 32, 'sha256');
    const stored = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest()).digest('base64');
    expect(verifier.split('$')[2]?.split(':')[0]).toBe(stored);
  });
  it('salts every call differently', () => {
    expect(scramSha256Verifier('pencil')).not.toBe(scramSha256Verifier('pencil'));
  });
  it('refuses non-ASCII passwords (they would need SASLprep)', () => {
    expect(() => scramSha256Verifier('pässword')).toThrow(TypeError);
  });
});
