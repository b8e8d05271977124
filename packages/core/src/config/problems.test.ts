import { describe, expect, it } from 'vitest';
import { hasErrorCode } from '../errors/hop3-error.js';
import { formatProblem, invalidConfigError, unknownNameMessage } from './problems.js';

describe('formatProblem', () => {
  it('puts file, line and key path in front of the message', () => {
    expect(formatProblem({ file: 'Procfile', line: 3, message: 'm' })).toBe('Procfile:3: m');
    expect(formatProblem({ file: 'hop3.toml', line: 4, path: 'build.x', message: 'm' })).toBe('hop3.toml:4: build.x: m');
    expect(formatProblem({ file: 'hop3.toml', path: 'build.x', message: 'm' })).toBe('hop3.toml: build.x: m');
    expect(formatProblem({ file: 'Procfile', message: 'm' })).toBe('Procfile: m');
  });
});

describe('invalidConfigError', () => {
  it('is one HOP3_INVALID_CONFIG error listing every problem', () => {
    const problems = [
      { file: 'Procfile', line: 3, message: 'a' },
      { file: 'hop3.toml', path: 'env.X', message: 'b' },
    ];
    const error = invalidConfigError(problems);
    expect(hasErrorCode(error, 'HOP3_INVALID_CONFIG')).toBe(true);
    expect(error.message).toBe('Invalid app configuration:\n  Procfile:3: a\n  hop3.toml: env.X: b');
    expect(error.details.problems).toEqual(problems);
  });
});

describe('unknownNameMessage', () => {
  it('lists the allowed names and suggests a near miss', () => {
    expect(unknownNameMessage('key', 'bilder', ['builder', 'packages'])).toBe(
      'unknown key (allowed: builder, packages); did you mean "builder"?',
    );
    expect(unknownNameMessage('key', 'Before_Build', ['before-build'])).toContain('did you mean "before-build"?');
  });

  it('suggests nothing for a name far from every allowed one', () => {
    expect(unknownNameMessage('section', 'docker', ['env', 'run'])).toBe('unknown section (allowed: env, run)');
  });
});
