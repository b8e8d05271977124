import { describe, expect, it } from 'vitest';
import { parseScaleArgs } from './scale.js';

describe('parseScaleArgs', () => {
  it('separates absolute counts from deltas', () => {
    expect(parseScaleArgs(['web=2', 'worker=+1', 'cron=-3'])).toEqual({
      absolute: { web: 2 },
      deltas: { worker: 1, cron: -3 },
    });
  });

  it.each(['web', 'web=', 'web=two', 'WEB=1', 'web=-', '=1', 'web=1.5'])('refuses "%s" with a usage error', (item) => {
    expect(() => parseScaleArgs([item])).toThrow(/KIND=N/);
  });

  it('refuses a kind named twice (which count would win?)', () => {
    expect(() => parseScaleArgs(['web=2', 'web=+1'])).toThrow(/"web" is named twice/);
  });

  it('refuses an empty request', () => {
    expect(() => parseScaleArgs([])).toThrow(/say what to scale/);
  });
});
