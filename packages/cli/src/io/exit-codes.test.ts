import { Abort, Hop3Error } from '@hop3/core';
import { describe, expect, it } from 'vitest';
import { exitCodeFor } from './exit-codes.js';
import { UsageError } from './usage-error.js';

describe('exitCodeFor', () => {
  it('is 2 for bad usage or input, whatever the error class', () => {
    expect(exitCodeFor(new UsageError('missing <app>'))).toBe(2);
    expect(exitCodeFor(new Hop3Error('HOP3_INVALID_CONFIG', 'bad hop3.toml'))).toBe(2);
    expect(exitCodeFor(new Abort('no app', { code: 'HOP3_APP_NOT_FOUND' }))).toBe(2);
    expect(exitCodeFor(new Abort('confirm with --yes', { exitCode: 2 }))).toBe(2);
  });

  it('is 1 for every other failure, and never passes on a command\'s own exit status', () => {
    expect(exitCodeFor(new Error('bug'))).toBe(1);
    expect(exitCodeFor(new Hop3Error('HOP3_TIMEOUT', 'slow'))).toBe(1);
    expect(exitCodeFor(new Abort('hook failed', { code: 'HOP3_HOOK_FAILED', exitCode: 127 }))).toBe(1);
  });
});
