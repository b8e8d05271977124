import { errorFactory } from '@hop3/core';

/** Error codes of `create-hop3-plugin`: the closed union {@link CreateErrorCode}. All are the user's bad input (exit 2). */
export const CreateErrorCodes = {
  /** A missing or unknown command-line option or argument. */
  usage: 'HOP3_CREATE_USAGE',
  /** The package name does not follow `hop3-plugin-<name>` / `@scope/hop3-plugin-<name>`, or npm's naming rules. */
  invalidName: 'HOP3_CREATE_INVALID_NAME',
  /** A `--kind` that is not one the scaffolder offers. */
  invalidKind: 'HOP3_CREATE_INVALID_KIND',
  /** The target directory exists and is not empty (nothing is written into it). */
  targetNotEmpty: 'HOP3_CREATE_TARGET_NOT_EMPTY',
} as const;

export type CreateErrorCode = (typeof CreateErrorCodes)[keyof typeof CreateErrorCodes];

export const createError = errorFactory<CreateErrorCode>({
  input: [CreateErrorCodes.usage, CreateErrorCodes.invalidName, CreateErrorCodes.invalidKind, CreateErrorCodes.targetNotEmpty],
});
