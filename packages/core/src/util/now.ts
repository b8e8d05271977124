/**
 * A monotonic clock in milliseconds. process.hrtime rather than `performance.now()`: importing
 * node:perf_hooks (or touching the `performance` global) loads about ten internal modules, which
 * costs every `hop3` command ~9 ms of start-up on a small server.
 */
export function now(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
