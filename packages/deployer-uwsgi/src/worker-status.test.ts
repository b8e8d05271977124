import { describe, expect, it } from 'vitest';
import type { WorkerStatus } from '@hop3/core';
import { appServes, classify, lastDaemonEvent, STABLE_AFTER_MS, STARTUP_GRACE_MS, type Observation } from './worker-status.js';

const worker: Observation = { kind: 'worker', meantToRun: true, masterAgeMs: 60_000, workers: 0, daemonAgeMs: 60_000, daemonEvent: 'spawning', answers: null };
const wsgi: Observation = { kind: 'wsgi', meantToRun: true, masterAgeMs: 60_000, workers: 2, daemonAgeMs: null, daemonEvent: null, answers: true };

describe('classify', () => {
  it('calls a running daemon up, and one uWSGI keeps respawning restarting', () => {
    expect(classify(worker).state).toBe('up');
    expect(classify({ ...worker, daemonEvent: 'throttling', daemonAgeMs: null }).state).toBe('restarting');
    expect(classify({ ...worker, daemonEvent: 'respawning', daemonAgeMs: 1_000 }).state).toBe('restarting');
    expect(classify({ ...worker, daemonEvent: 'respawning', daemonAgeMs: null }).state).toBe('restarting');
    // Respawned once, then stayed up: up again.
    expect(classify({ ...worker, daemonEvent: 'respawning', daemonAgeMs: STABLE_AFTER_MS + 1 }).state).toBe('up');
  });

  it('calls a worker without a master crashed, and one not meant to run stopped', () => {
    expect(classify({ ...worker, masterAgeMs: null, daemonAgeMs: null }).state).toBe('crashed');
    expect(classify({ ...wsgi, masterAgeMs: null, answers: false }).state).toBe('crashed');
    expect(classify({ ...worker, meantToRun: false, masterAgeMs: null }).state).toBe('stopped');
  });

  it('requires the web kinds to answer', () => {
    expect(classify(wsgi).state).toBe('up');
    expect(classify({ ...wsgi, answers: false, masterAgeMs: 1_000 }).state).toBe('starting');
    expect(classify({ ...wsgi, answers: false, masterAgeMs: STARTUP_GRACE_MS + 1 }).state).toBe('unresponsive');
    expect(classify({ ...wsgi, workers: 0 }).state).toBe('starting');
    const web: Observation = { ...worker, kind: 'web', answers: true };
    expect(classify(web).state).toBe('up');
    expect(classify({ ...web, answers: false }).state).toBe('unresponsive');
    expect(classify({ ...web, answers: false, daemonAgeMs: 2_000 }).state).toBe('starting');
    expect(classify({ ...web, daemonEvent: 'throttling', daemonAgeMs: null, answers: false }).state).toBe('restarting');
  });

  it('calls a web process that was started again and answers up, saying so; one that does not answer restarting', () => {
    const web: Observation = { ...worker, kind: 'web', answers: true, daemonEvent: 'respawning', daemonAgeMs: 3_000 };
    expect(classify(web)).toEqual({ state: 'up', detail: 'its command exited and was started again 3 s ago' });
    expect(classify({ ...web, answers: false }).state).toBe('restarting');
  });

  it('calls a cron vassal up while its master runs', () => {
    expect(classify({ ...worker, kind: 'cron', daemonAgeMs: null, daemonEvent: null }).state).toBe('up');
  });
});

describe('lastDaemonEvent', () => {
  it('reads the last uWSGI daemon line of the log', () => {
    const log = ['spawned uWSGI master process (pid: 7)', '[uwsgi-daemons] spawning "exec x" (uid: 0 gid: 0)', 'boom', '[uwsgi-daemons] throttling "exec x" for 1 seconds', '[uwsgi-daemons] respawning "exec x" (uid: 0 gid: 0)', 'boom'];
    expect(lastDaemonEvent(log)).toBe('respawning');
    expect(lastDaemonEvent(log.slice(0, 4))).toBe('throttling');
    expect(lastDaemonEvent(log.slice(0, 3))).toBe('spawning');
    expect(lastDaemonEvent(['app says [uwsgi-daemons] respawning'])).toBe(null);
  });
});

describe('appServes', () => {
  const status = (kind: string, state: WorkerStatus['state']): WorkerStatus => ({ kind, ordinal: 1, state });
  it('depends on the web kind when there is one, else on every worker', () => {
    expect(appServes([status('wsgi', 'up'), status('worker', 'restarting')])).toBe(true);
    expect(appServes([status('wsgi', 'crashed'), status('worker', 'up')])).toBe(false);
    expect(appServes([status('web', 'starting')])).toBe(false);
    expect(appServes([status('worker', 'up'), status('cron', 'up')])).toBe(true);
    expect(appServes([status('worker', 'up'), status('other', 'restarting')])).toBe(false);
  });
});
