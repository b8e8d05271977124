import { describe, expect, it } from 'vitest';
import { pipArguments, pipEnvironment, summarizePipFailure } from './pip-install.js';

describe('pipEnvironment', () => {
  it('passes the host PIP_* settings and the app env, with fast-failing defaults', () => {
    const env = pipEnvironment({ venv: '/v', appEnv: { SECRET_KEY: 'x' }, pipEnv: { PIP_NO_INDEX: '1' } }, { PATH: '/usr/bin', HOME: '/root' });
    expect(env).toMatchObject({
      PATH: '/v/bin:/usr/bin',
      VIRTUAL_ENV: '/v',
      PIP_NO_INDEX: '1',
      SECRET_KEY: 'x',
      PYTHONUNBUFFERED: '1',
      PIP_RETRIES: '0',
      PIP_DISABLE_PIP_VERSION_CHECK: '1',
    });
  });

  it('keeps a PIP_RETRIES the host or app set', () => {
    expect(pipEnvironment({ venv: '/v', appEnv: {}, pipEnv: { PIP_RETRIES: '5' } }, {}).PIP_RETRIES).toBe('5');
  });
});

describe('pipArguments', () => {
  it('installs requirements.txt or the project, never with --isolated', () => {
    expect(pipArguments('requirements')).toEqual(['-m', 'pip', 'install', '--disable-pip-version-check', '-r', 'requirements.txt']);
    expect(pipArguments('pyproject')).toContain('.');
    expect(pipArguments('pyproject')).not.toContain('--isolated');
  });
});

describe('summarizePipFailure', () => {
  it('keeps the ERROR lines and the tail without duplicates', () => {
    const stderr = 'Looking in links: ./wheels\nERROR: Could not find a version that satisfies the requirement nope==1\nERROR: No matching distribution found for nope==1';
    const lines = summarizePipFailure('Processing ./x', stderr);
    expect(lines[0]).toBe('ERROR: Could not find a version that satisfies the requirement nope==1');
    expect(lines.filter((l) => l.startsWith('ERROR: No matching')).length).toBe(1);
    expect(lines).toContain('Looking in links: ./wheels');
  });
});
