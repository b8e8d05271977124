/**
 * create-hop3-plugin — scaffold a Hop3 plugin package (`npm create hop3-plugin@latest my-plugin`).
 * The programmatic API is what the command uses: check options, then write the package.
 */
export { main, HELP_TEXT, type Io } from './main.js';
export { scaffold, renderFiles } from './scaffold.js';
export { KINDS, DEFAULT_KINDS, parseCommandLine, resolveOptions, checkPackageName, defaultPackageName, type Kind, type RawOptions, type ScaffoldOptions } from './options.js';
export { CreateErrorCodes, type CreateErrorCode } from './errors.js';
