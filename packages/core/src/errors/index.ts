export { Hop3Error, isHop3Error, hasErrorCode, describeError, type Hop3ErrorOptions } from './hop3-error.js';
export { Abort, isAbort } from './abort.js';
export { ErrorCodes, type CoreErrorCode } from './codes.js';
