import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { toUwsgiCron } from './cron.js';

describe('toUwsgiCron', () => {
  it('converts * to -1 and */N to -N, keeping numbers and the command', () => {
    expect(toUwsgiCron('*/5 * * * * python job.py --all')).toEqual({ schedule: '-5 -1 -1 -1 -1', command: 'python job.py --all' });
    expect(toUwsgiCron('0 3 1 */2 0 ./backup.sh')).toEqual({ schedule: '0 3 1 -2 0', command: './backup.sh' });
  });

  it('refuses lists, ranges, out-of-range values and missing commands with the field named', () => {
    for (const [line, field] of [
      ['1,2 * * * * x', 'minute'],
      ['* 1-3 * * * x', 'hour'],
      ['* * 0 * * x', 'day of month'],
      ['* * * 13 * x', 'month'],
    ] as const) {
      let error: unknown;
      try {
        toUwsgiCron(line, 'cron2');
      } catch (caught) {
        error = caught;
      }
      expect(hasErrorCode(error, 'HOP3_UWSGI_INVALID_WORKER')).toBe(true);
      expect((error as Error).message).toContain(field);
      expect((error as Error).message).toContain('cron2');
    }
    expect(() => toUwsgiCron('* * * * *')).toThrow(/minute hour day-of-month month day-of-week command/);
  });
});
