import { ErrorCodes, type CoreErrorCode } from './codes.js';
import { errorFactory } from './error-factory.js';

/**
 * Core's own errors: codes of {@link CoreErrorCode}; a bad value, a bad hop3.toml or a strategy
 * name no plugin provides (an addon type, `[build] builder`, `HOP3_PROXY`: always the user's) is
 * bad input.
 */
export const coreError = errorFactory<CoreErrorCode>({ input: [ErrorCodes.invalidInput, ErrorCodes.invalidConfig, ErrorCodes.unknownStrategy] });
