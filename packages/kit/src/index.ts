export { KitErrorCodes, type KitErrorCode } from './errors.js';
export { runCommand, lastLines, maskSecrets, RunErrorCodes, type RunOptions, type RunResult } from './process/run-command.js';
export { writeFileAtomic, writeJsonAtomic, type AtomicWriteOptions } from './fs/write-file-atomic.js';
export { waitUntil, type WaitOptions, type WaitUntilOptions } from './time/wait-until.js';
export { compileTemplate, renderTemplate, type TemplateFunction, type RenderOptions } from './templates/compile-template.js';
export { loadTemplate, clearTemplateCache } from './templates/load-template.js';
