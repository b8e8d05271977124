/** A rejection as tests inspect it: Hop3 errors carry a `code` and `details`. */
export type CaughtFailure = Error & { code: string; details: Record<string, unknown> };

/**
 * The error `promise` rejects with; throws if it resolves, so a test cannot pass by accident.
 * Kit's own tests only: other packages use `failure` from @hop3/testkit, which kit cannot
 * depend on (the testkit depends on kit).
 */
export async function failure(promise: Promise<unknown>): Promise<CaughtFailure> {
  try {
    await promise;
  } catch (error) {
    return error as CaughtFailure;
  }
  throw new Error('expected a failure');
}
