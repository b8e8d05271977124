import { UwsgiErrorCodes, uwsgiError } from './errors.js';

const FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

export interface UwsgiCron {
  /** Five numbers in uWSGI's cron syntax: `-1` every, `-N` every N, else the exact value. */
  schedule: string;
  command: string;
}

function convertField(value: string, field: (typeof FIELDS)[number], kind: string): string {
  if (value === '*') return '-1';
  const step = /^\*\/(\d+)$/.exec(value);
  if (step) {
    const n = Number(step[1]);
    if (n >= 1 && n <= field.max) return `-${n}`;
  } else if (/^\d+$/.test(value)) {
    const n = Number(value);
    if (n >= field.min && n <= field.max) return String(n);
  }
  throw uwsgiError(
    UwsgiErrorCodes.invalidWorker,
    `Worker "${kind}": the ${field.name} field "${value}" is not supported. uWSGI cron takes "*", "*/N" or a number from ${field.min} to ${field.max} (no lists or ranges).`,
    { kind, field: field.name, value },
  );
}

/** `*\/5 * * * * cmd` → `{ schedule: '-5 -1 -1 -1 -1', command: 'cmd' }` (uWSGI's `cron` option). */
export function toUwsgiCron(line: string, kind = 'cron'): UwsgiCron {
  const parts = line.trim().split(/\s+/);
  if (parts.length < 6) {
    throw uwsgiError(
      UwsgiErrorCodes.invalidWorker,
      `Worker "${kind}": "${line}" is not "minute hour day month weekday command" (e.g. "*/5 * * * * python job.py").`,
      { kind, line },
    );
  }
  const schedule = FIELDS.map((field, index) => convertField(parts[index] as string, field, kind)).join(' ');
  const command = line.trim().replace(/^(\S+\s+){5}/, '');
  return { schedule, command };
}
