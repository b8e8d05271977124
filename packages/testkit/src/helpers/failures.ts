/** An error as tests inspect it: Hop3 errors carry a `code`, `details` and maybe `badInput`. */
export type CaughtError = Error & { code: string; details: Record<string, unknown>; badInput?: boolean };

/** What `fn()` throws; fails the test when it returns (so a test cannot pass by accident). */
export function thrown(fn: () => unknown): CaughtError {
  try {
    fn();
  } catch (error) {
    return error as CaughtError;
  }
  throw new Error('expected the call to throw, it returned');
}

/**
 * What `promise` (or `fn()`, sync or async) rejects with; fails the test when it resolves.
 */
export async function failure(promise: Promise<unknown> | (() => unknown)): Promise<CaughtError> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (error) {
    return error as CaughtError;
  }
  throw new Error('expected a failure, the call succeeded');
}
