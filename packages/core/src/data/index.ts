export * from './names.js';
export * from './app-config.js';
export * from './app.js';
export * from './deployment.js';
export { parseOrThrow, formatIssues } from './validate.js';
export * from './strategy-results.js';
