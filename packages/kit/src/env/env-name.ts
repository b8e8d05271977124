import { kitError, KitErrorCodes } from '../errors.js';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** True for a portable variable name: letters, digits and `_`, not starting with a digit. */
export function isValidEnvName(name: string): boolean {
  return ENV_NAME.test(name);
}

/** Throw `HOP3_INVALID_INPUT` unless `name` is a portable variable name. */
export function assertEnvName(name: string): void {
  if (!isValidEnvName(name)) {
    throw kitError({
      code: KitErrorCodes.invalidInput,
      message: `Invalid environment variable name ${JSON.stringify(name)}: use letters, digits and _ and do not start with a digit (e.g. DATABASE_URL)`,
      details: { name },
    });
  }
}
