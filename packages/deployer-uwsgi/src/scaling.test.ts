import { describe, expect, it } from 'vitest';
import { applyAbsolute, applyDeltas, currentCounts, resolveKind } from './scaling.js';

function errorOf(fn: () => unknown): Error & { code?: string } {
  try {
    fn();
  } catch (error) {
    return error as Error & { code?: string };
  }
  throw new Error('expected a failure');
}

describe('currentCounts', () => {
  it('keeps persisted counts, defaults new kinds and drops kinds no longer declared', () => {
    expect(currentCounts(['wsgi', 'worker'], { wsgi: 3, old: 2 }, { wsgi: 2 })).toEqual({ wsgi: 3, worker: 1 });
    expect(currentCounts(['wsgi'], {}, { wsgi: 2 })).toEqual({ wsgi: 2 });
  });
});

describe('applyDeltas / applyAbsolute', () => {
  const counts = { wsgi: 1, worker: 2, cron: 1 };

  it('adds and subtracts', () => {
    expect(applyDeltas(counts, { wsgi: 2, worker: -1 })).toEqual({ wsgi: 3, worker: 1, cron: 1 });
    expect(applyAbsolute(counts, { worker: 0 })).toEqual({ wsgi: 1, worker: 0, cron: 1 });
  });

  it('treats web as the wsgi worker when the app has no web worker', () => {
    expect(resolveKind('web', ['wsgi'])).toBe('wsgi');
    expect(resolveKind('web', ['web', 'wsgi'])).toBe('web');
    expect(applyAbsolute(counts, { web: 2 })).toEqual({ wsgi: 2, worker: 2, cron: 1 });
  });

  it('names the known kinds for an unknown one', () => {
    const error = errorOf(() => applyDeltas(counts, { scheduler: 1 }));
    expect(error.code).toBe('HOP3_UWSGI_INVALID_SCALE');
    expect(error.message).toContain('"scheduler"');
    expect(error.message).toContain('wsgi, worker, cron');
  });

  it('refuses a count below zero, a fraction and a second cron', () => {
    expect(errorOf(() => applyDeltas(counts, { worker: -3 })).message).toContain('cannot go below 0');
    expect(errorOf(() => applyAbsolute(counts, { worker: -1 })).code).toBe('HOP3_UWSGI_INVALID_SCALE');
    expect(errorOf(() => applyAbsolute(counts, { worker: 1.5 })).code).toBe('HOP3_UWSGI_INVALID_SCALE');
    expect(errorOf(() => applyAbsolute(counts, { cron: 2 })).message).toContain('at most 1');
  });

  it('refuses to scale the web kind to 0, whatever its name, and points at hop3 stop', () => {
    for (const [kinds, ask] of [[{ wsgi: 1, worker: 1 }, { wsgi: 0 }], [{ wsgi: 2 }, { web: 0 }], [{ web: 1 }, { web: 0 }]] as const) {
      const error = errorOf(() => applyAbsolute(kinds, ask));
      expect(error.code).toBe('HOP3_UWSGI_INVALID_SCALE');
      expect(error.message).toContain('hop3 stop');
    }
    expect(errorOf(() => applyDeltas({ wsgi: 2 }, { wsgi: -2 })).message).toContain('hop3 stop');
    expect(errorOf(() => applyDeltas({ wsgi: 1 }, { web: -1 })).message).toContain('answers the app\'s URL');
    // A background worker may go to 0; the web kind may go down to 1.
    expect(applyDeltas({ wsgi: 2, worker: 1 }, { wsgi: -1, worker: -1 })).toEqual({ wsgi: 1, worker: 0 });
  });

  it('refuses a web count that a delta would make negative', () => {
    expect(errorOf(() => applyDeltas({ web: 1 }, { web: -3 })).message).toContain('cannot go below 0');
  });

  it('changes nothing when one of several kinds is wrong', () => {
    const before = { ...counts };
    errorOf(() => applyDeltas(counts, { wsgi: 1, nope: 1 }));
    expect(counts).toEqual(before);
  });
});
