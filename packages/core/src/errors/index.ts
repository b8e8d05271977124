export { Hop3Error, isHop3Error, hasErrorCode, isBadInput, describeError, type Hop3ErrorOptions } from './hop3-error.js';
export { errorFactory, type ErrorFactory, type ErrorFactoryOptions } from './error-factory.js';
export { Abort, isAbort, type AbortOptions } from './abort.js';
export { ErrorCodes, type CoreErrorCode } from './codes.js';
