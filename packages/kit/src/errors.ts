import { ErrorCodes, errorFactory } from '@hop3/core';

/** Stable error codes raised by `@hop3/kit` helpers: the closed union {@link KitErrorCode}. */
export const KitErrorCodes = {
  /** A program exited non-zero (runCommand); the message carries its last stderr lines. */
  commandFailed: 'HOP3_COMMAND_FAILED',
  /** A program is not installed (runCommand). */
  commandNotFound: 'HOP3_COMMAND_NOT_FOUND',
  /** A program ran longer than its timeout and was killed (runCommand). */
  commandTimeout: 'HOP3_COMMAND_TIMEOUT',
  /** A template failed to parse or referenced a variable the data does not define. */
  template: 'HOP3_TEMPLATE_ERROR',
  /** Something awaited (a port, a URL, a process exit) did not happen in time. */
  timeout: 'HOP3_TIMEOUT',
  /** A lock is held by another live process and was not released in time. */
  locked: 'HOP3_LOCKED',
  /** An env file has a malformed line. */
  invalidEnvFile: 'HOP3_INVALID_ENV_FILE',
  /** A signal could not be sent to a process (usually EPERM: another user's process). */
  signalFailed: 'HOP3_SIGNAL_FAILED',
  /** An argument a helper refuses (bad variable name, bad pid, path outside its directory): core's code. */
  invalidInput: ErrorCodes.invalidInput,
  /**
   * A state file exists but cannot be used (cut short, not JSON, wrong shape). Every plugin's
   * damaged state file has this code, whichever plugin owns the file.
   */
  stateCorrupt: 'HOP3_STATE_CORRUPT',
  /**
   * The operation changes the system (packages, users, ownership) and the process is not root.
   * Thrown by OS strategies and hosts alike: one code for the condition.
   */
  notRoot: 'HOP3_NOT_ROOT',
} as const;

export type KitErrorCode = (typeof KitErrorCodes)[keyof typeof KitErrorCodes];

/** Kit's errors: a bad argument or a malformed env file is bad input. */
export const kitError = errorFactory<KitErrorCode>({ input: [KitErrorCodes.invalidInput, KitErrorCodes.invalidEnvFile] });
