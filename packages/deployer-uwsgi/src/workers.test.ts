import { describe, expect, it } from 'vitest';
import { processKinds, workerFamily } from './workers.js';

describe('workers', () => {
  it('classifies Procfile kinds', () => {
    expect(workerFamily('wsgi')).toBe('wsgi');
    expect(workerFamily('cron')).toBe('cron');
    expect(workerFamily('cron2')).toBe('cron');
    expect(workerFamily('crontab')).toBe('worker');
    expect(workerFamily('release')).toBe('release');
    expect(workerFamily('postbuild')).toBe('hook');
    expect(workerFamily('scheduler')).toBe('worker');
  });

  it('spawns neither static, release nor build hooks', () => {
    expect(processKinds({ static: 'public', release: 'x', prebuild: 'y', worker: 'w', cron: 'c', wsgi: 'a:b' })).toEqual(['wsgi', 'worker', 'cron']);
  });
});
