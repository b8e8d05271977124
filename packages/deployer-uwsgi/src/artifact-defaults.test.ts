import { describe, expect, it } from 'vitest';
import { appEnvOf, workersOf } from './artifact-defaults.js';

const node = { kind: 'node', location: '/r', metadata: { defaultWorkers: { web: 'node dist/server.js' }, env: { NODE_ENV: 'production' } } };

describe('workersOf', () => {
  it("adds the builder's default web command when the app declares no web process", () => {
    expect(workersOf({ worker: 'node worker.js' }, node)).toEqual({ web: 'node dist/server.js', worker: 'node worker.js' });
    expect(workersOf({}, node)).toEqual({ web: 'node dist/server.js' });
  });

  it('keeps the declared web process (Procfile web, [run] start, wsgi, static)', () => {
    expect(workersOf({ web: 'node other.js' }, node)).toEqual({ web: 'node other.js' });
    expect(workersOf({ static: 'public' }, node)).toEqual({ static: 'public' });
  });

  it('ignores artifacts without defaults, and values that are not strings', () => {
    expect(workersOf({ web: 'x' }, { kind: 'virtualenv', location: '/v', metadata: {} })).toEqual({ web: 'x' });
    expect(workersOf({}, { kind: 'node', location: '/r', metadata: { defaultWorkers: { web: 3 } } })).toEqual({});
  });
});

describe('appEnvOf', () => {
  it("puts the builder's runtime defaults under the app's own env", () => {
    expect(appEnvOf({ A: '1' }, node)).toEqual({ NODE_ENV: 'production', A: '1' });
    expect(appEnvOf({ NODE_ENV: 'staging' }, node)).toEqual({ NODE_ENV: 'staging' });
    expect(appEnvOf({ A: '1' }, { kind: 'virtualenv', location: '/v', metadata: {} })).toEqual({ A: '1' });
  });
});
