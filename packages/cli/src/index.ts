/**
 * `@hop3/cli` as a library: run a `hop3` command line in-process. To deploy and run apps from
 * your own host, use `@hop3/engine` (the CLI is a thin host over it).
 */
export { main } from './main.js';
export type { CommandIO } from './io/command.js';
/** The CLI's own codes, and `Hop3ErrorCode`: every first-party code, for hosts to switch on. */
export { CliErrorCodes, type CliErrorCode, type Hop3ErrorCode } from './errors.js';
