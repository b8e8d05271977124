import { errorFactory } from '@hop3/core';
import { KitErrorCodes } from '@hop3/kit';

/** Stable error codes raised by the Debian OS strategy. */
export const DebianErrorCodes = {
  /** A package, user, group, path or package-group name was refused before anything ran (core's code). */
  invalidInput: KitErrorCodes.invalidInput,
  /** The operation changes the system (apt, useradd, chown) and the process is not root (kit's code, shared with hosts). */
  notRoot: KitErrorCodes.notRoot,
  /** Another apt/dpkg process holds the package manager's lock. */
  aptLocked: 'HOP3_OS_APT_LOCKED',
  /** apt does not know a requested package (stale index, typo, other release). */
  packageNotFound: 'HOP3_OS_PACKAGE_NOT_FOUND',
  /** apt-get or dpkg-query failed for another reason. */
  aptFailed: 'HOP3_OS_APT_FAILED',
  /** The user exists with a different home directory or login shell. */
  userMismatch: 'HOP3_OS_USER_MISMATCH',
  /** useradd, groupadd or getent failed. */
  userFailed: 'HOP3_OS_USER_FAILED',
  /** A HOP3_ROOT directory could not be created or given its owner and mode. */
  setupFailed: 'HOP3_OS_SETUP_FAILED',
} as const;

export type DebianErrorCode = (typeof DebianErrorCodes)[keyof typeof DebianErrorCodes];

/** The Debian strategy's errors: a refused name (core's HOP3_INVALID_INPUT) and an unknown package are bad input. */
export const debianError = errorFactory<DebianErrorCode>({ input: [DebianErrorCodes.invalidInput, DebianErrorCodes.packageNotFound] });
