import { parseCronSpec, uwsgiCronSchedule } from '@hop3/core';
import { UwsgiErrorCodes, uwsgiError } from './errors.js';

export interface UwsgiCron {
  /** Five numbers in uWSGI's cron syntax: `-1` every, `-N` every N, else the exact value. */
  schedule: string;
  command: string;
}

/**
 * `*\/5 * * * * cmd` → `{ schedule: '-5 -1 -1 -1 -1', command: 'cmd' }` (uWSGI's `cron` option).
 * Parsing is core's, the same that validates the Procfile.
 */
export function toUwsgiCron(line: string, kind = 'cron'): UwsgiCron {
  const parsed = parseCronSpec(line);
  if (!parsed.ok) {
    throw uwsgiError({ code: UwsgiErrorCodes.invalidWorker, message: `Worker "${kind}": ${parsed.message}`, details: { kind, line } });
  }
  return { schedule: uwsgiCronSchedule(parsed.spec), command: parsed.spec.command };
}
