import { describe, expect, it } from 'vitest';
import { Abort, isAbort } from './abort.js';
import { Hop3Error, describeError, hasErrorCode, isHop3Error } from './hop3-error.js';

describe('errors', () => {
  it('carry a code, the cause and details, and serialise without a stack', () => {
    const cause = new Error('root cause');
    const error = new Hop3Error('HOP3_X', 'something failed', { cause, details: { app: 'shop' } });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({ name: 'Hop3Error', code: 'HOP3_X', message: 'something failed', app: 'shop' });
    expect(isHop3Error(error)).toBe(true);
    expect(hasErrorCode(error, 'HOP3_X')).toBe(true);
    expect(hasErrorCode(new Error('x'), 'HOP3_X')).toBe(false);
  });

  it('recognise errors by brand and code, not instanceof (a second copy of core)', () => {
    const foreign = Object.assign(new Error('from another copy'), { code: 'HOP3_Y', [Symbol.for('hop3.error')]: true });
    expect(isHop3Error(foreign)).toBe(true);
    expect(hasErrorCode(foreign, 'HOP3_Y')).toBe(true);
  });

  it('Abort has an exit code (default 1) and its own code', () => {
    expect(new Abort('nope').exitCode).toBe(1);
    const abort = new Abort('bad usage', { exitCode: 2, code: 'HOP3_USAGE' });
    expect(isAbort(abort)).toBe(true);
    expect(abort.code).toBe('HOP3_USAGE');
    expect(isAbort(new Hop3Error('HOP3_X', 'x'))).toBe(false);
    expect(describeError('text')).toBe('text');
  });
});
