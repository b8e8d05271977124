import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { dockerEnvFileText } from './env-file.js';
import { DockerErrorCodes } from './errors.js';

describe('dockerEnvFileText', () => {
  it('writes NAME=value lines taken literally by docker (no quoting)', () => {
    expect(dockerEnvFileText({ A: '1', URL: 'postgres://u:p@127.0.0.1:5432/db', SPACED: 'a b "c"' })).toBe('A=1\nURL=postgres://u:p@127.0.0.1:5432/db\nSPACED=a b "c"\n');
    expect(dockerEnvFileText({})).toBe('');
  });

  it('refuses a value with a line break without showing the value', () => {
    let error: unknown;
    try {
      dockerEnvFileText({ TOKEN: 'top-secret\nsecond' });
    } catch (caught) {
      error = caught;
    }
    expect(hasErrorCode(error, DockerErrorCodes.invalidSetting)).toBe(true);
    expect((error as Error).message).toContain('TOKEN');
    expect((error as Error).message).not.toContain('top-secret');
  });
});
