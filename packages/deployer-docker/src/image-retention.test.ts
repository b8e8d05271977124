import { describe, expect, it } from 'vitest';
import { releasesToKeep } from './image-retention.js';

const sorted = (set: Set<number>) => [...set].sort((a, b) => a - b);

describe('releasesToKeep', () => {
  it('keeps the last N releases that went live and the ones built since the latest live one', () => {
    // 3, 5 and 6 went live (3 again by a rollback, so it is the latest); 7 and 8 failed their gate.
    expect(sorted(releasesToKeep([1, 2, 3, 4, 5, 6, 7, 8], [3, 6, 5, 2, 1], 3))).toEqual([3, 5, 6, 7, 8]);
    // Failed releases older than the latest live one never push a rollback target out.
    expect(sorted(releasesToKeep([1, 2, 3, 4, 5], [5, 2], 2))).toEqual([2, 5]);
  });

  it('without a record of live releases, keeps the newest N by number', () => {
    expect(sorted(releasesToKeep([4, 1, 3, 2, 3], null, 2))).toEqual([3, 4]);
    expect(sorted(releasesToKeep([1, 2], [], 5))).toEqual([1, 2]);
  });
});
