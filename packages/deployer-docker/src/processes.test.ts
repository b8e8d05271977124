import { describe, expect, it } from 'vitest';
import { applyAbsolute, applyDeltas, containerKinds, currentCounts } from './processes.js';

describe('process kinds and counts', () => {
  it('web always comes first; cron, release and static are not containers', () => {
    expect(containerKinds({ worker: 'node w.js', cron: '0 3 * * * x', release: 'node m.js', static: 'public', beat: 'x' })).toEqual(['web', 'beat', 'worker']);
    expect(containerKinds({})).toEqual(['web']);
  });

  it('applies deltas and absolute counts, refusing unknown kinds, negative counts and web=0', () => {
    const kinds = ['web', 'worker'];
    const counts = currentCounts(kinds, { web: 2 });
    expect(counts).toEqual({ web: 2, worker: 1 });
    expect(applyDeltas(kinds, counts, { worker: 2 })).toEqual({ web: 2, worker: 3 });
    expect(applyAbsolute(kinds, counts, { web: 1, worker: 0 })).toEqual({ web: 1, worker: 0 });
    expect(() => applyAbsolute(kinds, counts, { web: 0 })).toThrow(/hop3 stop/);
    expect(() => applyDeltas(kinds, counts, { worker: -2 })).toThrow(/0 or more/);
    expect(() => applyAbsolute(kinds, counts, { mailer: 1 })).toThrow(/no process kind "mailer"/);
  });
});
