import { describe, expect, it } from 'vitest';
import { Abort, isAbort } from './abort.js';
import { ErrorCodes } from './codes.js';
import { errorFactory } from './error-factory.js';
import { Hop3Error, describeError, hasErrorCode, isBadInput, isHop3Error } from './hop3-error.js';

describe('errors', () => {
  it('carry a code, the cause and details, and serialise without a stack', () => {
    const cause = new Error('root cause');
    const error = new Hop3Error({ code: 'HOP3_X', message: 'something failed', cause, details: { app: 'shop' } });
    expect(error.cause).toBe(cause);
    expect(error.toJSON()).toEqual({ name: 'Hop3Error', code: 'HOP3_X', message: 'something failed', details: { app: 'shop' } });
    expect(isHop3Error(error)).toBe(true);
    expect(hasErrorCode(error, 'HOP3_X')).toBe(true);
    expect(hasErrorCode(new Error('x'), 'HOP3_X')).toBe(false);
  });

  it('recognise errors by brand and code, not instanceof (a second copy of core)', () => {
    const foreign = Object.assign(new Error('from another copy'), { code: 'HOP3_Y', [Symbol.for('hop3.error')]: true });
    expect(isHop3Error(foreign)).toBe(true);
    expect(hasErrorCode(foreign, 'HOP3_Y')).toBe(true);
  });

  it('are bad input when marked so, and always for core\'s shared input codes', () => {
    expect(isBadInput(new Hop3Error({ code: 'HOP3_X_INVALID', message: 'x', badInput: true }))).toBe(true);
    expect(isBadInput(new Hop3Error({ code: 'HOP3_X_FAILED', message: 'x' }))).toBe(false);
    expect(isBadInput(new Hop3Error({ code: ErrorCodes.invalidInput, message: 'x' }))).toBe(true);
    expect(isBadInput(new Hop3Error({ code: ErrorCodes.invalidConfig, message: 'x' }))).toBe(true);
    expect(isBadInput(new Error('x'))).toBe(false);
  });

  it('come from a package factory that says once per code which codes are bad input', () => {
    const codes = { invalidScale: 'HOP3_X_INVALID_SCALE', crashed: 'HOP3_X_CRASHED' } as const;
    const xError = errorFactory<(typeof codes)[keyof typeof codes]>({ input: [codes.invalidScale] });
    const input = xError({ code: codes.invalidScale, message: 'web=0 is not a count', details: { kind: 'web' } });
    expect(input).toMatchObject({ code: 'HOP3_X_INVALID_SCALE', badInput: true, details: { kind: 'web' } });
    expect(isBadInput(xError({ code: codes.crashed, message: 'boom' }))).toBe(false);
    // @ts-expect-error: a code outside the package's union does not compile
    xError({ code: 'HOP3_OTHER', message: 'x' });
  });

  it('Abort is a Hop3Error with an exit code (default 1, 2 for bad input) and a code', () => {
    const plain = new Abort('nope');
    expect(plain.exitCode).toBe(1);
    expect(plain.code).toBe(ErrorCodes.abort);
    expect(isHop3Error(plain)).toBe(true);
    const abort = new Abort('bad usage', { exitCode: 2, code: 'HOP3_USAGE' });
    expect(isAbort(abort)).toBe(true);
    expect(abort.code).toBe('HOP3_USAGE');
    expect(isBadInput(abort)).toBe(true);
    expect(new Abort('confirm', { badInput: true }).exitCode).toBe(2);
    expect(new Abort('bad value', { code: ErrorCodes.invalidInput }).exitCode).toBe(2);
    expect(isBadInput(new Abort('hook failed', { exitCode: 127 }))).toBe(false);
    expect(isAbort(new Hop3Error({ code: 'HOP3_X', message: 'x' }))).toBe(false);
    expect(describeError('text')).toBe('text');
  });
});
