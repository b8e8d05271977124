import { describe, expect, it } from 'vitest';
import type { WorkerStatus } from '@hop3/core';
import { overallState } from './status-summary.js';

const w = (kind: string, state: WorkerStatus['state'], extra: Partial<WorkerStatus> = {}): WorkerStatus => ({ kind, ordinal: 1, state, ...extra });

describe('overallState', () => {
  it('says running only when every worker is up', () => {
    expect(overallState(true, [w('wsgi', 'up'), w('worker', 'up')])).toBe('running');
    expect(overallState(true, [w('wsgi', 'up'), w('worker', 'restarting')])).toBe('degraded');
    expect(overallState(false, [w('wsgi', 'crashed'), w('worker', 'up')])).toBe('crashed');
    expect(overallState(false, [w('wsgi', 'restarting')])).toBe('crashed');
    expect(overallState(false, [w('wsgi', 'starting'), w('worker', 'up')])).toBe('starting');
    expect(overallState(false, [w('wsgi', 'stopped')])).toBe('stopped');
  });

  it('falls back to the boolean for deployers without worker states', () => {
    expect(overallState(true, undefined)).toBe('running');
    expect(overallState(false, [])).toBe('not running');
  });
});
