/**
 * Cron workers (`cron`, and Piku-style `cron1`, `cron2`, …) are run by uWSGI's
 * cron, which understands far less than crontab: each field is `*`, `*\/N` or one number.
 * Lists and ranges (`1,2`, `1-5`) are rejected here rather than silently misread at run time.
 */

export const CRON_FIELDS = [
  { name: 'minute', min: 0, max: 59 },
  { name: 'hour', min: 0, max: 23 },
  { name: 'day of month', min: 1, max: 31 },
  { name: 'month', min: 1, max: 12 },
  { name: 'day of week', min: 0, max: 7 },
] as const;

/** One schedule field: every value, every N-th value, or one value. */
export type CronField = { every: 1 } | { every: number } | { value: number };

export interface CronSpec {
  minute: CronField;
  hour: CronField;
  dayOfMonth: CronField;
  month: CronField;
  dayOfWeek: CronField;
  command: string;
}

export type CronParseResult = { ok: true; spec: CronSpec } | { ok: false; message: string };

const CRON_KIND = /^cron\d*$/;
const CRON_LINE = /^\s*(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S.*?)\s*$/;

/** `cron` and `cronN` (Piku's numbered crons) are schedules; `cronjob` is an ordinary worker. */
export function isCronKind(kind: string): boolean {
  return CRON_KIND.test(kind);
}

/** Parse `m h dom mon dow command` (e.g. `*\/5 * * * * python job.py`). */
export function parseCronSpec(value: string): CronParseResult {
  const match = CRON_LINE.exec(value);
  if (!match) {
    return { ok: false, message: `"${value}" is not "minute hour day-of-month month day-of-week command" (e.g. "*/5 * * * * ./job.sh")` };
  }
  const fields: CronField[] = [];
  const errors: string[] = [];
  CRON_FIELDS.forEach((field, index) => {
    const text = match[index + 1] ?? '';
    const parsed = parseCronField(text, field.min, field.max);
    if (parsed === undefined) {
      errors.push(`${field.name} "${text}" must be *, */N or a number from ${field.min} to ${field.max}`);
    } else {
      fields.push(parsed);
    }
  });
  if (errors.length > 0) return { ok: false, message: errors.join('; ') };
  const [minute, hour, dayOfMonth, month, dayOfWeek] = fields as [CronField, CronField, CronField, CronField, CronField];
  return { ok: true, spec: { minute, hour, dayOfMonth, month, dayOfWeek, command: match[6] ?? '' } };
}

function parseCronField(text: string, min: number, max: number): CronField | undefined {
  if (text === '*') return { every: 1 };
  const step = /^\*\/(\d{1,2})$/.exec(text);
  if (step) {
    const every = Number(step[1]);
    return every >= 1 && every <= max ? { every } : undefined;
  }
  if (!/^\d{1,2}$/.test(text)) return undefined;
  const value = Number(text);
  return value >= min && value <= max ? { value } : undefined;
}

/**
 * The five schedule fields in uWSGI's cron syntax: `-1` for every, `-N` for every N-th, and
 * Sunday as 0 (uWSGI compares with `tm_wday`, 0-6, so a crontab-style 7 would never fire).
 */
export function uwsgiCronSchedule(spec: CronSpec): string {
  const render = (field: CronField, isDayOfWeek = false): string => {
    if ('value' in field) return String(isDayOfWeek && field.value === 7 ? 0 : field.value);
    return String(-field.every);
  };
  return [render(spec.minute), render(spec.hour), render(spec.dayOfMonth), render(spec.month), render(spec.dayOfWeek, true)].join(' ');
}

/** The uWSGI `cron =` value: the schedule, then the command. */
export function toUwsgiCron(spec: CronSpec): string {
  return `${uwsgiCronSchedule(spec)} ${spec.command}`;
}
