import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fakeRunner } from './fake-runner.js';
import { failure, thrown } from './failures.js';
import { requirePrograms, whichProgram } from './programs.js';
import { freePorts } from './ports.js';
import { countProcesses } from './processes.js';
import { createTestRuntime } from './test-runtime.js';

describe('thrown / failure', () => {
  it('return what was thrown, and fail when nothing was', async () => {
    expect(thrown(() => { throw new Error('boom'); }).message).toBe('boom');
    expect(() => thrown(() => 1)).toThrow('expected the call to throw');
    expect((await failure(Promise.reject(new Error('no')))).message).toBe('no');
    expect((await failure(async () => { throw new Error('async no'); })).message).toBe('async no');
    await expect(failure(Promise.resolve(1))).rejects.toThrow('expected a failure');
  });
});

describe('fakeRunner', () => {
  it('records calls, answers from the script and fails a non-zero exit like runCommand', async () => {
    const fake = fakeRunner((command) => (command === 'false' ? { exitCode: 1, stderr: 'nope' } : { stdout: 'hi' }));
    expect((await fake.run('echo', ['hi'])).stdout).toBe('hi');
    expect((await failure(fake.run('false', ['x']))).code).toBe('HOP3_COMMAND_FAILED');
    expect((await fake.run('false', [], { allowFailure: true })).exitCode).toBe(1);
    expect(fake.commands()).toEqual(['echo hi', 'false x', 'false']);
  });
});

describe('createTestRuntime', () => {
  it('gives a private HOP3_ROOT, a recording logger and withEnv on the same root', async () => {
    const runtime = await createTestRuntime({ env: { HOP3_X: '1' } });
    try {
      expect(existsSync(runtime.root)).toBe(true);
      expect(runtime.env).toMatchObject({ HOP3_X: '1', HOP3_ROOT: runtime.root });
      expect(runtime.layout.app('a').src).toBe(`${runtime.root}/apps/a/src`);
      runtime.log.warn('careful');
      const other = runtime.withEnv({ HOP3_Y: '2' });
      other.log.info('same logger');
      expect(other.env).toMatchObject({ HOP3_X: '1', HOP3_Y: '2' });
      expect(runtime.lines).toEqual(['warn: careful', 'info: same logger']);
    } finally {
      await runtime.cleanup();
    }
    expect(existsSync(runtime.root)).toBe(false);
  });
});

describe('programs, ports and processes', () => {
  it('finds programs on PATH and fails with the hint for a missing one', () => {
    expect(whichProgram('sh')).toMatch(/\/sh$/);
    expect(() => requirePrograms(['sh', 'hop3-no-such-program'], 'apt-get install nothing')).toThrow(/hop3-no-such-program.*apt-get install nothing/);
  });

  it('hands out distinct free ports and counts this very process', async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    expect(await countProcesses((line) => line.includes('vitest'))).toBeGreaterThan(0);
  });
});
