import { describe, expect, it } from 'vitest';
import type { WorkerStatus } from '@hop3/core';
import { workerLines } from './worker-lines.js';

const w = (kind: string, state: WorkerStatus['state'], extra: Partial<WorkerStatus> = {}): WorkerStatus => ({ kind, ordinal: 1, state, ...extra });

describe('workerLines', () => {
  it('prints each worker and the log of one that is not up', () => {
    const lines = workerLines([w('wsgi', 'up'), w('worker', 'restarting', { detail: 'its command keeps exiting', logTail: ['boom'] })]);
    expect(lines).toEqual(['  wsgi.1    up', '  worker.1  restarting: its command keeps exiting', '    last lines of log/worker.1.log:', '    | boom']);
  });
});
