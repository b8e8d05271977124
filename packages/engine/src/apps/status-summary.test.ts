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

  it('is unreachable when the proxy sends to none of the endpoints the processes answer on, degraded when it misses some', () => {
    const reach = (backends: string[], live: string[]) => ({ backends, live, missed: live.filter((e) => !backends.includes(e)) });
    const up = [w('web', 'up')];
    expect(overallState(true, up, reach(['127.0.0.1:1'], ['127.0.0.1:2']))).toBe('unreachable');
    expect(overallState(true, up, reach(['127.0.0.1:1'], ['127.0.0.1:1', '127.0.0.1:2']))).toBe('degraded');
    // Backends that are gone while others serve are harmless: the proxy passes to the next one.
    expect(overallState(true, up, reach(['127.0.0.1:1', '127.0.0.1:2'], ['127.0.0.1:2']))).toBe('running');
    // The processes' own state comes first: a crashed app is crashed, wherever the proxy sends.
    expect(overallState(false, [w('web', 'crashed')], reach(['127.0.0.1:1'], ['127.0.0.1:2']))).toBe('crashed');
    expect(overallState(true, undefined, reach(['127.0.0.1:1'], ['127.0.0.1:2']))).toBe('unreachable');
  });

  it('falls back to the boolean for deployers without worker states', () => {
    expect(overallState(true, undefined)).toBe('running');
    expect(overallState(false, [])).toBe('not running');
  });
});
