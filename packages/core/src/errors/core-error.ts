import { ErrorCodes, type CoreErrorCode } from './codes.js';
import { errorFactory } from './error-factory.js';

/** Core's own errors: codes of {@link CoreErrorCode}; a bad value or a bad hop3.toml is bad input. */
export const coreError = errorFactory<CoreErrorCode>({ input: [ErrorCodes.invalidInput, ErrorCodes.invalidConfig] });
