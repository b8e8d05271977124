import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '@hop3/core';
import { waitUntil } from './wait-until.js';

describe('waitUntil', () => {
  it('checks once even with no time at all', async () => {
    let calls = 0;
    await waitUntil(() => ++calls === 1, { description: 'x', timeoutMs: 0 });
    expect(calls).toBe(1);
  });

  it('polls until the check passes and hands it the time left', async () => {
    const remaining: number[] = [];
    await waitUntil(
      (left) => {
        remaining.push(left);
        return remaining.length === 3;
      },
      { description: 'three calls', timeoutMs: 5_000, intervalMs: 10 },
    );
    expect(remaining).toHaveLength(3);
    expect(remaining[0]).toBeLessThanOrEqual(5_000);
    expect(remaining[2]).toBeLessThan(remaining[0] as number);
  });

  it('throws HOP3_TIMEOUT naming what was awaited and the last state', async () => {
    const error = await waitUntil(() => false, { description: 'the moon to rise', timeoutMs: 100, intervalMs: 20, lastState: () => 'still dark' }).then(
      () => undefined,
      (e: unknown) => e as Error & { details: Record<string, unknown> },
    );
    expect(hasErrorCode(error, 'HOP3_TIMEOUT')).toBe(true);
    expect(error?.message).toBe('Timed out after 100 ms waiting for the moon to rise (still dark)');
    expect(error?.details).toMatchObject({ awaited: 'the moon to rise', timeoutMs: 100, lastState: 'still dark' });
  });

  it('lets an error thrown by the check through', async () => {
    await expect(waitUntil(() => Promise.reject(new Error('broken check')), { description: 'x' })).rejects.toThrow('broken check');
  });

  it('stops with the signal\'s reason once aborted, mid-pause or before the first check', async () => {
    const controller = new AbortController();
    let checks = 0;
    const waiting = waitUntil(() => (checks++, false), { description: 'never', timeoutMs: 60_000, intervalMs: 10_000, signal: controller.signal });
    setTimeout(() => controller.abort(new Error('SIGINT received')), 20);
    await expect(waiting).rejects.toThrow('SIGINT received');
    expect(checks).toBe(1);
    await expect(waitUntil(() => true, { description: 'x', signal: controller.signal })).rejects.toThrow('SIGINT received');
  });
});
