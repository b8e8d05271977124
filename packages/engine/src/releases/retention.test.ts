import { describe, expect, it } from 'vitest';
import type { ReleaseRecord } from './release-record.js';
import { planRetention } from './retention.js';

const APP = '/h/apps/blog';

function release(number: number, extra: Partial<ReleaseRecord> = {}): ReleaseRecord {
  return {
    number,
    createdAt: '2026-01-01T00:00:00.000Z',
    action: 'deploy',
    source: { kind: 'dir', path: '/src' },
    dir: `${APP}/releases/${number}`,
    builder: 'python',
    deployer: 'uwsgi',
    artifact: { kind: 'virtualenv', location: `${APP}/venvs/v${number}`, metadata: {} },
    configVersion: 0,
    outcome: 'succeeded',
    userEnv: {},
    ...extra,
  };
}

describe('planRetention', () => {
  it('keeps the last N that went live and removes what only the older ones used', () => {
    const releases = [1, 2, 3, 4].map((n) => release(n));
    const plan = planRetention(releases, 4, 2, APP);
    expect(plan.kept.map((r) => r.number)).toEqual([3, 4]);
    expect(plan.remove.sort()).toEqual([`${APP}/releases/1`, `${APP}/releases/2`, `${APP}/venvs/v1`, `${APP}/venvs/v2`]);
  });

  it('keeps a venv that a kept release shares with a dropped one (same dependencies)', () => {
    const shared = { kind: 'virtualenv', location: `${APP}/venvs/same`, metadata: {} };
    const releases = [release(1, { artifact: shared }), release(2, { artifact: shared }), release(3)];
    const plan = planRetention(releases, 3, 2, APP);
    expect(plan.remove).toEqual([`${APP}/releases/1`]);
  });

  it("keeps a rollback's target dir while the rollback is kept, and always the live release", () => {
    const releases = [release(1), release(2), release(3), release(4, { action: 'rollback', rollbackOf: 1, dir: `${APP}/releases/1`, artifact: release(1).artifact })];
    const plan = planRetention(releases, 4, 1, APP);
    expect(plan.kept.map((r) => r.number)).toEqual([4]);
    expect(plan.remove).not.toContain(`${APP}/releases/1`);
    expect(plan.remove).not.toContain(`${APP}/venvs/v1`);
    expect(plan.remove).toContain(`${APP}/releases/3`);
  });

  it('keeps failed releases newer than the oldest kept one, drops older ones, and never counts them as kept', () => {
    const releases = [release(1), release(2, { outcome: 'failed', dir: null }), release(3), release(4, { outcome: 'failed', dir: null, artifact: null }), release(5)];
    const plan = planRetention(releases, 5, 2, APP);
    expect(plan.kept.map((r) => r.number)).toEqual([3, 4, 5]);
  });

  it('never removes a path outside the app dir (an artifact that is not ours)', () => {
    const releases = [release(1, { artifact: { kind: 'image', location: '/var/lib/other', metadata: {} } }), release(2)];
    expect(planRetention(releases, 2, 1, APP).remove).toEqual([`${APP}/releases/1`]);
  });
});
