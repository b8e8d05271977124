import { describe, expect, it } from 'vitest';
import { emptyAppConfig } from '@hop3/core';
import { mergeAppEnv, parseAssignments } from './app-env.js';

describe('parseAssignments', () => {
  it('keeps everything after the first "=" as the value', () => {
    expect(parseAssignments(['A=1', 'URL=postgres://u:p@h/db?x=y', 'EMPTY=']).values).toEqual({
      A: '1',
      URL: 'postgres://u:p@h/db?x=y',
      EMPTY: '',
    });
  });

  it('reports every bad item', () => {
    const { problems } = parseAssignments(['NOEQUALS', '1A=x', 'A-B=x', 'OK=1', 'NL=a\nb']);
    expect(problems).toHaveLength(4);
    expect(problems.join('\n')).toContain('NOEQUALS');
    expect(problems.join('\n')).toContain('NL: value must be on one line');
  });
});

describe('mergeAppEnv', () => {
  it('lets user settings win over services, and services over hop3.toml', () => {
    const config = { ...emptyAppConfig(), env: { A: 'toml', B: 'toml', C: 'toml' } };
    expect(mergeAppEnv({ config, services: { B: 'service', C: 'service' }, user: { C: 'user' } })).toEqual({
      A: 'toml',
      B: 'service',
      C: 'user',
    });
  });
});
