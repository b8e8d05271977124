import { describe, expect, it } from 'vitest';
import { isCronKind, parseCronSpec, toUwsgiCron } from './cron.js';

describe('isCronKind', () => {
  it.each([
    ['cron', true],
    ['cron1', true],
    ['cron42', true],
    ['cronjob', false],
    ['cron-1', false],
    ['mycron', false],
  ])('%s → %s', (kind, expected) => {
    expect(isCronKind(kind)).toBe(expected);
  });
});

describe('parseCronSpec', () => {
  it('parses the five fields and keeps the command with its spacing', () => {
    const result = parseCronSpec('*/5 3 1 12 7 python  manage.py clear --all');
    expect(result).toEqual({
      ok: true,
      spec: {
        minute: { every: 5 },
        hour: { value: 3 },
        dayOfMonth: { value: 1 },
        month: { value: 12 },
        dayOfWeek: { value: 7 },
        command: 'python  manage.py clear --all',
      },
    });
  });

  it.each([
    '* * * * * x',
    '0 0 1 1 0 x',
    '59 23 31 12 7 x',
    '*/59 */23 */31 */12 */7 x',
  ])('accepts %j', (line) => {
    expect(parseCronSpec(line).ok).toBe(true);
  });

  it.each([
    ['60 * * * * x', 'minute "60" must be *, */N or a number from 0 to 59'],
    ['* 24 * * * x', 'hour "24" must be *, */N or a number from 0 to 23'],
    ['* * 0 * * x', 'day of month "0" must be *, */N or a number from 1 to 31'],
    ['* * 32 * * x', 'day of month "32" must be *, */N or a number from 1 to 31'],
    ['* * * 13 * x', 'month "13" must be *, */N or a number from 1 to 12'],
    ['* * * 0 * x', 'month "0" must be *, */N or a number from 1 to 12'],
    ['* * * * 8 x', 'day of week "8" must be *, */N or a number from 0 to 7'],
    ['*/0 * * * * x', 'minute "*/0" must be *, */N or a number from 0 to 59'],
    ['*/60 * * * * x', 'minute "*/60" must be *, */N or a number from 0 to 59'],
    ['1,2 * * * * x', 'minute "1,2" must be *, */N or a number from 0 to 59'],
    ['1-5 * * * * x', 'minute "1-5" must be *, */N or a number from 0 to 59'],
    ['-1 * * * * x', 'minute "-1" must be *, */N or a number from 0 to 59'],
    ['@daily * * * * x', 'minute "@daily" must be *, */N or a number from 0 to 59'],
  ])('rejects %j', (line, message) => {
    expect(parseCronSpec(line)).toEqual({ ok: false, message });
  });

  it('reports every bad field at once', () => {
    const result = parseCronSpec('99 99 * * * x');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toBe(
      'minute "99" must be *, */N or a number from 0 to 59; hour "99" must be *, */N or a number from 0 to 23',
    );
  });

  it.each(['* * * * *', '* * * *', '@daily ./backup', ''])('rejects %j without a command or fields', (line) => {
    const result = parseCronSpec(line);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.message).toContain('is not "minute hour day-of-month month day-of-week command"');
  });
});

describe('toUwsgiCron', () => {
  it('turns * into -1, */N into -N and Sunday 7 into 0', () => {
    const result = parseCronSpec('*/10 * 1 */2 7 ./job.sh --flag');
    if (!result.ok) throw new Error(result.message);
    expect(toUwsgiCron(result.spec)).toBe('-10 -1 1 -2 0 ./job.sh --flag');
  });
});
