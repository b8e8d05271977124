export { runCommand, lastLines, maskSecrets, RunErrorCodes, type RunOptions, type RunResult } from './process/run-command.js';
export { writeFileAtomic, writeJsonAtomic, type AtomicWriteOptions } from './fs/write-file-atomic.js';
