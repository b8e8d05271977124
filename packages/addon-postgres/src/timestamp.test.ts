import { describe, expect, it } from 'vitest';
import { utcStamp } from './timestamp.js';

describe('utcStamp', () => {
  it('formats like 20261124T201500Z, in UTC', () => {
    expect(utcStamp(new Date('2026-11-24T20:15:00.123Z'))).toBe('20261124T201500Z');
    expect(utcStamp(new Date('2026-11-25T01:15:00+05:00'))).toBe('20261124T201500Z');
  });
});
